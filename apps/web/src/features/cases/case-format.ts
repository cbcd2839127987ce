import { currentLanguage } from '../../i18n';
import { formatMoney } from '../../ui/format';

// Money arrives as exact decimal text; sums and line previews are done on scaled integers (BigInt), never
// on floats, with the server's rounding (half up to cents per line).

const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

/** "1234.5" → 12345000n (four decimals). Anything unreadable is 0. */
export function toScaled(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  const text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return 0n;
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = BigInt(whole) * FACTOR + BigInt(fraction.slice(0, SCALE).padEnd(SCALE, '0'));
  return sign === '-' ? -digits : digits;
}

/** 12345000n → "1234.5000" (or with `decimals` fewer digits, rounded half up). */
export function fromScaled(value: bigint, decimals = SCALE): string {
  const rounded = roundTo(value, decimals);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const whole = abs / FACTOR;
  const fraction = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** Rounds a scaled value half up (away from zero) to `decimals` places, keeping the scale. */
function roundTo(value: bigint, decimals: number): bigint {
  if (decimals >= SCALE) return value;
  const step = 10n ** BigInt(SCALE - decimals);
  return divideRounded(value, step) * step;
}

/** n / d rounded half up, away from zero (PostgreSQL's numeric rounding). */
function divideRounded(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

const fromCents = (cents: bigint) => fromScaled(cents * 100n, 2);

export interface LineAmounts {
  net: string;
  tax: string;
  total: string;
}

/**
 * A line's amounts as the server computes them: net = quantity × price × (1 − discount/100) and tax =
 * net × rate/100, each rounded half up to cents. The server's figures are the truth; this is the preview.
 */
export function lineAmounts(line: {
  quantity: string | number | null | undefined;
  unit_price: string | number | null | undefined;
  discount_pct?: string | number | null | undefined;
  tax_rate?: string | number | null | undefined;
}): LineAmounts {
  const q = toScaled(line.quantity);
  const p = toScaled(line.unit_price);
  const d = toScaled(line.discount_pct);
  // net in cents = Q·P·(100F − D) / F³ (every input carries four decimals: F = 10⁴).
  const netCents = divideRounded(q * p * (100n * FACTOR - d), FACTOR ** 3n);
  const taxCents = divideRounded(netCents * toScaled(line.tax_rate), FACTOR * 100n);
  return { net: fromCents(netCents), tax: fromCents(taxCents), total: fromCents(netCents + taxCents) };
}

/** Sums decimal texts exactly. */
export const sumDecimals = (values: (string | null | undefined)[]) =>
  fromScaled(
    values.reduce((sum, v) => sum + toScaled(v), 0n),
    2,
  );

/** amount × probability / 100, for the optimistic board totals. */
export const weightedOf = (amount: string | null, probability: number) =>
  amount === null ? 0n : divideRounded(toScaled(amount) * BigInt(probability), 100n);

export interface MoneyTotalData {
  currency: string;
  amount: string;
  weighted: string;
}

/** Adds (or with a negative sign removes) one case's amounts to a column's totals per currency. */
export function adjustTotals(
  totals: MoneyTotalData[],
  currency: string,
  amount: bigint,
  weighted: bigint,
): MoneyTotalData[] {
  const found = totals.some((t) => t.currency === currency);
  const next = (found ? totals : [...totals, { currency, amount: '0', weighted: '0' }]).map((t) =>
    t.currency === currency
      ? {
          currency,
          amount: fromScaled(toScaled(t.amount) + amount, 2),
          weighted: fromScaled(toScaled(t.weighted) + weighted, 2),
        }
      : t,
  );
  return next.filter((t) => toScaled(t.amount) !== 0n || toScaled(t.weighted) !== 0n);
}

/** "12.500,00 € · 3.000,00 $" for totals in several currencies. */
export const formatTotals = (totals: MoneyTotalData[], field: 'amount' | 'weighted') =>
  totals.map((t) => formatMoney(t[field], t.currency)).join(' · ');

/** Compact money for cards and column heads: "12,5 mil €" / "€12.5K". */
export function formatMoneyShort(value: string | null | undefined, currency: string): string {
  if (value === null || value === undefined || value === '') return '';
  const lng = currentLanguage();
  return new Intl.NumberFormat(lng === 'en' ? 'en-GB' : `${lng}-ES`, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(Number(value));
}

const locale = () => {
  const lng = currentLanguage();
  return lng === 'en' ? 'en-GB' : `${lng}-ES`;
};

const DURATION_UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

const unitText = (unit: string, count: number, style: 'short' | 'long') =>
  new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: style }).format(count);

/**
 * A length of time for people: the largest unit and the next one ("3 d 4 h", "3 h 20 min", "5 min"); under a
 * minute "< 1 min". Localised with Intl's unit formats.
 */
export function formatDuration(totalSeconds: number, style: 'short' | 'long' = 'short'): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const index = DURATION_UNITS.findIndex(([, size]) => seconds >= size);
  if (index === -1) return `< ${unitText('minute', 1, style)}`;
  const [unit, size] = DURATION_UNITS[index]!;
  const count = Math.floor(seconds / size);
  const parts = [unitText(unit, count, style)];
  const next = DURATION_UNITS[index + 1];
  if (next) {
    const rest = Math.floor((seconds - count * size) / next[1]);
    if (rest > 0) parts.push(unitText(next[0], rest, style));
  }
  return parts.join(' ');
}

/** First and last month of a year around today, as YYYY-MM options for the close-month filter. */
export function monthOptions(around = new Date(), back = 6, ahead = 12): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const options: { value: string; label: string }[] = [];
  for (let offset = -back; offset <= ahead; offset++) {
    const date = new Date(Date.UTC(around.getFullYear(), around.getMonth() + offset, 1));
    const value = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    const label = format.format(date);
    options.push({ value, label: label.charAt(0).toUpperCase() + label.slice(1) });
  }
  return options;
}

/** Initials for an avatar: "Ana López" → "AL". */
export const initialsOf = (name: string | null | undefined) =>
  (name ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
