import { type Insertable, sql, type Updateable } from 'kysely';
import type { TeamsTable } from '../../db/schema.ts';
import type { Executor } from '../../platform/events.ts';
import type { TeamRecord } from './teams.mapper.ts';

// Members in the bin are not shown; their memberships stay, so restoring a user restores them too.
const memberIds = sql<string[]>`coalesce((
  select array_agg(tm.user_id::text order by tm.user_id)
  from team_members tm join users u on u.id = tm.user_id
  where tm.team_id = teams.id and u.deleted_at is null
), '{}')`;

function selectTeams(db: Executor) {
  return db
    .selectFrom('teams')
    .select(['teams.id', 'teams.name', 'teams.version', memberIds.as('member_ids')])
    .where('teams.deleted_at', 'is', null);
}

export async function listTeams(db: Executor): Promise<TeamRecord[]> {
  return selectTeams(db).orderBy(sql`lower(teams.name)`).orderBy('teams.id').execute();
}

export async function findTeam(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TeamRecord | undefined> {
  let query = selectTeams(db).where('teams.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('teams');
  return query.executeTakeFirst();
}

/** The ones among `ids` that name a team not in the bin. */
export async function findLiveTeamIds(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('teams')
    .select('id')
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertTeam(db: Executor, values: Insertable<TeamsTable>): Promise<void> {
  await db.insertInto('teams').values(values).execute();
}

export async function updateTeam(db: Executor, id: string, patch: Updateable<TeamsTable>): Promise<void> {
  await db.updateTable('teams').set(patch).where('id', '=', id).execute();
}

/** Makes the team's members exactly `userIds` (members in the bin are left as they are). */
export async function replaceTeamMembers(db: Executor, teamId: string, userIds: readonly string[]) {
  let removal = db
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('deleted_at', 'is', null));
  if (userIds.length > 0) removal = removal.where('user_id', 'not in', [...userIds]);
  await removal.execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('team_members')
    .values(userIds.map((userId) => ({ team_id: teamId, user_id: userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A deleted team grants no record scope: sessions read memberships without looking at the bin. */
export async function removeAllTeamMembers(db: Executor, teamId: string): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
}

export async function softDeleteTeam(db: Executor, id: string, version: number): Promise<void> {
  await db
    .updateTable('teams')
    .set({ deleted_at: new Date(), updated_at: new Date(), version })
    .where('id', '=', id)
    .execute();
}
