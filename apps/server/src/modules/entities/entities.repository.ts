import { type Expression, type SqlBool, sql } from 'kysely';
import type { EntityRowUpdate, NewEntityRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { orderBy, type ParsedList, pageOf, sortSelections } from '../../platform/list-query.ts';
import { ownerScope } from '../../platform/permissions.ts';
import type { EntityRowWithOwner } from './entities.mapper.ts';

const ID = sql.ref('entities.id');

function baseSelect(db: Executor) {
  return db
    .selectFrom('entities')
    .leftJoin('users as owner', 'owner.id', 'entities.owner_id')
    .selectAll('entities')
    .select('owner.name as owner_name');
}

/** One entity the caller may see (scope applied in SQL), or undefined. */
export async function findVisibleEntity(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<EntityRowWithOwner | undefined> {
  let query = baseSelect(db).where('entities.id', '=', id);
  const scope = ownerScope(auth, 'entities', 'entities.owner_id');
  if (scope) query = query.where(scope);
  if (!options.includeDeleted) query = query.where('entities.deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate('entities');
  return (await query.executeTakeFirst()) as EntityRowWithOwner | undefined;
}

export async function findEntityIdByCode(db: Executor, code: string) {
  return db.selectFrom('entities').select(['id', 'deleted_at']).where('code', '=', code).executeTakeFirst();
}

export async function listEntities(
  db: Executor,
  auth: AuthContext,
  list: ParsedList,
  extra: Expression<SqlBool>[] = [],
): Promise<{ rows: EntityRowWithOwner[]; nextCursor: string | null; total?: number }> {
  const scope = ownerScope(auth, 'entities', 'entities.owner_id');
  const where = (qb: any) => {
    let q = qb;
    if (!list.includeDeleted) q = q.where('entities.deleted_at', 'is', null);
    if (scope) q = q.where(scope);
    for (const c of [...list.conditions, ...extra]) q = q.where(c);
    return q;
  };
  let query = where(baseSelect(db))
    .select(sortSelections(list) as any)
    .select(
      sql<number>`(select count(*) from contacts c where c.entity_id = entities.id and c.deleted_at is null)`.as(
        'contact_count',
      ),
    )
    .orderBy(orderBy(list, ID))
    .limit(list.limit + 1);
  if (list.after) query = query.where(list.after);
  const { rows, nextCursor } = pageOf((await query.execute()) as EntityRowWithOwner[], list);
  let total: number | undefined;
  if (list.includeTotal) {
    const counted = await where(db.selectFrom('entities'))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { rows, nextCursor, ...(total !== undefined && { total }) };
}

export async function insertEntity(db: Executor, values: NewEntityRow): Promise<void> {
  await db.insertInto('entities').values(values).execute();
}

export async function updateEntityRow(db: Executor, id: string, values: EntityRowUpdate): Promise<void> {
  await db.updateTable('entities').set(values).where('id', '=', id).execute();
}

export async function isCodeTaken(db: Executor, code: string, exceptId: string | null): Promise<boolean> {
  let q = db.selectFrom('entities').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}
