import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Administration of the throwaway databases tests create on the server named by TEST_DATABASE_URL.
 * Shared by the global setup (main Vitest process) and database.ts (test workers); no Vitest imports here.
 */

/** Every test database is named `trato_t_<run id>_<random>`; nothing else is ever dropped. */
export const TEST_DATABASE_PREFIX = 'trato_t_';

/** Error codes worth retrying when many test files create or drop databases at once. */
const RETRYABLE_CODES = new Set([
  '42P04', // duplicate_database: random name collision, retried with a new name
  '55006', // object_in_use: template1 briefly in use by another CREATE DATABASE
  '53300', // too_many_connections
  '57P03', // cannot_connect_now: server starting up
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  'XX000', // "tuple concurrently updated" on shared catalogs
]);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (RETRYABLE_CODES.has(code) || code === 'ECONNRESET');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A run id starts with the time in seconds (base 36), so leftovers of crashed runs can be aged. */
export function newRunId(): string {
  return `${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(2).toString('hex')}`;
}

export function runIdStartedAt(databaseName: string): number | null {
  if (!databaseName.startsWith(TEST_DATABASE_PREFIX)) return null;
  const seconds = Number.parseInt(databaseName.slice(TEST_DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
  return Number.isFinite(seconds) ? seconds * 1000 : null;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The URL of `databaseName` on the same server, user and options as `baseUrl`. */
export function databaseUrl(baseUrl: string, databaseName: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(databaseName)}`;
  return url.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Runs `work` on a short-lived connection to the maintenance database (the one in TEST_DATABASE_URL). */
export async function withAdminClient<T>(
  adminUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 15_000 });
  // A server going away must not crash the test process through an unhandled 'error' event.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function retrying<T>(label: string, work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) {
        if (error instanceof Error) error.message = `${label}: ${error.message}`;
        throw error;
      }
      await sleep(Math.min(2000, 25 * 2 ** attempt) + Math.random() * 50);
    }
  }
}

export async function dropDatabase(adminUrl: string, databaseName: string): Promise<void> {
  if (!databaseName.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`refusing to drop ${databaseName}: not a test database (${TEST_DATABASE_PREFIX}*)`);
  }
  await retrying(`drop database ${databaseName}`, () =>
    withAdminClient(adminUrl, (client) =>
      // FORCE (PostgreSQL 13+) ends connections a test forgot to close.
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName)} WITH (FORCE)`),
    ),
  );
}

/** Names of all test databases on the server, from this run and any other. */
export async function listTestDatabases(adminUrl: string): Promise<string[]> {
  return withAdminClient(adminUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname`,
      [`${TEST_DATABASE_PREFIX.replaceAll('_', '\\_')}%`],
    );
    return result.rows.map((row) => row.datname);
  });
}
