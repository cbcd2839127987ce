import type { TFunction } from 'i18next';
import { localLabel } from '../../ui/labels';
import { sumDecimals } from '../cases/case-format';
import type { Forecast, ForecastBucket, ForecastGroupInfo } from './forecast.api';
import { formatMonth } from './forecast-months';
import type { ForecastMeasure } from './forecast-search';

/** A stack of the chart: one status, owner or team. */
export interface ForecastSeries {
  /** The data key in the chart rows. */
  name: string;
  key: string | null;
  label: string;
  color: string;
}

export const WON_SERIES = 'won';
const PALETTE = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.7',
  'pink.6',
  'indigo.6',
  'lime.8',
  'red.6',
];
const seriesName = (key: string | null) => `g_${key ?? 'none'}`;
const cellKey = (month: string, key: string | null) => `${month}|${key ?? ''}`;

export function groupLabel(group: ForecastGroupInfo, by: Forecast['group'], language: string, t: TFunction) {
  if (group.key === null) return t(by === 'team' ? 'forecast:no_team' : 'forecast:no_owner');
  return by === 'status' ? localLabel(group.labels, language, group.name) : group.name;
}

/** The forecast's figures, looked up by month and group. */
export interface ForecastIndex {
  forecast: Forecast;
  series: ForecastSeries[];
  cell: (month: string, key: string | null) => ForecastBucket | undefined;
  won: (month: string) => { cases: number; amount: string };
  /** Open pipeline and won over some months (one month, a quarter…), summed exactly. */
  totals: (months: readonly string[], key?: string | null) => PeriodTotals;
}

export interface PeriodTotals {
  cases: number;
  amount: string;
  weighted: string;
  wonCases: number;
  won: string;
}

export function indexForecast(forecast: Forecast, language: string, t: TFunction): ForecastIndex {
  const cells = new Map(forecast.open.map((b) => [cellKey(b.month, b.key), b]));
  const won = new Map(forecast.won.map((w) => [w.month, w]));
  const used = new Set(forecast.open.map((b) => b.key));
  // Only the groups that have something in the months shown; the server's order (pipeline order for statuses).
  const series = forecast.groups
    .filter((g) => used.has(g.key))
    .map((group, i) => ({
      name: seriesName(group.key),
      key: group.key,
      label: groupLabel(group, forecast.group, language, t),
      color:
        group.key === null
          ? 'gray.6'
          : forecast.group === 'status' && group.color
            ? `${group.color}.6`
            : (PALETTE[i % PALETTE.length] ?? 'blue.6'),
    }));
  return {
    forecast,
    series,
    cell: (month, key) => cells.get(cellKey(month, key)),
    won: (month) => won.get(month) ?? { cases: 0, amount: '0.00' },
    totals: (months, key) => {
      const wanted = new Set(months);
      const buckets = forecast.open.filter(
        (b) => wanted.has(b.month) && (key === undefined || b.key === key),
      );
      const wonMonths = forecast.won.filter((w) => wanted.has(w.month));
      return {
        cases: buckets.reduce((n, b) => n + b.cases, 0),
        amount: sumDecimals(buckets.map((b) => b.amount)),
        weighted: sumDecimals(buckets.map((b) => b.weighted)),
        wonCases: wonMonths.reduce((n, w) => n + w.cases, 0),
        won: sumDecimals(wonMonths.map((w) => w.amount)),
      };
    },
  };
}

export type ChartRow = Record<string, string | number>;

/** One row per month for the bar chart: a value per group (weighted or not) and what was won. */
export function chartRows(index: ForecastIndex, measure: ForecastMeasure): ChartRow[] {
  return index.forecast.months.map((month) => {
    const row: ChartRow = { month, label: formatMonth(month), [WON_SERIES]: Number(index.won(month).amount) };
    for (const s of index.series) {
      const bucket = index.cell(month, s.key);
      row[s.name] = bucket ? Number(measure === 'weighted' ? bucket.weighted : bucket.amount) : 0;
    }
    return row;
  });
}
