import { type Expression, type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { CaseLinesTable, CaseRow, CaseStatusRow, CasesTable, CaseTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { orderBy, type ParsedList, pageOf, sortSelections } from '../../platform/list-query.ts';
import { visibleActions } from '../actions/actions.service.ts';
import type { LineProduct, ResolvedLine } from './case-lines.ts';
import { visibleCases } from './case-scope.ts';
import type { CaseLineRow, CaseRowWithRefs } from './cases.mapper.ts';

const ID = sql.ref('cases.id');

/** Cases joined to their type (`ct`) and status (`cs`): the list fields `kind` and `status_category` read them. */
function fromCases(db: Executor) {
  return db
    .selectFrom('cases')
    .innerJoin('case_types as ct', 'ct.id', 'cases.type_id')
    .innerJoin('case_statuses as cs', 'cs.id', 'cases.status_id');
}

/**
 * Cases with what a screen shows of them. The names are scalar subqueries, not joins (as for actions: many
 * joins made planning cost as much as running the query); the next action is the earliest planned action
 * on the case that the caller may see, found through actions_case_idx.
 */
export function selectCases(db: Executor, auth: AuthContext) {
  return fromCases(db)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('actions as na')
          .select(['na.id', 'na.subject', 'na.due_at'])
          .whereRef('na.case_id', '=', 'cases.id')
          .where('na.status', '=', 'planned')
          .where('na.deleted_at', 'is', null)
          .where(visibleActions(auth, 'na'))
          .orderBy('na.due_at')
          .orderBy('na.id')
          .limit(1)
          .as('next_action'),
      (join) => join.onTrue(),
    )
    .selectAll('cases')
    .select((eb) => [
      'ct.key as type_key',
      'ct.labels as type_labels',
      'ct.kind as type_kind',
      'ct.color as type_color',
      'ct.has_lines as type_has_lines',
      'cs.key as status_key',
      'cs.labels as status_labels',
      'cs.category as status_category',
      'cs.color as status_color',
      'cs.probability as status_probability',
      'next_action.id as next_action_id',
      'next_action.subject as next_action_subject',
      'next_action.due_at as next_action_due_at',
      eb
        .selectFrom('entities as e')
        .select('e.name')
        .whereRef('e.id', '=', 'cases.entity_id')
        .as('entity_name'),
      eb
        .selectFrom('contacts as c')
        .select('c.first_name')
        .whereRef('c.id', '=', 'cases.contact_id')
        .as('contact_first_name'),
      eb
        .selectFrom('contacts as c')
        .select('c.last_name')
        .whereRef('c.id', '=', 'cases.contact_id')
        .as('contact_last_name'),
      eb.selectFrom('users as o').select('o.name').whereRef('o.id', '=', 'cases.owner_id').as('owner_name'),
      eb.selectFrom('teams as t').select('t.name').whereRef('t.id', '=', 'cases.team_id').as('team_name'),
      eb
        .selectFrom('entities as r')
        .select('r.name')
        .whereRef('r.id', '=', 'cases.referrer_id')
        .as('referrer_name'),
    ]);
}

function visible<Q extends { where(condition: Expression<SqlBool>): Q }>(query: Q, auth: AuthContext): Q {
  const scope = visibleCases(auth, 'cases');
  return scope ? query.where(scope) : query;
}

/** One case the caller may see, with its references, or undefined (hidden and missing look the same). */
export async function findVisibleCase(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRowWithRefs | undefined> {
  let query = visible(selectCases(db, auth).where('cases.id', '=', id), auth);
  if (!options.includeDeleted) query = query.where('cases.deleted_at', 'is', null);
  return (await query.executeTakeFirst()) as CaseRowWithRefs | undefined;
}

/** A case as just written, whoever may see it now (the writer may have given it beyond their sight). */
export async function findCaseWithRefs(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<CaseRowWithRefs | undefined> {
  return (await selectCases(db, auth).where('cases.id', '=', id).executeTakeFirst()) as
    | CaseRowWithRefs
    | undefined;
}

/** The plain row of a case the caller may see, locked for a write. */
export async function lockVisibleCase(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRow | undefined> {
  let query = visible(db.selectFrom('cases').selectAll('cases').where('cases.id', '=', id), auth);
  if (!options.includeDeleted) query = query.where('cases.deleted_at', 'is', null);
  return query.forUpdate().executeTakeFirst();
}

/** The case a new action may link to: live and visible to the caller. */
export async function findLinkableCase(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<{ id: string; entity_id: string } | undefined> {
  return visible(
    db
      .selectFrom('cases')
      .select(['cases.id', 'cases.entity_id'])
      .where('cases.id', '=', id)
      .where('cases.deleted_at', 'is', null),
    auth,
  ).executeTakeFirst();
}

function listWhere<Q extends { where(condition: Expression<SqlBool>): Q }>(
  query: Q,
  auth: AuthContext,
  list: ParsedList,
  extra: Expression<SqlBool>[],
  options: { deleted?: boolean } = {},
): Q {
  let q = visible(query, auth);
  if (!list.includeDeleted && !options.deleted) q = q.where(sql<SqlBool>`cases.deleted_at is null`);
  for (const c of [...list.conditions, ...extra]) q = q.where(c);
  return q;
}

/**
 * One page of the list. The page's ids are found first (filters, sort and limit on cases, its type and
 * status only), then only those rows get their names and next action: joined before the sort, the next
 * action would be looked up for every match (870 ms for 200 000 cases instead of a few).
 */
export async function listCases(
  db: Executor,
  auth: AuthContext,
  list: ParsedList,
  extra: Expression<SqlBool>[] = [],
): Promise<{ rows: CaseRowWithRefs[]; nextCursor: string | null; total?: number }> {
  const order = orderBy(list, ID);
  let ids = listWhere(fromCases(db).select('cases.id'), auth, list, extra)
    .orderBy(order)
    .limit(list.limit + 1);
  if (list.after) ids = ids.where(list.after);
  const query = selectCases(db, auth)
    .select(sortSelections(list) as never[])
    .where('cases.id', 'in', ids)
    .orderBy(order);
  const { rows, nextCursor } = pageOf((await query.execute()) as unknown as CaseRowWithRefs[], list);
  let total: number | undefined;
  if (list.includeTotal) {
    const counted = await listWhere(fromCases(db), auth, list, extra)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { rows, nextCursor, ...(total !== undefined && { total }) };
}

/**
 * The first `limit` + 1 cards of every live status of a type in one query: a lateral subquery per status
 * walks cases_type_status_idx (type, status, updated_at desc) and stops after the first ids; only those
 * cards get their names and next action.
 */
export async function boardCards(
  db: Executor,
  auth: AuthContext,
  typeId: string,
  list: ParsedList,
  extra: Expression<SqlBool>[],
  limit: number,
): Promise<CaseRowWithRefs[]> {
  if (limit === 0) return [];
  const order = orderBy(list, ID);
  const firstIds = listWhere(fromCases(db).select('cases.id'), auth, list, extra)
    .where('cases.type_id', '=', typeId)
    .where(sql<SqlBool>`cases.status_id = bs.id`)
    .orderBy(order)
    .limit(limit + 1);
  return (await selectCases(db, auth)
    .where(
      sql<SqlBool>`cases.id in (select card.id from case_statuses bs cross join lateral (${firstIds}) card
        where bs.type_id = ${typeId} and bs.retired_at is null)`,
    )
    .orderBy(order)
    .execute()) as CaseRowWithRefs[];
}

export async function caseLines(db: Executor, caseId: string): Promise<CaseLineRow[]> {
  return db
    .selectFrom('case_lines as l')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .select([
      'l.id',
      'l.position',
      'l.product_id',
      'p.code as product_code',
      'p.name as product_name',
      'l.description',
      'l.quantity',
      'l.unit_price',
      'l.discount_pct',
      'l.tax_rate',
      'l.net_amount',
      'l.tax_amount',
    ])
    .where('l.case_id', '=', caseId)
    .orderBy('l.position')
    .orderBy('l.id')
    .execute();
}

export async function lineProductIds(db: Executor, caseId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('case_lines')
    .select('product_id')
    .where('case_id', '=', caseId)
    .where('product_id', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.product_id!));
}

export async function lineCount(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('case_lines')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Lines' products that still exist (not deleted), by id. */
export async function findProducts(db: Executor, ids: readonly string[]): Promise<Map<string, LineProduct>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('products')
    .select(['id', 'code', 'name', 'unit_price', 'currency', 'tax_rate', 'active'])
    .where(sql<SqlBool>`id = any(${[...new Set(ids)]}::uuid[])`)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Replaces a case's lines (delete and insert, in the caller's transaction). */
export async function replaceLines(db: Executor, caseId: string, lines: ResolvedLine[]): Promise<void> {
  await db.deleteFrom('case_lines').where('case_id', '=', caseId).execute();
  await insertLines(db, caseId, lines);
}

export async function insertLines(db: Executor, caseId: string, lines: ResolvedLine[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('case_lines')
    .values(lines.map((l) => ({ id: newId(), case_id: caseId, ...l }) satisfies Insertable<CaseLinesTable>))
    .execute();
}

export async function findCaseType(db: Executor, id: string): Promise<CaseTypeRow | undefined> {
  return db
    .selectFrom('case_types')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live, active types of a kind in position order. */
export async function liveTypesOfKind(db: Executor, kind: 'sale' | 'service'): Promise<CaseTypeRow[]> {
  return db
    .selectFrom('case_types')
    .selectAll()
    .where('kind', '=', kind)
    .where('active', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findStatus(db: Executor, id: string): Promise<CaseStatusRow | undefined> {
  return db.selectFrom('case_statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A type's statuses in pipeline order (retired ones included, last). */
export async function statusesOfType(db: Executor, typeId: string): Promise<CaseStatusRow[]> {
  return db
    .selectFrom('case_statuses')
    .selectAll()
    .where('type_id', '=', typeId)
    .orderBy(sql`retired_at is not null`)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * The next `count` values of a type's counter for a year, in one statement (the counter's row lock makes
 * concurrent creates wait their turn, so no two get the same value).
 */
/** The counter's last value (0 when the type has no case that year), read without a lock. */
export async function peekCaseNumber(db: Executor, typeId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('case_number_counters')
    .select('last_value')
    .where('type_id', '=', typeId)
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.last_value ?? 0;
}

export async function takeCaseNumbers(
  db: Executor,
  typeId: string,
  year: number,
  count: number,
): Promise<number[]> {
  const row = await db
    .insertInto('case_number_counters')
    .values({ type_id: typeId, year, last_value: count })
    .onConflict((oc) =>
      oc
        .columns(['type_id', 'year'])
        .doUpdateSet({ last_value: sql`case_number_counters.last_value + ${count}` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Array.from({ length: count }, (_, i) => row.last_value - count + 1 + i);
}

export async function isNumberTaken(db: Executor, number: string): Promise<boolean> {
  return Boolean(await db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirst());
}

export async function insertCase(db: Executor, values: Insertable<CasesTable>): Promise<CaseRow> {
  return db.insertInto('cases').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCaseRow(
  db: Executor,
  id: string,
  values: Updateable<CasesTable>,
): Promise<CaseRow> {
  return db.updateTable('cases').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Opens a stay in a status. */
export async function insertStay(
  db: Executor,
  stay: { case_id: string; status_id: string; entered_at: Date; entered_by: string | null },
): Promise<void> {
  await db
    .insertInto('case_status_history')
    .values({ id: newId(), ...stay })
    .execute();
}

/** Closes the open stay of a case. */
export async function closeStay(db: Executor, caseId: string, at: Date): Promise<void> {
  await db
    .updateTable('case_status_history')
    .set({ left_at: at })
    .where('case_id', '=', caseId)
    .where('left_at', 'is', null)
    .execute();
}

export interface StayRow {
  status_id: string;
  status_key: string;
  status_labels: Record<string, string>;
  status_category: CaseStatusRow['category'];
  status_color: string;
  entered_at: Date;
  entered_by: string | null;
  entered_by_name: string | null;
  left_at: Date | null;
}

export async function caseStays(db: Executor, caseId: string): Promise<StayRow[]> {
  return db
    .selectFrom('case_status_history as h')
    .innerJoin('case_statuses as s', 's.id', 'h.status_id')
    .leftJoin('users as u', 'u.id', 'h.entered_by')
    .select([
      'h.status_id',
      's.key as status_key',
      's.labels as status_labels',
      's.category as status_category',
      's.color as status_color',
      'h.entered_at',
      'h.entered_by',
      'u.name as entered_by_name',
      'h.left_at',
    ])
    .where('h.case_id', '=', caseId)
    .orderBy('h.entered_at')
    .orderBy('h.id')
    .limit(1000)
    .execute() as Promise<StayRow[]>;
}

/** Whether a case has a live planned action (whoever may see it). */
export async function hasPlannedAction(db: Executor, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('actions')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', '=', 'planned')
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** The first response on a case, if it has none yet (an action on it done). */
export async function markFirstResponse(db: Executor, caseId: string, at: Date): Promise<void> {
  await db
    .updateTable('cases')
    .set({ first_response_at: sql`coalesce(first_response_at, ${at})` })
    .where('id', '=', caseId)
    .execute();
}
