import type { IssueCollector } from '../../platform/errors.ts';

/*
 * A case's lines and money, with exact decimals: every amount is a BigInt count of 10^-scale units, never a
 * float. net = quantity × unit price × (1 − discount/100), rounded half-up to cents per line; tax = net × tax
 * rate/100, rounded half-up to cents; the case's amount is Σ net and its tax amount Σ tax.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "12.5" at scale 4 → 125000n. Extra decimals beyond the scale are refused (null), as is anything not a decimal. */
export function toScaled(value: string, scale: number): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) return null;
  const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return sign === '-' ? -units : units;
}

/** 125000n at scale 4 → "12.50" (at least `minDecimals`, trailing zeros beyond them dropped). */
export function fromScaled(units: bigint, scale: number, minDecimals = 2): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  fraction = fraction.padEnd(Math.min(minDecimals, scale), '0');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** value / divisor, rounded half away from zero (half-up for the non-negative amounts of a case). */
export function divideRounded(value: bigint, divisor: bigint): bigint {
  const negative = value < 0n !== divisor < 0n;
  const a = value < 0n ? -value : value;
  const b = divisor < 0n ? -divisor : divisor;
  const q = (a + b / 2n) / b;
  return negative ? -q : q;
}

/** A decimal as the API answers it: "1234.5000" (as numeric(18,4) comes back) → "1234.50". */
export function money(value: string | null): string | null {
  if (value === null) return null;
  const units = toScaled(value, 4);
  return units === null ? value : fromScaled(units, 4);
}

/** The largest amount a numeric(18,4) column holds: 14 integer digits. */
const MAX_UNITS_AT_4 = 10n ** 18n - 1n;

/** amount × probability / 100, to the cent (null when there is no amount). */
export function weightedAmount(amount: string | null, probability: number): string | null {
  if (amount === null) return null;
  const units = toScaled(amount, 4);
  if (units === null) return null;
  return fromScaled(divideRounded(units * BigInt(probability), 10_000n), 2);
}

export interface LineNumbers {
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_rate: string;
}

/** Net and tax of one line, in cents (exact). */
export function lineCents(line: LineNumbers): { net: bigint; tax: bigint } {
  const q = toScaled(line.quantity, 4) ?? 0n;
  const p = toScaled(line.unit_price, 4) ?? 0n;
  const d = toScaled(line.discount_pct, 3) ?? 0n;
  const t = toScaled(line.tax_rate, 3) ?? 0n;
  // q·p·(100 − d%) at scale 4+4+5 = 13; cents are scale 2.
  const net = divideRounded(q * p * (100_000n - d), 10n ** 11n);
  // net (scale 2) × t (scale 3) / 100 → scale 7; back to cents.
  const tax = divideRounded(net * t, 100_000n);
  return { net, tax };
}

/** A line as sent (after the contract's checks: non-negative decimals with at most 4 decimals). */
export interface LineInput {
  product_id?: string | null | undefined;
  description?: string | null | undefined;
  quantity: string;
  unit_price?: string | undefined;
  discount_pct?: string | undefined;
  tax_rate?: string | undefined;
}

export interface LineProduct {
  id: string;
  code: string;
  name: string;
  unit_price: string;
  currency: string;
  tax_rate: string;
  active: boolean;
}

/** A checked line, ready to store: the product's price and tax rate filled in, net and tax computed. */
export interface ResolvedLine {
  position: number;
  product_id: string | null;
  description: string | null;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_rate: string;
  net_amount: string;
  tax_amount: string;
}

/**
 * Checks lines against their products and computes them. A product must exist (live), be in the case's
 * currency, and be active unless the case already had a line with it (an existing line keeps a product
 * deactivated since). Problems are added as `lines.N.<field>`. Returns the lines and the totals (null
 * totals when there are problems).
 */
export function resolveLines(
  inputs: readonly LineInput[],
  products: ReadonlyMap<string, LineProduct>,
  context: { currency: string; keptProductIds: ReadonlySet<string> },
  issues: IssueCollector,
): { lines: ResolvedLine[]; amount: string; tax_amount: string } {
  const lines: ResolvedLine[] = [];
  let amount = 0n;
  let tax = 0n;
  inputs.forEach((input, i) => {
    const at = (field: string) => `lines.${i}.${field}`;
    const before = issues.issues.length;
    let product: LineProduct | undefined;
    if (input.product_id) {
      product = products.get(input.product_id);
      if (!product) issues.add(at('product_id'), 'unknown_product');
      else if (!product.active && !context.keptProductIds.has(product.id))
        issues.add(at('product_id'), 'product_inactive');
      else if (product.currency !== context.currency)
        issues.add(at('product_id'), 'currency_mismatch', { currency: product.currency });
    }
    const unitPrice = input.unit_price ?? product?.unit_price;
    if (unitPrice === undefined && !input.product_id) issues.add(at('unit_price'), 'required');
    // discount and tax are numeric(6,3): a fourth decimal would be rounded away by the database.
    for (const field of ['discount_pct', 'tax_rate'] as const) {
      const value = input[field];
      if (value !== undefined && toScaled(value, 3) === null)
        issues.add(at(field), 'too_many_decimals', { max: 3 });
    }
    if (issues.issues.length > before) return;
    const numbers: LineNumbers = {
      quantity: input.quantity,
      unit_price: unitPrice ?? '0',
      discount_pct: input.discount_pct ?? '0',
      tax_rate: input.tax_rate ?? product?.tax_rate ?? '0',
    };
    const cents = lineCents(numbers);
    if (cents.net * 100n > MAX_UNITS_AT_4) {
      issues.add(at('quantity'), 'amount_too_large');
      return;
    }
    amount += cents.net;
    tax += cents.tax;
    lines.push({
      position: i,
      product_id: product?.id ?? null,
      description: input.description ?? null,
      quantity: numbers.quantity,
      unit_price: numbers.unit_price,
      discount_pct: numbers.discount_pct,
      tax_rate: numbers.tax_rate,
      net_amount: fromScaled(cents.net, 2),
      tax_amount: fromScaled(cents.tax, 2),
    });
  });
  if ((amount + tax) * 100n > MAX_UNITS_AT_4) issues.add('lines', 'amount_too_large');
  return { lines, amount: fromScaled(amount, 2), tax_amount: fromScaled(tax, 2) };
}
