import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Case, Forecast, ForecastHistory as ForecastHistorySchema } from '@trato/contracts/cases';
import type { z } from 'zod';
import { api } from '../../api/client';
import { addMonths, monthStartInstant } from './forecast-months';
import type { ForecastGroup } from './forecast-search';

export type { Case, Forecast };
export type ForecastHistoryData = z.infer<typeof ForecastHistorySchema>;
export type ForecastBucket = Forecast['open'][number];
export type ForecastGroupInfo = Forecast['groups'][number];

/** Which opportunities count: the screen's filters (ids), and the currency shown. */
export interface ForecastFilters {
  type?: string | undefined;
  owner?: string | undefined;
  team?: string | undefined;
  currency?: string | undefined;
}

const filterQuery = (filters: ForecastFilters) => ({
  type_id: filters.type,
  owner_id: filters.owner,
  team_id: filters.team,
  currency: filters.currency,
});

export const forecastQuery = (
  params: ForecastFilters & { from?: string | undefined; to?: string | undefined; group: ForecastGroup },
) =>
  queryOptions({
    queryKey: ['forecast', 'months', params],
    queryFn: ({ signal }) =>
      api<Forecast>('/forecast', {
        query: { from: params.from, to: params.to, group: params.group, ...filterQuery(params) },
        signal,
      }),
    // The chart keeps the last figures while the next ones load, instead of flashing empty.
    placeholderData: keepPreviousData,
  });

export const forecastHistoryQuery = (month: string, filters: ForecastFilters) =>
  queryOptions({
    queryKey: ['forecast', 'history', month, filters],
    queryFn: ({ signal }) =>
      api<ForecastHistoryData>('/forecast/history', { query: { month, ...filterQuery(filters) }, signal }),
    placeholderData: keepPreviousData,
  });

/** A bar of the chart (or a cell of the table): one month, open pipeline or won, one group or all. */
export interface DrillDown {
  month: string;
  kind: 'open' | 'won';
  /** The group's key (status, owner or team id; null: no owner / no team); undefined: every group. */
  key?: string | null | undefined;
  group: ForecastGroup;
}

const GROUP_FIELD: Record<ForecastGroup, string> = {
  status: 'status_id',
  owner: 'owner_id',
  team: 'team_id',
};

/**
 * The case list's filters that select exactly the cases behind a bar: sale cases, open ones by month of
 * expected close or won ones by month of closing (in the installation's time zone), in the forecast's
 * currency, with the screen's filters and the bar's group.
 */
export function drillDownParams(
  drill: DrillDown,
  filters: ForecastFilters & { currency: string },
  timeZone: string,
): URLSearchParams {
  const params = new URLSearchParams({
    'filter[kind][eq]': 'sale',
    'filter[currency][eq]': filters.currency,
  });
  const next = addMonths(drill.month, 1);
  if (drill.kind === 'open') {
    params.set('filter[status_category][eq]', 'open');
    params.set('filter[expected_close][gte]', `${drill.month}-01`);
    params.set('filter[expected_close][lt]', `${next}-01`);
    params.set('sort', 'expected_close,number');
  } else {
    params.set('filter[status_category][eq]', 'won');
    params.set('filter[closed_at][gte]', monthStartInstant(drill.month, timeZone));
    params.set('filter[closed_at][lt]', monthStartInstant(next, timeZone));
    params.set('sort', '-closed_at');
  }
  if (filters.type) params.set('filter[type_id][eq]', filters.type);
  if (filters.owner) params.set('filter[owner_id][eq]', filters.owner);
  if (filters.team) params.set('filter[team_id][eq]', filters.team);
  if (drill.kind === 'open' && drill.key !== undefined) {
    const field = GROUP_FIELD[drill.group];
    if (drill.key === null) params.set(`filter[${field}][empty]`, 'true');
    else params.set(`filter[${field}][eq]`, drill.key);
  }
  return params;
}

interface CasePage {
  data: Case[];
  next_cursor: string | null;
  total?: number;
}

export const drillDownQuery = (params: URLSearchParams) =>
  infiniteQueryOptions({
    queryKey: ['cases', 'list', 'forecast-drill', params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      query.set('limit', '50');
      if (pageParam) query.set('cursor', pageParam);
      else query.set('include_total', 'true');
      return api<CasePage>('/cases', { query, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
