import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import {
  databaseNameOf,
  databaseUrl,
  dropDatabase,
  newRunId,
  quoteIdentifier,
  retrying,
  TEST_DATABASE_PREFIX,
  withAdminClient,
} from './postgres-admin.ts';

/**
 * A fresh, isolated database for one test file.
 *
 *   const url = await createTestDatabaseUrl();          // null → use PGlite in memory
 *   const handle = await openDatabase(url ? { url } : { dataDir: 'memory://' });
 *   afterAll(async () => { await handle.close(); await dropTestDatabase(url); });
 *
 * With TEST_DATABASE_URL set (a PostgreSQL server; CI sets it), each call creates an empty database
 * `trato_t_<run>_<random>` on that server and returns its URL. Without it, returns null.
 * Databases not dropped by their test are dropped by the global teardown at the end of the run.
 */
export async function createTestDatabaseUrl(): Promise<string | null> {
  const adminUrl = testServerUrl();
  if (!adminUrl) return null;
  const runId = currentRunId();
  // A new name on every attempt, so a (very unlikely) collision is retried too.
  const name = await retrying('create test database', async () => {
    const candidate = `${TEST_DATABASE_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
    await withAdminClient(adminUrl, (client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(candidate)}`),
    );
    return candidate;
  });
  return databaseUrl(adminUrl, name);
}

/**
 * Drops a database made by createTestDatabaseUrl, ending any connection still open on it.
 * Accepts null (the PGlite case) and `memory://` URLs and does nothing for them, so tests need no branch.
 */
export async function dropTestDatabase(url: string | null | undefined): Promise<void> {
  if (!url || !/^postgres(ql)?:/.test(url)) return;
  const adminUrl = testServerUrl();
  if (!adminUrl) throw new Error('dropTestDatabase: TEST_DATABASE_URL is not set');
  await dropDatabase(adminUrl, databaseNameOf(url));
}

/** 'postgres' when tests run against a server (TEST_DATABASE_URL), otherwise 'pglite'. */
export function testDatabaseKind(): 'postgres' | 'pglite' {
  return testServerUrl() ? 'postgres' : 'pglite';
}

function testServerUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : null;
}

let fallbackRunId: string | undefined;

/** The run id the global setup provides; a per-process one when the helper runs outside of it. */
function currentRunId(): string {
  try {
    const provided = inject('tratoTestRunId');
    if (provided) return provided;
  } catch {
    // Not inside a Vitest worker.
  }
  fallbackRunId ??= newRunId();
  return fallbackRunId;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Prefix shared by the databases of one `vitest run`, so its teardown drops exactly those. */
    tratoTestRunId: string;
  }
}
