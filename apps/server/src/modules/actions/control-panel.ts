import type { ControlPanel } from '@trato/contracts/actions';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { scopeOf } from '../../platform/permissions.ts';
import { getTeam } from '../teams/teams.service.ts';
import { toAction } from './actions.mapper.ts';
import * as repo from './actions.repository.ts';
import { addDays, localDate, safeTimeZone, startOfDay } from './zoned-time.ts';

// The control panel (the first screen): planned actions that are overdue, due today and upcoming, with
// counts, for the user (and their teams' unclaimed work) or, for whoever sees their teams' actions, a team.

type Panel = z.infer<typeof ControlPanel>;

const uuidArray = (ids: readonly string[]) => sql`${[...ids]}::uuid[]`;

/** Actions that are the user's: assigned to them, or to one of their teams and not yet taken by anyone. */
export function mineCondition(userId: string, teamIds: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(actions.assignee_user_id = ${userId} or (actions.assignee_user_id is null and actions.assignee_team_id = any(${uuidArray(teamIds)})))`;
}

/**
 * Actions of these teams and of their members. The members come as an array (`= any(array(…))`, evaluated once)
 * rather than `in (select …)`, so that both sides of the `or` can use the assignee indexes.
 */
export function teamCondition(teamIds: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(actions.assignee_team_id = any(${uuidArray(teamIds)}) or actions.assignee_user_id = any(array(select tm.user_id from team_members tm where tm.team_id = any(${uuidArray(teamIds)}))))`;
}

/**
 * Whose actions a panel or agenda shows. `scope=team` and `user_id` need a role that sees its teams' actions
 * (team or all scope); without `all`, only the user's own teams and their members.
 */
export async function whoseActions(
  db: Database,
  auth: AuthContext,
  query: {
    scope?: 'mine' | 'team' | undefined;
    user_id?: string | string[] | undefined;
    team_id?: string | undefined;
  },
): Promise<RawBuilder<SqlBool>> {
  const scope = scopeOf(auth, 'actions');
  const seesAll = scope === 'all';
  const userIds =
    query.user_id === undefined ? [] : Array.isArray(query.user_id) ? query.user_id : [query.user_id];
  const others = userIds.filter((id) => id !== auth.userId);
  if ((query.scope === 'team' || query.team_id || others.length > 0) && scope === 'own')
    throw new AppError('forbidden', { params: { object: 'actions', action: 'read' } });

  const conditions: RawBuilder<SqlBool>[] = [];
  if (query.team_id) {
    if (!seesAll && !auth.teamIds.includes(query.team_id))
      throw new AppError('validation_failed', { issues: [{ field: 'team_id', code: 'not_team_member' }] });
    const team = await getTeam(db, query.team_id).catch(() => null);
    if (!team)
      throw new AppError('validation_failed', { issues: [{ field: 'team_id', code: 'unknown_team' }] });
    conditions.push(teamCondition([query.team_id]));
  }
  if (userIds.length > 0) {
    if (!seesAll && others.length > 0) {
      const mates = new Set<string>();
      for (const teamId of auth.teamIds) for (const m of (await getTeam(db, teamId)).member_ids) mates.add(m);
      userIds.forEach((id, i) => {
        if (id !== auth.userId && !mates.has(id))
          throw new AppError('validation_failed', {
            issues: [
              { field: Array.isArray(query.user_id) ? `user_id.${i}` : 'user_id', code: 'not_team_member' },
            ],
          });
      });
    }
    conditions.push(sql<SqlBool>`actions.assignee_user_id = any(${uuidArray(userIds)})`);
  }
  if (conditions.length > 0) return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
  if (query.scope === 'team') return teamCondition(auth.teamIds);
  return mineCondition(auth.userId, auth.teamIds);
}

/** Day boundaries in the caller's time zone; `now` can be given for a consistent reading. */
export function panelBuckets(timeZone: string, now: Date) {
  const today = localDate(now, timeZone);
  const todayStart = startOfDay(today, timeZone);
  const tomorrowStart = startOfDay(addDays(today, 1), timeZone);
  const n = sql`${now.toISOString()}::timestamptz`;
  const t0 = sql`${todayStart.toISOString()}::timestamptz`;
  const t1 = sql`${tomorrowStart.toISOString()}::timestamptz`;
  const planned = sql<SqlBool>`actions.status = 'planned'`;
  // Today: not overdue, and starting before tomorrow (timed) or due today or before (untimed).
  const isToday = sql<SqlBool>`(actions.due_at >= ${n} and ((actions.starts_at is not null and actions.starts_at < ${t1}) or (actions.starts_at is null and actions.due_date <= ${today}::date)))`;
  return {
    overdue: sql<SqlBool>`(${planned} and actions.due_at < ${n})`,
    today: sql<SqlBool>`(${planned} and ${isToday})`,
    upcoming: sql<SqlBool>`(${planned} and actions.due_at >= ${n} and not ${isToday})`,
    done_today: sql<SqlBool>`(actions.status = 'done' and actions.completed_at >= ${t0} and actions.completed_at < ${t1})`,
  };
}

export async function controlPanel(
  db: Database,
  auth: AuthContext,
  query: {
    scope?: 'mine' | 'team' | undefined;
    user_id?: string | undefined;
    team_id?: string | undefined;
    limit: number;
  },
): Promise<Panel> {
  const now = new Date();
  const timeZone = safeTimeZone(auth.timeZone);
  const whose = await whoseActions(db, auth, query);
  const buckets = panelBuckets(timeZone, now);
  // Open actions and today's done ones are counted apart: each count then reads only its own rows through its
  // index (planned; completed_at) instead of the user's whole history.
  const { done_today, ...open } = buckets;
  const counts = {
    ...(await repo.countActions(db, auth, [whose, sql<SqlBool>`actions.status = 'planned'`], open)),
    ...(await repo.countActions(db, auth, [whose, done_today], { done_today: sql<SqlBool>`true` })),
  };
  const items = async (condition: RawBuilder<SqlBool>, order: RawBuilder<unknown>) =>
    (await repo.findActions(db, auth, [whose, condition], { limit: query.limit, order })).map((r) =>
      toAction(r, now),
    );
  const byDue = sql`actions.due_at, actions.id`;
  return {
    time_zone: timeZone,
    counts,
    overdue: await items(buckets.overdue, byDue),
    today: await items(buckets.today, sql`coalesce(actions.starts_at, actions.due_at), actions.id`),
    upcoming: await items(buckets.upcoming, byDue),
  };
}
