import { type Expression, type SqlBool, sql } from 'kysely';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { orderBy, type ParsedList, pageOf, sortSelections } from '../../platform/list-query.ts';
import { ownerScope } from '../../platform/permissions.ts';
import type { ContactRowWithEntity } from './contacts.mapper.ts';

// A contact is visible when its entity is: the record scope is applied to the entity's owner.
function visibleContacts(db: Executor, auth: AuthContext) {
  let query = db
    .selectFrom('contacts')
    .innerJoin('entities', 'entities.id', 'contacts.entity_id')
    .where('entities.deleted_at', 'is', null);
  const scope = ownerScope(auth, 'contacts', 'entities.owner_id');
  if (scope) query = query.where(scope);
  return query;
}

export async function findVisibleContact(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<ContactRowWithEntity | undefined> {
  let query = visibleContacts(db, auth)
    .selectAll('contacts')
    .select('entities.name as entity_name')
    .where('contacts.id', '=', id);
  if (!options.includeDeleted) query = query.where('contacts.deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate('contacts');
  return (await query.executeTakeFirst()) as ContactRowWithEntity | undefined;
}

export async function listContacts(
  db: Executor,
  auth: AuthContext,
  list: ParsedList,
  extra: Expression<SqlBool>[] = [],
): Promise<{ rows: ContactRowWithEntity[]; nextCursor: string | null; total?: number }> {
  const where = (qb: any) => {
    let q = qb;
    if (!list.includeDeleted) q = q.where('contacts.deleted_at', 'is', null);
    for (const c of [...list.conditions, ...extra]) q = q.where(c);
    return q;
  };
  let query = where(visibleContacts(db, auth))
    .selectAll('contacts')
    .select('entities.name as entity_name')
    .select(sortSelections(list) as any)
    .orderBy(orderBy(list, sql.ref('contacts.id')))
    .limit(list.limit + 1);
  if (list.after) query = query.where(list.after);
  const { rows, nextCursor } = pageOf((await query.execute()) as ContactRowWithEntity[], list);
  let total: number | undefined;
  if (list.includeTotal) {
    const counted = await where(visibleContacts(db, auth))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return { rows, nextCursor, ...(total !== undefined && { total }) };
}

/** Only one primary contact per entity: clear the others before setting one. */
export async function clearPrimary(db: Executor, entityId: string, exceptId: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ is_primary: false })
    .where('entity_id', '=', entityId)
    .where('id', '!=', exceptId)
    .where('is_primary', '=', true)
    .execute();
}

export async function hasLiveContacts(db: Executor, entityId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('contacts')
      .select('id')
      .where('entity_id', '=', entityId)
      .where('deleted_at', 'is', null)
      .limit(1)
      .executeTakeFirst(),
  );
}
