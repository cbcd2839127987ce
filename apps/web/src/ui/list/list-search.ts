import type { FilterOp } from '@trato/contracts/common';

/** A filter chip: `filter[field][op]=value` on the API (the same shape a saved view stores). */
export interface ListFilter {
  field: string;
  op: FilterOp;
  value: string;
}

/** What a list shows, kept in the URL so the view can be shared by link. */
export interface ListSearch {
  q?: string;
  sort?: string;
  filters?: ListFilter[];
  columns?: string[];
  view?: string;
}

// The contract's FILTER_OPS, without pulling zod into the bundle; the type check keeps both in step.
const OPS = [
  'eq',
  'ne',
  'in',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'starts',
  'empty',
] as const satisfies readonly FilterOp[];
type MissingOps = Exclude<FilterOp, (typeof OPS)[number]>;
const allOpsListed: MissingOps extends never ? true : false = true;
void allOpsListed;

const isOp = (value: unknown): value is FilterOp =>
  typeof value === 'string' && (OPS as readonly string[]).includes(value);

const asString = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, max) : undefined;

/** validateSearch for list routes: anything malformed in a hand-edited URL is dropped, not fatal. */
export function validateListSearch(raw: Record<string, unknown>): ListSearch {
  const search: ListSearch = {};
  const q = asString(raw.q, 200);
  if (q) search.q = q;
  const sort = asString(raw.sort, 200);
  if (sort) search.sort = sort;
  const view = asString(raw.view, 64);
  if (view) search.view = view;
  if (Array.isArray(raw.filters)) {
    const filters = raw.filters.flatMap((f): ListFilter[] => {
      if (!f || typeof f !== 'object') return [];
      const { field, op, value } = f as Record<string, unknown>;
      if (typeof field !== 'string' || !isOp(op)) return [];
      return [{ field: field.slice(0, 100), op, value: String(value ?? '').slice(0, 2000) }];
    });
    if (filters.length > 0) search.filters = filters.slice(0, 50);
  }
  if (Array.isArray(raw.columns)) {
    const columns = raw.columns.filter((c): c is string => typeof c === 'string').slice(0, 100);
    if (columns.length > 0) search.columns = columns;
  }
  return search;
}

/** The API query string of a list: q, sort and one `filter[field][op]` parameter per chip. */
export function listQueryParams(search: ListSearch, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams(extra);
  if (search.q) params.set('q', search.q);
  if (search.sort) params.set('sort', search.sort);
  for (const filter of search.filters ?? [])
    params.append(`filter[${filter.field}][${filter.op}]`, filter.value);
  return params;
}

export interface SortKey {
  field: string;
  desc: boolean;
}

export const parseSort = (sort: string | undefined): SortKey[] =>
  (sort ?? '')
    .split(',')
    .filter(Boolean)
    .map((key) => (key.startsWith('-') ? { field: key.slice(1), desc: true } : { field: key, desc: false }));

export const formatSort = (keys: SortKey[]): string | undefined =>
  keys.length ? keys.map((k) => (k.desc ? `-${k.field}` : k.field)).join(',') : undefined;

/** Click on a header: ascending, then descending, then back to the default order. Shift adds a key. */
export function nextSort(sort: string | undefined, field: string, additive: boolean): string | undefined {
  const keys = parseSort(sort);
  const current = keys.find((k) => k.field === field);
  const others = additive ? keys.filter((k) => k.field !== field) : [];
  if (!current) return formatSort([...others, { field, desc: false }].slice(-3));
  if (!current.desc)
    return formatSort(
      additive ? keys.map((k) => (k.field === field ? { field, desc: true } : k)) : [{ field, desc: true }],
    );
  return formatSort(others);
}
