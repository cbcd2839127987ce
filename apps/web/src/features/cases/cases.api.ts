import { infiniteQueryOptions, type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type {
  Case,
  CaseBoard,
  CaseHistoryResponse,
  CaseLine,
  CaseLineInput,
  CaseStatus,
  CaseType,
  CreateCaseRequest,
  MoveCaseRequest,
  MoveCaseResponse,
  Product,
  UpdateCaseRequest,
} from '@trato/contracts/cases';
import type { FieldDefinition } from '@trato/contracts/settings';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, download } from '../../api/client';
import { localLabel } from '../../ui/labels';
import { type ListSearch, listQueryParams } from '../../ui/list/list-search';
import type { Action } from '../actions/actions.api';

export type { Case, CaseLine, CaseStatus, CaseType, CreateCaseRequest, Product, UpdateCaseRequest };
export type CaseBoardData = z.infer<typeof CaseBoard>;
export type BoardColumnData = CaseBoardData['columns'][number];
export type MoveRequest = z.input<typeof MoveCaseRequest>;
export type MoveResponse = z.infer<typeof MoveCaseResponse>;
export type NextActionInput = NonNullable<MoveRequest['next_action']>;
export type CaseHistory = z.infer<typeof CaseHistoryResponse>;
export type CaseLineInputData = z.input<typeof CaseLineInput>;

interface Page {
  data: Case[];
  next_cursor: string | null;
  total?: number;
}

// Everything about cases lives under ['cases', …] so one invalidation refreshes board, list and pages.
const caseKeys = {
  board: (typeId: string, params: string) => ['cases', 'board', typeId, params] as const,
  list: (params: string) => ['cases', 'list', params] as const,
  one: (id: string) => ['cases', 'one', id] as const,
  history: (id: string) => ['cases', 'history', id] as const,
};

export const caseTypesQuery = queryOptions({
  queryKey: ['case-types'],
  queryFn: () => api<{ data: CaseType[] }>('/case-types'),
  staleTime: 5 * 60_000,
  select: (response) => [...response.data].sort((a, b) => a.position - b.position),
});

export interface CaseTypeHelpers {
  /** Every type in its order (inactive ones too: old cases still show theirs). */
  all: CaseType[];
  active: CaseType[];
  byId: (id: string | null | undefined) => CaseType | undefined;
  byKey: (key: string | null | undefined) => CaseType | undefined;
  label: (item: { labels: Record<string, string>; key: string } | null | undefined) => string;
  loaded: boolean;
}

/** The admin's case types and their statuses, with labels in the user's language. */
export function useCaseTypes(): CaseTypeHelpers {
  const { i18n } = useTranslation();
  const { data, isSuccess } = useQuery(caseTypesQuery);
  const language = i18n.language;
  return useMemo(() => {
    const all = data ?? [];
    return {
      all,
      active: all.filter((type) => type.active),
      byId: (id) => all.find((type) => type.id === id),
      byKey: (key) => all.find((type) => type.key === key),
      label: (item) => (item ? localLabel(item.labels, language, item.key) : ''),
      loaded: isSuccess,
    } satisfies CaseTypeHelpers;
  }, [data, language, isSuccess]);
}

/** Statuses a case can be in now: live ones in pipeline order. */
export const liveStatuses = (type: CaseType | undefined) =>
  (type?.statuses ?? []).filter((s) => !s.retired).sort((a, b) => a.position - b.position);

/** The custom fields of one case type. */
export const caseFieldsQuery = (typeId: string) =>
  queryOptions({
    queryKey: ['fields', 'case', typeId],
    queryFn: () =>
      api<{ data: FieldDefinition[] }>('/fields', { query: { object: 'case', type_id: typeId } }),
    staleTime: 10 * 60_000,
    select: (response) =>
      [...response.data]
        .filter((f) => !('type_id' in f) || !f.type_id || f.type_id === typeId)
        .sort((a, b) => a.position - b.position),
  });

export function useCaseFields(typeId: string | null | undefined): FieldDefinition[] {
  return useQuery({ ...caseFieldsQuery(typeId ?? ''), enabled: Boolean(typeId) }).data ?? EMPTY_FIELDS;
}
const EMPTY_FIELDS: FieldDefinition[] = [];

export const productsQuery = (q: string) =>
  queryOptions({
    queryKey: ['products', 'picker', q],
    queryFn: ({ signal }) =>
      api<{ data: Product[] }>('/products', {
        query: { q, active: 'true', limit: 50, sort: 'name' },
        signal,
      }),
    staleTime: 60_000,
  });

// Board ----------------------------------------------------------------------------------------------------

/** What the board shows of a type: the filters in the URL (owner, team, close month, campaign, text). */
export interface BoardFilters {
  owner?: string;
  team?: string;
  /** YYYY-MM of the expected close. */
  month?: string;
  campaign?: string;
  q?: string;
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate();
};

/** The board's filters as list filters (`filter[field][op]`), the same the list endpoint takes. */
export function boardFilterParams(filters: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.owner) params.append('filter[owner_id][eq]', filters.owner);
  if (filters.team) params.append('filter[team_id][eq]', filters.team);
  if (filters.month) {
    params.append('filter[expected_close][gte]', `${filters.month}-01`);
    params.append('filter[expected_close][lte]', `${filters.month}-${lastDayOf(filters.month)}`);
  }
  if (filters.campaign) params.append('filter[campaign_id][eq]', filters.campaign);
  if (filters.q) params.set('q', filters.q);
  return params;
}

export const CARDS_PER_PAGE = 50;

export const caseBoardQuery = (typeId: string, filters: BoardFilters) => {
  const params = boardFilterParams(filters);
  return queryOptions({
    queryKey: caseKeys.board(typeId, params.toString()),
    queryFn: ({ signal }) => {
      const query = new URLSearchParams(params);
      query.set('type_id', typeId);
      query.set('cards', String(CARDS_PER_PAGE));
      return api<CaseBoardData>('/cases/board', { query, signal });
    },
  });
};

/** The next cards of one column, through the list endpoint and the column's cursor. */
export function fetchColumnPage(typeId: string, statusId: string, filters: BoardFilters, cursor: string) {
  const query = boardFilterParams(filters);
  query.set('filter[type_id][eq]', typeId);
  query.set('filter[status_id][eq]', statusId);
  query.set('limit', String(CARDS_PER_PAGE));
  // The board's order: the column's cursor continues it.
  query.set('sort', '-updated_at');
  query.set('cursor', cursor);
  return api<Page>('/cases', { query });
}

// List -----------------------------------------------------------------------------------------------------

/** The list of one type's cases: the URL's filters, sort and search. */
export const caseListQuery = (typeId: string, search: ListSearch) => {
  const params = listQueryParams(search, { limit: '50', include_total: 'true' });
  params.set('filter[type_id][eq]', typeId);
  return infiniteQueryOptions({
    queryKey: caseKeys.list(params.toString()),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      if (pageParam) {
        query.set('cursor', pageParam);
        query.delete('include_total');
      }
      return api<Page>('/cases', { query, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
};

/** List columns → export columns (names rather than ids). */
const EXPORT_COLUMN: Record<string, string> = {
  entity_id: 'entity',
  status_id: 'status',
  owner_id: 'owner',
  team_id: 'team',
  sla_breached: 'sla_state',
  status_category: 'status',
};

/** The same list as CSV: the URL's filters and sort within the type, the visible columns. */
export function exportCases(typeId: string, search: ListSearch, columns: string[]) {
  const exported = [...new Set(columns.map((c) => EXPORT_COLUMN[c] ?? c))];
  const query = listQueryParams(search, { format: 'csv', columns: exported.join(',') });
  query.set('filter[type_id][eq]', typeId);
  return download('/cases/export', query, 'cases.csv');
}

// One case -------------------------------------------------------------------------------------------------

export const caseQuery = (id: string) =>
  queryOptions({ queryKey: caseKeys.one(id), queryFn: () => api<Case>(`/cases/${id}`) });

export const caseHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: caseKeys.history(id),
    queryFn: () => api<CaseHistory>(`/cases/${id}/history`),
  });

/** The planned actions on a case, soonest first. */
export const caseActionsQuery = (caseId: string) =>
  queryOptions({
    // Under ['actions', …] so every action write (done, moved, new) refreshes it.
    queryKey: ['actions', 'of-case', caseId],
    queryFn: ({ signal }) =>
      api<{ data: Action[] }>('/actions', {
        query: {
          'filter[case_id][eq]': caseId,
          'filter[status][eq]': 'planned',
          sort: 'due_at',
          limit: 100,
        },
        signal,
      }),
  });

export const createCase = (body: CreateCaseRequest) => api<Case>('/cases', { method: 'POST', body });
export const updateCase = (id: string, body: UpdateCaseRequest) =>
  api<Case>(`/cases/${id}`, { method: 'PATCH', body });
export const deleteCase = (item: Pick<Case, 'id' | 'version'>) =>
  api<void>(`/cases/${item.id}`, { method: 'DELETE', query: { version: item.version } });
export const restoreCase = (id: string) => api<Case>(`/cases/${id}/restore`, { method: 'POST' });
export const moveCase = (id: string, body: MoveRequest) =>
  api<MoveResponse>(`/cases/${id}/move`, { method: 'POST', body });

/**
 * After a write: the page's cache gets the server's answer (when it carries the lines, or keeps the cached
 * ones), boards, lists, history and timelines refetch.
 */
export function caseChanged(queryClient: QueryClient, saved?: Case) {
  if (saved) {
    queryClient.setQueryData<Case>(caseKeys.one(saved.id), (old) =>
      saved.lines || !old?.lines ? saved : { ...saved, lines: old.lines },
    );
  }
  void queryClient.invalidateQueries({
    queryKey: ['cases'],
    predicate: (q) => !saved || q.queryKey[1] !== 'one' || q.queryKey[2] !== saved.id,
  });
  void queryClient.invalidateQueries({ queryKey: ['timeline'] });
  void queryClient.invalidateQueries({ queryKey: ['actions'] });
}
