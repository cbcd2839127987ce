import { sql } from 'kysely';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { encodeCursor, parseListQuery } from '../../platform/list-query.ts';
import { money } from './case-lines.ts';
import { caseFieldMap, searchConditions } from './case-list.ts';
import { CASE_ISSUES, invalid } from './cases.errors.ts';
import { toCase } from './cases.mapper.ts';
import * as repo from './cases.repository.ts';

/** Query of the board: the type, how many cards per column, `q`, and the list's filters. */
export type BoardInput = { type_id: string; cards: number; q?: string | undefined } & Record<string, unknown>;

/**
 * The board of one case type: a column per live status in pipeline order, with how many matching cases it
 * holds, their totals per currency (amount and weighted) and its first cards, most recently changed first.
 * A column's next_cursor continues with GET /cases?filter[status_id][eq]=<status>&sort=-updated_at and the
 * same filters. Three queries whatever the size: the statuses, one grouped query, one for every column's cards.
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
  const totals = await repo.boardTotals(db, auth, type.id, list, extra);
  const cards = await repo.boardCards(db, auth, type.id, list, extra, query.cards);
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
          case_count: groups.reduce((n, g) => n + Number(g.all_cases), 0),
          version: status.version,
        },
        count: groups.reduce((n, g) => n + Number(g.cases), 0),
        totals: groups
          .filter((g) => g.amount !== null)
          .sort((a, b) => a.currency.localeCompare(b.currency))
          .map((g) => ({
            currency: g.currency,
            amount: money(g.amount)!,
            weighted: money(g.weighted ?? '0')!,
          })),
        cards: page.map((r) => toCase(r, now)),
        next_cursor:
          rows.length > query.cards && last ? encodeCursor(list, { __s0: last.updated_at }, last.id) : null,
      };
    }),
  };
}
