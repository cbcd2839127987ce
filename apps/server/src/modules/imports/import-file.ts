import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../platform/errors.ts';

/*
 * Reading an uploaded spreadsheet into plain rows of cells: CSV (`,` or `;`, UTF-8 with or without BOM, or
 * Windows-1252) or XLSX (every sheet). Row numbers are the ones a spreadsheet app shows (the header is row 1).
 */

/** A cell as read: text from CSV; numbers, dates, booleans or text from XLSX; null when empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRows {
  name: string;
  /** Row 1 (the header) first; empty rows are kept so positions match the spreadsheet. */
  rows: CellValue[][];
}

export interface ImportFile {
  format: 'csv' | 'xlsx';
  sheets: SheetRows[];
  /** A `;`-separated CSV comes from a spreadsheet with a decimal comma: "1.234" there means one thousand… */
  decimalComma: boolean;
}

export const MAX_IMPORT_ROWS = 20_000;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const tooManyRows = () =>
  new AppError('validation_failed', {
    issues: [{ field: 'file', code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } }],
  });
const unreadable = () =>
  new AppError('validation_failed', { issues: [{ field: 'file', code: 'unreadable_file' }] });

export const isEmptyCell = (value: CellValue | undefined) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
const isEmptyRow = (row: readonly CellValue[]) => row.every(isEmptyCell);

/** CSV or XLSX, told apart by content (not by name); anything else is 415. */
export async function readImportFile(buffer: Buffer, sheetName: string): Promise<ImportFile> {
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) {
    // A zip that holds no workbook (a .docx, an archive) is another kind of file; names in a zip are plain text.
    if (!buffer.includes('xl/workbook')) throw new AppError('unsupported_media_type');
    return readXlsx(buffer);
  }
  const text = decodeText(buffer);
  if (text === null) throw new AppError('unsupported_media_type');
  return readCsv(text, sheetName);
}

/**
 * UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252 (what Excel writes as "CSV" on a
 * Spanish Windows). Binary files (NUL bytes: PDF, images, old .xls) are not text: null.
 */
export function decodeText(buffer: Buffer): string | null {
  const body = buffer.subarray(0, 3).equals(UTF8_BOM) ? buffer.subarray(3) : buffer;
  if (body.subarray(0, 64 * 1024).includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** The separator is whichever of `;` and `,` the header line holds more of (outside quotes). */
function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

function readCsv(text: string, sheetName: string): ImportFile {
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const rows = parsed.data.map((row) => row.map((cell) => (cell.trim() === '' ? null : cell)));
  // A final line break leaves one empty record behind.
  while (rows.length > 0 && isEmptyRow(rows[rows.length - 1] ?? [])) rows.pop();
  if (rows.filter((row) => !isEmptyRow(row)).length > MAX_IMPORT_ROWS + 1) throw tooManyRows();
  return { format: 'csv', sheets: [{ name: sheetName, rows }], decimalComma: delimiter === ';' };
}

async function readXlsx(buffer: Buffer): Promise<ImportFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  if (workbook.worksheets.length === 0) throw unreadable();
  let dataRows = 0;
  const sheets: SheetRows[] = [];
  for (const worksheet of workbook.worksheets) {
    const rows: CellValue[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = xlsxCell(cell);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      while (rows.length < rowNumber - 1) rows.push([]);
      rows.push(cells);
      if (rowNumber > 1 && !isEmptyRow(cells)) dataRows++;
    });
    if (dataRows > MAX_IMPORT_ROWS) throw tooManyRows();
    while (rows.length > 0 && isEmptyRow(rows[rows.length - 1] ?? [])) rows.pop();
    sheets.push({ name: worksheet.name.replaceAll('\u0000', '').slice(0, 100), rows });
  }
  return { format: 'xlsx', sheets, decimalComma: false };
}

/** An XLSX cell → a plain value: formulas give their result, rich text its text, a percent-formatted 0.25 is 25. */
function xlsxCell(cell: ExcelJS.Cell): CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return /%/.test(cell.numFmt ?? '') ? scaleByHundred(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result instanceof Date || typeof result === 'number' || typeof result === 'string') return result;
      if (typeof result === 'boolean') return result;
      return null;
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

// 0.07 * 100 is 7.000000000000001 in floating point; percentages have at most a few decimals.
const scaleByHundred = (n: number) => Number((n * 100).toFixed(8));
