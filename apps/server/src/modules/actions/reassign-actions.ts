import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector } from '../../platform/errors.ts';
import { getActionSettings } from './action-settings.ts';
import { actionTimeZone, checkAssignee, endOfDueDate } from './action-values.ts';
import { ACTION_ISSUES } from './actions.errors.ts';
import type { ActionRowWithRefs } from './actions.mapper.ts';
import * as repo from './actions.repository.ts';
import { recordActionWrites } from './actions.service.ts';

/**
 * Gives many actions to another user or team in one transaction. Every action is checked first (visible,
 * still open unless closed ones may be edited); if any fails, nothing is written and each failure is named
 * (`ids.N`). The reason is kept in each action's `action.reassigned` event, on the timeline.
 */
export async function reassignActions(
  db: Database,
  auth: AuthContext,
  input: {
    ids: string[];
    assignee_user_id?: string | null | undefined;
    assignee_team_id?: string | null | undefined;
    reason?: string | null | undefined;
  },
): Promise<{ updated: number }> {
  const userId = input.assignee_user_id ?? null;
  const teamId = input.assignee_team_id ?? null;
  return db.transaction().execute(async (trx) => {
    const issues = new IssueCollector();
    await checkAssignee(trx, auth, { userId, teamId }, issues);
    issues.throwIfAny();
    const allowClosed = (await getActionSettings(trx)).allow_editing_closed_actions;
    const timeZone = await actionTimeZone(trx, userId, auth.timeZone);

    // One statement reads and locks them all, in id order (two bulk reassigns running at once cannot deadlock).
    const found = new Map(
      (await repo.findVisibleActions(trx, auth, input.ids, { forUpdate: true })).map((row) => [row.id, row]),
    );
    const seen = new Set<string>();
    const targets: ActionRowWithRefs[] = [];
    input.ids.forEach((id, index) => {
      if (seen.has(id)) return;
      seen.add(id);
      const row = found.get(id);
      if (!row) issues.add(`ids.${index}`, 'not_found');
      else if (row.status !== 'planned' && !allowClosed) issues.add(`ids.${index}`, ACTION_ISSUES.closed);
      else if (row.assignee_user_id !== userId || row.assignee_team_id !== teamId) targets.push(row);
    });
    issues.throwIfAny();
    targets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const after = new Map(
      (
        await repo.reassignActionRows(
          trx,
          targets.map((row) => ({
            id: row.id,
            // An untimed action falls due at the end of its day in the new assignee's time zone.
            due_at: row.due_date && !row.starts_at ? endOfDueDate(row.due_date, timeZone) : row.due_at,
          })),
          {
            assignee_user_id: userId,
            assignee_team_id: teamId,
            updated_at: new Date(),
            updated_by: auth.userId,
          },
        )
      ).map((row) => [row.id, row]),
    );
    await recordActionWrites(
      trx,
      targets.map((before) => ({
        type: 'action.reassigned',
        before,
        after: after.get(before.id)!,
        typeKey: before.type_key,
        actorId: auth.userId,
        extra: { reason: input.reason ?? null },
      })),
    );
    return { updated: targets.length };
  });
}
