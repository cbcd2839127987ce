import type { ActionType, CreateActionTypeRequest, UpdateActionTypeRequest } from '@trato/contracts/actions';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { ActionTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { isUniqueViolation, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { ACTION_ISSUES, conflictOn, invalid } from './actions.errors.ts';

// Action types (call, visit, meeting… and the admin's own). Deleting one that actions or sequence steps use
// is refused: deactivate it instead, so history keeps its type.

export function toActionType(row: ActionTypeRow): ActionType {
  return {
    id: row.id,
    key: row.key,
    labels: row.labels as Record<string, string>,
    icon: row.icon as ActionType['icon'],
    color: row.color as ActionType['color'],
    default_duration_minutes: row.default_duration_minutes,
    timed: row.timed,
    position: row.position,
    active: row.active,
    version: row.version,
  };
}

function liveTypes(db: Executor) {
  return db.selectFrom('action_types').selectAll().where('deleted_at', 'is', null);
}

export async function listActionTypes(db: Executor): Promise<ActionType[]> {
  const rows = await liveTypes(db).orderBy('position').orderBy('key').execute();
  return rows.map(toActionType);
}

/** Every type not deleted (active or not), by id: what actions and sequence steps are checked against. */
export async function actionTypesById(db: Executor): Promise<Map<string, ActionTypeRow>> {
  const rows = await liveTypes(db).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether the id names an action type not deleted; for the fields module (fields of one action type). */
export async function isLiveActionType(db: Executor, id: string): Promise<boolean> {
  return Boolean(await liveTypes(db).where('id', '=', id).executeTakeFirst());
}

async function requireType(db: Executor, id: string, forUpdate = false): Promise<ActionTypeRow> {
  let query = liveTypes(db).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getActionType(db: Executor, id: string): Promise<ActionType> {
  return toActionType(await requireType(db, id));
}

const throwIfKeyTaken = (error: unknown): never => {
  if (isUniqueViolation(error, 'action_types_key')) throw invalid('key', 'key_taken');
  throw error;
};

export async function createActionType(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateActionTypeRequest>,
): Promise<ActionType> {
  const id = newId();
  await db
    .transaction()
    .execute(async (trx) => {
      if (await liveTypes(trx).where('key', '=', input.key).executeTakeFirst())
        throw invalid('key', 'key_taken');
      const last = await trx
        .selectFrom('action_types')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('max'))
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      const values = {
        key: input.key,
        labels: input.labels,
        icon: input.icon ?? 'checkbox',
        color: input.color ?? 'gray',
        default_duration_minutes: input.default_duration_minutes ?? 30,
        timed: input.timed ?? true,
        position: input.position ?? Number(last.max) + 1,
      };
      await trx
        .insertInto('action_types')
        .values({ id, ...values, labels: JSON.stringify(values.labels), created_by: auth.userId })
        .execute();
      await recordEvent(trx, {
        type: 'action_type.created',
        object: 'action_type',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes: diffChanges({}, values, Object.keys(values)),
      });
    })
    .catch(throwIfKeyTaken);
  return getActionType(db, id);
}

export async function updateActionType(
  db: Database,
  auth: AuthContext,
  id: string,
  input: z.output<typeof UpdateActionTypeRequest>,
): Promise<ActionType> {
  const { version, ...patch } = input;
  await db.transaction().execute(async (trx) => {
    const current = await requireType(trx, id, true);
    if (current.version !== version) throw versionConflict(current.version);
    const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const changes = diffChanges(current, values, Object.keys(values));
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('action_types')
      .set({
        ...values,
        ...(values.labels !== undefined && { labels: JSON.stringify(values.labels) }),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'action_type.updated',
      object: 'action_type',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { key: current.key, ...changes },
    });
  });
  return getActionType(db, id);
}

/** Soft delete; refused (409 in_use) while actions or sequence steps use the type: deactivate it instead. */
export async function deleteActionType(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireType(trx, id, true);
    const usedByAction = await trx
      .selectFrom('actions')
      .select('id')
      .where('type_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    const usedByStep = await trx
      .selectFrom('sequence_steps')
      .innerJoin('sequences', 'sequences.id', 'sequence_steps.sequence_id')
      .select('sequence_steps.id')
      .where('sequence_steps.type_id', '=', id)
      .where('sequences.deleted_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (usedByAction || usedByStep) throw conflictOn('id', ACTION_ISSUES.inUse);
    await trx
      .updateTable('action_types')
      .set({ deleted_at: new Date(), active: false, version: current.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    // The type's own custom fields go with it.
    await trx
      .updateTable('field_definitions')
      .set({ deleted_at: new Date(), updated_at: new Date() })
      .where('object', '=', 'action')
      .where('type_id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
    await recordEvent(trx, {
      type: 'action_type.deleted',
      object: 'action_type',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { key: current.key },
    });
  });
}
