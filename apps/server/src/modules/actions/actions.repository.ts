import {
  type Expression,
  type Insertable,
  type RawBuilder,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { ActionRow, ActionsTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { orderBy, type ParsedList, pageOf, sortSelections } from '../../platform/list-query.ts';
import { scopeOf } from '../../platform/permissions.ts';
import type { ActionRowWithRefs } from './actions.mapper.ts';

/**
 * Who sees an action, as a SQL condition on the `actions` table (null = everyone). Being involved (the
 * assignee, a member of the assignee team, or the creator) always shows it. Beyond that the role's scope
 * applies: team → actions assigned to members of the user's teams, all → every action; a private action is
 * never shown beyond the people involved, whatever the scope.
 */
export function visibleActions(auth: AuthContext, alias = 'actions'): RawBuilder<SqlBool> {
  const a = (column: string) => sql.ref(`${alias}.${column}`);
  const teams = sql`${auth.teamIds}::uuid[]`;
  const involved = sql<SqlBool>`(${a('assignee_user_id')} = ${auth.userId} or ${a('assignee_team_id')} = any(${teams}) or ${a('created_by')} = ${auth.userId})`;
  switch (scopeOf(auth, 'actions')) {
    case 'all':
      return sql<SqlBool>`(${involved} or not ${a('private')})`;
    case 'team':
      if (auth.teamIds.length === 0) return involved;
      return sql<SqlBool>`(${involved} or (not ${a('private')} and ${a('assignee_user_id')} in (select tm.user_id from team_members tm where tm.team_id = any(${teams}))))`;
    default:
      return involved;
  }
}

/**
 * Actions with what a screen shows of them: the type, and the names of the people, team, entity and contact.
 * The names are scalar subqueries, not joins: six joins made planning cost as much as running the query.
 */
export function selectActions(db: Executor) {
  return db
    .selectFrom('actions')
    .innerJoin('action_types as t', 't.id', 'actions.type_id')
    .selectAll('actions')
    .select((eb) => [
      't.key as type_key',
      't.labels as type_labels',
      't.icon as type_icon',
      't.color as type_color',
      't.timed as type_timed',
      eb
        .selectFrom('users as au')
        .select('au.name')
        .whereRef('au.id', '=', 'actions.assignee_user_id')
        .as('assignee_user_name'),
      eb
        .selectFrom('teams as at')
        .select('at.name')
        .whereRef('at.id', '=', 'actions.assignee_team_id')
        .as('assignee_team_name'),
      eb
        .selectFrom('entities as e')
        .select('e.name')
        .whereRef('e.id', '=', 'actions.entity_id')
        .as('entity_name'),
      eb
        .selectFrom('contacts as c')
        .select('c.first_name')
        .whereRef('c.id', '=', 'actions.contact_id')
        .as('contact_first_name'),
      eb
        .selectFrom('contacts as c')
        .select('c.last_name')
        .whereRef('c.id', '=', 'actions.contact_id')
        .as('contact_last_name'),
      eb
        .selectFrom('users as cb')
        .select('cb.name')
        .whereRef('cb.id', '=', 'actions.completed_by')
        .as('completed_by_name'),
    ]);
}

/** One action the caller may see, or undefined (a hidden action and a missing one look the same). */
export async function findVisibleAction(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<ActionRowWithRefs | undefined> {
  let query = selectActions(db).where('actions.id', '=', id).where(visibleActions(auth));
  if (!options.includeDeleted) query = query.where('actions.deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate('actions');
  return (await query.executeTakeFirst()) as ActionRowWithRefs | undefined;
}

/** The live actions among `ids` the caller may see, in id order; locked in that order when asked. */
export async function findVisibleActions(
  db: Executor,
  auth: AuthContext,
  ids: readonly string[],
  options: { forUpdate?: boolean } = {},
): Promise<ActionRowWithRefs[]> {
  if (ids.length === 0) return [];
  let query = selectActions(db)
    .where(sql<SqlBool>`actions.id = any(${[...new Set(ids)]}::uuid[])`)
    .where(visibleActions(auth))
    .where('actions.deleted_at', 'is', null)
    .orderBy('actions.id');
  if (options.forUpdate) query = query.forUpdate('actions');
  return (await query.execute()) as ActionRowWithRefs[];
}

export async function findActionWithRefs(db: Executor, id: string): Promise<ActionRowWithRefs | undefined> {
  return (await selectActions(db).where('actions.id', '=', id).executeTakeFirst()) as
    | ActionRowWithRefs
    | undefined;
}

export async function listActions(
  db: Executor,
  auth: AuthContext,
  list: ParsedList,
  extra: Expression<SqlBool>[] = [],
): Promise<{ rows: ActionRowWithRefs[]; nextCursor: string | null; total?: number }> {
  const where = (qb: any) => {
    let q = qb.where(visibleActions(auth));
    if (!list.includeDeleted) q = q.where('actions.deleted_at', 'is', null);
    for (const c of [...list.conditions, ...extra]) q = q.where(c);
    return q;
  };
  let query = where(selectActions(db))
    .select(sortSelections(list) as any)
    .orderBy(orderBy(list, sql.ref('actions.id')))
    .limit(list.limit + 1);
  if (list.after) query = query.where(list.after);
  const { rows, nextCursor } = pageOf((await query.execute()) as ActionRowWithRefs[], list);
  let total: number | undefined;
  if (list.includeTotal) {
    const counted = await where(db.selectFrom('actions'))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { rows, nextCursor, ...(total !== undefined && { total }) };
}

/**
 * Live actions matching every condition, visible to the caller, in due order; at most `limit`.
 *
 * The matches are found first (OFFSET 0 keeps that subquery apart, so it is planned on its own conditions,
 * through the assignee indexes), then sorted and cut, then joined to their references. Left to itself the
 * planner may walk the whole due_at index looking for the first 50 of someone's overdue actions, as if they
 * were spread evenly over time (3.9 s at 5M actions before their planned index; 50 ms at 100k on PGlite even
 * with it); and the joins run for the rows returned, not for every match.
 */
export async function findActions(
  db: Executor,
  auth: AuthContext,
  conditions: Expression<SqlBool>[],
  options: { limit: number; order?: RawBuilder<unknown> },
): Promise<ActionRowWithRefs[]> {
  const order = options.order ?? sql`actions.due_at, actions.id`;
  let matches = db
    .selectFrom('actions')
    .selectAll('actions')
    .where(visibleActions(auth))
    .where('actions.deleted_at', 'is', null);
  for (const c of conditions) matches = matches.where(c);
  const ids = db
    .selectFrom(matches.offset(0).as('actions'))
    .select('actions.id')
    .orderBy(order)
    .limit(options.limit);
  return (await selectActions(db)
    .where('actions.id', 'in', ids)
    .orderBy(order)
    .execute()) as ActionRowWithRefs[];
}

/** How many live, visible actions match each named condition, in one scan. */
export async function countActions<K extends string>(
  db: Executor,
  auth: AuthContext,
  base: Expression<SqlBool>[],
  buckets: Record<K, RawBuilder<SqlBool>>,
): Promise<Record<K, number>> {
  let query = db.selectFrom('actions').where(visibleActions(auth)).where('actions.deleted_at', 'is', null);
  for (const c of base) query = query.where(c);
  const row = (await query
    .select(
      Object.entries<RawBuilder<SqlBool>>(buckets).map(([name, condition]) =>
        sql<number>`count(*) filter (where ${condition})`.as(name),
      ),
    )
    .executeTakeFirstOrThrow()) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(buckets).map((k) => [k, Number(row[k] ?? 0)])) as Record<K, number>;
}

export async function insertAction(db: Executor, values: Insertable<ActionsTable>): Promise<ActionRow> {
  return db.insertInto('actions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateActionRow(
  db: Executor,
  id: string,
  values: Updateable<ActionsTable>,
): Promise<ActionRow> {
  return db.updateTable('actions').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Gives many actions to one assignee in one statement (version + 1 each); `due_at` per action, as an untimed
 * one falls due at the end of its day in the new assignee's time zone. Returns the new rows, in no order.
 */
export async function reassignActionRows(
  db: Executor,
  rows: { id: string; due_at: Date }[],
  values: {
    assignee_user_id: string | null;
    assignee_team_id: string | null;
    updated_at: Date;
    updated_by: string;
  },
): Promise<ActionRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const dues = rows.map((r) => r.due_at.toISOString());
  const result = await sql<ActionRow>`
    update actions set assignee_user_id = ${values.assignee_user_id}, assignee_team_id = ${values.assignee_team_id},
      due_at = v.due_at, version = actions.version + 1, updated_at = ${values.updated_at},
      updated_by = ${values.updated_by}
    from unnest(${ids}::uuid[], ${dues}::timestamptz[]) as v(id, due_at)
    where actions.id = v.id
    returning actions.*`.execute(db);
  return result.rows;
}

/** The plain row (no joins), locked: for writes that already checked visibility. */
export async function lockAction(db: Executor, id: string): Promise<ActionRow | undefined> {
  return db.selectFrom('actions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
