import type { Locale } from '@trato/contracts/common';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { CASE_COLUMNS, LINE_COLUMNS } from './case-import-layout.ts';

// The downloadable template: the column keys as headers and two example cases with lines (an opportunity
// with two product lines, a service request with a free-text line). The screen's help explains each column.

type Example = Record<string, string | number | Date | null>;

const EXAMPLE_CASES: Example[] = [
  {
    case_ref: 'OPP-1',
    type: 'opportunity',
    title: 'Renovación de equipos de oficina',
    entity_code: 'C0001',
    contact_email: 'compras@example.com',
    status: 'proposal',
    owner_email: null,
    team: null,
    priority: 'normal',
    amount: null,
    currency: 'EUR',
    probability: 50,
    expected_close: new Date(Date.UTC(2026, 2, 31)),
    referrer_code: null,
    description: 'Cinco portátiles con instalación',
  },
  {
    case_ref: 'SOL-1',
    type: 'service_request',
    title: 'Mantenimiento anual',
    entity_code: 'C0002',
    contact_email: null,
    status: null,
    owner_email: null,
    team: null,
    priority: 'high',
    amount: null,
    currency: 'EUR',
    probability: null,
    expected_close: null,
    referrer_code: null,
    description: null,
  },
];

const EXAMPLE_LINES: Example[] = [
  {
    case_ref: 'OPP-1',
    product_code: 'PRD-001',
    description: 'Portátil 14"',
    quantity: 5,
    unit_price: 899,
    discount_pct: 10,
    tax_rate: 21,
  },
  {
    case_ref: 'OPP-1',
    product_code: 'PRD-002',
    description: 'Instalación',
    quantity: 1,
    unit_price: 250,
    discount_pct: 0,
    tax_rate: 21,
  },
  {
    case_ref: 'SOL-1',
    product_code: null,
    description: 'Revisión anual de la instalación',
    quantity: 1,
    unit_price: 480,
    discount_pct: 0,
    tax_rate: 21,
  },
];

const SHEET_NAMES: Record<Locale, [string, string]> = {
  es: ['Expedientes', 'Líneas'],
  ca: ['Expedients', 'Línies'],
  en: ['Cases', 'Lines'],
};

const csvValue = (value: Example[string] | undefined) =>
  value === null || value === undefined
    ? ''
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value);

/**
 * One CSV: a `record` column (case / line) and every case and line column. Separated by `;` for Spanish and
 * Catalan (what their spreadsheets expect), by `,` in English; UTF-8 with a BOM so accents open right.
 */
export function caseImportCsvTemplate(locale: Locale): string {
  const columns = ['record', ...new Set<string>([...CASE_COLUMNS, ...LINE_COLUMNS])];
  const rows = [
    ...EXAMPLE_CASES.flatMap((c) => [
      { record: 'case', ...c },
      ...EXAMPLE_LINES.filter((l) => l.case_ref === c.case_ref).map((l) => ({ record: 'line', ...l })),
    ]),
  ].map((row) => columns.map((column) => csvValue((row as Example)[column])));
  return `\uFEFF${Papa.unparse([columns, ...rows], { delimiter: locale === 'en' ? ',' : ';' })}\r\n`;
}

/** One workbook with two sheets, cases and lines, named in the caller's language. */
export async function caseImportXlsxTemplate(locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trato';
  const [casesName, linesName] = SHEET_NAMES[locale];
  const sheet = (name: string, columns: readonly string[], rows: Example[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((key) => ({ header: key, key, width: Math.max(12, key.length + 4) }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    return ws;
  };
  const cases = sheet(casesName, CASE_COLUMNS, EXAMPLE_CASES);
  cases.getColumn('expected_close').numFmt = 'yyyy-mm-dd';
  cases.getColumn('title').width = 36;
  sheet(linesName, LINE_COLUMNS, EXAMPLE_LINES).getColumn('description').width = 36;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
