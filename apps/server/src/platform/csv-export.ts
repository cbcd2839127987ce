import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import Papa from 'papaparse';
import { AppError } from './errors.ts';

type Page<T> = { data: T[]; next_cursor: string | null };

export interface CsvExport<T> {
  /** One page of the list, with the caller's filters, sort and scope. */
  page(query: Record<string, unknown>): Promise<Page<T>>;
  query: Record<string, unknown>;
  columns: string[];
  /** Columns that may be exported (custom fields as `custom.<key>`). */
  allowed: ReadonlySet<string>;
  cell(row: T, column: string): unknown;
}

/** The text of a cell: lists joined with "; ", empty for nothing. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join('; ') : String(value);
}

// A cell starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet (CSV injection).
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d/.test(value) ? `'${value}` : value;
}

/**
 * A list view as CSV, page by page (500 rows at a time), so exporting every record never holds them all in
 * memory. A BOM first, so spreadsheet apps read UTF-8 accents right.
 */
async function* csvChunks<T>(spec: CsvExport<T>): AsyncGenerator<string> {
  const unknown = spec.columns.filter((c) => !spec.allowed.has(c));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', {
      issues: unknown.map((c) => ({ field: 'columns', code: 'unknown_field', params: { value: c } })),
    });
  }
  let page = await spec.page({ ...spec.query, limit: 500, include_total: 'false' });
  yield `\uFEFF${Papa.unparse([spec.columns])}\r\n`;
  for (;;) {
    if (page.data.length > 0) {
      const rows = page.data.map((row) =>
        spec.columns.map((c) => neutraliseFormula(cellText(spec.cell(row, c)))),
      );
      yield `${Papa.unparse(rows)}\r\n`;
    }
    if (!page.next_cursor) return;
    page = await spec.page({ ...spec.query, limit: 500, cursor: page.next_cursor, include_total: 'false' });
  }
}

/** Streams the export; a bad column or filter still answers a clean 422, before any byte is sent. */
export async function sendCsv<T>(reply: FastifyReply, filename: string, spec: CsvExport<T>) {
  const chunks = csvChunks(spec);
  const first = await chunks.next();
  const stream = Readable.from(
    (async function* () {
      if (!first.done) yield first.value;
      yield* chunks;
    })(),
  );
  return reply
    .type('text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="${filename}-${new Date().toISOString().slice(0, 10)}.csv"`,
    )
    .send(stream);
}

/** `columns=a,b,c` from the query string, or the defaults. */
export function requestedColumns(value: string | undefined, defaults: readonly string[]): string[] {
  return value
    ? value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
        .slice(0, 100)
    : [...defaults];
}
