import type { QueryClient } from '@tanstack/react-query';
import type { CreateActionTypeRequest, UpdateActionTypeRequest } from '@trato/contracts/actions';
import type { z } from 'zod';
import { api } from '../../../api/client';
import { type ActionType, actionTypesQuery } from '../../actions/actions.api';

// The action screens' own queries (types, settings) are reused so the admin's changes show up there at once.
export {
  type ActionSettingsData,
  type ActionType,
  actionSettingsQuery,
  actionTypesQuery,
  updateActionSettings,
} from '../../actions/actions.api';

export type CreateActionTypeBody = z.input<typeof CreateActionTypeRequest>;
export type UpdateActionTypeBody = z.input<typeof UpdateActionTypeRequest>;
/** The cached answer of GET /action-types (the query's `select` sorts it). */
export type ActionTypesData = { data: ActionType[] };

export const createActionType = (body: CreateActionTypeBody) =>
  api<ActionType>('/action-types', { method: 'POST', body });
export const updateActionType = (id: string, body: UpdateActionTypeBody) =>
  api<ActionType>(`/action-types/${id}`, { method: 'PATCH', body });
export const deleteActionType = (id: string) => api<void>(`/action-types/${id}`, { method: 'DELETE' });

/** After a change to the types: the admin list, and every screen that shows types (agenda, forms). */
export const invalidateActionTypes = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: actionTypesQuery.queryKey });
