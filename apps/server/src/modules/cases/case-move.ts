import type { MoveCaseRequest, MoveCaseResponse } from '@trato/contracts/cases';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, IssueCollector } from '../../platform/errors.ts';
import { recordEvent } from '../../platform/events.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { insertActionIn } from '../actions/actions.service.ts';
import { checkTargetStatus, fixesProbability, isFinal } from './case-values.ts';
import { CASE_ISSUES } from './cases.errors.ts';
import * as repo from './cases.repository.ts';
import { caseEventChanges, lockCaseForChange, writtenCase } from './cases.service.ts';

type MoveInput = z.output<typeof MoveCaseRequest>;
type MoveAnswer = z.infer<typeof MoveCaseResponse>;

/**
 * Moves a case to another live status of its type (the board's drag), in one transaction: the case (closed_at
 * set when it enters a won, lost or closed status and cleared when it goes back to an open one; a won or lost
 * status drops the probability override), its status history (the current stay ends, a new one starts), the
 * next action when one is sent (required by a `require` status while the case has no planned action) and the
 * `case.status_changed` event.
 */
export async function moveCase(
  db: Database,
  auth: AuthContext,
  id: string,
  input: MoveInput,
): Promise<MoveAnswer> {
  const { target, createdActionId } = await inTransaction(db, async (trx) => {
    const current = await lockCaseForChange(trx, auth, id, input.version);
    const issues = new IssueCollector();
    const found = await repo.findStatus(trx, input.status_id);
    if (!checkTargetStatus(found, current.type_id, issues)) issues.throwIfAny();
    const target = found!;
    if (target.id === current.status_id && !input.next_action) return { target, createdActionId: null };

    if (
      target.next_action === 'require' &&
      target.id !== current.status_id &&
      !input.next_action &&
      !(await repo.hasPlannedAction(trx, id))
    )
      throw new AppError('validation_failed', {
        issues: [{ field: 'next_action', code: CASE_ISSUES.nextActionRequired }],
      });

    let createdActionId: string | null = null;
    if (input.next_action) {
      const next = input.next_action;
      const action = await insertActionIn(trx, auth, {
        type_id: next.type_id,
        subject: next.subject,
        starts_at: next.starts_at,
        due_date: next.due_date,
        notes: next.notes,
        // The case's owner takes it unless told otherwise (or whoever moves it, for a case with no owner).
        assignee_user_id:
          next.assignee_user_id !== undefined || next.assignee_team_id
            ? next.assignee_user_id
            : (current.owner_id ?? auth.userId),
        assignee_team_id: next.assignee_team_id,
        entity_id: current.entity_id,
        contact_id: current.contact_id,
        case_id: current.id,
      }).catch((error: unknown) => {
        // The action's own problems name its fields under next_action.
        if (error instanceof AppError && error.code === 'validation_failed')
          throw new AppError('validation_failed', {
            issues: error.issues.map((i) => ({ ...i, field: `next_action.${i.field}` })),
          });
        throw error;
      });
      createdActionId = action.id;
    }
    if (target.id === current.status_id) return { target, createdActionId };

    const now = new Date();
    const after = await repo.updateCaseRow(trx, id, {
      status_id: target.id,
      status_changed_at: now,
      closed_at: isFinal(target) ? now : null,
      ...(fixesProbability(target) && { probability: null }),
      // Leaving the first status is the first response, when nothing answered the case before.
      first_response_at: current.first_response_at ?? now,
      version: current.version + 1,
      updated_at: now,
      updated_by: auth.userId,
    });
    await repo.closeStay(trx, id, now);
    await repo.insertStay(trx, {
      case_id: id,
      status_id: target.id,
      entered_at: now,
      entered_by: auth.userId,
    });
    await recordEvent(trx, {
      type: 'case.status_changed',
      object: 'case',
      objectId: id,
      entityId: after.entity_id,
      actorId: auth.userId,
      changes: caseEventChanges(current, after, {
        ...(createdActionId && { next_action_id: createdActionId }),
      }),
    });
    return { target, createdActionId };
  });
  return {
    case: await writtenCase(db, auth, id),
    next_action: {
      rule: target.next_action,
      type_id: target.next_action_type_id,
      created_action_id: createdActionId,
    },
  };
}
