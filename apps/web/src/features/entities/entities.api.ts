import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  BulkResult,
  BulkUpdateEntitiesRequest,
  CreateEntityRequest,
  DuplicateCandidate,
  DuplicateCheckRequest,
  Entity,
  MergeEntitiesRequest,
  UpdateEntityRequest,
} from '@trato/contracts/entities';
import type { z } from 'zod';
import { api, download } from '../../api/client';
import { type ListSearch, listQueryParams } from '../../ui/list/list-search';

export type { CreateEntityRequest, Entity, UpdateEntityRequest };
export type DuplicateCandidateItem = z.infer<typeof DuplicateCandidate>;
export type BulkSet = z.input<typeof BulkUpdateEntitiesRequest>['set'];
export type BulkResultItem = z.infer<typeof BulkResult>;
export type MergeRequest = z.input<typeof MergeEntitiesRequest>;

interface Page {
  data: Entity[];
  next_cursor: string | null;
  total?: number;
}

const PAGE_SIZE = 50;

export const entityListQuery = (search: ListSearch) => {
  const params = listQueryParams(search, { limit: String(PAGE_SIZE), include_total: 'true' });
  return infiniteQueryOptions({
    queryKey: ['entities', 'list', params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      if (pageParam) {
        query.set('cursor', pageParam);
        query.delete('include_total');
      }
      return api<Page>('/entities', { query, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
};

export const entityQuery = (id: string) =>
  queryOptions({
    queryKey: ['entities', 'one', id],
    queryFn: () => api<Entity>(`/entities/${id}`),
  });

export const createEntity = (body: CreateEntityRequest) => api<Entity>('/entities', { method: 'POST', body });
export const updateEntity = (id: string, body: UpdateEntityRequest) =>
  api<Entity>(`/entities/${id}`, { method: 'PATCH', body });
export const deleteEntity = (id: string) => api<void>(`/entities/${id}`, { method: 'DELETE' });
export const restoreEntity = (id: string) => api<Entity>(`/entities/${id}/restore`, { method: 'POST' });
export const mergeEntities = (id: string, body: MergeRequest) =>
  api<Entity>(`/entities/${id}/merge`, { method: 'POST', body });
export const bulkUpdateEntities = (ids: string[], set: BulkSet) =>
  api<BulkResultItem>('/entities/bulk-update', { method: 'POST', body: { ids, set } });
export const findDuplicates = (body: z.input<typeof DuplicateCheckRequest>, signal?: AbortSignal) =>
  api<{ data: DuplicateCandidateItem[] }>('/entities/duplicates', {
    method: 'POST',
    body,
    ...(signal ? { signal } : {}),
  });

/** The same list as CSV: the URL's filters and sort, plus the visible columns. */
export const exportEntities = (search: ListSearch, columns: string[]) =>
  download('/entities/export.csv', listQueryParams(search, { columns: columns.join(',') }), 'entities.csv');

/** After a write: the record's cache gets the server's answer, lists and history refetch. */
export function entityChanged(queryClient: QueryClient, entity: Entity) {
  queryClient.setQueryData(entityQuery(entity.id).queryKey, entity);
  void queryClient.invalidateQueries({ queryKey: ['entities', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['timeline', 'entity', entity.id] });
}
