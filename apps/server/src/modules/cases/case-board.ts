import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { encodeCursor, parseListQuery } from '../../platform/list-query.ts';
import { money } from './case-lines.ts';
import { caseFieldMap, searchConditions } from './case-list.ts';
import { visibleCases } from './case-scope.ts';
import { CASE_ISSUES, invalid } from './cases.errors.ts';
import { toCase } from './cases.mapper.ts';
import * as repo from './cases.repository.ts';

/** Query of the board: the type, how many cards per column, `q`, and the list's filters. */
export type BoardInput = { type_id: string; cards: number; q?: string | undefined } & Record<string, unknown>;

/**
 * The board of one case type: a column per live status in pipeline order, with how many matching cases it
 * holds, their totals per currency (amount and weighted) and its first cards, most recently changed first.
 * A column's next_cursor continues with GET /cases?filter[status_id][eq]=<status>&sort=-updated_at and the
 * same filters. A fixed number of queries whatever the size: the statuses, then side by side the totals (and,
 * with filters, the columns' unfiltered counts) and one query for every column's cards.
 */
export async function caseBoard(db: Executor, auth: AuthContext, query: BoardInput) {
  const type = await repo.findCaseType(db, query.type_id);
  if (!type) throw invalid('type_id', CASE_ISSUES.unknownType);
  const filters = Object.fromEntries(Object.entries(query).filter(([key]) => key.startsWith('filter')));
  const fields = await caseFieldMap(db, { ...filters, 'filter[type_id][eq]': type.id });
  const list = parseListQuery({ ...filters, sort: '-updated_at' }, fields, {
    sort: '-updated_at',
    idExpr: sql.ref('cases.id'),
  });
  const extra = searchConditions(query);
  const statuses = (await repo.statusesOfType(db, type.id)).filter((s) => !s.retired_at);
  const [{ totals, counts }, cards] = await Promise.all([
    columnTotals(
      db,
      auth,
      statuses.map((s) => s.id),
      [...list.conditions, ...extra],
    ),
    repo.boardCards(db, auth, type.id, list, extra, query.cards),
  ]);
  const now = new Date();
  return {
    type_id: type.id,
    columns: statuses.map((status) => {
      const groups = totals.filter((t) => t.status_id === status.id);
      const rows = cards.filter((c) => c.status_id === status.id);
      const page = rows.slice(0, query.cards);
      const last = page.at(-1);
      return {
        status: {
          id: status.id,
          type_id: status.type_id,
          key: status.key,
          labels: status.labels as Record<string, string>,
          category: status.category,
          probability: status.probability,
          position: status.position,
          color: status.color as never,
          next_action: status.next_action,
          next_action_type_id: status.next_action_type_id,
          retired: false,
          case_count: counts.get(status.id) ?? 0,
          version: status.version,
        },
        count: groups.reduce((n, g) => n + g.cases, 0),
        totals: groups
          .filter((g) => g.amount !== null)
          .sort((a, b) => a.currency.localeCompare(b.currency))
          .map((g) => ({
            currency: g.currency,
            amount: money(g.amount)!,
            weighted: money(g.weighted)!,
          })),
        cards: page.map((r) => toCase(r, now)),
        next_cursor:
          rows.length > query.cards && last ? encodeCursor(list, { __s0: last.updated_at }, last.id) : null,
      };
    }),
  };
}

interface ColumnTotal {
  status_id: string;
  currency: string;
  cases: number;
  amount: string | null;
  weighted: string;
}

/**
 * Per group of matching cases (`t`): how many, Σ amount, and the weighted amount split so that the status's
 * probability is applied once per group, not per case: Σ amount × own probability over the cases that have
 * one, plus (Σ amount − Σ amount of those cases) × the status's, over 100, rounded to the cent once.
 */
const groupSums = sql`count(*)::int as cases, sum(cases.amount) as amount,
  sum(cases.amount * cases.probability) as weighted_own,
  sum(cases.amount) filter (where cases.probability is not null) as amount_own`;
const weighted = sql`round((coalesce(t.weighted_own, 0)
  + (coalesce(t.amount, 0) - coalesce(t.amount_own, 0)) * cs.probability) / 100, 2)::text as weighted`;

/**
 * Counts and totals of the board's columns, per status and currency, summed in SQL as numeric. Every
 * statement names the columns' statuses (`status_id = any(…)`), so it walks the (status_id, …) indexes of
 * live cases and reads no table row when the conditions need only the columns they carry (2026_11_24_0009):
 * - no filters: one pass over cases_status_currency_idx, grouped in index order (status, currency);
 * - with filters: the matching cases per status (a lateral subquery per column, where the list's filters on
 *   the status and the type — `cs`, `ct` — are plain outer values) and, side by side, how many visible cases
 *   each column holds whatever the filters (the status's case_count), counted per status on cases_status_idx
 *   (one index-only count each; as a grouped query over all of them the planner may prefer a parallel scan
 *   of a whole index that tests every row against the list of statuses).
 */
async function columnTotals(
  db: Executor,
  auth: AuthContext,
  statusIds: string[],
  conditions: RawBuilder<SqlBool>[],
): Promise<{ totals: ColumnTotal[]; counts: Map<string, number> }> {
  if (statusIds.length === 0) return { totals: [], counts: new Map() };
  const scope = visibleCases(auth, 'cases') ?? sql<SqlBool>`true`;
  const ids = sql`${statusIds}::uuid[]`;
  if (conditions.length === 0) {
    const totals = (
      await sql<ColumnTotal>`
        select t.status_id, t.currency, t.cases, t.amount::text as amount, ${weighted}
        from (
          select cases.status_id, cases.currency, ${groupSums}
          from cases
          where cases.deleted_at is null and cases.status_id = any(${ids}) and ${scope}
          group by cases.status_id, cases.currency) t
        join case_statuses cs on cs.id = t.status_id`.execute(db)
    ).rows;
    const counts = new Map<string, number>();
    for (const t of totals) counts.set(t.status_id, (counts.get(t.status_id) ?? 0) + t.cases);
    return { totals, counts };
  }
  const [totals, counts] = await Promise.all([
    sql<ColumnTotal>`
      select cs.id as status_id, t.currency, t.cases, t.amount::text as amount, ${weighted}
      from case_statuses cs
      join case_types ct on ct.id = cs.type_id
      cross join lateral (
        select cases.currency, ${groupSums}
        from cases
        where cases.status_id = cs.id and cases.deleted_at is null and ${scope}
          and ${sql.join(conditions, sql` and `)}
        group by cases.currency) t
      where cs.id = any(${ids})`.execute(db),
    sql<{ status_id: string; n: number }>`
      select s.id as status_id,
        (select count(*)::int from cases
          where cases.status_id = s.id and cases.deleted_at is null and ${scope}) as n
      from unnest(${ids}) as s(id)`.execute(db),
  ]);
  return { totals: totals.rows, counts: new Map(counts.rows.map((r) => [r.status_id, r.n])) };
}
