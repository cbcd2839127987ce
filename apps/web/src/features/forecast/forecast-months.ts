import { currentLanguage } from '../../i18n';

// Months as the forecast counts them: `YYYY-MM` text, no time zone shifts, formatted with Intl.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value);

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11` + 2 → `2027-01`. */
export function addMonths(month: string, count: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + count;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** How many months from `from` to `to`, both counted (`2026-01`…`2026-03` → 3). */
export function monthSpan(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The month of an instant on the wall clock of a time zone. */
export function monthOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** The calendar quarter a month is in: its first and last month. */
export function quarterOf(month: string): { first: string; last: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const first = `${year}-${pad(Math.floor((mon - 1) / 3) * 3 + 1)}`;
  return { first, last: addMonths(first, 2) };
}

/** Offset (ms) of a time zone from UTC at an instant. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - instant;
}

/** The instant a month begins (midnight on its 1st) in a time zone, as ISO text. */
export function monthStartInstant(month: string, timeZone: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const wall = Date.UTC(year, mon - 1, 1);
  // Twice: the offset at the guess may differ from the offset at the answer around a DST change.
  let instant = wall - zoneOffset(wall, timeZone);
  instant = wall - zoneOffset(instant, timeZone);
  return new Date(instant).toISOString();
}

const intlLocale = () => {
  const lng = currentLanguage();
  return lng === 'en' ? 'en-GB' : `${lng}-ES`;
};

/** "nov 2026" (short) or "noviembre de 2026" (long), in the interface language. */
export function formatMonth(month: string, style: 'short' | 'long' = 'short'): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale(), {
    month: style,
    year: style === 'short' ? '2-digit' : 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, mon - 1, 1)));
}

/** "1,2 M €": money for chart axes, where exact figures would crowd the ticks. */
export function formatMoneyCompact(value: number, currency: string): string {
  return new Intl.NumberFormat(intlLocale(), {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}
