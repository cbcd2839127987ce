import type { TestProject } from 'vitest/node';
import {
  dropDatabase,
  listTestDatabases,
  newRunId,
  runIdStartedAt,
  TEST_DATABASE_PREFIX,
  withAdminClient,
} from './postgres-admin.ts';

/** Leftovers of runs that crashed before their teardown are dropped once they are this old. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Runs once per `vitest run`, in the main process. With TEST_DATABASE_URL set it checks the server answers
 * (one clear error instead of one per test file), hands the workers a run id, and at the end drops every
 * database this run created. Without it (PGlite) there is nothing to set up.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL?.trim();
  const runId = newRunId();
  project.provide('tratoTestRunId', runId);
  if (!adminUrl) {
    console.log('[test db] PGlite in memory (set TEST_DATABASE_URL to test on PostgreSQL)');
    return undefined;
  }

  let version: string;
  try {
    version = await withAdminClient(adminUrl, async (client) => {
      const result = await client.query<{ server_version: string }>('SHOW server_version');
      return result.rows[0]?.server_version ?? '?';
    });
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL is set but the server does not answer (${redact(adminUrl)}): ${(error as Error).message}`,
    );
  }
  console.log(`[test db] PostgreSQL ${version} at ${redact(adminUrl)}, run ${runId}`);

  const stale = (await listTestDatabases(adminUrl)).filter((name) => {
    const startedAt = runIdStartedAt(name);
    return startedAt !== null && Date.now() - startedAt > STALE_AFTER_MS;
  });
  await dropAll(adminUrl, stale);

  return async () => {
    const mine = (await listTestDatabases(adminUrl)).filter((name) =>
      name.startsWith(`${TEST_DATABASE_PREFIX}${runId}_`),
    );
    await dropAll(adminUrl, mine);
  };
}

async function dropAll(adminUrl: string, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await dropDatabase(adminUrl, name);
    } catch (error) {
      console.warn(`[test db] could not drop ${name}: ${(error as Error).message}`);
    }
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
