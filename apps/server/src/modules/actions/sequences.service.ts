import type {
  CreateSequenceRequest,
  Sequence,
  SequenceStep,
  UpdateSequenceRequest,
} from '@trato/contracts/actions';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { SequenceStepsTable, SequencesTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { activeKeys } from '../pick-lists/pick-lists.service.ts';
import { getTeam } from '../teams/teams.service.ts';
import { actionTypesById } from './action-types.service.ts';
import { activeUser } from './action-values.ts';
import { ACTION_ISSUES, conflictOn } from './actions.errors.ts';

// Sequences (flows): ordered steps; completing a step's action creates the next one (see sequence-runs.ts).

export type SequenceRow = Selectable<SequencesTable>;
export type StepRow = Selectable<SequenceStepsTable>;
type StepInput = z.output<typeof SequenceStep>;

export function toSequence(row: SequenceRow, steps: StepRow[]): z.infer<typeof Sequence> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    goal_outcomes: row.goal_outcomes,
    active: row.active,
    steps: steps.map((s) => ({
      key: s.key,
      type_id: s.type_id,
      subject: s.subject,
      notes: s.notes,
      offset_days: s.offset_days,
      working_days: s.working_days,
      time_of_day: s.time_of_day,
      assignee_rule: s.assignee_rule as StepInput['assignee_rule'],
      assignee_user_id: s.assignee_user_id,
      assignee_team_id: s.assignee_team_id,
      next_key: s.next_key,
    })),
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function findSequence(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SequenceRow | undefined> {
  let query = db.selectFrom('sequences').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function sequenceSteps(db: Executor, sequenceIds: readonly string[]): Promise<StepRow[]> {
  if (sequenceIds.length === 0) return [];
  return db
    .selectFrom('sequence_steps')
    .selectAll()
    .where('sequence_id', 'in', [...sequenceIds])
    .orderBy('sequence_id')
    .orderBy('position')
    .execute();
}

export async function listSequences(db: Executor): Promise<z.infer<typeof Sequence>[]> {
  const rows = await db
    .selectFrom('sequences')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const steps = await sequenceSteps(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    toSequence(
      r,
      steps.filter((s) => s.sequence_id === r.id),
    ),
  );
}

export async function getSequence(db: Executor, id: string): Promise<z.infer<typeof Sequence>> {
  const row = await findSequence(db, id);
  if (!row) throw notFound();
  return toSequence(row, await sequenceSteps(db, [id]));
}

/** The step after `index`: the one its next_key names, else the next in the list; undefined at the end. */
export function nextStepIndex(
  steps: readonly { key: string; next_key?: string | null | undefined }[],
  index: number,
): number | undefined {
  const step = steps[index];
  if (!step) return undefined;
  if (step.next_key) {
    const target = steps.findIndex((s) => s.key === step.next_key);
    return target >= 0 ? target : undefined;
  }
  return index + 1 < steps.length ? index + 1 : undefined;
}

/**
 * Finds the steps whose pointer closes a loop: following next pointers from any step must end. A loop is
 * named on the step whose next_key leads back (`steps.N.next_key`).
 */
export function findLoops(steps: readonly { key: string; next_key?: string | null | undefined }[]): number[] {
  const culprits: number[] = [];
  const checked = new Set<number>();
  // From the first step, then from any step not met yet; a path joining one already checked is fine.
  for (let start = 0; start < steps.length; start++) {
    const path = new Set<number>();
    let current: number | undefined = start;
    while (current !== undefined && !checked.has(current)) {
      path.add(current);
      const next = nextStepIndex(steps, current);
      if (next !== undefined && path.has(next)) {
        culprits.push(current);
        break;
      }
      current = next;
    }
    for (const i of path) checked.add(i);
  }
  return culprits.sort((a, b) => a - b);
}

/** Everything about a sequence's steps and goals that its shape cannot say; every problem named. */
async function checkSequence(
  trx: Executor,
  input: { steps?: StepInput[] | undefined; goal_outcomes?: string[] | undefined },
): Promise<void> {
  const issues = new IssueCollector();
  if (input.goal_outcomes) {
    const outcomes = (await activeKeys(trx)).get('action_outcomes') ?? new Set();
    input.goal_outcomes.forEach((o, i) => {
      if (!outcomes.has(o)) issues.add(`goal_outcomes.${i}`, 'invalid_option');
    });
  }
  const steps = input.steps;
  if (steps) {
    const types = await actionTypesById(trx);
    const keys = new Set<string>();
    let keysOk = true;
    for (const [i, step] of steps.entries()) {
      const at = `steps.${i}`;
      if (keys.has(step.key)) {
        issues.add(`${at}.key`, 'key_taken');
        keysOk = false;
      }
      keys.add(step.key);
      const type = types.get(step.type_id);
      if (!type?.active) issues.add(`${at}.type_id`, ACTION_ISSUES.unknownType);
      if (step.assignee_rule === 'user') {
        if (!step.assignee_user_id) issues.add(`${at}.assignee_user_id`, 'required');
        else {
          const user = await activeUser(trx, step.assignee_user_id);
          if (!user) issues.add(`${at}.assignee_user_id`, 'unknown_user');
          else if (!user.active) issues.add(`${at}.assignee_user_id`, ACTION_ISSUES.inactiveUser);
        }
      }
      if (step.assignee_rule === 'team') {
        if (!step.assignee_team_id) issues.add(`${at}.assignee_team_id`, 'required');
        else if (!(await getTeam(trx, step.assignee_team_id).catch(() => null)))
          issues.add(`${at}.assignee_team_id`, 'unknown_team');
      }
    }
    for (const [i, step] of steps.entries())
      if (step.next_key && !keys.has(step.next_key)) {
        issues.add(`steps.${i}.next_key`, ACTION_ISSUES.unknownStep);
        keysOk = false;
      }
    if (keysOk)
      for (const i of findLoops(steps)) issues.add(`steps.${i}.next_key`, ACTION_ISSUES.sequenceLoop);
  }
  issues.throwIfAny();
}

async function writeSteps(trx: Executor, sequenceId: string, steps: StepInput[]): Promise<void> {
  await trx.deleteFrom('sequence_steps').where('sequence_id', '=', sequenceId).execute();
  await trx
    .insertInto('sequence_steps')
    .values(
      steps.map((s, position) => ({
        id: newId(),
        sequence_id: sequenceId,
        key: s.key,
        position,
        type_id: s.type_id,
        subject: s.subject,
        notes: s.notes ?? null,
        offset_days: s.offset_days,
        working_days: s.working_days ?? false,
        time_of_day: s.time_of_day ?? null,
        assignee_rule: s.assignee_rule,
        // Only the rule that uses an id keeps it.
        assignee_user_id: s.assignee_rule === 'user' ? (s.assignee_user_id ?? null) : null,
        assignee_team_id: s.assignee_rule === 'team' ? (s.assignee_team_id ?? null) : null,
        next_key: s.next_key ?? null,
      })),
    )
    .execute();
}

export async function createSequence(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateSequenceRequest>,
): Promise<z.infer<typeof Sequence>> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await checkSequence(trx, input);
    await trx
      .insertInto('sequences')
      .values({
        id,
        name: input.name,
        description: input.description ?? null,
        goal_outcomes: input.goal_outcomes ?? [],
        created_by: auth.userId,
      })
      .execute();
    await writeSteps(trx, id, input.steps);
    await recordEvent(trx, {
      type: 'sequence.created',
      object: 'sequence',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { summary: input.name, steps: input.steps.map((s) => s.key) },
    });
  });
  return getSequence(db, id);
}

/** Steps may change while runs are active: a run whose current step is gone completes when it is done. */
export async function updateSequence(
  db: Database,
  auth: AuthContext,
  id: string,
  input: z.output<typeof UpdateSequenceRequest>,
): Promise<z.infer<typeof Sequence>> {
  await db.transaction().execute(async (trx) => {
    const current = await findSequence(trx, id, { forUpdate: true });
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    await checkSequence(trx, input);
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.goal_outcomes !== undefined && { goal_outcomes: input.goal_outcomes }),
      ...(input.active !== undefined && { active: input.active }),
    };
    await trx
      .updateTable('sequences')
      .set({ ...patch, version: current.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (input.steps) await writeSteps(trx, id, input.steps);
    await recordEvent(trx, {
      type: 'sequence.updated',
      object: 'sequence',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: {
        summary: input.name ?? current.name,
        ...diffChanges(current, patch, ['name', 'description', 'goal_outcomes', 'active']),
        ...(input.steps && { steps: input.steps.map((s) => s.key) }),
      },
    });
  });
  return getSequence(db, id);
}

/** Soft delete; refused (409 in_use) while a run is active: deactivate it instead, or stop its runs first. */
export async function deleteSequence(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await findSequence(trx, id, { forUpdate: true });
    if (!current) throw notFound();
    const active = await trx
      .selectFrom('sequence_runs')
      .select('id')
      .where('sequence_id', '=', id)
      .where('status', '=', 'active')
      .limit(1)
      .executeTakeFirst();
    if (active) throw conflictOn('id', ACTION_ISSUES.inUse);
    await trx
      .updateTable('sequences')
      .set({ deleted_at: new Date(), active: false, version: current.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'sequence.deleted',
      object: 'sequence',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { summary: current.name },
    });
  });
}
