import { type CellValue, type ImportFile, isEmptyCell, type SheetRows } from './import-file.ts';
import { cellText, normalizeWord } from './import-values.ts';

/*
 * Where the cases and the lines are in an import file, and what each column is. Either one sheet (or CSV)
 * with a `record` column saying `case` or `line` on each row, or two sheets (Cases and Lines, by name in
 * es/ca/en, or else the first and the second). Headers are matched without case or accents, by key or by
 * their Spanish or Catalan label.
 */

export const CASE_COLUMNS = [
  'case_ref',
  'type',
  'title',
  'entity_code',
  'contact_email',
  'status',
  'owner_email',
  'team',
  'priority',
  'amount',
  'currency',
  'probability',
  'expected_close',
  'referrer_code',
  'description',
] as const;
export const LINE_COLUMNS = [
  'case_ref',
  'product_code',
  'description',
  'quantity',
  'unit_price',
  'discount_pct',
  'tax_rate',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];
export type LineColumn = (typeof LINE_COLUMNS)[number];
/** A case column, a line column, `record`, or `custom.<key>`. */
export type Column = CaseColumn | LineColumn | 'record' | `custom.${string}`;

const REQUIRED_CASE_COLUMNS: Column[] = ['case_ref', 'type', 'title', 'entity_code'];
const REQUIRED_LINE_COLUMNS: Column[] = ['case_ref', 'quantity'];

/** Header aliases: the Spanish and Catalan labels people write (after normalizeWord). */
export const COLUMN_ALIASES: Record<Exclude<Column, `custom.${string}`>, string[]> = {
  record: ['registro', 'registre', 'tipo_registro', 'tipus_registre', 'fila', 'record_type'],
  case_ref: [
    'referencia',
    'ref',
    'referencia_expediente',
    'ref_expediente',
    'referencia_expedient',
    'ref_expedient',
    'case_reference',
  ],
  type: ['tipo', 'tipus', 'case_type', 'tipo_expediente', 'tipus_expedient'],
  title: ['titulo', 'titol'],
  entity_code: ['codigo_entidad', 'codi_entitat', 'codigo_cliente', 'codi_client', 'entity'],
  contact_email: [
    'email_contacto',
    'correo_contacto',
    'correo_electronico_contacto',
    'email_contacte',
    'correu_contacte',
    'contact',
  ],
  status: ['estado', 'estat'],
  owner_email: ['email_responsable', 'correo_responsable', 'correu_responsable', 'responsable', 'owner'],
  team: ['equipo', 'equip'],
  priority: ['prioridad', 'prioritat'],
  amount: ['importe', 'import'],
  currency: ['moneda', 'divisa'],
  probability: ['probabilidad', 'probabilitat'],
  expected_close: [
    'cierre_previsto',
    'fecha_cierre_prevista',
    'fecha_de_cierre_prevista',
    'tancament_previst',
    'data_tancament_prevista',
    'data_de_tancament_prevista',
  ],
  referrer_code: ['codigo_prescriptor', 'codi_prescriptor', 'prescriptor', 'referrer'],
  description: ['descripcion', 'descripcio'],
  product_code: ['codigo_producto', 'codi_producte', 'producto', 'producte', 'product'],
  quantity: ['cantidad', 'quantitat', 'unidades', 'unitats'],
  unit_price: ['precio_unitario', 'preu_unitari', 'precio', 'preu', 'price'],
  discount_pct: ['descuento', 'descompte', 'descuento_pct', 'descompte_pct', 'dto', 'discount'],
  tax_rate: ['iva', 'impuesto', 'impost', 'tipo_iva', 'tipus_iva', 'tax', 'vat'],
};

const HEADER_TO_COLUMN = new Map<string, Column>();
for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as [Column, string[]][]) {
  HEADER_TO_COLUMN.set(column, column);
  for (const alias of aliases) HEADER_TO_COLUMN.set(alias, column);
}

const RECORD_WORDS: Record<string, 'case' | 'line'> = {
  case: 'case',
  caso: 'case',
  expediente: 'case',
  expedient: 'case',
  header: 'case',
  cabecera: 'case',
  capcalera: 'case',
  line: 'line',
  linea: 'line',
  linia: 'line',
};
const CASE_SHEET_NAMES = new Set([
  'cases',
  'case',
  'casos',
  'caso',
  'expedientes',
  'expediente',
  'expedients',
  'expedient',
]);
const LINE_SHEET_NAMES = new Set(['lines', 'line', 'lineas', 'linea', 'linies', 'linia']);

const CASE_ONLY = new Set<Column>(
  CASE_COLUMNS.filter((c) => !(LINE_COLUMNS as readonly string[]).includes(c)),
);
const LINE_ONLY = new Set<Column>(
  LINE_COLUMNS.filter((c) => !(CASE_COLUMNS as readonly string[]).includes(c)),
);

export interface RowIssue {
  sheet: string;
  row: number;
  case_ref: string | null;
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** One data row: where it is, and its cells by column. */
export interface SourceRow {
  sheet: string;
  row: number;
  cells: Map<Column, CellValue>;
}

export interface CaseImportLayout {
  cases: SourceRow[];
  lines: SourceRow[];
  /** Problems with the file itself (headers, records): nothing can be imported until they are fixed. */
  fileIssues: RowIssue[];
  /** Problems of single rows found while laying out (a value in a column that does not apply to it). */
  rowIssues: RowIssue[];
}

/** A header cell → its column, or null when it is not one we know. */
export function columnOf(header: string): Column | null {
  const trimmed = header.trim();
  const custom = /^custom\.(.+)$/i.exec(trimmed);
  if (custom?.[1]) return `custom.${custom[1].trim()}`;
  return HEADER_TO_COLUMN.get(normalizeWord(trimmed).replace(/[*:]+$/, '')) ?? null;
}

interface Header {
  columns: (Column | null)[];
  present: Set<Column>;
}

function readHeader(sheet: SheetRows, issues: RowIssue[]): Header {
  const columns: (Column | null)[] = [];
  const present = new Set<Column>();
  (sheet.rows[0] ?? []).forEach((cell, i) => {
    const text = cellText(cell)?.replaceAll('\u0000', '') || null;
    if (text === null) {
      columns[i] = null;
      return;
    }
    const column = columnOf(text);
    const at = { sheet: sheet.name, row: 1, case_ref: null, field: text.slice(0, 100) };
    if (column === null)
      issues.push({ ...at, code: 'unknown_column', params: { value: text.slice(0, 100) } });
    else if (present.has(column)) issues.push({ ...at, code: 'duplicate_column', params: { value: column } });
    else present.add(column);
    columns[i] = column !== null && !columns.includes(column) ? column : null;
  });
  return { columns, present };
}

function requireColumns(sheet: SheetRows, header: Header, required: Column[], issues: RowIssue[]) {
  for (const column of required) {
    if (!header.present.has(column))
      issues.push({ sheet: sheet.name, row: 1, case_ref: null, field: column, code: 'missing_column' });
  }
}

/** The data rows of a sheet. PostgreSQL refuses the NUL character in text: a cell holding one is reported. */
function* dataRows(sheet: SheetRows, header: Header, issues: RowIssue[]): Generator<SourceRow> {
  for (let i = 1; i < sheet.rows.length; i++) {
    const cells = new Map<Column, CellValue>();
    const withNul: Column[] = [];
    (sheet.rows[i] ?? []).forEach((cell, c) => {
      const column = header.columns[c];
      if (!column || isEmptyCell(cell)) return;
      if (typeof cell === 'string' && cell.includes('\u0000')) {
        withNul.push(column);
        cells.set(column, cell.replaceAll('\u0000', ''));
      } else cells.set(column, cell);
    });
    if (cells.size === 0) continue;
    const row = { sheet: sheet.name, row: i + 1, cells };
    for (const field of withNul)
      issues.push({ sheet: row.sheet, row: row.row, case_ref: refOf(row), field, code: 'nul_character' });
    yield row;
  }
}

const refOf = (row: SourceRow) => cellText(row.cells.get('case_ref'))?.slice(0, 100) ?? null;

/** Values in columns that belong to the other kind of record are refused, not silently dropped. */
function checkApplicable(row: SourceRow, notHere: ReadonlySet<Column>, issues: RowIssue[]) {
  for (const column of row.cells.keys()) {
    if (notHere.has(column) || (notHere === CASE_ONLY && column.startsWith('custom.')))
      issues.push({
        sheet: row.sheet,
        row: row.row,
        case_ref: refOf(row),
        field: column,
        code: 'not_applicable',
      });
  }
}

function oneSheet(sheet: SheetRows): CaseImportLayout {
  const layout: CaseImportLayout = { cases: [], lines: [], fileIssues: [], rowIssues: [] };
  const header = readHeader(sheet, layout.fileIssues);
  requireColumns(sheet, header, ['record', ...REQUIRED_CASE_COLUMNS], layout.fileIssues);
  for (const row of dataRows(sheet, header, layout.rowIssues)) {
    const word = cellText(row.cells.get('record'));
    const kind = word === null ? undefined : RECORD_WORDS[normalizeWord(word).replace(/s$/, '')];
    row.cells.delete('record');
    if (kind === 'case') {
      checkApplicable(row, LINE_ONLY, layout.rowIssues);
      layout.cases.push(row);
    } else if (kind === 'line') {
      checkApplicable(row, CASE_ONLY, layout.rowIssues);
      layout.lines.push(row);
    } else {
      layout.rowIssues.push({
        sheet: row.sheet,
        row: row.row,
        case_ref: refOf(row),
        field: 'record',
        code: word === null ? 'required' : 'unknown_record',
        params: { value: word ?? '' },
      });
    }
  }
  if (layout.lines.length > 0 && !header.present.has('quantity'))
    requireColumns(sheet, header, ['quantity'], layout.fileIssues);
  return layout;
}

function twoSheets(caseSheet: SheetRows, lineSheet: SheetRows | null): CaseImportLayout {
  const layout: CaseImportLayout = { cases: [], lines: [], fileIssues: [], rowIssues: [] };
  const caseHeader = readHeader(caseSheet, layout.fileIssues);
  caseHeader.present.delete('record');
  requireColumns(caseSheet, caseHeader, REQUIRED_CASE_COLUMNS, layout.fileIssues);
  for (const row of dataRows(caseSheet, caseHeader, layout.rowIssues)) {
    row.cells.delete('record');
    checkApplicable(row, LINE_ONLY, layout.rowIssues);
    layout.cases.push(row);
  }
  if (lineSheet && lineSheet.rows.length > 0) {
    const lineHeader = readHeader(lineSheet, layout.fileIssues);
    requireColumns(lineSheet, lineHeader, REQUIRED_LINE_COLUMNS, layout.fileIssues);
    for (const row of dataRows(lineSheet, lineHeader, layout.rowIssues)) {
      row.cells.delete('record');
      checkApplicable(row, CASE_ONLY, layout.rowIssues);
      layout.lines.push(row);
    }
  }
  return layout;
}

const hasRecordColumn = (sheet: SheetRows) =>
  (sheet.rows[0] ?? []).some((cell) => {
    const text = cellText(cell);
    return text !== null && columnOf(text) === 'record';
  });

/** Finds the cases and the lines in the file. */
export function layOut(file: ImportFile): CaseImportLayout {
  const sheets = file.sheets.filter((s) => s.rows.some((row) => row.some((cell) => !isEmptyCell(cell))));
  const first = sheets[0];
  if (!first) {
    const name = file.sheets[0]?.name ?? '';
    return {
      cases: [],
      lines: [],
      fileIssues: [{ sheet: name, row: 1, case_ref: null, field: 'file', code: 'empty_file' }],
      rowIssues: [],
    };
  }
  const byName = (names: Set<string>) => sheets.find((s) => names.has(normalizeWord(s.name)));
  const caseSheet = byName(CASE_SHEET_NAMES);
  const lineSheet = byName(LINE_SHEET_NAMES);
  if (caseSheet && !hasRecordColumn(caseSheet)) return twoSheets(caseSheet, lineSheet ?? null);
  if (hasRecordColumn(caseSheet ?? first)) return oneSheet(caseSheet ?? first);
  return twoSheets(first, lineSheet && lineSheet !== first ? lineSheet : (sheets[1] ?? null));
}
