import { currentLanguage } from '../i18n';

/** Dates, numbers and money in the interface language, with Intl; times in the user's time zone. */
let timeZone: string | undefined;
export const setFormatTimeZone = (zone: string | null | undefined) => {
  timeZone = zone || undefined;
};

const locale = () => {
  const lng = currentLanguage();
  return lng === 'en' ? 'en-GB' : `${lng}-ES`;
};

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** A calendar day (`2026-11-24`, no time zone shift) or an instant, as a date. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y!, m! - 1, d!)),
    );
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone }).format(toDate(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    toDate(value),
  );
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "hace 5 minutos", "in 2 days"; pair it with the exact time on hover (see RelativeTime). */
export function formatRelative(value: string | Date, options: { now?: Date; short?: boolean } = {}): string {
  const seconds = Math.round((toDate(value).getTime() - (options.now ?? new Date()).getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), {
    numeric: 'auto',
    style: options.short ? 'short' : 'long',
  });
  if (Math.abs(seconds) < 45) return format.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

export function formatNumber(value: number | string | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale(), {
    ...(decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  }).format(n);
}

/** Money arrives as exact decimal text ("1234.50") with its ISO 4217 currency. */
export function formatMoney(value: number | string | null | undefined, currency = 'EUR'): string {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(n);
}

export function formatFileSize(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(size);
}
