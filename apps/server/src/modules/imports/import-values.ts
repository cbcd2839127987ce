import type { CellValue } from './import-file.ts';

/*
 * Reading one cell as the value a column needs. Spreadsheet people write numbers as "1234.56", "1.234,56" or
 * "1234,56" and dates as 2026-03-31 or 31/03/2026; XLSX gives numbers and dates as such. A value that cannot
 * be read is { error }, which becomes a row issue.
 */

export type Read<T> = { value: T } | { error: string; params?: Record<string, unknown> } | null;

/** Accent- and case-free form of a header, a sheet name or a word: "Línea" → "linea", "Código producto" → "codigo_producto". */
export function normalizeWord(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_');
}

/** The text of a cell, trimmed; null when empty. */
export function cellText(cell: CellValue | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return isoDay(cell);
  if (typeof cell === 'number') return numberText(cell);
  const text = String(cell).trim();
  return text === '' ? null : text;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

// XLSX numbers are binary floats: 0.1 + 0.2 shows as 0.30000000000000004; 15 significant digits is what Excel keeps.
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER) return String(n);
  const text = String(Number(n.toPrecision(15)));
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, '') : text;
}

const GROUPED = {
  '.': /^\d{1,3}(\.\d{3})+$/,
  ',': /^\d{1,3}(,\d{3})+$/,
} as const;

/**
 * A decimal as a plain "1234.56" string. With both separators the last one is the decimal mark ("1.234,56",
 * "1,234.56"); a lone comma is a decimal comma; a lone point is a decimal point, except in a `;`-separated
 * file (`decimalComma`), where "1.234" is one thousand two hundred and thirty-four. "%" and "€" are ignored.
 */
export function readDecimal(cell: CellValue | undefined, decimalComma = false): Read<string> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: numberText(cell) } : invalidNumber;
  if (typeof cell !== 'string') return invalidNumber;
  let text = cell.replace(/[\s\u00a0\u202f]/g, '').replace(/[%€]$/, '');
  if (text === '') return null;
  let sign = '';
  if (/^[-+]/.test(text)) {
    sign = text[0] === '-' ? '-' : '';
    text = text.slice(1);
  }
  const value = plainDecimal(text, decimalComma);
  return value === null ? invalidNumber : { value: `${sign}${value}` };
}

const invalidNumber = { error: 'invalid_number' } as const;

function plainDecimal(text: string, decimalComma: boolean): string | null {
  if (/^\d+$/.test(text)) return text;
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const mark = lastDot > lastComma ? '.' : ',';
    const group = mark === '.' ? ',' : '.';
    const [whole = '', fraction = ''] = [
      text.slice(0, text.lastIndexOf(mark)),
      text.slice(text.lastIndexOf(mark) + 1),
    ];
    if (!GROUPED[group].test(whole) || !/^\d+$/.test(fraction)) return null;
    return `${whole.replaceAll(group, '')}.${fraction}`;
  }
  const mark = lastComma >= 0 ? ',' : '.';
  const parts = text.split(mark);
  if (parts.length > 2) return GROUPED[mark].test(text) ? text.replaceAll(mark, '') : null;
  const [whole = '', fraction = ''] = parts;
  if (!/^\d*$/.test(whole) || !/^\d+$/.test(fraction)) return null;
  if (mark === '.' && decimalComma && GROUPED['.'].test(text)) return `${whole}${fraction}`;
  return `${whole || '0'}.${fraction}`;
}

/** A whole number (a probability of 0–100): "25", "25 %", 25; a percent-formatted XLSX 0.25 arrives as 25. */
export function readWholeNumber(cell: CellValue | undefined, decimalComma = false): Read<number> {
  const decimal = readDecimal(cell, decimalComma);
  if (decimal === null || 'error' in decimal) return decimal;
  const n = Number(decimal.value);
  if (!/^-?\d+(\.0+)?$/.test(decimal.value) || !Number.isSafeInteger(n)) return { error: 'whole_number' };
  return { value: n };
}

// Excel's day 0 is 1899-12-30 (it counts the 1900 leap day that never was).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A calendar day as YYYY-MM-DD from an XLSX date, an Excel serial, "2026-03-31", "31/03/2026" (or . and -). */
export function readDate(cell: CellValue | undefined): Read<string> {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? invalidDate : { value: isoDay(cell) };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 1 || cell >= 2_958_466) return invalidDate;
    return { value: isoDay(new Date(EXCEL_EPOCH + Math.floor(cell) * 86_400_000)) };
  }
  if (typeof cell !== 'string') return invalidDate;
  const text = cell.trim();
  if (text === '') return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const european = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]].map(Number)
    : european
      ? [european[3], european[2], european[1]].map(Number)
      : [];
  if (y === undefined || m === undefined || d === undefined) return invalidDate;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return invalidDate;
  return { value: isoDay(date) };
}

const invalidDate = { error: 'invalid_date' } as const;

const TRUE_WORDS = new Set([
  'true',
  'yes',
  'si',
  'sí',
  'y',
  's',
  '1',
  'x',
  'verdadero',
  'cierto',
  'cert',
  'veritat',
]);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'falso', 'fals']);

/** Yes/no in es, ca or en (sí, no, true, false, 1, 0, x). */
export function readBoolean(cell: CellValue | undefined): Read<boolean> {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return { value: cell };
  if (typeof cell === 'number') return cell === 1 || cell === 0 ? { value: cell === 1 } : invalidBoolean;
  if (typeof cell !== 'string') return invalidBoolean;
  const word = cell.trim().toLowerCase();
  if (word === '') return null;
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return invalidBoolean;
}

const invalidBoolean = { error: 'invalid_boolean' } as const;
