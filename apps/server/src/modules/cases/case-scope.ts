import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AuthContext } from '../../platform/auth.ts';
import { scopeOf } from '../../platform/permissions.ts';

/**
 * Who sees a case, as a SQL condition on the `cases` table (null = everyone). The owner and the members of
 * the case's team always see it; beyond that the role's scope on `cases` applies: team → cases owned by a
 * member of the user's teams, all → every case. Every list, board, report and get applies it in the query.
 */
export function visibleCases(auth: AuthContext, alias = 'cases'): RawBuilder<SqlBool> | null {
  const c = (column: string) => sql.ref(`${alias}.${column}`);
  const teams = sql`${auth.teamIds}::uuid[]`;
  const involved = sql<SqlBool>`(${c('owner_id')} = ${auth.userId} or ${c('team_id')} = any(${teams}))`;
  switch (scopeOf(auth, 'cases')) {
    case 'all':
      return null;
    case 'team':
      if (auth.teamIds.length === 0) return involved;
      return sql<SqlBool>`(${involved} or ${c('owner_id')} in (select tm.user_id from team_members tm where tm.team_id = any(${teams})))`;
    default:
      return involved;
  }
}
