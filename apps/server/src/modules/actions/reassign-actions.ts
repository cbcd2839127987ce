import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector } from '../../platform/errors.ts';
import { getActionSettings } from './action-settings.ts';
import { actionTimeZone, checkAssignee, endOfDueDate } from './action-values.ts';
import { ACTION_ISSUES } from './actions.errors.ts';
import * as repo from './actions.repository.ts';
import { recordActionWrite } from './actions.service.ts';

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

    const seen = new Set<string>();
    const targets: { index: number; row: Awaited<ReturnType<typeof repo.findVisibleAction>> }[] = [];
    // Rows are locked in id order, so two bulk reassigns running at once cannot deadlock.
    const byId = [...input.ids.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [index, id] of byId) {
      if (seen.has(id)) continue;
      seen.add(id);
      const row = await repo.findVisibleAction(trx, auth, id, { forUpdate: true });
      if (!row) issues.add(`ids.${index}`, 'not_found');
      else if (row.status !== 'planned' && !allowClosed) issues.add(`ids.${index}`, ACTION_ISSUES.closed);
      else targets.push({ index, row });
    }
    issues.issues.sort((x, y) => Number(x.field.slice(4)) - Number(y.field.slice(4)));
    issues.throwIfAny();

    let updated = 0;
    for (const { row } of targets) {
      if (!row || (row.assignee_user_id === userId && row.assignee_team_id === teamId)) continue;
      const before = (await repo.lockAction(trx, row.id))!;
      const after = await repo.updateActionRow(trx, row.id, {
        assignee_user_id: userId,
        assignee_team_id: teamId,
        // An untimed action falls due at the end of its day in the new assignee's time zone.
        ...(before.due_date && !before.starts_at && { due_at: endOfDueDate(before.due_date, timeZone) }),
        version: before.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      });
      await recordActionWrite(trx, {
        type: 'action.reassigned',
        before,
        after,
        typeKey: row.type_key,
        actorId: auth.userId,
        extra: { reason: input.reason ?? null },
      });
      updated++;
    }
    return { updated };
  });
}
