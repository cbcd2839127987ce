import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../apps/server/src/db/connection.ts';
import '../apps/server/src/db/connection.ts'; // its pg type parsers (bigint as number), as in the server
import type { DB } from '../apps/server/src/db/schema.ts';

export type BenchKind = 'postgres' | 'pglite';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  /** Which pooled connection ran it: statements of different connections ran side by side. */
  connection: number;
}

export interface BenchDatabase {
  kind: BenchKind;
  /** Kysely over `pool`, as the server builds it; every query it runs is passed to the current capture. */
  db: Database;
  /** The driver: a pg.Pool (10 connections) or PGlite's node-postgres adapter (one connection). */
  pool: pg.Pool;
  capture<T>(run: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>;
  close(): Promise<void>;
}

/**
 * The database the way connection.ts opens it (same dialect, same pool size, same PGlite extensions and the
 * same `<dataDir>/pglite` layout the server uses), plus Kysely's `log` hook to capture the SQL the services run.
 */
export async function openBenchDatabase(kind: BenchKind, location: string): Promise<BenchDatabase> {
  let pool: pg.Pool;
  let pglite: PGlite | null = null;
  if (kind === 'postgres') {
    pool = new pg.Pool({ connectionString: location, max: 10 });
    pool.on('error', () => {}); // idle clients dropped when the cluster stops at the end
  } else {
    mkdirSync(location, { recursive: true });
    pglite = await PGlite.create(join(location, 'pglite'), {
      extensions: { pg_trgm, unaccent, fuzzystrmatch },
    });
    pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 } as pg.PoolConfig);
  }
  // Statements are captured at the connection, so each is known by the connection that ran it (Kysely's log
  // hook does not say). Failed statements too: search's time budget cancels some, and the replay runs them.
  let sink: CapturedQuery[] | null = null;
  const tags = new WeakMap<pg.PoolClient, number>();
  let connections = 0;
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const tag = (client: pg.PoolClient) => {
    if (!tags.has(client)) {
      const connection = ++connections;
      tags.set(client, connection);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      // Every argument passes through: pool.query() calls client.query(text, values, callback).
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const [text, values] = args;
        if (typeof text === 'string')
          sink?.push({ sql: text, parameters: [...((values as unknown[] | undefined) ?? [])], connection });
        return query(...args);
      };
    }
    return client;
  };
  // Promise style (Kysely) and callback style (pool.query(), as EXPLAIN uses it) both go through the tagging.
  type Callback = (error: Error | undefined, client?: pg.PoolClient, release?: () => void) => void;
  (pool as { connect: unknown }).connect = (callback?: Callback) => {
    const connected = connect().then(tag);
    if (!callback) return connected;
    connected.then(
      (client) => callback(undefined, client, () => client.release()),
      (error: Error) => callback(error),
    );
    return undefined;
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind,
    db,
    pool,
    async capture(run) {
      const queries: CapturedQuery[] = [];
      sink = queries;
      try {
        return { result: await run(), queries };
      } finally {
        sink = null;
      }
    },
    async close() {
      await db.destroy();
      await pglite?.close();
    },
  };
}
