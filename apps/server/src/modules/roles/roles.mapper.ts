import type { Permissions } from '@trato/contracts/auth';
import type { Role } from '@trato/contracts/users';
import type { RoleRow } from '../../db/schema.ts';

export function toRole(row: RoleRow): Role {
  return {
    id: row.id,
    key: row.key,
    labels: row.labels as Record<string, string>,
    permissions: row.permissions as Permissions,
    system: row.system,
    version: row.version,
  };
}
