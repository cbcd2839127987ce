import type { Case, CreateCaseRequest, UpdateCaseRequest } from '@trato/contracts/cases';
import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseRow, CaseStatusRow, CasesTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { toScaled } from './case-lines.ts';
import { nextCaseNumber } from './case-numbers.ts';
import {
  type CaseLookups,
  checkTargetStatus,
  isFinal,
  lookup,
  requireActiveType,
  resolveCaseValues,
} from './case-values.ts';
import { CASE_ISSUES } from './cases.errors.ts';
import { CASE_TRACKED, type CaseRowWithRefs, toCase, trackedValues } from './cases.mapper.ts';
import * as repo from './cases.repository.ts';

// What other modules, the setup and the bench import from here, though it lives in its own file.
export { caseBoard } from './case-board.ts';
export { caseNumberYear, formatCaseNumber } from './case-numbers.ts';
export { visibleCases } from './case-scope.ts';
export { CaseLookups } from './case-values.ts';
export { CASE_ISSUES, invalid } from './cases.errors.ts';

export type CreateCaseInput = z.output<typeof CreateCaseRequest>;
export type UpdateCaseInput = z.output<typeof UpdateCaseRequest>;

/** The case if the caller may see it; otherwise 404, the same answer as for one that does not exist. */
export async function requireVisibleCase(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRowWithRefs> {
  const row = await repo.findVisibleCase(db, auth, id, options);
  if (!row) throw notFound();
  return row;
}

/** The plain case row, locked for a write, if the caller may see it (404 otherwise); checks the version. */
export async function lockCaseForChange(
  trx: Executor,
  auth: AuthContext,
  id: string,
  version: number | undefined,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRow> {
  const row = await repo.lockVisibleCase(trx, auth, id, options);
  if (!row) throw notFound();
  if (version !== undefined && row.version !== version) throw versionConflict(row.version);
  return row;
}

export async function getCase(db: Executor, auth: AuthContext, id: string): Promise<Case> {
  const row = await requireVisibleCase(db, auth, id, { includeDeleted: true });
  return toCase(row, new Date(), await repo.caseLines(db, id));
}

/** The case as just written, with its lines, for the answer to a write. */
export async function writtenCase(db: Executor, auth: AuthContext, id: string): Promise<Case> {
  const row = await repo.findCaseWithRefs(db, auth, id);
  if (!row) throw notFound();
  return toCase(row, new Date(), await repo.caseLines(db, id));
}

// Writes -----------------------------------------------------------------------------------------------------

/** What a timeline shows of a case write: its number and title, and what changed. */
export function caseEventChanges(
  before: Record<string, unknown> | null,
  after: CaseRow,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const diff: Record<string, unknown> = diffChanges(
    before ? trackedValues(before) : {},
    trackedValues(after),
    CASE_TRACKED,
  );
  if (!before)
    for (const [field, [, value]] of Object.entries(diff) as [string, [unknown, unknown]][])
      if (value === null || (typeof value === 'object' && Object.keys(value as object).length === 0))
        delete diff[field];
  return { summary: `${after.number} · ${after.title}`, number: after.number, ...diff, ...extra };
}

/**
 * Checks everything about a new case and writes it in the caller's transaction: the row with its number, its
 * lines, its first stay in the status history and its `case.created` event. Throws AppError with field issues.
 * A run of many writes by one caller (an import) may pass `cache` to read the reference data once.
 */
export async function insertCaseIn(
  trx: Executor,
  auth: AuthContext,
  input: CreateCaseInput,
  cache?: CaseLookups,
): Promise<{ id: string; number: string }> {
  const { type_id, status_id, ...fields } = input;
  const type = await requireActiveType(trx, type_id, 'type_id', cache);
  const issues = new IssueCollector();
  let status: CaseStatusRow | undefined;
  if (status_id) {
    const found = await lookup(cache, `status ${status_id}`, () => repo.findStatus(trx, status_id));
    if (checkTargetStatus(found, type.id, issues)) status = found;
  } else {
    const statuses = await lookup(cache, `statuses ${type.id}`, () => repo.statusesOfType(trx, type.id));
    status = statuses.find((s) => !s.retired_at && s.category === 'open');
    if (!status) issues.add('status_id', CASE_ISSUES.noOpenStatus);
  }
  const { values, lines } = await resolveCaseValues(
    trx,
    auth,
    type,
    status ?? null,
    fields,
    null,
    issues,
    cache,
  );
  issues.throwIfAny();

  // Timestamps from the clock here (millisecond precision), so list cursors on them compare exactly.
  const now = new Date();
  const row = await repo.insertCase(trx, {
    id: newId(),
    type_id: type.id,
    number: await nextCaseNumber(trx, type, now, cache),
    status_id: status!.id,
    status_changed_at: now,
    closed_at: isFinal(status!) ? now : null,
    ...values,
    custom: JSON.stringify(values.custom),
    created_at: now,
    updated_at: now,
    created_by: auth.userId,
    updated_by: auth.userId,
  });
  if (lines) await repo.insertLines(trx, row.id, lines);
  await repo.insertStay(trx, {
    case_id: row.id,
    status_id: row.status_id,
    entered_at: now,
    entered_by: auth.userId,
  });
  await recordEvent(trx, {
    type: 'case.created',
    object: 'case',
    objectId: row.id,
    entityId: row.entity_id,
    actorId: auth.userId,
    changes: caseEventChanges(null, row, {
      type_key: type.key,
      ...(lines && lines.length > 0 && { lines: lines.length }),
    }),
  });
  return { id: row.id, number: row.number };
}

export async function createCase(db: Database, auth: AuthContext, input: CreateCaseInput): Promise<Case> {
  const { id } = await db.transaction().execute((trx) => insertCaseIn(trx, auth, input));
  return writtenCase(db, auth, id);
}

/** The lines as they compare for "did they change": product, text and numbers by value. */
const linesKey = (
  lines: {
    product_id: string | null;
    description: string | null;
    quantity: string;
    unit_price: string;
    discount_pct: string;
    tax_rate: string;
  }[],
) =>
  JSON.stringify(
    lines.map((l) => [
      l.product_id,
      l.description,
      ...[l.quantity, l.unit_price, l.discount_pct, l.tax_rate].map((v) => String(toScaled(v, 4))),
    ]),
  );

/**
 * Changes a case: fields left out stay, `lines` (when sent) replace all its lines. Its type and status do not
 * change here (the status moves through POST /cases/{id}/move).
 */
export async function updateCase(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateCaseInput,
): Promise<Case> {
  const { version, ...patch } = input;
  await inTransaction(db, async (trx) => {
    const current = await lockCaseForChange(trx, auth, id, version);
    const type = (await repo.findCaseType(trx, current.type_id)) ?? notFoundType();
    const issues = new IssueCollector();
    const { values, lines } = await resolveCaseValues(trx, auth, type, null, patch, current, issues);
    issues.throwIfAny();
    const extra: Record<string, unknown> = {};
    if (lines) {
      const before = await repo.caseLines(trx, id);
      if (linesKey(before) !== linesKey(lines)) extra.lines = [before.length, lines.length];
    }
    const changes = caseEventChanges(current, { ...current, ...values } as CaseRow, extra);
    const changedFields = Object.keys(changes).filter((k) => k !== 'summary' && k !== 'number');
    if (changedFields.length === 0) return;
    if (lines && extra.lines) await repo.replaceLines(trx, id, lines);
    const after = await repo.updateCaseRow(trx, id, {
      ...values,
      custom: JSON.stringify(values.custom),
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    });
    await recordEvent(trx, {
      type: 'case.updated',
      object: 'case',
      objectId: id,
      entityId: after.entity_id,
      actorId: auth.userId,
      changes: caseEventChanges(current, after, extra),
    });
  });
  return writtenCase(db, auth, id);
}

function notFoundType(): never {
  throw notFound();
}

async function setDeleted(
  db: Database,
  auth: AuthContext,
  id: string,
  deleted: boolean,
  version: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockCaseForChange(trx, auth, id, version, { includeDeleted: true });
    if (Boolean(current.deleted_at) === deleted) {
      if (deleted) throw notFound();
      return;
    }
    const values: Updateable<CasesTable> = {
      deleted_at: deleted ? new Date() : null,
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    };
    await repo.updateCaseRow(trx, id, values);
    await recordEvent(trx, {
      type: deleted ? 'case.deleted' : 'case.restored',
      object: 'case',
      objectId: id,
      entityId: current.entity_id,
      actorId: auth.userId,
      changes: { summary: `${current.number} · ${current.title}`, number: current.number },
    });
  });
}

/** Moves a case to the bin (restorable). */
export const deleteCase = (db: Database, auth: AuthContext, id: string, version?: number) =>
  setDeleted(db, auth, id, true, version);

export async function restoreCase(db: Database, auth: AuthContext, id: string): Promise<Case> {
  await setDeleted(db, auth, id, false, undefined);
  return writtenCase(db, auth, id);
}

// For other modules -------------------------------------------------------------------------------------------

/**
 * The case an action links to: live and visible to the writer; null when it is neither (the caller answers
 * 422 case_id unknown_case).
 */
export async function linkableCase(
  trx: Executor,
  auth: AuthContext,
  caseId: string,
): Promise<{ id: string; entity_id: string } | null> {
  return (await repo.findLinkableCase(trx, auth, caseId)) ?? null;
}

/**
 * The first response on a case: an action on it was done, completed or logged already done (kept if it had
 * one already). In the caller's transaction.
 */
export async function recordCaseFirstResponse(trx: Executor, caseId: string, at: Date = new Date()) {
  await repo.markFirstResponse(trx, caseId, at);
}
