import { type CASE_PRIORITIES, type CaseType, CreateCaseRequest } from '@trato/contracts/cases';
import type { Locale } from '@trato/contracts/common';
import type { FieldDefinition } from '@trato/contracts/settings';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { translator } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { listCaseTypes } from '../cases/case-types.service.ts';
import { CaseLookups, insertCaseIn } from '../cases/cases.service.ts';
import { listFields } from '../fields/fields.service.ts';
import * as repo from './case-import.repository.ts';
import { type Column, columnOf, layOut, type RowIssue, type SourceRow } from './case-import-layout.ts';
import { type CellValue, type ImportFile, readImportFile } from './import-file.ts';
import {
  cellText,
  normalizeWord,
  type Read,
  readBoolean,
  readDate,
  readDecimal,
  readWholeNumber,
} from './import-values.ts';

/*
 * Import of case headers and lines. The file is read and laid out (import-file.ts, case-import-layout.ts);
 * each case row becomes a CreateCaseRequest (codes, emails and names looked up, numbers and dates read), which
 * the contract's schema and then the cases module's own insertCaseIn check, exactly as for a case typed in.
 * A dry run writes every case in one transaction, each behind a savepoint, and rolls it all back; a real run
 * commits each case with its lines in its own transaction (all or nothing per case) unless a row of it has a
 * problem. The reference data the case rules read (type, statuses, fields, users,
 * teams, entities, products, working hours) is read once per run (CaseLookups).
 */

/** Issues listed in a report (all are counted). */
const MAX_LISTED_ISSUES = 10_000;

type CaseInput = z.input<typeof CreateCaseRequest>;
type LineInput = NonNullable<CaseInput['lines']>[number];

interface References {
  types: CaseType[];
  entities: Map<string, string>;
  products: Map<string, string>;
  users: Map<string, string>;
  teams: Map<string, string[]>;
  contacts: Map<string, string[]>;
  fields: Map<string, FieldDefinition[]>;
}

interface PlannedCase {
  ref: string | null;
  row: SourceRow;
  lines: SourceRow[];
  input: CaseInput;
  issues: RowIssue[];
}

const PRIORITY_WORDS: Record<string, (typeof CASE_PRIORITIES)[number]> = {
  low: 'low',
  baja: 'low',
  baixa: 'low',
  normal: 'normal',
  media: 'normal',
  mitjana: 'normal',
  high: 'high',
  alta: 'high',
  urgent: 'urgent',
  urgente: 'urgent',
};

/** Request field → the file's column, for issues the contract or the case rules report. */
const COLUMN_OF_FIELD: Record<string, string> = {
  type_id: 'type',
  status_id: 'status',
  entity_id: 'entity_code',
  contact_id: 'contact_email',
  owner_id: 'owner_email',
  team_id: 'team',
  referrer_id: 'referrer_code',
  product_id: 'product_code',
};

const refOf = (row: SourceRow) => cellText(row.cells.get('case_ref'))?.slice(0, 100) ?? null;

const text = (row: SourceRow, column: Column) => cellText(row.cells.get(column));

/** Words that name something in a spreadsheet: its key, or its label in any language. */
function namesOf(key: string, labels: Record<string, string>): string[] {
  return [key, ...Object.values(labels)].map(normalizeWord);
}

// Reading the file into planned cases ---------------------------------------------------------------------------

class CasePlanner {
  readonly issues: RowIssue[] = [];
  private readonly refs: References;
  private readonly decimalComma: boolean;

  constructor(refs: References, decimalComma: boolean) {
    this.refs = refs;
    this.decimalComma = decimalComma;
  }

  private add(
    row: SourceRow,
    ref: string | null,
    field: string,
    code: string,
    params?: Record<string, unknown>,
  ) {
    this.issues.push({
      sheet: row.sheet,
      row: row.row,
      case_ref: ref,
      field,
      code,
      ...(params && { params }),
    });
  }

  /** A read value, or undefined (and an issue on the row) when it could not be read. */
  private read<T>(row: SourceRow, ref: string | null, column: Column, result: Read<T>): T | undefined {
    if (result === null) return undefined;
    if ('error' in result) {
      this.add(row, ref, column, result.error, { value: text(row, column) ?? '', ...result.params });
      return undefined;
    }
    return result.value;
  }

  plan(row: SourceRow, lines: SourceRow[]): PlannedCase {
    const ref = refOf(row);
    const before = this.issues.length;
    // Fields that could not be read or found are left out: the contract then names what is missing.
    const input: Partial<CaseInput> = {};
    const value = (column: Column) => text(row, column);

    const typeWord = value('type');
    const type = typeWord ? this.findType(typeWord) : undefined;
    if (typeWord && !type) this.add(row, ref, 'type', 'unknown_case_type', { value: typeWord });
    if (type) input.type_id = type.id;

    const statusWord = value('status');
    if (statusWord && type) {
      const status = this.findStatus(type, statusWord);
      if (status) input.status_id = status;
      else {
        const other = this.refs.types.find((t) => t.id !== type.id && this.findStatus(t, statusWord));
        if (other)
          this.add(row, ref, 'status', 'status_of_other_type', { value: statusWord, type: other.key });
        else this.add(row, ref, 'status', 'unknown_status', { value: statusWord });
      }
    }

    const title = value('title');
    if (title) input.title = title;
    const entityCode = value('entity_code');
    const entityId = entityCode ? this.refs.entities.get(entityCode) : undefined;
    if (entityCode && !entityId)
      this.add(row, ref, 'entity_code', 'unknown_entity_code', { value: entityCode });
    if (entityId) input.entity_id = entityId;

    const contactEmail = value('contact_email');
    if (contactEmail && entityId) {
      const ids = this.refs.contacts.get(`${entityId} ${contactEmail.toLowerCase()}`) ?? [];
      if (ids.length === 1) input.contact_id = ids[0];
      else this.add(row, ref, 'contact_email', 'unknown_contact_email', { value: contactEmail });
    }
    const ownerEmail = value('owner_email');
    if (ownerEmail) {
      const id = this.refs.users.get(ownerEmail.toLowerCase());
      if (id) input.owner_id = id;
      else this.add(row, ref, 'owner_email', 'unknown_user_email', { value: ownerEmail });
    }
    const team = value('team');
    if (team) {
      const ids = this.refs.teams.get(team.toLowerCase()) ?? [];
      if (ids.length === 1) input.team_id = ids[0];
      else
        this.add(row, ref, 'team', ids.length > 1 ? 'ambiguous_team' : 'unknown_team_name', { value: team });
    }
    const priority = value('priority');
    if (priority) {
      const key = PRIORITY_WORDS[normalizeWord(priority)];
      if (key) input.priority = key;
      else this.add(row, ref, 'priority', 'invalid_option', { value: priority });
    }
    const amount = this.read(row, ref, 'amount', readDecimal(row.cells.get('amount'), this.decimalComma));
    if (amount !== undefined) input.amount = amount;
    const currency = value('currency');
    if (currency) input.currency = currency;
    const probability = this.read(
      row,
      ref,
      'probability',
      readWholeNumber(row.cells.get('probability'), this.decimalComma),
    );
    if (probability !== undefined) input.probability = probability;
    const expectedClose = this.read(row, ref, 'expected_close', readDate(row.cells.get('expected_close')));
    if (expectedClose !== undefined) input.expected_close = expectedClose;
    const referrerCode = value('referrer_code');
    if (referrerCode) {
      const id = this.refs.entities.get(referrerCode);
      if (id) input.referrer_id = id;
      else this.add(row, ref, 'referrer_code', 'unknown_entity_code', { value: referrerCode });
    }
    const description = value('description');
    if (description) input.description = description;

    const custom = this.customValues(row, ref, type);
    if (Object.keys(custom).length > 0) input.custom = custom;
    if (lines.length > 0) input.lines = lines.map((line) => this.lineInput(line, ref));

    return { ref, row, lines, input: input as CaseInput, issues: this.issues.slice(before) };
  }

  private lineInput(row: SourceRow, ref: string | null): LineInput {
    const line: Partial<LineInput> = {};
    const productCode = text(row, 'product_code');
    if (productCode) {
      const id = this.refs.products.get(productCode.toLowerCase());
      if (id) line.product_id = id;
      else this.add(row, ref, 'product_code', 'unknown_product_code', { value: productCode });
    }
    const description = text(row, 'description');
    if (description) line.description = description;
    const number = (column: 'quantity' | 'unit_price' | 'discount_pct' | 'tax_rate') =>
      this.read(row, ref, column, readDecimal(row.cells.get(column), this.decimalComma));
    const quantity = number('quantity');
    if (quantity !== undefined) line.quantity = quantity;
    const unitPrice = number('unit_price');
    if (unitPrice !== undefined) line.unit_price = unitPrice;
    const discount = number('discount_pct');
    if (discount !== undefined) line.discount_pct = discount;
    const taxRate = number('tax_rate');
    if (taxRate !== undefined) line.tax_rate = taxRate;
    return line as LineInput;
  }

  /** `custom.<key>` columns, read as the type's field of that key needs; unknown keys go on as text (the rules refuse them). */
  private customValues(
    row: SourceRow,
    ref: string | null,
    type: CaseType | undefined,
  ): Record<string, unknown> {
    const definitions = new Map((type ? (this.refs.fields.get(type.id) ?? []) : []).map((d) => [d.key, d]));
    const out: Record<string, unknown> = {};
    for (const [column, cell] of row.cells) {
      if (!column.startsWith('custom.')) continue;
      const key = column.slice('custom.'.length);
      const def = definitions.get(key);
      const value = def ? this.customValue(row, ref, column, def, cell) : cellText(cell);
      if (value !== undefined && value !== null) out[key] = value;
    }
    return out;
  }

  private customValue(
    row: SourceRow,
    ref: string | null,
    column: Column,
    def: FieldDefinition,
    cell: CellValue,
  ) {
    const option = (word: string) =>
      def.options.find((o) => namesOf(o.key, o.labels).includes(normalizeWord(word)))?.key ?? word;
    switch (def.type) {
      case 'number':
      case 'money':
        return this.read(row, ref, column, readDecimal(cell, this.decimalComma));
      case 'date':
        return this.read(row, ref, column, readDate(cell));
      case 'boolean':
        return this.read(row, ref, column, readBoolean(cell));
      case 'select':
        return option(cellText(cell) ?? '');
      case 'multiselect':
        return (cellText(cell) ?? '')
          .split(/\s*[|;,]\s*/)
          .filter(Boolean)
          .map(option);
      case 'user': {
        const email = cellText(cell) ?? '';
        return this.refs.users.get(email.toLowerCase()) ?? email;
      }
      default:
        return cellText(cell);
    }
  }

  private findType(word: string): CaseType | undefined {
    const w = normalizeWord(word);
    return (
      this.refs.types.find((t) => t.key === word.trim()) ??
      this.refs.types.find((t) => namesOf(t.key, t.labels).includes(w))
    );
  }

  private findStatus(type: CaseType, word: string): string | undefined {
    const w = normalizeWord(word);
    return (
      type.statuses.find((s) => s.key === word.trim()) ??
      type.statuses.find((s) => namesOf(s.key, s.labels).includes(w))
    )?.id;
  }
}

/** Every code, email and name the file mentions, looked up at once. */
async function loadReferences(db: Database, cases: SourceRow[], lines: SourceRow[]): Promise<References> {
  const values = (rows: SourceRow[], column: Column) =>
    rows.flatMap((r) => {
      const v = text(r, column);
      return v ? [v] : [];
    });
  const types = await listCaseTypes(db, { includeInactive: true });
  const customColumns = new Set(
    cases.flatMap((r) => [...r.cells.keys()].filter((c) => c.startsWith('custom.'))),
  );
  const fields = new Map<string, FieldDefinition[]>();
  if (customColumns.size > 0)
    for (const type of types) fields.set(type.id, await listFields(db, 'case', type.id));
  const userEmails = [
    ...values(cases, 'owner_email'),
    ...[...customColumns].flatMap((c) => values(cases, c as Column)).filter((v) => v.includes('@')),
  ];
  const [entities, products, users, teams] = await Promise.all([
    repo.entityIdsByCode(db, [...values(cases, 'entity_code'), ...values(cases, 'referrer_code')]),
    repo.productIdsByCode(db, values(lines, 'product_code')),
    repo.userIdsByEmail(db, userEmails),
    repo.teamIdsByName(db),
  ]);
  const contactPairs = cases.flatMap((r) => {
    const code = text(r, 'entity_code');
    const email = text(r, 'contact_email');
    const entityId = code ? entities.get(code) : undefined;
    return entityId && email ? [{ entityId, email }] : [];
  });
  const contacts = contactPairs.length > 0 ? await repo.contactIdsByEmail(db, contactPairs) : new Map();
  return { types, entities, products, users, teams, contacts, fields };
}

/** Groups the lines under their cases and reports duplicate references and lines of no case. */
function groupRows(cases: SourceRow[], lines: SourceRow[], issues: RowIssue[]) {
  const rowsByRef = new Map<string, SourceRow[]>();
  for (const row of cases) {
    const ref = refOf(row);
    if (ref === null) {
      issues.push({ sheet: row.sheet, row: row.row, case_ref: null, field: 'case_ref', code: 'required' });
      continue;
    }
    rowsByRef.set(ref, [...(rowsByRef.get(ref) ?? []), row]);
  }
  for (const [ref, rows] of rowsByRef) {
    if (rows.length < 2) continue;
    const where = rows.map((r) => r.row).join(', ');
    for (const row of rows)
      issues.push({
        sheet: row.sheet,
        row: row.row,
        case_ref: ref,
        field: 'case_ref',
        code: 'duplicate_case_ref',
        params: { value: ref, rows: where },
      });
  }
  const linesByRef = new Map<string, SourceRow[]>();
  for (const line of lines) {
    const ref = refOf(line);
    const at = { sheet: line.sheet, row: line.row, case_ref: ref, field: 'case_ref' };
    if (ref === null) issues.push({ ...at, code: 'required' });
    else if (!rowsByRef.has(ref)) issues.push({ ...at, code: 'unknown_case_ref', params: { value: ref } });
    else linesByRef.set(ref, [...(linesByRef.get(ref) ?? []), line]);
  }
  return { linesByRef };
}

// Checking and writing -----------------------------------------------------------------------------------------

/** A zod issue of the request → our field issue (path joined with dots, stable codes as the API answers). */
function fromZod(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'custom':
      return {
        field,
        code: (issue.params?.code as string | undefined) ?? 'invalid_value',
        params: issue.params,
      };
    case 'too_big':
      return {
        field,
        code: issue.origin === 'string' ? 'too_long' : 'too_big',
        params: { max: issue.maximum },
      };
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return { field, code: 'required' };
      return {
        field,
        code: issue.origin === 'string' ? 'too_short' : 'too_small',
        params: { min: issue.minimum },
      };
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? { field, code: 'required' }
        : { field, code: 'invalid_type', params: { expected: issue.expected } };
    case 'invalid_format':
      if (issue.format === 'date') return { field, code: 'invalid_date' };
      if (issue.format === 'regex' && /^[a-z_]+$/.test(issue.message)) return { field, code: issue.message };
      return { field, code: 'invalid_format' };
    case 'invalid_value':
      return { field, code: 'invalid_option' };
    default:
      return { field, code: 'invalid_value' };
  }
}

/** A request field issue → the row and column of the file it came from. */
function toRowIssue(planned: PlannedCase, issue: FieldIssue): RowIssue {
  const [head = '', index, rest] = issue.field.split('.', 3);
  const line = head === 'lines' && index !== undefined ? planned.lines[Number(index)] : undefined;
  const row = line ?? planned.row;
  const column = line ? (rest ?? 'quantity') : head === 'custom' ? issue.field : head;
  return {
    sheet: row.sheet,
    row: row.row,
    case_ref: planned.ref,
    field: COLUMN_OF_FIELD[column] ?? column,
    code: issue.code,
    ...(issue.params && { params: issue.params }),
  };
}

class DryRunRollback extends Error {}

/**
 * Where the cases of a run are written: a transaction per case on a real run; on a dry run, a savepoint per
 * case in the one transaction of the whole run.
 */
type CaseWriter = <T>(work: (trx: Executor) => Promise<T>) => Promise<T>;

const transactionPerCase =
  (db: Database): CaseWriter =>
  (work) =>
    db.transaction().execute(work);

/**
 * A dry run's case behind a savepoint: a case the rules accept stays written in the run's transaction (so the
 * next takes the next number, as on a real run, and the whole run is rolled back at its end); a case they
 * refuse, or that fails, is rolled back to the savepoint.
 */
const savepointPerCase =
  (trx: Executor): CaseWriter =>
  async (work) => {
    await sql`savepoint import_case`.execute(trx);
    try {
      const result = await work(trx);
      await sql`release savepoint import_case`.execute(trx);
      return result;
    } catch (error) {
      if (error instanceof DryRunRollback) await sql`release savepoint import_case`.execute(trx);
      else await sql`rollback to savepoint import_case`.execute(trx);
      throw error;
    }
  };

/**
 * Runs one planned case through the contract and the case rules. Writes it (and answers its id and number)
 * only when `commit` and nothing was found wrong; otherwise its writes are rolled back (on a dry run, with
 * the whole run).
 */
async function runCase(
  writer: CaseWriter,
  lookups: CaseLookups,
  auth: AuthContext,
  planned: PlannedCase,
  commit: boolean,
  log: FastifyBaseLogger | undefined,
): Promise<{ issues: RowIssue[]; created: { id: string; number: string } | null }> {
  const issues = [...planned.issues];
  const seen = new Set(issues.map((i) => `${i.row} ${i.field}`));
  const addAll = (found: FieldIssue[]) => {
    for (const issue of found) {
      const rowIssue = toRowIssue(planned, issue);
      const key = `${rowIssue.row} ${rowIssue.field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(rowIssue);
    }
  };
  const parsed = CreateCaseRequest.safeParse(planned.input);
  if (!parsed.success) {
    addAll(parsed.error.issues.map(fromZod));
    return { issues, created: null };
  }
  const write = commit && issues.length === 0;
  try {
    const created = await writer(async (trx) => {
      const result = await insertCaseIn(trx, auth, parsed.data, lookups);
      if (!write) throw new DryRunRollback();
      return result;
    });
    return { issues, created };
  } catch (error) {
    if (error instanceof DryRunRollback) return { issues, created: null };
    if (error instanceof AppError) {
      addAll(error.issues.length > 0 ? error.issues : [{ field: 'case_ref', code: error.code }]);
      return { issues, created: null };
    }
    log?.error({ err: error, case_ref: planned.ref }, 'case import: unexpected error');
    addAll([{ field: 'case_ref', code: 'unexpected_error' }]);
    return { issues, created: null };
  }
}

export interface StoredIssue extends RowIssue {}
export interface CreatedCase {
  case_ref: string;
  id: string;
  number: string;
}

/** Where a CSV's rows are reported: its file name (a spreadsheet names its sheets itself). */
const sheetNameOf = (filename: string) =>
  [...filename.replace(/^.*[\\/]/, '')]
    .filter((ch) => (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, 100) || 'CSV';

/**
 * Imports (or, on a dry run, checks) the cases of an uploaded file, saves the report and answers it in the
 * caller's language.
 */
export async function importCases(
  db: Database,
  auth: AuthContext,
  upload: { filename: string; buffer: Buffer },
  options: { dryRun: boolean; locale: Locale; log?: FastifyBaseLogger },
) {
  const filename = sheetNameOf(upload.filename).slice(0, 255);
  const file = await readImportFile(upload.buffer, filename);
  const layout = layOut(file);
  const issues: RowIssue[] = [...layout.fileIssues, ...layout.rowIssues];
  const { linesByRef } = groupRows(layout.cases, layout.lines, issues);
  const refs = await loadReferences(db, layout.cases, layout.lines);
  const planner = new CasePlanner(refs, file.decimalComma);

  const importId = newId();
  if (!options.dryRun) {
    await db.transaction().execute(async (trx) => {
      await repo.insertImport(trx, { id: importId, filename, dry_run: false, created_by: auth.userId });
      await recordEvent(trx, {
        type: 'import.started',
        object: 'import',
        objectId: importId,
        entityId: null,
        actorId: auth.userId,
        changes: { summary: filename, kind: 'cases' },
      });
    });
  }

  const created: CreatedCase[] = [];
  let failed = 0;
  const problemRows = new Set(issues.map((i) => `${i.sheet} ${i.row}`));
  const fileBroken = layout.fileIssues.length > 0;
  const firstOfRef = new Set<string>();
  const lookups = new CaseLookups({ previewNumbers: options.dryRun });
  const runAll = async (writer: CaseWriter) => {
    for (const row of layout.cases) {
      const ref = refOf(row);
      const lines = ref !== null && !firstOfRef.has(ref) ? (linesByRef.get(ref) ?? []) : [];
      if (ref !== null) firstOfRef.add(ref);
      const planned = planner.plan(row, lines);
      // Problems found while grouping (duplicate reference, a value in a column that does not apply) count too.
      const earlier = [row, ...lines].some((r) => problemRows.has(`${r.sheet} ${r.row}`));
      const result = await runCase(
        writer,
        lookups,
        auth,
        planned,
        !options.dryRun && !fileBroken && !earlier && ref !== null,
        options.log,
      );
      issues.push(...result.issues);
      if (result.created && ref !== null) created.push({ case_ref: ref, ...result.created });
      else if (earlier || result.issues.length > 0 || !options.dryRun || fileBroken) failed++;
    }
  };
  try {
    if (options.dryRun)
      await db
        .transaction()
        .execute(async (trx) => {
          await runAll(savepointPerCase(trx));
          throw new DryRunRollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof DryRunRollback)) throw error;
        });
    else await runAll(transactionPerCase(db));
  } catch (error) {
    if (!options.dryRun) await markFailed(db, importId);
    throw error;
  }

  const order = issueOrder(file);
  issues.sort(order);
  const report = {
    status: 'completed' as const,
    cases_total: layout.cases.length,
    lines_total: layout.lines.length,
    cases_created: created.length,
    cases_failed: failed,
    issues: issues.slice(0, MAX_LISTED_ISSUES),
    issues_total: issues.length,
    created,
  };
  await db.transaction().execute(async (trx) => {
    if (options.dryRun)
      await repo.insertImport(trx, { id: importId, filename, dry_run: true, created_by: auth.userId });
    await repo.finishImport(trx, importId, report);
    await recordEvent(trx, {
      type: options.dryRun ? 'import.checked' : 'import.completed',
      object: 'import',
      objectId: importId,
      entityId: null,
      actorId: auth.userId,
      changes: {
        summary: filename,
        kind: 'cases',
        cases_total: report.cases_total,
        cases_created: report.cases_created,
        cases_failed: report.cases_failed,
      },
    });
  });
  return getImport(db, auth, importId, options.locale);
}

/** Issues in the order a person reads the file: sheet by sheet, row by row, column by column. */
function issueOrder(file: ImportFile) {
  const sheetIndex = new Map(file.sheets.map((sheet, i) => [sheet.name, i]));
  const columnIndex = new Map<string, number>();
  file.sheets.forEach((sheet) => {
    (sheet.rows[0] ?? []).forEach((cell, i) => {
      const header = cellText(cell);
      if (header === null) return;
      columnIndex.set(`${sheet.name} ${header.slice(0, 100)}`, i);
      const column = columnOf(header);
      if (column && !columnIndex.has(`${sheet.name} ${column}`))
        columnIndex.set(`${sheet.name} ${column}`, i);
    });
  });
  const position = (issue: RowIssue) =>
    columnIndex.get(`${issue.sheet} ${issue.field}`) ?? Number.MAX_SAFE_INTEGER;
  return (a: RowIssue, b: RowIssue) =>
    (sheetIndex.get(a.sheet) ?? 0) - (sheetIndex.get(b.sheet) ?? 0) ||
    a.row - b.row ||
    position(a) - position(b);
}

async function markFailed(db: Database, importId: string) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('imports')
      .set({ status: 'failed', finished_at: new Date(), updated_at: new Date() })
      .where('id', '=', importId)
      .execute();
    await recordEvent(trx, {
      type: 'import.failed',
      object: 'import',
      objectId: importId,
      entityId: null,
      actorId: null,
      changes: { kind: 'cases' },
    });
  });
}

/** A saved report, in the reader's language. Only the one who ran it, or an admin, may read it. */
export async function getImport(db: Database, auth: AuthContext, id: string, locale: Locale) {
  const record = await repo.findImport(db, id);
  if (!record || (record.created_by !== auth.userId && !auth.permissions.configure)) throw notFound();
  const t = translator(locale);
  const issues = (record.issues as StoredIssue[]).map((issue) => ({
    sheet: issue.sheet,
    row: issue.row,
    case_ref: issue.case_ref,
    field: issue.field,
    code: issue.code,
    message: t(`field.${issue.code}`, {
      ...issue.params,
      defaultValue: t('field.invalid_value'),
    }).slice(0, 1000),
  }));
  return {
    id: record.id,
    filename: record.filename,
    created_at: record.created_at.toISOString(),
    dry_run: record.dry_run,
    cases_total: record.cases_total,
    lines_total: record.lines_total,
    cases_created: record.cases_created,
    cases_failed: record.cases_failed,
    issues,
    issues_total: record.issues_total,
    created: record.created as CreatedCase[],
  };
}
