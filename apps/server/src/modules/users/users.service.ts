import type { CreateUserRequest, UpdateUserRequest, User } from '@trato/contracts/users';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { type AuthContext, hashPassword } from '../../platform/auth.ts';
import {
  AppError,
  IssueCollector,
  isUniqueViolation,
  notFound,
  validationFailed,
  versionConflict,
} from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { isTimeZone } from '../auth/auth.service.ts';
import { findRole, lockAdminRoles } from '../roles/roles.service.ts';
import { existingTeamIds } from '../teams/teams.service.ts';
import { toUser } from './users.mapper.ts';
import * as repo from './users.repository.ts';

const TRACKED = ['email', 'name', 'role_id', 'locale', 'time_zone', 'active', 'team_ids'] as const;

export async function listUsers(db: Database): Promise<User[]> {
  return (await repo.listUsers(db)).map(toUser);
}

export async function getUser(db: Executor, userId: string): Promise<User> {
  const row = await repo.findUser(db, userId);
  if (!row) throw notFound();
  return toUser(row);
}

/** The ones among `ids` that name a user not in the bin; for other modules checking user ids they were given. */
/** Ids of every user not deleted: what a `user` custom field or an owner may point to. */
export async function liveUserIds(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('users').select('id').where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

export async function existingUserIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  return new Set(await repo.findLiveUserIds(db, ids));
}

/** Users (active or not, not in the bin) who have this role. */
export async function countUsersWithRole(db: Executor, roleId: string): Promise<number> {
  return repo.countUsersWithRole(db, roleId);
}

/**
 * Refuses (422 last_admin on `field`) a change that leaves no active user able to configure Trato. Call it
 * after the change, inside its transaction, having taken lockAdminRoles first.
 */
export async function assertAnAdminRemains(trx: Executor, field: string): Promise<void> {
  if ((await repo.countActiveAdmins(trx)) === 0) throw validationFailed([{ field, code: 'last_admin' }]);
}

const emailTaken = () => new AppError('conflict', { issues: [{ field: 'email', code: 'email_taken' }] });

function throwIfEmailTaken(error: unknown): never {
  if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
  throw error;
}

/** Checks the role, teams and time zone a write names; returns the team ids, distinct and sorted. */
async function checkReferences(
  trx: Executor,
  input: { role_id?: string | undefined; team_ids?: string[] | undefined; time_zone?: string | undefined },
): Promise<string[] | undefined> {
  const issues = new IssueCollector();
  if (input.role_id !== undefined && !(await findRole(trx, input.role_id)))
    issues.add('role_id', 'unknown_role');
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone)) issues.add('time_zone', 'invalid_value');
  const teams = input.team_ids && (await existingTeamIds(trx, input.team_ids));
  input.team_ids?.forEach((teamId, i) => {
    if (!teams?.has(teamId)) issues.add(`team_ids.${i}`, 'unknown_team');
  });
  issues.throwIfAny();
  return input.team_ids && [...new Set(input.team_ids)].sort();
}

export async function createUser(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateUserRequest>,
): Promise<User> {
  const email = input.email.toLowerCase();
  // argon2id is slow on purpose: hash before the transaction, not while holding its locks.
  const passwordHash = await hashPassword(input.password);
  const userId = newId();
  await db
    .transaction()
    .execute(async (trx) => {
      const teamIds = (await checkReferences(trx, input)) ?? [];
      if (await repo.isEmailTaken(trx, email)) throw emailTaken();
      const values = {
        email,
        name: input.name,
        role_id: input.role_id,
        locale: input.locale ?? null,
        ...(input.time_zone !== undefined && { time_zone: input.time_zone }),
      };
      await repo.insertUser(trx, {
        id: userId,
        ...values,
        password_hash: passwordHash,
        created_by: auth.userId,
      });
      await repo.replaceUserTeams(trx, userId, teamIds);
      await recordEvent(trx, {
        type: 'user.created',
        object: 'user',
        objectId: userId,
        entityId: null,
        actorId: auth.userId,
        changes: { ...values, active: true, team_ids: teamIds },
      });
    })
    .catch(throwIfEmailTaken);
  return getUser(db, userId);
}

export async function updateUser(
  db: Database,
  auth: AuthContext,
  userId: string,
  input: z.output<typeof UpdateUserRequest>,
): Promise<User> {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const mayRemoveAnAdmin = input.active === false || input.role_id !== undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      if (mayRemoveAnAdmin) await lockAdminRoles(trx);
      const current = await repo.findUser(trx, userId, { forUpdate: true });
      if (!current) throw notFound();
      if (current.version !== input.version) throw versionConflict(current.version);
      const teamIds = await checkReferences(trx, input);
      const email = input.email?.toLowerCase();
      if (email !== undefined && (await repo.isEmailTaken(trx, email, userId))) throw emailTaken();
      const patch = {
        ...(email !== undefined && { email }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.role_id !== undefined && { role_id: input.role_id }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.time_zone !== undefined && { time_zone: input.time_zone }),
        ...(input.active !== undefined && { active: input.active }),
      };
      await repo.updateUser(trx, userId, {
        ...patch,
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
        version: current.version + 1,
        updated_at: new Date(),
      });
      if (teamIds) await repo.replaceUserTeams(trx, userId, teamIds);
      if (mayRemoveAnAdmin) await assertAnAdminRemains(trx, input.active === false ? 'active' : 'role_id');
      // A deactivated user is signed out at once; a password reset signs out every other session.
      if (input.active === false) await repo.deleteSessionsOfUser(trx, userId);
      else if (passwordHash !== undefined) await repo.deleteSessionsOfUser(trx, userId, auth.sessionId);
      await recordEvent(trx, {
        type: 'user.updated',
        object: 'user',
        objectId: userId,
        entityId: null,
        actorId: auth.userId,
        changes: {
          ...diffChanges(current, { ...patch, ...(teamIds && { team_ids: teamIds }) }, TRACKED),
          ...(passwordHash !== undefined && { password_reset: true }),
        },
      });
    })
    .catch(throwIfEmailTaken);
  return getUser(db, userId);
}

/** Moves a user to the bin: deactivated, signed out, hidden from lists; their records keep their owner. */
export async function deleteUser(db: Database, auth: AuthContext, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockAdminRoles(trx);
    const current = await repo.findUser(trx, userId, { forUpdate: true });
    if (!current) throw notFound();
    await repo.softDeleteUser(trx, userId, current.version + 1);
    await assertAnAdminRemains(trx, 'id');
    await repo.deleteSessionsOfUser(trx, userId);
    await recordEvent(trx, {
      type: 'user.deleted',
      object: 'user',
      objectId: userId,
      entityId: null,
      actorId: auth.userId,
      changes: { email: current.email, name: current.name },
    });
  });
}
