import type { PermissionAction, PermissionObject, Permissions, Scope } from '@trato/contracts/auth';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AuthContext } from './auth.ts';
import { AppError } from './errors.ts';

export function can(auth: AuthContext, object: PermissionObject, action: PermissionAction): boolean {
  return auth.permissions.objects[object]?.actions.includes(action) ?? false;
}

export function assertCan(auth: AuthContext, object: PermissionObject, action: PermissionAction): void {
  if (!can(auth, object, action)) throw new AppError('forbidden', { params: { object, action } });
}

export function assertConfigure(auth: AuthContext): void {
  if (!auth.permissions.configure) throw new AppError('forbidden', { params: { action: 'configure' } });
}

export function scopeOf(auth: AuthContext, object: PermissionObject): Scope {
  return auth.permissions.objects[object]?.scope ?? 'own';
}

/**
 * The record scope as a SQL condition on an owner column: own → the user's records; team → records owned by
 * anyone in the user's teams; all → no condition. Applied inside every list, search and get.
 */
export function ownerScope(
  auth: AuthContext,
  object: PermissionObject,
  ownerColumn: string,
): RawBuilder<SqlBool> | null {
  const scope = scopeOf(auth, object);
  if (scope === 'all') return null;
  const column = sql.ref(ownerColumn);
  if (scope === 'own' || auth.teamIds.length === 0) return sql<SqlBool>`${column} = ${auth.userId}`;
  return sql<SqlBool>`(${column} = ${auth.userId} or ${column} in (select tm.user_id from team_members tm where tm.team_id = any(${auth.teamIds}::uuid[])))`;
}

export const ALL_ACTIONS: PermissionAction[] = ['read', 'create', 'edit', 'delete', 'export'];

/** The three roles every installation starts with. */
export const SEEDED_ROLES: { key: string; labels: Record<string, string>; permissions: Permissions }[] = [
  {
    key: 'admin',
    labels: { es: 'Administración', ca: 'Administració', en: 'Administrator' },
    permissions: {
      objects: {
        entities: { actions: ALL_ACTIONS, scope: 'all' },
        contacts: { actions: ALL_ACTIONS, scope: 'all' },
        actions: { actions: ALL_ACTIONS, scope: 'all' },
        cases: { actions: ALL_ACTIONS, scope: 'all' },
      },
      configure: true,
    },
  },
  {
    key: 'manager',
    labels: { es: 'Responsable', ca: 'Responsable', en: 'Manager' },
    permissions: {
      objects: {
        entities: { actions: ALL_ACTIONS, scope: 'all' },
        contacts: { actions: ALL_ACTIONS, scope: 'all' },
        actions: { actions: ALL_ACTIONS, scope: 'all' },
        cases: { actions: ALL_ACTIONS, scope: 'all' },
      },
      configure: false,
    },
  },
  {
    key: 'agent',
    labels: { es: 'Agente', ca: 'Agent', en: 'Agent' },
    permissions: {
      objects: {
        entities: { actions: ['read', 'create', 'edit'], scope: 'team' },
        contacts: { actions: ['read', 'create', 'edit', 'delete'], scope: 'team' },
        actions: { actions: ['read', 'create', 'edit', 'delete'], scope: 'team' },
        cases: { actions: ['read', 'create', 'edit'], scope: 'team' },
      },
      configure: false,
    },
  },
];
