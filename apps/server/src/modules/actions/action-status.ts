import type { Action } from '@trato/contracts/actions';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { versionConflict } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { recordCaseFirstResponse } from '../cases/cases.service.ts';
import { activeKeys } from '../pick-lists/pick-lists.service.ts';
import { getActionSettings } from './action-settings.ts';
import { actionTimeZone, endOfDueDate } from './action-values.ts';
import { ACTION_ISSUES, actionClosed, conflictOn, invalid } from './actions.errors.ts';
import type { ActionRowWithRefs } from './actions.mapper.ts';
import * as repo from './actions.repository.ts';
import { requireVisibleAction, writeActionChange, writtenAction } from './actions.service.ts';
import { advanceRun } from './sequence-runs.ts';

// The life of an action after it is planned: done (with an outcome), cancelled, reopened, and a team action
// taken by one of the team's members.

async function lockForChange(trx: Executor, auth: AuthContext, id: string, version: number) {
  const current = await requireVisibleAction(trx, auth, id, { forUpdate: true });
  if (current.version !== version) throw versionConflict(current.version);
  const before = (await repo.lockAction(trx, id))!;
  return { current, before };
}

async function checkOutcome(trx: Executor, outcome: string | null | undefined): Promise<void> {
  if (outcome && !(await activeKeys(trx)).get('action_outcomes')?.has(outcome))
    throw invalid('outcome', 'invalid_option');
}

const requirePlanned = (current: ActionRowWithRefs) => {
  if (current.status !== 'planned') throw conflictOn('status', ACTION_ISSUES.notPlanned);
};

/**
 * Marks a planned action done. When it belongs to a sequence run, the run moves on in the same transaction:
 * outcome `stop` stops it, one of the sequence's goal outcomes achieves it, otherwise the next step's action
 * is created (or the run completes when there is none).
 */
export async function completeAction(
  db: Database,
  auth: AuthContext,
  id: string,
  input: { version: number; outcome?: string | null | undefined; outcome_notes?: string | null | undefined },
): Promise<Action> {
  await db.transaction().execute(async (trx) => {
    const { current, before } = await lockForChange(trx, auth, id, input.version);
    requirePlanned(current);
    await checkOutcome(trx, input.outcome);
    const after = await writeActionChange(trx, {
      before,
      values: {
        status: 'done',
        outcome: input.outcome ?? null,
        outcome_notes: input.outcome_notes ?? null,
        completed_at: new Date(),
        completed_by: auth.userId,
      },
      type: 'action.completed',
      typeKey: current.type_key,
      actorId: auth.userId,
    });
    if (after.case_id) await recordCaseFirstResponse(trx, after.case_id, after.completed_at ?? new Date());
    if (after.sequence_run_id) await advanceRun(trx, auth, after);
  });
  return writtenAction(db, id);
}

/** Cancels a planned action. An action of a sequence run does not advance the run: it stays on that step. */
export async function cancelAction(
  db: Database,
  auth: AuthContext,
  id: string,
  input: { version: number; reason?: string | null | undefined },
): Promise<Action> {
  await db.transaction().execute(async (trx) => {
    const { current, before } = await lockForChange(trx, auth, id, input.version);
    requirePlanned(current);
    await writeActionChange(trx, {
      before,
      values: {
        status: 'cancelled',
        ...(input.reason && { outcome_notes: input.reason }),
      },
      type: 'action.cancelled',
      typeKey: current.type_key,
      actorId: auth.userId,
      extra: input.reason ? { reason: input.reason } : {},
    });
  });
  return writtenAction(db, id);
}

/** Whoever closed an action may undo that for a while, whatever the closed-edit setting says. */
const UNDO_WINDOW_MS = 15 * 60_000;
const justClosedBy = (action: { updated_by: string | null; updated_at: Date }, userId: string) =>
  action.updated_by === userId && Date.now() - action.updated_at.getTime() < UNDO_WINDOW_MS;

/**
 * Back to planned. A closed action is read-only, so this follows the same rule as editing one: allowed when
 * the admin allows editing closed actions, always to an admin, and to whoever closed it within 15 minutes. A sequence run that already moved on stays
 * where it is.
 */
export async function reopenAction(
  db: Database,
  auth: AuthContext,
  id: string,
  input: { version: number },
): Promise<Action> {
  await db.transaction().execute(async (trx) => {
    const { current, before } = await lockForChange(trx, auth, id, input.version);
    if (current.status === 'planned') throw conflictOn('status', ACTION_ISSUES.notClosed);
    if (
      !auth.permissions.configure &&
      !justClosedBy(current, auth.userId) &&
      !(await getActionSettings(trx)).allow_editing_closed_actions
    )
      throw actionClosed();
    await writeActionChange(trx, {
      before,
      values: {
        status: 'planned',
        outcome: null,
        outcome_notes: null,
        completed_at: null,
        completed_by: null,
      },
      type: 'action.reopened',
      typeKey: current.type_key,
      actorId: auth.userId,
    });
  });
  return writtenAction(db, id);
}

/** A member of the assignee team takes a team action: it becomes theirs, and stays the team's. */
export async function takeAction(
  db: Database,
  auth: AuthContext,
  id: string,
  input: { version: number },
): Promise<Action> {
  await db.transaction().execute(async (trx) => {
    const { current, before } = await lockForChange(trx, auth, id, input.version);
    requirePlanned(current);
    if (!current.assignee_team_id) throw conflictOn('assignee_team_id', ACTION_ISSUES.notTeamAction);
    if (!auth.teamIds.includes(current.assignee_team_id))
      throw invalid('assignee_team_id', ACTION_ISSUES.notTeamMember);
    if (current.assignee_user_id === auth.userId) return;
    if (current.assignee_user_id) throw conflictOn('assignee_user_id', ACTION_ISSUES.alreadyTaken);
    const timeZone = await actionTimeZone(trx, auth.userId, auth.timeZone);
    await writeActionChange(trx, {
      before,
      values: {
        assignee_user_id: auth.userId,
        ...(before.due_date && !before.starts_at && { due_at: endOfDueDate(before.due_date, timeZone) }),
      },
      type: 'action.updated',
      typeKey: current.type_key,
      actorId: auth.userId,
      extra: { taken: true },
    });
  });
  return writtenAction(db, id);
}
