import type { CreateTeamRequest, UpdateTeamRequest } from '@trato/contracts/users';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { existingUserIds } from '../users/users.service.ts';
import { type Team, toTeam } from './teams.mapper.ts';
import * as repo from './teams.repository.ts';

export async function listTeams(db: Database): Promise<Team[]> {
  return (await repo.listTeams(db)).map(toTeam);
}

export async function getTeam(db: Executor, teamId: string): Promise<Team> {
  const row = await repo.findTeam(db, teamId);
  if (!row) throw notFound();
  return toTeam(row);
}

/** The ones among `ids` that name a team not in the bin; for other modules checking team ids they were given. */
export async function existingTeamIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  return new Set(await repo.findLiveTeamIds(db, ids));
}

/** Distinct member ids, sorted; each one must be a user not in the bin (member_ids.N unknown_user). */
async function checkMembers(trx: Executor, memberIds: readonly string[]): Promise<string[]> {
  const known = await existingUserIds(trx, memberIds);
  const issues = new IssueCollector();
  memberIds.forEach((userId, i) => {
    if (!known.has(userId)) issues.add(`member_ids.${i}`, 'unknown_user');
  });
  issues.throwIfAny();
  return [...new Set(memberIds)].sort();
}

export async function createTeam(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateTeamRequest>,
): Promise<Team> {
  const teamId = newId();
  await db.transaction().execute(async (trx) => {
    const memberIds = await checkMembers(trx, input.member_ids ?? []);
    await repo.insertTeam(trx, { id: teamId, name: input.name, created_by: auth.userId });
    await repo.replaceTeamMembers(trx, teamId, memberIds);
    await recordEvent(trx, {
      type: 'team.created',
      object: 'team',
      objectId: teamId,
      entityId: null,
      actorId: auth.userId,
      changes: { name: input.name, member_ids: memberIds },
    });
  });
  return getTeam(db, teamId);
}

export async function updateTeam(
  db: Database,
  auth: AuthContext,
  teamId: string,
  input: z.output<typeof UpdateTeamRequest>,
): Promise<Team> {
  await db.transaction().execute(async (trx) => {
    const current = await repo.findTeam(trx, teamId, { forUpdate: true });
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    const memberIds = input.member_ids && (await checkMembers(trx, input.member_ids));
    await repo.updateTeam(trx, teamId, {
      ...(input.name !== undefined && { name: input.name }),
      version: current.version + 1,
      updated_at: new Date(),
    });
    if (memberIds) await repo.replaceTeamMembers(trx, teamId, memberIds);
    await recordEvent(trx, {
      type: 'team.updated',
      object: 'team',
      objectId: teamId,
      entityId: null,
      actorId: auth.userId,
      changes: diffChanges(
        current,
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(memberIds && { member_ids: memberIds }),
        },
        ['name', 'member_ids'],
      ),
    });
  });
  return getTeam(db, teamId);
}

export async function deleteTeam(db: Database, auth: AuthContext, teamId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await repo.findTeam(trx, teamId, { forUpdate: true });
    if (!current) throw notFound();
    await repo.removeAllTeamMembers(trx, teamId);
    await repo.softDeleteTeam(trx, teamId, current.version + 1);
    await recordEvent(trx, {
      type: 'team.deleted',
      object: 'team',
      objectId: teamId,
      entityId: null,
      actorId: auth.userId,
      changes: { name: current.name, member_ids: current.member_ids },
    });
  });
}
