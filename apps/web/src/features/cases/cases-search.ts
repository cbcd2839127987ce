import { type ListSearch, validateListSearch } from '../../ui/list/list-search';
import type { BoardFilters } from './cases.api';

export const CASE_MODES = ['board', 'list'] as const;
export type CaseMode = (typeof CASE_MODES)[number];

/** /cases in the URL: the type (its key), board or list, the board's filters and the list's own state. */
export interface CasesSearch extends ListSearch {
  type?: string;
  mode?: CaseMode;
  owner?: string;
  team?: string;
  month?: string;
  campaign?: string;
  /** Phones: the board column on screen. */
  status?: string;
}

const text = (value: unknown, max: number, pattern?: RegExp) =>
  typeof value === 'string' && value.length > 0 && value.length <= max && (!pattern || pattern.test(value))
    ? value
    : undefined;

const UUID = /^[0-9a-f-]{36}$/i;

/** validateSearch for /cases: anything malformed in a hand-edited URL is dropped, not fatal. */
export function validateCasesSearch(raw: Record<string, unknown>): CasesSearch {
  const search: CasesSearch = validateListSearch(raw);
  const values: Partial<CasesSearch> = {
    type: text(raw.type, 64, /^[a-z0-9][a-z0-9_-]*$/),
    mode: raw.mode === 'list' || raw.mode === 'board' ? raw.mode : undefined,
    owner: text(raw.owner, 36, UUID),
    team: text(raw.team, 36, UUID),
    month: text(raw.month, 7, /^\d{4}-(0[1-9]|1[0-2])$/),
    campaign: text(raw.campaign, 36, UUID),
    status: text(raw.status, 36, UUID),
  };
  for (const [key, value] of Object.entries(values)) if (value) Object.assign(search, { [key]: value });
  return search;
}

export const boardFiltersOf = (search: CasesSearch): BoardFilters => ({
  ...(search.owner ? { owner: search.owner } : {}),
  ...(search.team ? { team: search.team } : {}),
  ...(search.month ? { month: search.month } : {}),
  ...(search.campaign ? { campaign: search.campaign } : {}),
  ...(search.q ? { q: search.q } : {}),
});

/** The list's part of the URL (what ListScreen and saved views read and write). */
export function listSearchOf(search: CasesSearch): ListSearch {
  const {
    type: _type,
    mode: _mode,
    owner: _owner,
    team: _team,
    month: _month,
    campaign: _campaign,
    status: _status,
    ...list
  } = search;
  return list;
}
