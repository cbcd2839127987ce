import type { Action } from '@trato/contracts/actions';
import { type RawBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { ActionRow, ActionsTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvents } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { escapeLike, type FieldMap, parseListQuery } from '../../platform/list-query.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { recordCaseFirstResponse } from '../cases/cases.service.ts';
import { customFieldMap, listFields } from '../fields/fields.service.ts';
import { getActionSettings } from './action-settings.ts';
import { type ActionInput, resolveActionValues } from './action-values.ts';
import { actionClosed, invalid } from './actions.errors.ts';
import { ACTION_FIELDS, ACTION_TRACKED, type ActionRowWithRefs, toAction } from './actions.mapper.ts';
import * as repo from './actions.repository.ts';
import { queueInvitations } from './invitations.ts';
import { localDate, safeTimeZone } from './zoned-time.ts';

export { visibleActions } from './actions.repository.ts';

/** The action if the caller may see it; otherwise 404, the same answer as for one that does not exist. */
export async function requireVisibleAction(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<ActionRowWithRefs> {
  const row = await repo.findVisibleAction(db, auth, id, options);
  if (!row) throw notFound();
  return row;
}

export async function getAction(db: Executor, auth: AuthContext, id: string): Promise<Action> {
  return toAction(await requireVisibleAction(db, auth, id, { includeDeleted: true }));
}

/** The action as just written, for the answer to a write (the writer may have given it beyond their sight). */
export async function writtenAction(db: Executor, id: string): Promise<Action> {
  const row = await repo.findActionWithRefs(db, id);
  if (!row) throw notFound();
  return toAction(row);
}

export async function actionFieldMap(db: Executor): Promise<FieldMap> {
  // Custom fields of every action type; two types defining the same key share the filter.
  return { ...ACTION_FIELDS, ...customFieldMap(await listFields(db, 'action'), 'actions.custom') };
}

/**
 * The condition for "happens in [from, to)": a timed action whose [start, end) overlaps the range, or an
 * untimed one whose due day is one of the range's days in the time zone.
 */
export function overlapsRange(from: Date, to: Date, timeZone: string): RawBuilder<SqlBool> {
  const firstDay = localDate(from, timeZone);
  const lastDay = localDate(new Date(to.getTime() - 1), timeZone);
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  // The first line is implied by the rest (a timed action's due_at is its end; an untimed one's is the end of
  // its due day in its assignee's time zone, at most 26 hours from the viewer's): it lets the (assignee, due_at)
  // indexes skip the years before the range instead of reading every action of the assignee.
  return sql<SqlBool>`(actions.due_at > ${f} - interval '2 days' and (
    (actions.starts_at is not null and actions.starts_at < ${t}
      and (coalesce(actions.ends_at, actions.starts_at) > ${f} or actions.starts_at >= ${f}))
    or (actions.starts_at is null and actions.due_date between ${firstDay}::date and ${lastDay}::date)))`;
}

function parseInstant(value: unknown, field: string): Date | null {
  if (value === undefined) return null;
  const instant = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(String(value)))
    throw invalid(field, 'invalid_date');
  return instant;
}

export async function listActions(db: Database, auth: AuthContext, query: Record<string, unknown>) {
  const { from, to, ...rest } = query;
  const list = parseListQuery(rest, await actionFieldMap(db), {
    sort: 'due_at',
    idExpr: sql.ref('actions.id'),
  });
  const extra: RawBuilder<SqlBool>[] = [];
  if (typeof query.q === 'string' && query.q.trim())
    extra.push(sql<SqlBool>`actions.subject ilike ${`%${escapeLike(query.q.trim())}%`}`);
  const start = parseInstant(from, 'from');
  const end = parseInstant(to, 'to');
  if (start || end) {
    if (start && end && end <= start) throw invalid('to', 'invalid_range');
    extra.push(
      overlapsRange(
        start ?? new Date('1900-01-01T00:00:00Z'),
        end ?? new Date('3000-01-01T00:00:00Z'),
        safeTimeZone(auth.timeZone),
      ),
    );
  }
  const page = await repo.listActions(db, auth, list, extra);
  const now = new Date();
  return {
    data: page.rows.map((r) => toAction(r, now)),
    next_cursor: page.nextCursor,
    ...(page.total !== undefined && { total: page.total }),
  };
}

/** What a timeline shows for an action event: its subject and type, the contact it concerns, what changed. */
export function actionEventChanges(
  before: ActionRow | null,
  after: ActionRow,
  typeKey: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const diff: Record<string, unknown> = diffChanges(before ?? {}, after, ACTION_TRACKED);
  if (!before) {
    // A creation lists what was set, not every empty column.
    for (const [field, [, value]] of Object.entries(diff) as [string, [unknown, unknown]][])
      if (
        value === false ||
        (Array.isArray(value) && value.length === 0) ||
        (typeof value === 'object' &&
          value !== null &&
          !(value instanceof Date) &&
          Object.keys(value).length === 0)
      )
        delete diff[field];
  }
  if ((before?.contact_id ?? null) !== after.contact_id)
    diff.contact = [before?.contact_id ?? null, after.contact_id];
  return { summary: after.subject, type_key: typeKey, contact_id: after.contact_id, ...diff, ...extra };
}

interface ActionWrite {
  type: string;
  before: ActionRow | null;
  after: ActionRow;
  typeKey: string;
  actorId: string | null;
  extra?: Record<string, unknown>;
}

/**
 * Records an action write on the outbox (on its entity's timeline) and queues the calendar invitations it
 * causes, in the caller's transaction.
 */
export async function recordActionWrite(trx: Executor, input: ActionWrite): Promise<void> {
  await recordActionWrites(trx, [input]);
}

/**
 * One change to an existing action, in the caller's transaction: the row (version + 1, who and when) and its
 * event on the outbox, with the invitations it causes. Returns the new row.
 */
export async function writeActionChange(
  trx: Executor,
  change: Omit<ActionWrite, 'before' | 'after' | 'actorId'> & {
    before: ActionRow;
    values: Updateable<ActionsTable>;
    actorId: string;
  },
): Promise<ActionRow> {
  const { before, values, ...event } = change;
  const after = await repo.updateActionRow(trx, before.id, {
    ...values,
    version: before.version + 1,
    updated_at: new Date(),
    updated_by: change.actorId,
  });
  await recordActionWrite(trx, { ...event, before, after });
  return after;
}

/** recordActionWrite for many writes: their events go in one statement. */
export async function recordActionWrites(trx: Executor, inputs: ActionWrite[]): Promise<void> {
  await recordEvents(
    trx,
    inputs.map(({ type, before, after, typeKey, actorId, extra }) => ({
      type,
      object: 'action',
      objectId: after.id,
      entityId: after.entity_id,
      actorId,
      changes: actionEventChanges(before, after, typeKey, extra),
    })),
  );
  for (const { before, after, actorId } of inputs)
    if (after.attendees.length > 0 || (before?.attendees.length ?? 0) > 0)
      await queueInvitations(trx, { action: after, previous: before, actorId });
}

/** Checks, inserts and records a new action in the caller's transaction; returns the stored row. */
export async function insertActionIn(
  trx: Executor,
  auth: AuthContext,
  input: ActionInput & { type_id: string; subject: string },
  extra: { sequence_run_id?: string; sequence_step_key?: string } = {},
): Promise<ActionRow> {
  const now = new Date();
  const { values, type } = await resolveActionValues(trx, auth, input, null, now);
  const row = await repo.insertAction(trx, {
    id: newId(),
    ...values,
    ...extra,
    attendees: JSON.stringify(values.attendees),
    custom: JSON.stringify(values.custom),
    created_by: auth.userId,
    updated_by: auth.userId,
  });
  await recordActionWrite(trx, {
    type: 'action.created',
    before: null,
    after: row,
    typeKey: type.key,
    actorId: auth.userId,
  });
  // An action logged as already done answers its case, as completing one does.
  if (row.case_id && row.status === 'done')
    await recordCaseFirstResponse(trx, row.case_id, row.completed_at ?? now);
  return row;
}

export async function createAction(
  db: Database,
  auth: AuthContext,
  input: ActionInput & { type_id: string; subject: string },
): Promise<Action> {
  const row = await db.transaction().execute((trx) => insertActionIn(trx, auth, input));
  return writtenAction(db, row.id);
}

/** Done and cancelled actions are read-only unless the admin allows editing them (edits are still recorded). */
export async function assertEditable(trx: Executor, current: ActionRow): Promise<void> {
  if (current.status !== 'planned' && !(await getActionSettings(trx)).allow_editing_closed_actions)
    throw actionClosed();
}

export async function updateAction(
  db: Database,
  auth: AuthContext,
  id: string,
  input: ActionInput & { version: number },
): Promise<Action> {
  const { version, ...patch } = input;
  await inTransaction(db, async (trx) => {
    const current = await requireVisibleAction(trx, auth, id, { forUpdate: true });
    if (current.version !== version) throw versionConflict(current.version);
    await assertEditable(trx, current);
    const before = (await repo.lockAction(trx, id))!;
    const { values, type } = await resolveActionValues(trx, auth, patch, before);
    const changes = diffChanges(before, values, ACTION_TRACKED);
    if (Object.keys(changes).length === 0 && before.contact_id === values.contact_id) return;
    await writeActionChange(trx, {
      before,
      values: {
        ...values,
        attendees: JSON.stringify(values.attendees),
        custom: JSON.stringify(values.custom),
      },
      type: 'action.updated',
      typeKey: type.key,
      actorId: auth.userId,
    });
  });
  return writtenAction(db, id);
}

export async function deleteAction(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireVisibleAction(trx, auth, id, { forUpdate: true });
    const before = (await repo.lockAction(trx, id))!;
    await writeActionChange(trx, {
      before,
      values: {
        deleted_at: new Date(),
      },
      type: 'action.deleted',
      typeKey: current.type_key,
      actorId: auth.userId,
    });
  });
}
