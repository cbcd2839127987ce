import { FORECAST_GROUPS } from '@trato/contracts/cases';
import { addMonths, isMonth, monthSpan } from './forecast-months';

export type ForecastGroup = (typeof FORECAST_GROUPS)[number];
export const FORECAST_MEASURES = ['weighted', 'amount'] as const;
export type ForecastMeasure = (typeof FORECAST_MEASURES)[number];
/** The server answers 422 past this many months. */
export const MAX_MONTHS = 36;

/** The forecast screen's state in the URL, so a manager can share exactly what they look at. */
export interface ForecastSearch {
  /** First and last month shown, YYYY-MM (both or neither; default: the server's 5 back to 6 ahead). */
  from?: string;
  to?: string;
  group?: ForecastGroup;
  /** Weighted by probability (default) or the plain amounts. */
  measure?: ForecastMeasure;
  type?: string;
  owner?: string;
  team?: string;
  currency?: string;
  /** The close month whose forecast history is shown. */
  month?: string;
}

const id = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : undefined;

export function validateForecastSearch(raw: Record<string, unknown>): ForecastSearch {
  const search: ForecastSearch = {};
  if (isMonth(raw.from) && isMonth(raw.to) && raw.from <= raw.to) {
    search.from = raw.from;
    // A hand-edited range longer than the server allows keeps its start and is cut to the maximum.
    search.to = monthSpan(raw.from, raw.to) > MAX_MONTHS ? addMonths(raw.from, MAX_MONTHS - 1) : raw.to;
  }
  if (FORECAST_GROUPS.includes(raw.group as ForecastGroup)) search.group = raw.group as ForecastGroup;
  if (FORECAST_MEASURES.includes(raw.measure as ForecastMeasure))
    search.measure = raw.measure as ForecastMeasure;
  const type = id(raw.type);
  if (type) search.type = type;
  const owner = id(raw.owner);
  if (owner) search.owner = owner;
  const team = id(raw.team);
  if (team) search.team = team;
  if (typeof raw.currency === 'string' && /^[A-Z]{3}$/.test(raw.currency)) search.currency = raw.currency;
  if (isMonth(raw.month)) search.month = raw.month;
  return search;
}
