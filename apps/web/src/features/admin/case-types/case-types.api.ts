import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  CaseStatus,
  CaseType,
  CreateCaseStatusRequest,
  CreateCaseTypeRequest,
  RetireCaseStatusRequest,
  UpdateCaseStatusRequest,
  UpdateCaseTypeRequest,
} from '@trato/contracts/cases';
import type { z } from 'zod';
import { api } from '../../../api/client';

export type { CaseStatus, CaseType };
export type CreateCaseTypeBody = z.input<typeof CreateCaseTypeRequest>;
export type UpdateCaseTypeBody = z.input<typeof UpdateCaseTypeRequest>;
export type CreateCaseStatusBody = z.input<typeof CreateCaseStatusRequest>;
export type UpdateCaseStatusBody = z.input<typeof UpdateCaseStatusRequest>;
export type RetireCaseStatusBody = z.input<typeof RetireCaseStatusRequest>;
/** The cached answer of GET /case-types (the query's `select` sorts it). */
export type CaseTypesData = { data: CaseType[] };

/**
 * Every case type, inactive ones included (the admin's list). Under ['case-types', …] so that invalidating
 * ['case-types'] also refreshes what the case screens read.
 */
export const adminCaseTypesQuery = queryOptions({
  queryKey: ['case-types', 'admin'],
  queryFn: () => api<CaseTypesData>('/case-types', { query: { include_inactive: true } }),
  staleTime: 60_000,
  select: (response) => [...response.data].sort((a, b) => a.position - b.position),
});

export const createCaseType = (body: CreateCaseTypeBody) =>
  api<CaseType>('/case-types', { method: 'POST', body });
export const updateCaseType = (id: string, body: UpdateCaseTypeBody) =>
  api<CaseType>(`/case-types/${id}`, { method: 'PATCH', body });
export const deleteCaseType = (id: string) => api<void>(`/case-types/${id}`, { method: 'DELETE' });

const statuses = (typeId: string) => `/case-types/${typeId}/statuses`;
// Every write to a status answers the whole type as it now is.
export const createCaseStatus = (typeId: string, body: CreateCaseStatusBody) =>
  api<CaseType>(statuses(typeId), { method: 'POST', body });
export const updateCaseStatus = (typeId: string, statusId: string, body: UpdateCaseStatusBody) =>
  api<CaseType>(`${statuses(typeId)}/${statusId}`, { method: 'PATCH', body });
/** The new order of the type's live statuses (every one, once). */
export const reorderCaseStatuses = (typeId: string, statusIds: string[]) =>
  api<CaseType>(`${statuses(typeId)}/order`, { method: 'PUT', body: { status_ids: statusIds } });
export const retireCaseStatus = (typeId: string, statusId: string, body: RetireCaseStatusBody) =>
  api<CaseType>(`${statuses(typeId)}/${statusId}/retire`, { method: 'POST', body });
export const restoreCaseStatus = (typeId: string, statusId: string) =>
  api<CaseType>(`${statuses(typeId)}/${statusId}/restore`, { method: 'POST' });
export const deleteCaseStatus = (typeId: string, statusId: string) =>
  api<void>(`${statuses(typeId)}/${statusId}`, { method: 'DELETE' });

/** After any change to a type or its statuses: the admin list and every screen that shows types (board, forms). */
export const invalidateCaseTypes = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['case-types'] });

/** Statuses in pipeline order: live ones by position, retired ones after them. */
export const liveStatuses = (type: CaseType) =>
  type.statuses.filter((s) => !s.retired).sort((a, b) => a.position - b.position);
export const retiredStatuses = (type: CaseType) =>
  type.statuses.filter((s) => s.retired).sort((a, b) => a.position - b.position);
