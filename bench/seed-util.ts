import { type RawBuilder, sql } from 'kysely';
import { newId } from '../apps/server/src/platform/ids.ts';
import type { BenchDatabase } from './database.ts';
import { seconds } from './util.ts';

// What the generators of seed-actions.ts and seed-cases.ts share: the random source of `INSERT … SELECT FROM
// generate_series`, the state of a resumable load in `bench_state`, dropping and rebuilding the secondary
// indexes around it, and the chunk loop.

export type Db = BenchDatabase['db'];

/** Uniform in [0, 1) from the row number `g.i` and a salt: the generator's random source. */
const draw = (salt: number) => `((hashint8extended(g.i, ${salt}) & 1099511627775)::float8 / 1099511627776.0)`;
export const u = (salt: number) => sql.raw(draw(salt));

/** `case when r < w1 then 1 when r < w1+w2 then 2 … end`: a weighted pick of a 1-based index. */
export function weightedIndex(salt: number, weights: number[]) {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const arms = weights.slice(0, -1).map((w, i) => {
    sum += w;
    return `when ${draw(salt)} < ${sum / total} then ${i + 1}`;
  });
  return sql.raw(`(case ${arms.join(' ')} else ${weights.length} end)`);
}

/** A load's progress, kept in `bench_state` under its key so that a later run resumes or skips it. */
export interface LoadState {
  total: number;
  chunk_size: number;
  /** When the rows were generated (the day "now" of their shape). */
  anchor: string;
  /** The secondary indexes dropped for the load, still to be built. */
  pending_indexes: string[] | null;
  load_s: number;
  indexes_s: number;
  vacuum_s: number;
}

/** The state kept under `key` (null before the first run) and the chunks already in `chunkTable`. */
export async function readLoadState<S extends LoadState>(
  db: Db,
  key: string,
  chunkTable: string,
): Promise<{ state: S | null; done: Set<number> }> {
  await sql`create table if not exists bench_state (key text primary key, value jsonb not null)`.execute(db);
  await sql`create table if not exists ${sql.id(chunkTable)} (chunk integer primary key, rows integer not null)`.execute(
    db,
  );
  const row = (await sql<{ value: S }>`select value from bench_state where key = ${key}`.execute(db)).rows[0];
  const chunks = await sql<{ chunk: number }>`select chunk from ${sql.id(chunkTable)}`.execute(db);
  return { state: row?.value ?? null, done: new Set(chunks.rows.map((r) => r.chunk)) };
}

export async function writeLoadState(db: Db, key: string, state: LoadState) {
  await sql`insert into bench_state (key, value) values (${key}, ${JSON.stringify(state)}::jsonb)
    on conflict (key) do update set value = excluded.value`.execute(db);
}

/** The chunks of the load not in `done` yet. */
export const missingChunks = (state: LoadState, done: Set<number>) =>
  Array.from({ length: Math.ceil(state.total / state.chunk_size) }, (_, c) => c).filter((c) => !done.has(c));

export const countRows = async (db: Db, table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.id(table)}`.execute(db)).rows[0]!.n);

/**
 * Drops the secondary indexes of `tables` (not primary keys, nor the indexes of constraints) for a faster
 * load, unless the state says they are dropped already; their definitions are saved in the state (under
 * `key`) first, so a crash in between does not lose them.
 */
export async function dropSecondaryIndexes(db: Db, tables: string[], state: LoadState, key: string) {
  if (state.pending_indexes) return;
  const found = await sql<{ name: string; def: string }>`
    select ci.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_class ci on ci.oid = i.indexrelid
    where t.relname = any(${tables}::text[]) and pg_table_is_visible(t.oid) and not i.indisprimary
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by ci.relname`.execute(db);
  state.pending_indexes = found.rows.map((r) => r.def);
  await writeLoadState(db, key, state);
  for (const index of found.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
}

/** Builds the indexes (two at a time on PostgreSQL); returns "name 12.3 s" for each. */
export async function buildIndexes(bench: BenchDatabase, defs: string[]): Promise<string[]> {
  const queue = [...defs];
  const times: string[] = [];
  const worker = () =>
    bench.db.connection().execute(async (conn) => {
      await sql
        .raw(`set maintenance_work_mem = '${bench.kind === 'postgres' ? '1GB' : '256MB'}'`)
        .execute(conn);
      for (let def = queue.shift(); def; def = queue.shift()) {
        const t0 = performance.now();
        await sql.raw(def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')).execute(conn);
        times.push(`${/INDEX (?:IF NOT EXISTS )?(\S+)/.exec(def)?.[1]} ${seconds(performance.now() - t0)}`);
      }
    });
  await Promise.all(Array.from({ length: bench.kind === 'postgres' ? 2 : 1 }, worker));
  return times;
}

/** Whether the benchmark's database user may switch off the foreign key checks (session_replication_role). */
export const isSuperuser = async (db: Db) =>
  Boolean(
    (await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(db))
      .rows[0]?.s,
  );

/**
 * Runs `insert(first, last)` for each chunk, two at a time on PostgreSQL, each in one transaction with the
 * chunk's row in `chunkTable`; logs the rate every 10 s.
 */
export async function insertChunks(
  bench: BenchDatabase,
  options: {
    state: LoadState;
    chunks: number[];
    chunkTable: string;
    /** What the rows are, for the progress lines ("actions"). */
    noun: string;
    checkForeignKeys: boolean;
    insert: (first: number, last: number) => RawBuilder<unknown>;
    log: (line: string) => void;
  },
) {
  const { state } = options;
  const started = performance.now();
  let lastReport = started;
  let rows = 0;
  const queue = [...options.chunks];
  const worker = () =>
    bench.db.connection().execute(async (conn) => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const first = c * state.chunk_size;
        const last = Math.min(state.total, first + state.chunk_size) - 1;
        await conn.transaction().execute(async (trx) => {
          if (!options.checkForeignKeys) await sql`set local session_replication_role = replica`.execute(trx);
          // The statement looks expensive enough to JIT-compile, which costs more than it saves here.
          if (bench.kind === 'postgres') await sql`set local jit = off`.execute(trx);
          await options.insert(first, last).execute(trx);
          await sql`insert into ${sql.id(options.chunkTable)} (chunk, rows) values (${c}, ${last - first + 1})`.execute(
            trx,
          );
        });
        rows += last - first + 1;
        const now = performance.now();
        if (now - lastReport > 10_000) {
          lastReport = now;
          options.log(
            `  ${rows.toLocaleString('en')} ${options.noun}, ${Math.round(rows / ((now - started) / 1000))}/s`,
          );
        }
      }
    });
  await Promise.all(Array.from({ length: bench.kind === 'postgres' ? 2 : 1 }, worker));
}

/** Creates the users that do not exist yet (by email) with one role; returns every one's id, in order. */
export async function ensureUsers(
  db: Db,
  users: { emails: string[]; names: string[]; roleId: string; passwordHash: string },
): Promise<string[]> {
  const { emails, names } = users;
  await sql`insert into users (id, email, name, password_hash, role_id)
    select id, email, name, ${users.passwordHash}, ${users.roleId}::uuid
    from unnest(${emails.map(() => newId())}::uuid[], ${emails}::text[], ${names}::text[]) as u(id, email, name)
    on conflict do nothing`.execute(db);
  const ids = new Map(
    (await db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute()).map((r) => [
      r.email,
      r.id,
    ]),
  );
  return emails.map((email) => ids.get(email)!);
}

/** The team called `name` (created when missing), with `members` in it; returns its id. */
export async function ensureTeam(db: Db, name: string, members: string[]): Promise<string> {
  let team = await db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  if (!team) team = await db.insertInto('teams').values({ name }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into team_members (team_id, user_id) select ${team.id}::uuid, unnest(${members}::uuid[])
    on conflict do nothing`.execute(db);
  return team.id;
}

export const roleId = async (db: Db, key: string) =>
  (await db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
