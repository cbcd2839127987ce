import type { Transaction } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';

/**
 * The rule's transaction, seen as a database by services that open their own transaction (moveCase,
 * updateCase, updateContact, startSequence): their `transaction().execute(fn)` runs `fn` inside the rule's
 * transaction, so a run's side effects commit or roll back together with its run row.
 */
export function joinedTransaction(trx: Transaction<DB>): Database {
  const joined = {
    execute: <T>(fn: (inner: Transaction<DB>) => Promise<T>): Promise<T> => fn(trx),
  };
  return new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') return () => joined;
      const value = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields: methods must run on the real object, not the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Database;
}
