import { type Insertable, sql, type Updateable } from 'kysely';
import type { UsersTable } from '../../db/schema.ts';
import type { Executor } from '../../platform/events.ts';
import type { UserRecord } from './users.mapper.ts';

const teamIds = sql<string[]>`coalesce((
  select array_agg(tm.team_id::text order by tm.team_id)
  from team_members tm join teams t on t.id = tm.team_id
  where tm.user_id = users.id and t.deleted_at is null
), '{}')`;

// Listed column by column so the password hash never leaves the repository.
function selectUsers(db: Executor) {
  return db
    .selectFrom('users')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role_id',
      'users.locale',
      'users.time_zone',
      'users.active',
      'users.last_login_at',
      'users.version',
      'users.created_at',
      teamIds.as('team_ids'),
    ])
    .where('users.deleted_at', 'is', null);
}

export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return selectUsers(db).orderBy(sql`lower(users.name)`).orderBy('users.id').execute();
}

export async function findUser(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<UserRecord | undefined> {
  let query = selectUsers(db).where('users.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('users');
  return query.executeTakeFirst();
}

/** Whether another user (even one in the bin: the unique index covers them) has this email, in any case. */
export async function isEmailTaken(db: Executor, email: string, exceptUserId?: string): Promise<boolean> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (exceptUserId) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The ones among `ids` that name a user not in the bin. */
export async function findLiveUserIds(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertUser(db: Executor, values: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(values).execute();
}

export async function updateUser(db: Executor, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function softDeleteUser(db: Executor, id: string, version: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ active: false, deleted_at: new Date(), updated_at: new Date(), version })
    .where('id', '=', id)
    .execute();
}

/** Makes the user a member of exactly `teamIds`. */
export async function replaceUserTeams(db: Executor, userId: string, teamIds: readonly string[]) {
  let removal = db.deleteFrom('team_members').where('user_id', '=', userId);
  if (teamIds.length > 0) removal = removal.where('team_id', 'not in', [...teamIds]);
  await removal.execute();
  if (teamIds.length === 0) return;
  await db
    .insertInto('team_members')
    .values(teamIds.map((teamId) => ({ team_id: teamId, user_id: userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Signs the user out everywhere, except (optionally) the session making the request. */
export async function deleteSessionsOfUser(db: Executor, userId: string, keepSessionId?: string | null) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

export async function countUsersWithRole(db: Executor, roleId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role_id', '=', roleId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Active users, not in the bin, whose role lets them configure Trato. */
export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .where('roles.deleted_at', 'is', null)
    .where(sql<boolean>`roles.permissions -> 'configure' = 'true'::jsonb`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
