import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { RolesTable } from '../../db/schema.ts';
import type { Executor } from '../../platform/events.ts';

export async function listRoles(db: Executor) {
  // System roles first, in the order they were seeded (ids are time-ordered), then the admin's own.
  return db
    .selectFrom('roles')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('system', 'desc')
    .orderBy('id')
    .execute();
}

export async function findRole(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('roles').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Any role with this key, even a deleted one: the key stays unique across the bin too. */
export async function findRoleIdByKey(db: Executor, key: string) {
  return db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirst();
}

export async function insertRole(db: Executor, values: Insertable<RolesTable>) {
  return db.insertInto('roles').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateRole(db: Executor, id: string, patch: Updateable<RolesTable>) {
  return db.updateTable('roles').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function softDeleteRole(db: Executor, id: string, version: number) {
  await db
    .updateTable('roles')
    .set({ deleted_at: new Date(), updated_at: new Date(), version })
    .where('id', '=', id)
    .execute();
}

/**
 * Locks every role that grants configuration. Writes that could take the last administrator away take this
 * lock first, so two of them running at once cannot both see "another admin remains".
 */
export async function lockConfigureRoles(db: Executor): Promise<void> {
  await db
    .selectFrom('roles')
    .select('id')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`permissions -> 'configure' = 'true'::jsonb`)
    .orderBy('id')
    .forUpdate()
    .execute();
}
