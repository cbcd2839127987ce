import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

type Page<T> = { data: T[]; next_cursor: string | null };

/** How a column's cells are written: text, whole or decimal numbers, money in a currency, calendar dates. */
export type XlsxCellKind = 'text' | 'integer' | 'number' | 'money' | 'date';

export interface XlsxColumn {
  key: string;
  /** The header as the reader sees it (already localised). */
  header: string;
  kind?: XlsxCellKind;
  /** In characters; a default by kind when missing. */
  width?: number;
}

/**
 * A list as an XLSX workbook, shaped like platform/csv-export.ts's CsvExport so a list can offer both: the
 * same `page`, `query` and `cell`, with typed columns instead of names.
 */
export interface XlsxExport<T> {
  /** One page of the list, with the caller's filters, sort and scope. */
  page(query: Record<string, unknown>): Promise<Page<T>>;
  query: Record<string, unknown>;
  columns: XlsxColumn[];
  /**
   * A cell's value: money and numbers as decimal strings or numbers, dates as 'YYYY-MM-DD' strings or Dates,
   * text as anything (lists joined with "; "); null or undefined for an empty cell.
   */
  cell(row: T, key: string): unknown;
  /** The ISO 4217 currency of a row's money cells (their number format); none: a plain number format. */
  currency?(row: T): string | null;
  /** At most 31 characters; characters a sheet name cannot hold are replaced. */
  sheetName: string;
  /** Excel's number format for dates; 'dd/mm/yyyy' unless given. */
  dateFormat?: string;
}

const WIDTH: Record<XlsxCellKind, number> = { text: 24, integer: 10, number: 14, money: 16, date: 12 };
const ROWS_PER_PAGE = 500;
const symbols = new Map<string, string>();

/** '€' for EUR, '$' for USD…, the code itself when the runtime has no symbol for it. */
function currencySymbol(code: string): string {
  let symbol = symbols.get(code);
  if (symbol === undefined) {
    try {
      symbol =
        new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' })
          .formatToParts(1)
          .find((p) => p.type === 'currency')?.value ?? code;
    } catch {
      symbol = code;
    }
    symbols.set(code, symbol);
  }
  return symbol;
}

const moneyFormat = (code: string | null | undefined) =>
  code ? `#,##0.00 "${currencySymbol(code).replaceAll('"', '')}"` : '#,##0.00';

/** A calendar day as Excel stores it: the serial of that day (a Date at UTC midnight, which exceljs converts). */
function dayValue(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

function numberValue(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function cellValue(kind: XlsxCellKind, value: unknown): ExcelJS.CellValue {
  switch (kind) {
    case 'integer':
    case 'number':
    case 'money':
      return numberValue(value);
    case 'date':
      return dayValue(value);
    default:
      if (value === null || value === undefined) return null;
      return Array.isArray(value) ? value.join('; ') : String(value);
  }
}

const sheetTitle = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';

/**
 * Writes the workbook into `stream`, page by page (500 rows at a time) with exceljs's streaming writer, so
 * every row is committed and let go as it is written: exporting every record never holds them all in memory.
 */
async function writeWorkbook<T>(spec: XlsxExport<T>, first: Page<T>, stream: PassThrough): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetTitle(spec.sheetName), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = spec.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? WIDTH[c.kind ?? 'text'],
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const dateFormat = spec.dateFormat ?? 'dd/mm/yyyy';
  let page = first;
  for (;;) {
    for (const row of page.data) {
      const values = spec.columns.map((c) => cellValue(c.kind ?? 'text', spec.cell(row, c.key)));
      const written = sheet.addRow(values);
      const currency = spec.currency?.(row);
      spec.columns.forEach((c, i) => {
        const cell = written.getCell(i + 1);
        if (c.kind === 'money') cell.numFmt = moneyFormat(currency);
        else if (c.kind === 'date') cell.numFmt = dateFormat;
        else if (c.kind === 'integer') cell.numFmt = '0';
      });
      written.commit();
    }
    if (!page.next_cursor) break;
    page = await spec.page({
      ...spec.query,
      limit: ROWS_PER_PAGE,
      cursor: page.next_cursor,
      include_total: 'false',
    });
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * Streams the export as `<filename>-<YYYY-MM-DD>.xlsx`; a bad filter still answers a clean 4xx, because the
 * first page is read before any byte is sent.
 */
export async function sendXlsx<T>(reply: FastifyReply, filename: string, spec: XlsxExport<T>) {
  const first = await spec.page({ ...spec.query, limit: ROWS_PER_PAGE, include_total: 'false' });
  const stream = new PassThrough();
  writeWorkbook(spec, first, stream).catch((error: unknown) => {
    reply.log.error({ err: error }, 'xlsx export failed mid-stream');
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename="${filename}-${new Date().toISOString().slice(0, 10)}.xlsx"`,
    )
    .send(stream);
}
