import type { Forecast, ForecastHistory, ForecastHistoryQuery, ForecastQuery } from '@trato/contracts/cases';
import type { Locale } from '@trato/contracts/common';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { translator } from '../../platform/i18n.ts';
import { localDate, startOfDay } from '../actions/zoned-time.ts';
import { visibleCases } from '../cases/case-scope.ts';
import { getWorkingHours } from '../cases/working-hours.ts';

// The sales forecast: open opportunities (cases of sale types in open statuses) by month of expected close,
// and what was won in each month (by closed_at, in the installation's time zone), in one currency.
// Cases with no expected close date belong to no month and are left out of the buckets (the contract has no
// place for them); cases in another currency are left out and counted in `other_currencies`.
//
// Drill-down needs no endpoint: a bar is a GET /api/v1/cases query (the web must send exactly this set).
//   Open bar (month M, group key K):
//     filter[kind][eq]=sale & filter[status_category][eq]=open & filter[currency][eq]=<forecast.currency>
//     & filter[expected_close][gte]=M-01 & filter[expected_close][lt]=<M+1>-01
//     & by status: filter[status_id][eq]=K
//     & by owner: filter[owner_id][eq]=K, or filter[owner_id][empty]=true for the null key
//     & by team: filter[team_id][eq]=K, or filter[team_id][empty]=true for the null key
//     & the forecast's own filters again: filter[type_id][eq], filter[owner_id][eq], filter[team_id][eq]
//   Won bar (month M): filter[kind][eq]=sale & filter[status_category][eq]=won & filter[currency][eq]=…
//     & filter[closed_at][gte]=<start of M> & filter[closed_at][lt]=<start of M+1> (instants: midnight on the
//     1st in the installation's time zone, GET /api/v1/settings/working-hours → time_zone) & the same filters.

type ForecastQueryInput = z.output<typeof ForecastQuery>;
type ForecastHistoryInput = z.output<typeof ForecastHistoryQuery>;
type Labels = Record<string, string>;

const DEFAULT_CURRENCY = 'EUR';
/** The longest range of months one forecast covers. */
export const MAX_FORECAST_MONTHS = 36;
const MONTHS_BACK = 5;
const MONTHS_AHEAD = 6;
const MAX_HISTORY_SNAPSHOTS = 600;

/** The installation's time zone (the working-hours setting's) and default currency (setting 'default_currency'). */
export async function installationCalendar(db: Executor): Promise<{ timeZone: string; currency: string }> {
  const [workingHours, row] = await Promise.all([
    getWorkingHours(db),
    db.selectFrom('settings').select('value').where('key', '=', 'default_currency').executeTakeFirst(),
  ]);
  return { timeZone: workingHours.time_zone, currency: currencySetting(row?.value) ?? DEFAULT_CURRENCY };
}

// The setting may hold "EUR" or { "currency": "EUR" }; anything else falls back to EUR.
function currencySetting(value: unknown): string | null {
  const code =
    typeof value === 'string'
      ? value
      : value && typeof value === 'object' && typeof (value as { currency?: unknown }).currency === 'string'
        ? (value as { currency: string }).currency
        : null;
  return code && /^[A-Za-z]{3}$/.test(code) ? code.toUpperCase() : null;
}

// Months as 'YYYY-MM'; arithmetic on a month count from year 0.
const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthName = (n: number) =>
  `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
export const addMonths = (month: string, months: number) => monthName(monthNumber(month) + months);

/** The months a forecast covers: from–to as asked (default 5 back to 6 ahead of this month), at most 36. */
export function forecastMonths(
  query: { from?: string | undefined; to?: string | undefined },
  today: string,
): string[] {
  const current = today.slice(0, 7);
  const span = MONTHS_BACK + MONTHS_AHEAD;
  const from = query.from ?? (query.to ? addMonths(query.to, -span) : addMonths(current, -MONTHS_BACK));
  const to = query.to ?? (query.from ? addMonths(from, span) : addMonths(current, MONTHS_AHEAD));
  const count = monthNumber(to) - monthNumber(from) + 1;
  if (count < 1) throw invalid('to', 'invalid_range');
  if (count > MAX_FORECAST_MONTHS) throw invalid('to', 'too_many_months', { max: MAX_FORECAST_MONTHS });
  return Array.from({ length: count }, (_, i) => addMonths(from, i));
}

const invalid = (field: string, code: string, params?: Record<string, unknown>) =>
  new AppError('validation_failed', { issues: [params ? { field, code, params } : { field, code }] });

/** The label in the caller's language, else the first there is. */
export function labelIn(labels: Labels, locale: Locale): string {
  return labels[locale] ?? labels.es ?? labels.ca ?? labels.en ?? Object.values(labels)[0] ?? '';
}

const and = (conditions: RawBuilder<SqlBool>[]) =>
  conditions.length > 0 ? sql<SqlBool>`${sql.join(conditions, sql` and `)}` : sql<SqlBool>`true`;

/** Visibility and the owner/team filters, as conditions on a table with owner_id and team_id columns. */
function scopeConditions(
  auth: AuthContext,
  filters: { owner_id?: string | undefined; team_id?: string | undefined },
  alias: string,
): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  const visible = visibleCases(auth, alias);
  if (visible) conditions.push(visible);
  if (filters.owner_id) conditions.push(sql<SqlBool>`${sql.ref(`${alias}.owner_id`)} = ${filters.owner_id}`);
  if (filters.team_id) conditions.push(sql<SqlBool>`${sql.ref(`${alias}.team_id`)} = ${filters.team_id}`);
  return conditions;
}

interface SaleStatus {
  id: string;
  type_id: string;
  labels: Labels;
  color: string;
  category: 'open' | 'won';
}

/** Open and won statuses of live sale types (of one type when asked; 422 type_id when it is not a sale type). */
async function saleStatuses(db: Executor, typeId: string | undefined): Promise<SaleStatus[]> {
  if (typeId) {
    const type = await db
      .selectFrom('case_types')
      .select('kind')
      .where('id', '=', typeId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!type) throw invalid('type_id', 'unknown_case_type');
    if (type.kind !== 'sale') throw invalid('type_id', 'not_a_sale_type');
  }
  let query = db
    .selectFrom('case_statuses as s')
    .innerJoin('case_types as t', 't.id', 's.type_id')
    .select(['s.id', 's.type_id', 's.labels', 's.color', 's.category'])
    .where('t.kind', '=', 'sale')
    .where('t.deleted_at', 'is', null)
    .where('s.category', 'in', ['open', 'won'])
    .orderBy('t.position')
    .orderBy('t.id')
    .orderBy(sql`s.retired_at is not null`)
    .orderBy('s.position');
  if (typeId) query = query.where('s.type_id', '=', typeId);
  return (await query.execute()) as SaleStatus[];
}

const GROUP_COLUMN = { owner: sql.ref('c.owner_id'), team: sql.ref('c.team_id') } as const;

interface Selection {
  conditions: RawBuilder<SqlBool>;
  currency: string;
  months: string[];
  timeZone: string;
}

/**
 * Per group of cases: their count and sums in the forecast's currency, and how many there are in all (those in
 * another currency are the difference). The weighted sum is split, so the probability of the status is applied
 * once per group, not per case (no join to the statuses per row): Σ amount × own probability over the cases
 * that have one, and Σ amount of those same cases, so that the rest (Σ amount − that) takes the status's.
 * Most cases have no probability of their own: per case that is one count and one numeric sum, the own-
 * probability sums test `probability is not null` first and stop there.
 */
const currencySums = (currency: string) => sql`
  count(*) as all_cases,
  count(*) filter (where c.currency = ${currency}) as cases,
  sum(c.amount) filter (where c.currency = ${currency}) as amount,
  sum(c.amount * c.probability) filter (where c.probability is not null and c.currency = ${currency}) as weighted_own,
  sum(c.amount) filter (where c.probability is not null and c.currency = ${currency}) as amount_own`;

/** The groups above rolled up to (month, key), with the status's probability for the cases without their own. */
const rolledUp = sql`
  sum(d.cases)::int as cases, round(coalesce(sum(d.amount), 0), 2)::text as amount,
  round((coalesce(sum(d.weighted_own), 0)
    + coalesce(sum((coalesce(d.amount, 0) - coalesce(d.amount_own, 0)) * s.probability), 0)) / 100, 2)::text
    as weighted,
  sum(d.all_cases - d.cases)::int as other`;

interface BucketRow {
  month: string;
  key: string | null;
  cases: number;
  amount: string;
  weighted: string;
  other: number;
}

/**
 * The open pipeline by (month of expected close, group key), in one pass over the index-only scan of
 * cases_status_close_idx (status_id, expected_close; amounts, owner and team included). By status the rows
 * come in (status, day) order and are summed as they stream past, then rolled up to months (~1,000 groups for
 * 90,000 cases); by owner or team they are hashed on (key, status, month number), the month found by
 * width_bucket over the months' first days rather than by formatting every row's date.
 */
async function openBuckets(
  db: Executor,
  group: ForecastQueryInput['group'],
  statusIds: string[],
  where: Selection,
): Promise<BucketRow[]> {
  const first = where.months[0] as string;
  const after = addMonths(where.months.at(-1) as string, 1);
  const matching = sql`c.deleted_at is null and c.status_id = any(${statusIds}::uuid[])
    and c.expected_close >= ${`${first}-01`}::date and c.expected_close < ${`${after}-01`}::date
    and ${where.conditions}`;
  if (group === 'status') {
    const result = await sql<BucketRow>`
      with d as (
        select c.status_id, c.expected_close as day, ${currencySums(where.currency)}
        from cases c where ${matching}
        group by c.status_id, c.expected_close)
      select to_char(d.day, 'YYYY-MM') as month, d.status_id::text as key, ${rolledUp}
      from d join case_statuses s on s.id = d.status_id
      group by 1, 2`.execute(db);
    return result.rows;
  }
  const starts = [...where.months, after].map((m) => `${m}-01`);
  const result = await sql<BucketRow>`
    with d as (
      select ${GROUP_COLUMN[group]} as key, c.status_id, width_bucket(c.expected_close, ${starts}::date[]) as bucket,
        ${currencySums(where.currency)}
      from cases c where ${matching}
      group by 1, 2, 3)
    select (${where.months}::text[])[d.bucket] as month, d.key::text as key, ${rolledUp}
    from d join case_statuses s on s.id = d.status_id
    group by 1, 2`.execute(db);
  return result.rows;
}

/**
 * Won cases per month of closing in the installation's time zone, through cases_status_closed_at_idx: the
 * month is found by width_bucket over the months' first instants, not by converting every closed_at.
 */
async function wonPerMonth(
  db: Executor,
  statusIds: string[],
  where: Selection,
): Promise<{ month: string; cases: number; amount: string; other: number }[]> {
  const starts = [...where.months, addMonths(where.months.at(-1) as string, 1)].map((m) =>
    startOfDay(`${m}-01`, where.timeZone).toISOString(),
  );
  const result = await sql<{ bucket: number; cases: number; amount: string; other: number }>`
    select width_bucket(c.closed_at, ${starts}::timestamptz[]) as bucket,
      count(*) filter (where c.currency = ${where.currency})::int as cases,
      round(coalesce(sum(c.amount) filter (where c.currency = ${where.currency}), 0), 2)::text as amount,
      (count(*) - count(*) filter (where c.currency = ${where.currency}))::int as other
    from cases c
    where c.deleted_at is null and c.status_id = any(${statusIds}::uuid[]) and c.closed_at is not null
      and c.closed_at >= ${starts[0]}::timestamptz and c.closed_at < ${starts.at(-1)}::timestamptz
      and ${where.conditions}
    group by 1`.execute(db);
  return result.rows.map(({ bucket, ...row }) => ({ month: where.months[bucket - 1] ?? '', ...row }));
}

export async function getForecast(
  db: Database,
  auth: AuthContext,
  query: ForecastQueryInput,
  locale: Locale,
): Promise<Forecast> {
  const calendar = await installationCalendar(db);
  const currency = query.currency ?? calendar.currency;
  const months = forecastMonths(query, localDate(new Date(), calendar.timeZone));
  const statuses = await saleStatuses(db, query.type_id);
  const openIds = statuses.filter((s) => s.category === 'open').map((s) => s.id);
  const wonIds = statuses.filter((s) => s.category === 'won').map((s) => s.id);
  const where = {
    conditions: and(scopeConditions(auth, query, 'c')),
    currency,
    months,
    timeZone: calendar.timeZone,
  };
  const [open, won] = await Promise.all([
    openIds.length === 0 ? [] : openBuckets(db, query.group, openIds, where),
    wonIds.length === 0 ? [] : wonPerMonth(db, wonIds, where),
  ]);

  const buckets = open
    .filter((r) => r.cases > 0)
    .sort((a, b) => a.month.localeCompare(b.month) || (a.key ?? '').localeCompare(b.key ?? ''))
    .map((r) => ({ month: r.month, key: r.key, cases: r.cases, amount: r.amount, weighted: r.weighted }));
  const wonByMonth = new Map(won.map((r) => [r.month, r]));
  const keys = [...new Set(buckets.map((b) => b.key))];
  return {
    currency,
    group: query.group,
    months,
    groups: await groupLabels(db, query.group, keys, statuses, locale),
    open: buckets,
    won: months.map((month) => {
      const row = wonByMonth.get(month);
      return { month, cases: row?.cases ?? 0, amount: row?.amount ?? '0.00' };
    }),
    other_currencies: [...open, ...won].reduce((sum, r) => sum + r.other, 0),
  };
}

/**
 * Names of the group keys: every open status of the sale types shown (a steady legend, pipeline order), or
 * the owners and teams that have cases in the buckets, by name, with "no owner"/"no team" last.
 */
async function groupLabels(
  db: Executor,
  group: ForecastQueryInput['group'],
  keys: (string | null)[],
  statuses: SaleStatus[],
  locale: Locale,
): Promise<Forecast['groups']> {
  if (group === 'status') {
    return statuses
      .filter((s) => s.category === 'open')
      .map((s) => ({ key: s.id, name: labelIn(s.labels, locale), labels: s.labels, color: s.color }));
  }
  const ids = keys.filter((k): k is string => k !== null);
  const rows =
    ids.length === 0
      ? []
      : group === 'owner'
        ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
        : await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute();
  const named = rows
    .map((r) => ({ key: r.id as string | null, name: r.name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  if (keys.includes(null))
    named.push({
      key: null,
      name: translator(locale)(group === 'owner' ? 'forecast.no_owner' : 'forecast.no_team'),
    });
  return named;
}

/**
 * How the forecast for one close month moved: per snapshot day, the sums over every owner and status (with
 * the same type/owner/team filters and the caller's visibility), and what was actually won in that month.
 */
export async function getForecastHistory(
  db: Database,
  auth: AuthContext,
  query: ForecastHistoryInput,
): Promise<z.infer<typeof ForecastHistory>> {
  const calendar = await installationCalendar(db);
  const currency = query.currency ?? calendar.currency;
  const statuses = await saleStatuses(db, query.type_id);
  const wonIds = statuses.filter((s) => s.category === 'won').map((s) => s.id);
  const snapshotConditions = scopeConditions(auth, query, 'fs');
  if (query.type_id) snapshotConditions.push(sql<SqlBool>`fs.type_id = ${query.type_id}`);
  const start = startOfDay(`${query.month}-01`, calendar.timeZone);
  const end = startOfDay(`${addMonths(query.month, 1)}-01`, calendar.timeZone);
  const [snapshots, actual] = await Promise.all([
    sql<{ taken_on: string; cases: number; amount: string; weighted: string }>`
      select fs.taken_on::text as taken_on, sum(fs.cases)::int as cases,
        round(sum(fs.amount), 2)::text as amount, round(sum(fs.weighted), 2)::text as weighted
      from forecast_snapshots fs
      where fs.month = ${`${query.month}-01`}::date and fs.currency = ${currency} and ${and(snapshotConditions)}
      group by fs.taken_on
      order by fs.taken_on desc
      limit ${MAX_HISTORY_SNAPSHOTS}`.execute(db),
    wonIds.length === 0
      ? { rows: [] }
      : sql<{ cases: number; amount: string }>`
          select count(*)::int as cases, round(coalesce(sum(c.amount), 0), 2)::text as amount
          from cases c
          where c.deleted_at is null and c.status_id = any(${wonIds}::uuid[]) and c.closed_at is not null
            and c.closed_at >= ${start} and c.closed_at < ${end} and c.currency = ${currency}
            and ${and(scopeConditions(auth, query, 'c'))}`.execute(db),
  ]);
  return {
    month: query.month,
    currency,
    snapshots: snapshots.rows.reverse(),
    actual: actual.rows[0] ?? { cases: 0, amount: '0.00' },
  };
}
