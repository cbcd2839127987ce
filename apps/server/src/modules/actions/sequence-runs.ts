import type { SequenceRun, StartSequenceRequest } from '@trato/contracts/actions';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { ActionRow, SequenceRunsTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { isUniqueViolation, notFound, versionConflict } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { ownerScope } from '../../platform/permissions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { actionTypesById } from './action-types.service.ts';
import { activeUser, endOfDueDate } from './action-values.ts';
import { ACTION_ISSUES, conflictOn, invalid } from './actions.errors.ts';
import * as repo from './actions.repository.ts';
import { recordActionWrite, writeActionChange } from './actions.service.ts';
import {
  findSequence,
  nextStepIndex,
  type SequenceRow,
  type StepRow,
  sequenceSteps,
} from './sequences.service.ts';
import { addDays, addWorkingDays, localDate, safeTimeZone, zonedInstant } from './zoned-time.ts';

// Running a sequence on an entity: starting creates the first step's action; completing a step's action (in
// the same transaction, see completeAction) creates the next one, or ends the run.

type RunRow = Selectable<SequenceRunsTable>;
type Run = z.infer<typeof SequenceRun>;

/** A timed step with no time of day is planned at this local time. */
const DEFAULT_TIME_OF_DAY = '09:00';
const QUARTER_HOUR = 15 * 60_000;

interface Assignee {
  userId: string | null;
  teamId: string | null;
}

/**
 * Who gets a step's action: `same` the previous action's assignee (for the first step, whom the run was
 * started for), `owner` the entity's owner, `user`/`team` the step's own. Someone no longer active is
 * replaced by the person moving the run on.
 */
async function stepAssignee(
  trx: Executor,
  auth: AuthContext,
  step: StepRow,
  previous: Assignee,
  entityOwnerId: string | null,
): Promise<Assignee> {
  let assignee: Assignee;
  switch (step.assignee_rule) {
    case 'owner':
      assignee = { userId: entityOwnerId ?? auth.userId, teamId: null };
      break;
    case 'user':
      assignee = { userId: step.assignee_user_id, teamId: null };
      break;
    case 'team':
      assignee = { userId: null, teamId: step.assignee_team_id };
      break;
    default:
      assignee = previous;
  }
  if (assignee.userId) {
    const user = await activeUser(trx, assignee.userId);
    if (!user?.active) assignee = { userId: auth.userId, teamId: null };
  }
  if (!assignee.userId && !assignee.teamId) assignee = { userId: auth.userId, teamId: null };
  return assignee;
}

/**
 * Creates the action of a step: due `offset_days` (working days skip Saturdays and Sundays) after today in
 * the assignee's time zone, at the step's time of day for timed types. A same-day time already past becomes
 * the next quarter hour, so a new action is not born overdue.
 */
async function createStepAction(
  trx: Executor,
  auth: AuthContext,
  run: RunRow,
  step: StepRow,
  assignee: Assignee,
  now: Date,
): Promise<ActionRow> {
  const type = (await actionTypesById(trx)).get(step.type_id);
  if (!type) throw invalid('type_id', ACTION_ISSUES.unknownType);
  const user = assignee.userId ? await activeUser(trx, assignee.userId) : null;
  const timeZone = safeTimeZone(user?.time_zone ?? auth.timeZone);
  const today = localDate(now, timeZone);
  const day = step.working_days ? addWorkingDays(today, step.offset_days) : addDays(today, step.offset_days);
  let timing: Pick<ActionRow, 'starts_at' | 'ends_at' | 'due_date' | 'due_at'>;
  if (type.timed) {
    let startsAt = zonedInstant(day, step.time_of_day ?? DEFAULT_TIME_OF_DAY, timeZone);
    if (startsAt < now) startsAt = new Date(Math.ceil(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR);
    const endsAt = new Date(startsAt.getTime() + type.default_duration_minutes * 60_000);
    timing = { starts_at: startsAt, ends_at: endsAt, due_date: null, due_at: endsAt };
  } else {
    timing = { starts_at: null, ends_at: null, due_date: day, due_at: endOfDueDate(day, timeZone) };
  }
  const row = await repo.insertAction(trx, {
    id: newId(),
    type_id: type.id,
    subject: step.subject,
    notes: step.notes,
    ...timing,
    assignee_user_id: assignee.userId,
    assignee_team_id: assignee.teamId,
    entity_id: run.entity_id,
    contact_id: run.contact_id,
    sequence_run_id: run.id,
    sequence_step_key: step.key,
    attendees: JSON.stringify([]),
    custom: JSON.stringify({}),
    created_by: auth.userId,
    updated_by: auth.userId,
  });
  await recordActionWrite(trx, {
    type: 'action.created',
    before: null,
    after: row,
    typeKey: type.key,
    actorId: auth.userId,
    extra: { sequence_step_key: step.key },
  });
  return row;
}

async function recordRunEvent(
  trx: Executor,
  auth: AuthContext,
  type: string,
  run: RunRow,
  sequence: SequenceRow,
  changes: Record<string, unknown> = {},
): Promise<void> {
  await recordEvent(trx, {
    type,
    object: 'sequence_run',
    objectId: run.id,
    entityId: run.entity_id,
    actorId: auth.userId,
    changes: { summary: sequence.name, sequence_id: sequence.id, contact_id: run.contact_id, ...changes },
  });
}

export async function startSequence(
  db: Database,
  auth: AuthContext,
  sequenceId: string,
  input: z.output<typeof StartSequenceRequest>,
): Promise<Run> {
  const runId = newId();
  await inTransaction(db, async (trx) => {
    const sequence = await findSequence(trx, sequenceId);
    if (!sequence) throw notFound();
    if (!sequence.active) throw invalid('id', ACTION_ISSUES.sequenceInactive);
    const entity = await requireVisibleEntity(trx, auth, input.entity_id).catch(() => null);
    if (!entity) throw invalid('entity_id', 'unknown_entity');
    if (input.contact_id) {
      const contact = await requireVisibleContact(trx, auth, input.contact_id).catch(() => null);
      if (!contact) throw invalid('contact_id', 'unknown_contact');
      if (contact.entity_id !== entity.id) throw invalid('contact_id', ACTION_ISSUES.contactOfAnotherEntity);
    }
    if (input.assignee_user_id) {
      const user = await activeUser(trx, input.assignee_user_id);
      if (!user) throw invalid('assignee_user_id', 'unknown_user');
      if (!user.active) throw invalid('assignee_user_id', ACTION_ISSUES.inactiveUser);
    }
    const running = await trx
      .selectFrom('sequence_runs')
      .select('id')
      .where('sequence_id', '=', sequenceId)
      .where('entity_id', '=', entity.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (running) throw conflictOn('entity_id', ACTION_ISSUES.sequenceRunning);
    const steps = await sequenceSteps(trx, [sequenceId]);
    const first = steps[0];
    if (!first) throw invalid('id', ACTION_ISSUES.unknownStep);
    const run = await trx
      .insertInto('sequence_runs')
      .values({
        id: runId,
        sequence_id: sequenceId,
        entity_id: entity.id,
        contact_id: input.contact_id ?? null,
        current_step_key: first.key,
        started_by: auth.userId,
        created_by: auth.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRunEvent(trx, auth, 'sequence_run.started', run, sequence, { step: first.key });
    const assignee = await stepAssignee(
      trx,
      auth,
      first,
      { userId: input.assignee_user_id ?? auth.userId, teamId: null },
      entity.owner_id,
    );
    await createStepAction(trx, auth, run, first, assignee, new Date());
  }).catch((error) => {
    if (isUniqueViolation(error, 'sequence_runs_one_active'))
      throw conflictOn('entity_id', ACTION_ISSUES.sequenceRunning);
    throw error;
  });
  return getRun(db, auth, runId);
}

async function endRun(
  trx: Executor,
  auth: AuthContext,
  run: RunRow,
  sequence: SequenceRow,
  status: 'completed' | 'achieved' | 'stopped',
  reason: string | null,
): Promise<void> {
  const ended = await trx
    .updateTable('sequence_runs')
    .set({
      status,
      end_reason: reason,
      ended_at: new Date(),
      version: run.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordRunEvent(trx, auth, `sequence_run.${status}`, ended, sequence, {
    status: [run.status, status],
    ...(reason && { reason }),
  });
}

/**
 * Moves a run on after one of its actions was done, in the completing transaction. Only the action of the
 * run's current step moves it (a reopened and re-done older step changes nothing).
 */
export async function advanceRun(trx: Executor, auth: AuthContext, done: ActionRow): Promise<void> {
  if (!done.sequence_run_id) return;
  const run = await trx
    .selectFrom('sequence_runs')
    .selectAll()
    .where('id', '=', done.sequence_run_id)
    .forUpdate()
    .executeTakeFirst();
  if (run?.status !== 'active' || run.current_step_key !== done.sequence_step_key) return;
  const sequence = await trx
    .selectFrom('sequences')
    .selectAll()
    .where('id', '=', run.sequence_id)
    .executeTakeFirstOrThrow();
  if (done.outcome === 'stop') return endRun(trx, auth, run, sequence, 'stopped', 'stop');
  if (done.outcome && sequence.goal_outcomes.includes(done.outcome))
    return endRun(trx, auth, run, sequence, 'achieved', done.outcome);
  const steps = await sequenceSteps(trx, [run.sequence_id]);
  const index = steps.findIndex((s) => s.key === run.current_step_key);
  const nextIndex = index >= 0 ? nextStepIndex(steps, index) : undefined;
  const next = nextIndex === undefined ? undefined : steps[nextIndex];
  if (!next) return endRun(trx, auth, run, sequence, 'completed', null);
  const moved = await trx
    .updateTable('sequence_runs')
    .set({ current_step_key: next.key, version: run.version + 1, updated_at: new Date() })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordRunEvent(trx, auth, 'sequence_run.advanced', moved, sequence, {
    step: [run.current_step_key, next.key],
  });
  const entity = await trx
    .selectFrom('entities')
    .select('owner_id')
    .where('id', '=', run.entity_id)
    .executeTakeFirst();
  const assignee = await stepAssignee(
    trx,
    auth,
    next,
    { userId: done.assignee_user_id, teamId: done.assignee_team_id },
    entity?.owner_id ?? null,
  );
  await createStepAction(trx, auth, moved, next, assignee, new Date());
}

/** Stops a run by hand; its still-planned actions are cancelled with it. */
export async function stopRun(
  db: Database,
  auth: AuthContext,
  runId: string,
  input: { version: number; reason?: string | null | undefined },
): Promise<Run> {
  await db.transaction().execute(async (trx) => {
    const run = await findVisibleRun(trx, auth, runId, true);
    if (run.version !== input.version) throw versionConflict(run.version);
    if (run.status !== 'active') throw conflictOn('status', ACTION_ISSUES.runNotActive);
    const sequence = await trx
      .selectFrom('sequences')
      .selectAll()
      .where('id', '=', run.sequence_id)
      .executeTakeFirstOrThrow();
    await endRun(trx, auth, run, sequence, 'stopped', input.reason ?? null);
    const planned = await trx
      .selectFrom('actions')
      .innerJoin('action_types as t', 't.id', 'actions.type_id')
      .select(['actions.id', 't.key as type_key'])
      .where('actions.sequence_run_id', '=', runId)
      .where('actions.status', '=', 'planned')
      .where('actions.deleted_at', 'is', null)
      .execute();
    for (const { id, type_key } of planned) {
      const before = (await repo.lockAction(trx, id))!;
      await writeActionChange(trx, {
        before,
        values: {
          status: 'cancelled',
        },
        type: 'action.cancelled',
        typeKey: type_key,
        actorId: auth.userId,
        extra: { reason: input.reason ?? null, sequence_stopped: true },
      });
    }
  });
  return getRun(db, auth, runId);
}

// A run is seen by whoever sees its entity.
function visibleRuns(db: Executor, auth: AuthContext) {
  let query = db
    .selectFrom('sequence_runs')
    .innerJoin('entities as e', 'e.id', 'sequence_runs.entity_id')
    .innerJoin('sequences as s', 's.id', 'sequence_runs.sequence_id')
    .selectAll('sequence_runs')
    .select('s.name as sequence_name')
    .where('e.deleted_at', 'is', null);
  const scope = ownerScope(auth, 'entities', 'e.owner_id');
  if (scope) query = query.where(scope);
  return query;
}

async function findVisibleRun(
  db: Executor,
  auth: AuthContext,
  id: string,
  forUpdate = false,
): Promise<RunRow> {
  let query = visibleRuns(db, auth).where('sequence_runs.id', '=', id);
  if (forUpdate) query = query.forUpdate('sequence_runs');
  const run = await query.executeTakeFirst();
  if (!run) throw notFound();
  return run;
}

async function toRuns(db: Executor, rows: (RunRow & { sequence_name: string })[]): Promise<Run[]> {
  const steps = await sequenceSteps(db, [...new Set(rows.map((r) => r.sequence_id))]);
  return rows.map((row) => {
    const own = steps.filter((s) => s.sequence_id === row.sequence_id);
    const index = own.findIndex((s) => s.key === row.current_step_key);
    return {
      id: row.id,
      sequence_id: row.sequence_id,
      sequence_name: row.sequence_name,
      entity_id: row.entity_id,
      contact_id: row.contact_id,
      status: row.status as Run['status'],
      current_step_key: row.current_step_key,
      current_step_position: index >= 0 ? index + 1 : null,
      step_count: own.length,
      end_reason: row.end_reason,
      started_at: row.started_at.toISOString(),
      ended_at: row.ended_at?.toISOString() ?? null,
      version: row.version,
    };
  });
}

export async function getRun(db: Executor, auth: AuthContext, id: string): Promise<Run> {
  const row = (await visibleRuns(db, auth).where('sequence_runs.id', '=', id).executeTakeFirst()) as
    | (RunRow & { sequence_name: string })
    | undefined;
  if (!row) throw notFound();
  return (await toRuns(db, [row]))[0]!;
}

export const MAX_RUNS = 200;

/** Runs (newest first) of the entities the caller sees, by entity, sequence and status. */
export async function listRuns(
  db: Executor,
  auth: AuthContext,
  filter: { entity_id?: string | undefined; sequence_id?: string | undefined; status?: string | undefined },
): Promise<Run[]> {
  let query = visibleRuns(db, auth);
  if (filter.entity_id) query = query.where('sequence_runs.entity_id', '=', filter.entity_id);
  if (filter.sequence_id) query = query.where('sequence_runs.sequence_id', '=', filter.sequence_id);
  if (filter.status) query = query.where('sequence_runs.status', '=', filter.status);
  const rows = await query
    .orderBy(sql`sequence_runs.started_at desc, sequence_runs.id desc`)
    .limit(MAX_RUNS)
    .execute();
  return toRuns(db, rows as (RunRow & { sequence_name: string })[]);
}
