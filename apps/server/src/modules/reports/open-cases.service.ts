import type { OpenCaseRow, OpenCasesQuery, OpenCasesResponse } from '@trato/contracts/cases';
import type { Locale } from '@trato/contracts/common';
import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseRow, DB } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { translator } from '../../platform/i18n.ts';
import { isUuid } from '../../platform/ids.ts';
import {
  escapeLike,
  type FieldMap,
  orderBy,
  type ParsedList,
  pageOf,
  parseListQuery,
  sortSelections,
} from '../../platform/list-query.ts';
import { visibleActions } from '../actions/actions.service.ts';
import { localDate, safeTimeZone } from '../actions/zoned-time.ts';
import { money } from '../cases/case-lines.ts';
import { visibleCases } from '../cases/case-scope.ts';
import { slaView } from '../cases/sla.ts';
import { labelIn } from '../forecast/forecast.service.ts';

// The open-cases report: every visible case whose status is one of the statuses the user picked (any
// statuses, across types), with its age, owner, amount and last action; totals per currency; CSV and XLSX.

type Row = z.infer<typeof OpenCaseRow>;
type Response = z.infer<typeof OpenCasesResponse>;
type Query = z.output<typeof OpenCasesQuery>;

export const MAX_REPORT_STATUSES = 200;
const DAY_MS = 86_400_000;

/**
 * The case's last action the caller may see: the most recently completed one, else (none done yet) the
 * planned one due last. Cancelled actions do not count. `at` is when it was done, or when it is due.
 */
const LAST_ACTION_AT = sql`case when a.status = 'done' then coalesce(a.completed_at, a.due_at) else a.due_at end`;

/**
 * Filters the report takes beside status_ids (the list machinery's filter[field][op]=value) and its sorts:
 * age (= created_at, reversed), created_at, amount, number, last_action_at.
 */
const FIELDS: FieldMap = {
  owner_id: { expr: sql.ref('c.owner_id'), kind: 'uuid', nullable: true, sortable: false },
  team_id: { expr: sql.ref('c.team_id'), kind: 'uuid', nullable: true, sortable: false },
  type_id: { expr: sql.ref('c.type_id'), kind: 'uuid', nullable: false, sortable: false },
  entity_id: { expr: sql.ref('c.entity_id'), kind: 'uuid', nullable: false, sortable: false },
  priority: { expr: sql.ref('c.priority'), kind: 'key', nullable: false, sortable: false },
  currency: { expr: sql.ref('c.currency'), kind: 'key', nullable: false, sortable: false },
  created_at: { expr: sql.ref('c.created_at'), kind: 'datetime', nullable: false },
  amount: { expr: sql.ref('c.amount'), kind: 'number', nullable: true },
  number: { expr: sql.ref('c.number'), kind: 'text', nullable: false },
  last_action_at: { expr: sql.ref('la.at'), kind: 'datetime', nullable: true },
};
/** Oldest first: an open-cases report is read for what has been waiting longest. */
const DEFAULT_SORT = '-age';

const invalid = (issues: FieldIssue[]) => new AppError('validation_failed', { issues });

/** The picked statuses: ids of existing statuses (of any type), at most 200; 422 status_ids names the rest. */
export async function resolveStatusIds(db: Executor, raw: string): Promise<string[]> {
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0) throw invalid([{ field: 'status_ids', code: 'required' }]);
  if (ids.length > MAX_REPORT_STATUSES)
    throw invalid([{ field: 'status_ids', code: 'too_many', params: { max: MAX_REPORT_STATUSES } }]);
  const wellFormed = ids.filter(isUuid);
  const found = new Set(
    wellFormed.length === 0
      ? []
      : (await db.selectFrom('case_statuses').select('id').where('id', 'in', wellFormed).execute()).map(
          (r) => r.id,
        ),
  );
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0)
    throw invalid(
      unknown.map((id) => ({
        field: 'status_ids',
        code: 'unknown_status',
        params: { value: id.slice(0, 50) },
      })),
    );
  return ids;
}

/** `age` is the reverse of created_at: "-age" (oldest first) is "created_at". */
function withAgeSort(sort: string | undefined): string {
  return (sort ?? DEFAULT_SORT)
    .split(',')
    .map((key) => (key === 'age' ? '-created_at' : key === '-age' ? 'created_at' : key))
    .join(',');
}

type CaseQuery = SelectQueryBuilder<DB & { c: CaseRow }, 'c', object>;

/** The case's last visible action as `la` (id, subject, status, at). */
function joinLastAction<Q extends SelectQueryBuilder<any, any, any>>(query: Q, auth: AuthContext): Q {
  return query.leftJoinLateral(
    (eb: any) =>
      eb
        .selectFrom('actions as a')
        .select(['a.id', 'a.subject', 'a.status', LAST_ACTION_AT.as('at')])
        .whereRef('a.case_id', '=', 'c.id')
        .where('a.deleted_at', 'is', null)
        .where('a.status', 'in', ['done', 'planned'])
        .where(visibleActions(auth, 'a'))
        .orderBy(sql`a.status = 'done'`, 'desc')
        .orderBy(LAST_ACTION_AT, 'desc')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('la'),
    (join: any) => join.onTrue(),
  ) as Q;
}

interface Selection {
  statusIds: string[];
  list: ParsedList;
  extra: RawBuilder<SqlBool>[];
  /** Whether a filter or the sort reads the last action (then it is joined before the page is cut). */
  needsLastAction: boolean;
}

function selection(auth: AuthContext, query: Record<string, unknown>, statusIds: string[]): Selection {
  const list = parseListQuery({ ...query, sort: withAgeSort(query.sort as string | undefined) }, FIELDS, {
    sort: 'created_at',
    idExpr: sql.ref('c.id'),
  });
  const extra: RawBuilder<SqlBool>[] = [];
  const visible = visibleCases(auth, 'c');
  if (visible) extra.push(visible);
  const q = typeof query.q === 'string' ? query.q.trim() : '';
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    extra.push(sql<SqlBool>`(c.number ilike ${pattern} or c.title ilike ${pattern}
      or exists (select 1 from entities qe where qe.id = c.entity_id and qe.name ilike ${pattern}))`);
  }
  const readsLastAction = (key: string) => key.startsWith('filter[last_action_at]');
  return {
    statusIds,
    list,
    extra,
    needsLastAction:
      list.sort.some((s) => s.field === 'last_action_at') || Object.keys(query).some(readsLastAction),
  };
}

/** Live cases in the picked statuses that match every filter and that the caller may see. */
function matching(db: Executor, auth: AuthContext, s: Selection): CaseQuery {
  let query = db
    .selectFrom('cases as c')
    .where('c.deleted_at', 'is', null)
    .where(sql<SqlBool>`c.status_id = any(${s.statusIds}::uuid[])`) as unknown as CaseQuery;
  if (s.needsLastAction) query = joinLastAction(query, auth);
  for (const condition of [...s.list.conditions, ...s.extra])
    query = query.where(condition as Expression<SqlBool>);
  return query;
}

interface ReportRow extends CaseRow {
  type_labels: Record<string, string>;
  status_key: string;
  status_labels: Record<string, string>;
  status_category: Row['status']['category'];
  status_color: string;
  entity_name: string | null;
  owner_name: string | null;
  la_id: string | null;
  la_subject: string | null;
  la_status: string | null;
  la_at: Date | null;
}

function toRow(row: ReportRow, now: Date): Row {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    type: { id: row.type_id, labels: row.type_labels },
    status: {
      id: row.status_id,
      key: row.status_key,
      labels: row.status_labels,
      category: row.status_category,
      color: row.status_color,
    },
    entity: { id: row.entity_id, name: row.entity_name ?? '' },
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    priority: row.priority,
    amount: money(row.amount),
    currency: row.currency,
    created_at: row.created_at.toISOString(),
    age_days: Math.max(0, Math.floor((now.getTime() - row.created_at.getTime()) / DAY_MS)),
    last_action:
      row.la_id && row.la_at
        ? {
            id: row.la_id,
            subject: row.la_subject ?? '',
            at: new Date(row.la_at).toISOString(),
            status: row.la_status ?? '',
          }
        : null,
    sla: slaView(row, now),
  };
}

/**
 * One page of the report. The page's cases are found and cut first (kept apart by OFFSET 0, so the sort runs
 * over case rows only), then joined to their names and last action: the last action is looked up for the 100
 * rows shown, not for every match — unless the sort or a filter reads it.
 */
export async function listOpenCases(
  db: Database,
  auth: AuthContext,
  query: Query | Record<string, unknown>,
  options: { totals?: boolean } = {},
): Promise<Response> {
  const statusIds = await resolveStatusIds(db, String(query.status_ids ?? ''));
  const s = selection(auth, query as Record<string, unknown>, statusIds);
  const { list } = s;
  let page = matching(db, auth, s)
    .selectAll('c')
    .select(sortSelections(list) as any)
    .orderBy(orderBy(list, sql.ref('c.id')) as any)
    .limit(list.limit + 1)
    .offset(0);
  if (list.after) page = page.where(list.after as Expression<SqlBool>);
  const rowsQuery = joinLastAction(
    (db as Database)
      .selectFrom(page.as('c') as any)
      .innerJoin('case_types as t', 't.id', 'c.type_id' as any)
      .innerJoin('case_statuses as s', 's.id', 'c.status_id' as any),
    auth,
  )
    .selectAll('c' as any)
    .select((eb: any) => [
      't.labels as type_labels',
      's.key as status_key',
      's.labels as status_labels',
      's.category as status_category',
      's.color as status_color',
      'la.id as la_id',
      'la.subject as la_subject',
      'la.status as la_status',
      'la.at as la_at',
      eb.selectFrom('entities as e').select('e.name').whereRef('e.id', '=', 'c.entity_id').as('entity_name'),
      eb.selectFrom('users as o').select('o.name').whereRef('o.id', '=', 'c.owner_id').as('owner_name'),
    ])
    .orderBy(orderBy(list, sql.ref('c.id')) as any);

  const [rows, totals] = await Promise.all([
    rowsQuery.execute() as Promise<ReportRow[]>,
    options.totals === false
      ? Promise.resolve([])
      : (matching(db, auth, s)
          .select([
            'c.currency',
            sql<number>`count(*)::int`.as('cases'),
            sql<string>`round(coalesce(sum(c.amount), 0), 2)::text`.as('amount'),
          ])
          .groupBy('c.currency')
          .orderBy(sql`count(*)`, 'desc')
          .orderBy('c.currency')
          .execute() as Promise<{ currency: string; cases: number; amount: string }[]>),
  ]);
  const { rows: shown, nextCursor } = pageOf(rows, list);
  const now = new Date();
  return {
    data: shown.map((r) => toRow(r, now)),
    next_cursor: nextCursor,
    total: totals.reduce((sum, t) => sum + t.cases, 0),
    totals: totals.slice(0, 20).map((t) => ({ currency: t.currency, amount: t.amount })),
  };
}

// Export ----------------------------------------------------------------------------------------------------

export const OPEN_CASES_EXPORT_COLUMNS = [
  { key: 'number', kind: 'text', width: 16 },
  { key: 'title', kind: 'text', width: 36 },
  { key: 'type', kind: 'text', width: 18 },
  { key: 'status', kind: 'text', width: 18 },
  { key: 'entity', kind: 'text', width: 32 },
  { key: 'owner', kind: 'text', width: 22 },
  { key: 'priority', kind: 'text', width: 10 },
  { key: 'amount', kind: 'money', width: 16 },
  { key: 'currency', kind: 'text', width: 8 },
  { key: 'created_at', kind: 'date', width: 12 },
  { key: 'age_days', kind: 'integer', width: 10 },
  { key: 'last_action', kind: 'text', width: 32 },
  { key: 'last_action_at', kind: 'date', width: 12 },
  { key: 'last_action_status', kind: 'text', width: 12 },
  { key: 'sla', kind: 'text', width: 12 },
] as const;
export type OpenCasesColumn = (typeof OPEN_CASES_EXPORT_COLUMNS)[number]['key'];

/** Headers and cells of the export in the caller's language; dates as days in the caller's time zone. */
export function openCasesExportFormat(locale: Locale, timeZone: string) {
  const t = translator(locale);
  const zone = safeTimeZone(timeZone);
  const day = (iso: string | null | undefined) => (iso ? localDate(new Date(iso), zone) : null);
  return {
    filename: t('open_cases.filename'),
    sheetName: t('open_cases.sheet'),
    header: (key: OpenCasesColumn) => t(`open_cases.columns.${key}`),
    cell(row: Row, key: OpenCasesColumn): unknown {
      switch (key) {
        case 'type':
          return labelIn(row.type.labels, locale);
        case 'status':
          return labelIn(row.status.labels, locale);
        case 'entity':
          return row.entity.name;
        case 'owner':
          return row.owner?.name ?? null;
        case 'priority':
          return t(`open_cases.priority.${row.priority}`);
        case 'created_at':
          return day(row.created_at);
        case 'last_action':
          return row.last_action?.subject ?? null;
        case 'last_action_at':
          return day(row.last_action?.at);
        case 'last_action_status':
          return row.last_action ? t(`open_cases.action_status.${row.last_action.status}`) : null;
        case 'sla':
          return row.sla.state === 'none' ? null : t(`open_cases.sla.${row.sla.state}`);
        default:
          return row[key];
      }
    },
  };
}
