import type {
  CaseType,
  CreateCaseStatusRequest,
  ReorderCaseStatusesRequest,
  UpdateCaseStatusRequest,
} from '@trato/contracts/cases';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseStatusRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { type DomainEvent, diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import {
  checkNextActions,
  conflictOn,
  getCaseType,
  givenFields,
  CASE_TYPE_ISSUES as I,
  invalid,
  liveCaseCount,
  requireType,
  statusesOf,
  statusValues,
  throwIfKeyTaken,
  typeEvent,
} from './case-types.service.ts';

// The status pipeline of a case type (admin): add, change, reorder, restore and delete statuses. A status that
// cases use is never deleted: it is retired (retire-status.ts).

// Helpers shared with retire-status.ts ----------------------------------------------------------------------

/** Locks the type (its pipeline changes one at a time) and returns its status `statusId`. */
export async function lockStatus(trx: Executor, typeId: string, statusId: string): Promise<CaseStatusRow> {
  await requireType(trx, typeId, true);
  const row = await trx
    .selectFrom('case_statuses')
    .selectAll()
    .where('id', '=', statusId)
    .where('type_id', '=', typeId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** A live open status may only go while its type keeps another live open status. */
export async function assertNotLastOpenStatus(trx: Executor, status: CaseStatusRow, field: string) {
  if (status.category !== 'open' || status.retired_at !== null) return;
  const other = await trx
    .selectFrom('case_statuses')
    .select('id')
    .where('type_id', '=', status.type_id)
    .where('id', '<>', status.id)
    .where('category', '=', 'open')
    .where('retired_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!other) throw invalid(field, I.lastOpenStatus);
}

const isRetired = (s: CaseStatusRow) => s.retired_at !== null;

/**
 * Sets positions 0…n−1: the live statuses in the order given (their pipeline order by default), then the
 * retired ones; in one statement, only rows whose position changes.
 */
export async function renumber(
  trx: Executor,
  statuses: CaseStatusRow[],
  liveIds = statuses.filter((s) => !isRetired(s)).map((s) => s.id),
): Promise<void> {
  const orderedIds = [...liveIds, ...statuses.filter(isRetired).map((s) => s.id)];
  if (orderedIds.length === 0) return;
  const values = sql.join(orderedIds.map((id, i) => sql`(${id}::uuid, ${i}::int)`));
  await sql`
    update case_statuses as s set position = v.position
    from (values ${values}) as v(id, position)
    where s.id = v.id and s.position <> v.position`.execute(trx);
}

/** An event of the status's type, naming the status. */
export const statusEvent = (
  auth: AuthContext,
  status: CaseStatusRow,
  type: string,
  changes: Record<string, unknown> = {},
): DomainEvent =>
  typeEvent(auth, status.type_id, type, { status_id: status.id, key: status.key, ...changes });

// Statuses ------------------------------------------------------------------------------------------------

export async function createCaseStatus(
  db: Database,
  auth: AuthContext,
  typeId: string,
  input: z.output<typeof CreateCaseStatusRequest>,
): Promise<CaseType> {
  await db
    .transaction()
    .execute(async (trx) => {
      await requireType(trx, typeId, true);
      const statuses = await statusesOf(trx, [typeId]);
      const issues = new IssueCollector();
      if (statuses.some((s) => s.key === input.key)) issues.add('key', I.keyTaken);
      await checkNextActions(
        trx,
        [{ field: '', rule: input.next_action ?? 'none', typeId: input.next_action_type_id }],
        issues,
      );
      issues.throwIfAny();
      const id = newId();
      const values = statusValues(input);
      await trx
        .insertInto('case_statuses')
        .values({
          id,
          type_id: typeId,
          ...values,
          labels: JSON.stringify(values.labels),
          position: statuses.length,
          created_by: auth.userId,
        })
        .execute();
      const live = statuses.filter((s) => !isRetired(s)).map((s) => s.id);
      const at = Math.min(input.position ?? live.length, live.length);
      live.splice(at, 0, id);
      await renumber(trx, statuses, live);
      await recordEvent(
        trx,
        typeEvent(auth, typeId, 'case_type.status_created', {
          status_id: id,
          position: at,
          ...diffChanges({}, values, Object.keys(values)),
        }),
      );
    })
    .catch(throwIfKeyTaken);
  return getCaseType(db, typeId);
}

export async function updateCaseStatus(
  db: Database,
  auth: AuthContext,
  typeId: string,
  statusId: string,
  input: z.output<typeof UpdateCaseStatusRequest>,
): Promise<CaseType> {
  const { version, ...patch } = input;
  await db.transaction().execute(async (trx) => {
    const current = await lockStatus(trx, typeId, statusId);
    if (current.version !== version) throw versionConflict(current.version);
    const values = givenFields(patch);
    const changes = diffChanges(current, values, Object.keys(values));
    if (Object.keys(changes).length === 0) return;
    if (changes.next_action || changes.next_action_type_id) {
      const issues = new IssueCollector();
      const rule = patch.next_action ?? current.next_action;
      const actionTypeId =
        patch.next_action_type_id === undefined ? current.next_action_type_id : patch.next_action_type_id;
      await checkNextActions(trx, [{ field: '', rule, typeId: actionTypeId }], issues);
      issues.throwIfAny();
    }
    if (changes.category) {
      // Cases in it (or closed in it) would silently change meaning: open vs won/lost/closed.
      if ((await liveCaseCount(trx, 'status_id', statusId)) > 0) throw conflictOn('category', I.statusInUse);
      await assertNotLastOpenStatus(trx, current, 'category');
    }
    await trx
      .updateTable('case_statuses')
      .set({
        ...values,
        ...(values.labels !== undefined && { labels: JSON.stringify(values.labels) }),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', statusId)
      .execute();
    await recordEvent(trx, statusEvent(auth, current, 'case_type.status_updated', changes));
  });
  return getCaseType(db, typeId);
}

/** The new order of the live statuses: each exactly once; retired ones stay after them. */
export async function reorderCaseStatuses(
  db: Database,
  auth: AuthContext,
  typeId: string,
  input: z.output<typeof ReorderCaseStatusesRequest>,
): Promise<CaseType> {
  await db.transaction().execute(async (trx) => {
    await requireType(trx, typeId, true);
    const statuses = await statusesOf(trx, [typeId]);
    const own = new Map(statuses.map((s) => [s.id, s]));
    const foreign = new Set(
      (
        await trx
          .selectFrom('case_statuses')
          .select('id')
          .where('id', 'in', input.status_ids)
          .where('type_id', '<>', typeId)
          .execute()
      ).map((r) => r.id),
    );
    const issues = new IssueCollector();
    const seen = new Set<string>();
    input.status_ids.forEach((statusId, i) => {
      const field = `status_ids.${i}`;
      if (foreign.has(statusId)) issues.add(field, I.statusOfOtherType);
      else if (own.get(statusId)?.retired_at !== null) issues.add(field, I.unknownStatus);
      else if (seen.has(statusId)) issues.add(field, I.duplicateStatus);
      seen.add(statusId);
    });
    const live = statuses.filter((s) => !isRetired(s));
    if (issues.issues.length === 0 && live.some((s) => !seen.has(s.id)))
      issues.add('status_ids', I.statusesMissing);
    issues.throwIfAny();
    const before = live.map((s) => s.id);
    if (before.join() === input.status_ids.join()) return;
    await renumber(trx, statuses, input.status_ids);
    await recordEvent(
      trx,
      typeEvent(auth, typeId, 'case_type.statuses_reordered', { status_ids: [before, input.status_ids] }),
    );
  });
  return getCaseType(db, typeId);
}

/** Brings a retired status back, at the end of the live ones. */
export async function restoreCaseStatus(
  db: Database,
  auth: AuthContext,
  typeId: string,
  statusId: string,
): Promise<CaseType> {
  await db.transaction().execute(async (trx) => {
    const current = await lockStatus(trx, typeId, statusId);
    if (current.retired_at === null) return;
    const now = new Date();
    await trx
      .updateTable('case_statuses')
      .set({ retired_at: null, version: current.version + 1, updated_at: now })
      .where('id', '=', statusId)
      .execute();
    const statuses = await statusesOf(trx, [typeId]);
    const live = statuses.filter((s) => !isRetired(s) && s.id !== statusId).map((s) => s.id);
    await renumber(trx, statuses, [...live, statusId]);
    await recordEvent(trx, statusEvent(auth, current, 'case_type.status_restored'));
  });
  return getCaseType(db, typeId);
}

/** Deletes a status no case, history stay or forecast snapshot has ever used (409 otherwise: retire it). */
export async function deleteCaseStatus(
  db: Database,
  auth: AuthContext,
  typeId: string,
  statusId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockStatus(trx, typeId, statusId);
    const used = await sql<{ used: boolean }>`
      select exists (select 1 from cases where status_id = ${statusId})
        or exists (select 1 from case_status_history where status_id = ${statusId})
        or exists (select 1 from forecast_snapshots where status_id = ${statusId}) as used`.execute(trx);
    if (used.rows[0]?.used) throw conflictOn('status_id', I.statusInUse);
    await assertNotLastOpenStatus(trx, current, 'status_id');
    await trx.deleteFrom('case_statuses').where('id', '=', statusId).execute();
    await renumber(trx, await statusesOf(trx, [typeId]));
    await recordEvent(trx, statusEvent(auth, current, 'case_type.status_deleted'));
  });
}
