import type { Permissions } from '@trato/contracts/auth';
import type { CreateRoleRequest, Role, UpdateRoleRequest } from '@trato/contracts/users';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  AppError,
  isUniqueViolation,
  notFound,
  validationFailed,
  versionConflict,
} from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { assertAnAdminRemains, countUsersWithRole } from '../users/users.service.ts';
import { toRole } from './roles.mapper.ts';
import * as repo from './roles.repository.ts';

/** The built-in administrator role: whatever else changes, it keeps the right to configure. */
const ADMIN_ROLE_KEY = 'admin';

export async function listRoles(db: Database): Promise<Role[]> {
  return (await repo.listRoles(db)).map(toRole);
}

export async function getRole(db: Database, roleId: string): Promise<Role> {
  const row = await repo.findRole(db, roleId);
  if (!row) throw notFound();
  return toRole(row);
}

/** A role that is not in the bin, or undefined; for other modules checking a role_id they were given. */
export async function findRole(db: Executor, roleId: string): Promise<Role | undefined> {
  const row = await repo.findRole(db, roleId);
  return row && toRole(row);
}

/** Take before any write that could leave no active administrator (see assertAnAdminRemains). */
export async function lockAdminRoles(trx: Executor): Promise<void> {
  await repo.lockConfigureRoles(trx);
}

const keyTaken = () => new AppError('conflict', { issues: [{ field: 'key', code: 'key_taken' }] });

function throwIfKeyTaken(error: unknown): never {
  if (isUniqueViolation(error, 'roles_key_key')) throw keyTaken();
  throw error;
}

export async function createRole(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateRoleRequest>,
): Promise<Role> {
  const row = await db
    .transaction()
    .execute(async (trx) => {
      if (await repo.findRoleIdByKey(trx, input.key)) throw keyTaken();
      const created = await repo.insertRole(trx, {
        id: newId(),
        key: input.key,
        labels: JSON.stringify(input.labels),
        permissions: JSON.stringify(input.permissions),
        system: false,
        created_by: auth.userId,
      });
      await recordEvent(trx, {
        type: 'role.created',
        object: 'role',
        objectId: created.id,
        entityId: null,
        actorId: auth.userId,
        changes: { key: input.key, labels: input.labels, permissions: input.permissions },
      });
      return created;
    })
    .catch(throwIfKeyTaken);
  return toRole(row);
}

export async function updateRole(
  db: Database,
  auth: AuthContext,
  roleId: string,
  input: z.output<typeof UpdateRoleRequest>,
): Promise<Role> {
  const removesConfigure = input.permissions?.configure === false;
  const row = await db.transaction().execute(async (trx) => {
    if (removesConfigure) await lockAdminRoles(trx);
    const current = await repo.findRole(trx, roleId, { forUpdate: true });
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    const hadConfigure = (current.permissions as Permissions).configure;
    if (removesConfigure && current.key === ADMIN_ROLE_KEY)
      throw validationFailed([{ field: 'permissions.configure', code: 'last_admin' }]);
    const updated = await repo.updateRole(trx, roleId, {
      ...(input.labels !== undefined && { labels: JSON.stringify(input.labels) }),
      ...(input.permissions !== undefined && { permissions: JSON.stringify(input.permissions) }),
      version: current.version + 1,
      updated_at: new Date(),
    });
    if (removesConfigure && hadConfigure) await assertAnAdminRemains(trx, 'permissions.configure');
    await recordEvent(trx, {
      type: 'role.updated',
      object: 'role',
      objectId: roleId,
      entityId: null,
      actorId: auth.userId,
      changes: diffChanges(current, updated, ['labels', 'permissions']),
    });
    return updated;
  });
  return toRole(row);
}

export async function deleteRole(db: Database, auth: AuthContext, roleId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await repo.findRole(trx, roleId, { forUpdate: true });
    if (!current) throw notFound();
    if (current.system) throw validationFailed([{ field: 'id', code: 'system_role' }]);
    if ((await countUsersWithRole(trx, roleId)) > 0)
      throw new AppError('conflict', { issues: [{ field: 'id', code: 'in_use' }] });
    await repo.softDeleteRole(trx, roleId, current.version + 1);
    await recordEvent(trx, {
      type: 'role.deleted',
      object: 'role',
      objectId: roleId,
      entityId: null,
      actorId: auth.userId,
      changes: { key: current.key },
    });
  });
}
