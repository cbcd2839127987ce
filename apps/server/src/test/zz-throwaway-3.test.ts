import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase, testDatabaseKind } from './database.ts';

const urls: (string | null)[] = [];
afterAll(async () => {
  for (const url of urls) await dropTestDatabase(url);
});

test('select 1 on a fresh database', async () => {
  const results = await Promise.all([createTestDatabaseUrl(), createTestDatabaseUrl(), createTestDatabaseUrl()]);
  urls.push(...results);
  if (testDatabaseKind() === 'pglite') {
    expect(results).toEqual([null, null, null]);
    return;
  }
  expect(new Set(results).size).toBe(3);
  for (const url of results) {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    const r = await client.query('select 1 as one, current_database() as db');
    await client.end();
    expect(r.rows[0].one).toBe(1);
    expect(url).toContain(r.rows[0].db);
  }
});

test('leaves one for the global teardown', async () => {
  await createTestDatabaseUrl();
});
