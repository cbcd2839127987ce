import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Runs `fn` in a transaction: a new one, or the caller's when `db` already is one. A service written with it
 * is one transaction when called from a route, and part of the caller's when another write (an automation
 * rule's run, say) must commit or roll back together with it.
 */
export function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn);
}
