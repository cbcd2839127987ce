import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Permissions } from '@trato/contracts/auth';
import type {
  CreateFieldRequest,
  FieldDefinition,
  FieldObject,
  PickListName,
  PickListOption,
  UpdateFieldRequest,
} from '@trato/contracts/settings';
import type {
  CreateUserRequest,
  Role,
  Team as TeamSchema,
  UpdateUserRequest,
  User,
} from '@trato/contracts/users';
import type { z } from 'zod';
import { api } from '../../api/client';
import { meQuery } from '../auth/auth.api';
import { fieldsQuery } from '../fields/fields.api';
import { pickListsQuery } from '../pick-lists/pick-lists.api';
import { usersQuery } from '../users/users.api';

export type { FieldDefinition, Permissions, PickListOption, Role, User };
export type Team = z.infer<typeof TeamSchema>;
export type CreateUserBody = z.input<typeof CreateUserRequest>;
export type UpdateUserBody = z.input<typeof UpdateUserRequest>;
export type CreateFieldBody = z.input<typeof CreateFieldRequest>;
export type UpdateFieldBody = z.input<typeof UpdateFieldRequest>;
export type LabelsBody = { es?: string; ca?: string; en?: string };

/** The entity screens' own query options, reused so the admin's changes show up there at once. */
export { fieldsQuery, pickListsQuery, usersQuery };

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: () => api<{ data: Team[] }>('/teams'),
  staleTime: 60_000,
});

export const rolesQuery = queryOptions({
  queryKey: ['roles'],
  queryFn: () => api<{ data: Role[] }>('/roles'),
  staleTime: 60_000,
});

// Users
export const createUser = (body: CreateUserBody) => api<User>('/users', { method: 'POST', body });
export const updateUser = (id: string, body: UpdateUserBody) =>
  api<User>(`/users/${id}`, { method: 'PATCH', body });
export const deleteUser = (id: string) => api<void>(`/users/${id}`, { method: 'DELETE' });

// Teams
export const createTeam = (body: { name: string; member_ids?: string[] }) =>
  api<Team>('/teams', { method: 'POST', body });
export const updateTeam = (id: string, body: { version: number; name?: string; member_ids?: string[] }) =>
  api<Team>(`/teams/${id}`, { method: 'PATCH', body });
export const deleteTeam = (id: string) => api<void>(`/teams/${id}`, { method: 'DELETE' });

// Roles
export const createRole = (body: { key: string; labels: LabelsBody; permissions: Permissions }) =>
  api<Role>('/roles', { method: 'POST', body });
export const updateRole = (
  id: string,
  body: { version: number; labels?: LabelsBody; permissions?: Permissions },
) => api<Role>(`/roles/${id}`, { method: 'PATCH', body });
export const deleteRole = (id: string) => api<void>(`/roles/${id}`, { method: 'DELETE' });

// Pick lists
export const createPickListOption = (
  list: PickListName,
  body: { key: string; labels: LabelsBody; position?: number },
) => api<PickListOption>(`/pick-lists/${list}/options`, { method: 'POST', body });
export const updatePickListOption = (
  list: PickListName,
  id: string,
  body: { version: number; labels?: LabelsBody; position?: number; active?: boolean },
) => api<PickListOption>(`/pick-lists/${list}/options/${id}`, { method: 'PATCH', body });
export const deletePickListOption = (list: PickListName, id: string) =>
  api<void>(`/pick-lists/${list}/options/${id}`, { method: 'DELETE' });

// Custom fields
export const createField = (body: CreateFieldBody) =>
  api<FieldDefinition>('/fields', { method: 'POST', body });
export const updateField = (id: string, body: UpdateFieldBody) =>
  api<FieldDefinition>(`/fields/${id}`, { method: 'PATCH', body });
export const deleteField = (id: string) => api<void>(`/fields/${id}`, { method: 'DELETE' });

/** Whose custom fields an admin list shows: an object's, or (`action`) one action type's. */
export type FieldListObject = FieldObject;

/** Objects whose fields belong to one of their types (an action type, a case type). */
const perType = (object: FieldListObject) => object === 'action' || object === 'case';

/** The list's query: the entity and contact screens' own, or one action or case type's fields. */
export const fieldListQuery = (object: FieldListObject, typeId?: string) =>
  queryOptions({
    queryKey: perType(object) ? ['fields', object, typeId ?? ''] : fieldsQuery(object).queryKey,
    queryFn: () =>
      api<{ data: FieldDefinition[] }>('/fields', {
        query: perType(object) ? { object, type_id: typeId } : { object },
      }),
    staleTime: 10 * 60_000,
    select: (response) => [...response.data].sort((a, b) => a.position - b.position),
  });

/** `object` (and `type_id` for an action or case type's field) of a new field. */
export const fieldOwner = (object: FieldListObject, typeId: string | undefined) =>
  perType(object) ? { object, type_id: typeId ?? null } : { object };

/** Replaces one item of a `{ data: T[] }` list in the cache (after a successful write). */
export function putInList<T extends { id: string }>(
  queryClient: QueryClient,
  key: readonly unknown[],
  item: T,
) {
  queryClient.setQueryData<{ data: T[] }>(key, (old) =>
    old ? { ...old, data: old.data.map((x) => (x.id === item.id ? item : x)) } : old,
  );
}

/**
 * What the rest of the app reads from these settings: the entity screens' fields and pick lists, the user
 * pickers, and the signed-in user (whose role or teams may just have changed).
 */
export async function invalidateSettings(queryClient: QueryClient, what: 'fields' | 'pick-lists' | 'people') {
  if (what === 'fields' || what === 'pick-lists') {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: fieldsQuery('entity').queryKey.slice(0, 1) }),
      queryClient.invalidateQueries({ queryKey: pickListsQuery.queryKey }),
    ]);
    return;
  }
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: usersQuery.queryKey }),
    queryClient.invalidateQueries({ queryKey: teamsQuery.queryKey }),
    queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey }),
    queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
  ]);
}
