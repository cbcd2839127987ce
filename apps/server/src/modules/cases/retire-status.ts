import type { CaseType, RetireCaseStatusRequest } from '@trato/contracts/cases';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseStatusRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { versionConflict } from '../../platform/errors.ts';
import { type Executor, recordEvent, recordEvents } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { assertNotLastOpenStatus, lockStatus, renumber, statusEvent } from './case-statuses.service.ts';
import {
  conflictOn,
  getCaseType,
  CASE_TYPE_ISSUES as I,
  invalid,
  liveCaseCount,
  statusesOf,
} from './case-types.service.ts';

// Rows are inserted in chunks so no statement passes PostgreSQL's 65 535 parameters.
const CHUNK = 1000;

/**
 * Retires a status. Its live cases move to `map_to_status_id` (required when there are any): one bulk update
 * sets their status, status_changed_at and closed_at per the target's category; their open stay in the
 * history is closed and a new one opened, and each gets a 'case.status_changed' event.
 */
export async function retireCaseStatus(
  db: Database,
  auth: AuthContext,
  typeId: string,
  statusId: string,
  input: z.output<typeof RetireCaseStatusRequest>,
): Promise<CaseType> {
  await db.transaction().execute(async (trx) => {
    const current = await lockStatus(trx, typeId, statusId);
    if (current.version !== input.version) throw versionConflict(current.version);
    if (current.retired_at !== null) throw conflictOn('status_id', I.statusRetired);
    await assertNotLastOpenStatus(trx, current, 'status_id');

    const target = input.map_to_status_id
      ? await mapTarget(trx, typeId, statusId, input.map_to_status_id)
      : null;
    const inUse = await liveCaseCount(trx, 'status_id', statusId);
    if (inUse > 0 && !target) throw invalid('map_to_status_id', 'required');

    const now = new Date();
    const moved = target && inUse > 0 ? await moveCases(trx, auth, current, target, now) : 0;
    await trx
      .updateTable('case_statuses')
      .set({ retired_at: now, version: current.version + 1, updated_at: now })
      .where('id', '=', statusId)
      .execute();
    await renumber(trx, await statusesOf(trx, [typeId]));
    await recordEvent(
      trx,
      statusEvent(auth, current, 'case_type.status_retired', {
        map_to_status_id: target?.id ?? null,
        moved_cases: moved,
      }),
    );
  });
  return getCaseType(db, typeId);
}

/** The status the cases of a retired one go to: a live status of the same type, not itself. */
async function mapTarget(
  trx: Executor,
  typeId: string,
  statusId: string,
  targetId: string,
): Promise<CaseStatusRow> {
  const field = 'map_to_status_id';
  if (targetId === statusId) throw invalid(field, I.sameStatus);
  const target = await trx
    .selectFrom('case_statuses')
    .selectAll()
    .where('id', '=', targetId)
    .executeTakeFirst();
  if (!target) throw invalid(field, I.unknownStatus);
  if (target.type_id !== typeId) throw invalid(field, I.statusOfOtherType);
  if (target.retired_at !== null) throw invalid(field, I.statusRetired);
  return target;
}

async function moveCases(
  trx: Executor,
  auth: AuthContext,
  from: CaseStatusRow,
  to: CaseStatusRow,
  now: Date,
): Promise<number> {
  const open = to.category === 'open';
  // A case already closed keeps the day it was closed (the forecast counts wins by it); one that closes now gets now.
  const moved = await sql<{ id: string; entity_id: string }>`
    update cases set
      status_id = ${to.id},
      status_changed_at = ${now},
      closed_at = ${open ? null : sql`coalesce(closed_at, ${now})`},
      version = version + 1,
      updated_at = ${now},
      updated_by = ${auth.userId}
    where status_id = ${from.id} and deleted_at is null
    returning id, entity_id`.execute(trx);
  const cases = moved.rows;
  for (let i = 0; i < cases.length; i += CHUNK) {
    const chunk = cases.slice(i, i + CHUNK);
    const ids = chunk.map((c) => c.id);
    await trx
      .updateTable('case_status_history')
      .set({ left_at: now })
      .where('case_id', 'in', ids)
      .where('left_at', 'is', null)
      .execute();
    await trx
      .insertInto('case_status_history')
      .values(
        chunk.map((c) => ({
          id: newId(),
          case_id: c.id,
          status_id: to.id,
          entered_at: now,
          entered_by: auth.userId,
        })),
      )
      .execute();
    await recordEvents(
      trx,
      chunk.map((c) => ({
        type: 'case.status_changed',
        object: 'case',
        objectId: c.id,
        entityId: c.entity_id,
        actorId: auth.userId,
        changes: { status_id: [from.id, to.id], reason: 'status_retired' },
      })),
    );
  }
  return cases.length;
}
