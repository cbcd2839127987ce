import { infiniteQueryOptions, keepPreviousData } from '@tanstack/react-query';
import type { OpenCaseRow, OpenCasesResponse } from '@trato/contracts/cases';
import type { z } from 'zod';
import { api, download } from '../../api/client';
import type { ListFilter, ListSearch } from '../../ui/list/list-search';
import type { CaseType } from '../cases/cases.api';

export type OpenCaseRowData = z.infer<typeof OpenCaseRow>;
type OpenCasesPage = z.infer<typeof OpenCasesResponse>;

/** The report's status choice travels as a filter chip would: `status_id in a,b`, in the URL and in a saved report. */
const STATUS_FIELD = 'status_id';
const PAGE_SIZE = 100;

const isStatusFilter = (f: ListFilter) => f.field === STATUS_FIELD && f.op === 'in';

/**
 * The statuses picked in the URL (or a saved report). null: no choice made, every open status of the live
 * pipelines counts (so a report saved that way follows the pipelines as the admin changes them).
 */
export function pickedStatusIds(search: ListSearch): string[] | null {
  const filter = search.filters?.find(isStatusFilter);
  return filter ? filter.value.split(',').filter(Boolean) : null;
}

/** The other filters (owner, type, priority…), shown as chips. */
export const otherFilters = (search: ListSearch) => (search.filters ?? []).filter((f) => !isStatusFilter(f));

export function withFilters(
  search: ListSearch,
  statusIds: string[] | null,
  others: ListFilter[],
): ListSearch {
  const filters = [
    ...(statusIds ? [{ field: STATUS_FIELD, op: 'in' as const, value: statusIds.join(',') }] : []),
    ...others,
  ];
  const { filters: _old, ...rest } = search;
  return filters.length > 0 ? { ...rest, filters } : rest;
}

/** Every status of the open category in the live pipelines: the report's default choice. */
export const openStatusIds = (types: CaseType[]) =>
  types
    .filter((type) => type.active)
    .flatMap((type) => type.statuses.filter((s) => s.category === 'open' && !s.retired).map((s) => s.id));

/** The report's API query: the statuses, the search text, the sort and the other filters. */
export function reportParams(search: ListSearch, statusIds: string[]): URLSearchParams {
  const params = new URLSearchParams({ status_ids: statusIds.join(',') });
  if (search.q) params.set('q', search.q);
  if (search.sort) params.set('sort', search.sort);
  for (const filter of otherFilters(search))
    params.append(`filter[${filter.field}][${filter.op}]`, filter.value);
  return params;
}

export const openCasesQuery = (params: URLSearchParams) =>
  infiniteQueryOptions({
    queryKey: ['cases', 'report', 'open-cases', params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      query.set('limit', String(PAGE_SIZE));
      if (pageParam) query.set('cursor', pageParam);
      return api<OpenCasesPage>('/reports/open-cases', { query, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

/** Every matching case as a file (the session's cookie downloads it; the server names it). */
export function exportOpenCases(params: URLSearchParams, format: 'csv' | 'xlsx') {
  const query = new URLSearchParams(params);
  query.delete('cursor');
  query.set('format', format);
  return download('/reports/open-cases/export', query, `open-cases.${format}`);
}
