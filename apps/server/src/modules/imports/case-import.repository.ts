import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { Executor } from '../../platform/events.ts';

// The look-ups an import needs, each for every code of the file at once (in chunks, so no statement passes
// PostgreSQL's parameter limit), and the saved reports.

const CHUNK = 1000;

async function inChunks<T>(values: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await load(unique.slice(i, i + CHUNK))));
  return out;
}

/**
 * Live entities by their ERP code: exact match first; a code that differs only in case matches when it is the
 * only one that does. Returns code as written in the file → entity id.
 */
export async function entityIdsByCode(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(
    codes.map((c) => c.toLowerCase()),
    (chunk) =>
      db
        .selectFrom('entities')
        .select(['id', 'code'])
        .where(sql<SqlBool>`lower(code) = any(${chunk}::text[])`)
        .where('deleted_at', 'is', null)
        .execute(),
  );
  const exact = new Map(rows.map((r) => [r.code ?? '', r.id]));
  const caseless = new Map<string, string[]>();
  for (const r of rows) {
    const key = (r.code ?? '').toLowerCase();
    caseless.set(key, [...(caseless.get(key) ?? []), r.id]);
  }
  const found = new Map<string, string>();
  for (const code of codes) {
    const id = exact.get(code) ?? caseless.get(code.toLowerCase());
    if (typeof id === 'string') found.set(code, id);
    else if (id?.length === 1 && id[0]) found.set(code, id[0]);
  }
  return found;
}

/** Live products by code (unique without case): lower(code) → id. */
export async function productIdsByCode(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(
    codes.map((c) => c.toLowerCase()),
    (chunk) =>
      db
        .selectFrom('products')
        .select(['id', 'code'])
        .where(sql<SqlBool>`lower(code) = any(${chunk}::text[])`)
        .where('deleted_at', 'is', null)
        .execute(),
  );
  return new Map(rows.map((r) => [r.code.toLowerCase(), r.id]));
}

/** Users (not deleted) by email: lower(email) → id. Whether they are active is the case rules' business. */
export async function userIdsByEmail(db: Executor, emails: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(
    emails.map((e) => e.toLowerCase()),
    (chunk) =>
      db
        .selectFrom('users')
        .select(['id', 'email'])
        .where(sql<SqlBool>`lower(email) = any(${chunk}::text[])`)
        .where('deleted_at', 'is', null)
        .execute(),
  );
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}

/** Live teams: their name without case → ids (two teams may share a name). */
export async function teamIdsByName(db: Executor): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('deleted_at', 'is', null).execute();
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    const key = r.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), r.id]);
  }
  return byName;
}

/** Live contacts of these entities that have one of these emails: `${entity_id} ${lower(email)}` → contact ids. */
export async function contactIdsByEmail(
  db: Executor,
  pairs: readonly { entityId: string; email: string }[],
): Promise<Map<string, string[]>> {
  const entityIds = [...new Set(pairs.map((p) => p.entityId))];
  const emails = [...new Set(pairs.map((p) => p.email.toLowerCase()))];
  const rows = await inChunks(entityIds, (chunk) =>
    db
      .selectFrom('contacts')
      .select(['id', 'entity_id', 'emails'])
      .where(sql<SqlBool>`entity_id = any(${chunk}::uuid[])`)
      .where(sql<SqlBool>`emails && ${emails}::text[]`)
      .where('deleted_at', 'is', null)
      .execute(),
  );
  const found = new Map<string, string[]>();
  for (const r of rows)
    for (const email of r.emails) {
      const key = `${r.entity_id} ${email.toLowerCase()}`;
      found.set(key, [...(found.get(key) ?? []), r.id]);
    }
  return found;
}

/** A saved import report. */
export interface ImportRecord {
  id: string;
  filename: string;
  dry_run: boolean;
  status: 'running' | 'completed' | 'failed';
  cases_total: number;
  lines_total: number;
  cases_created: number;
  cases_failed: number;
  issues: unknown[];
  issues_total: number;
  created: unknown[];
  created_by: string | null;
  created_at: Date;
}

export async function insertImport(
  db: Executor,
  values: { id: string; filename: string; dry_run: boolean; created_by: string },
): Promise<void> {
  await db
    .insertInto('imports')
    .values({ ...values, kind: 'cases', issues: JSON.stringify([]), created: JSON.stringify([]) })
    .execute();
}

export async function finishImport(
  db: Executor,
  id: string,
  values: {
    status: 'completed' | 'failed';
    cases_total: number;
    lines_total: number;
    cases_created: number;
    cases_failed: number;
    issues: unknown[];
    issues_total: number;
    created: unknown[];
  },
): Promise<void> {
  const now = new Date();
  await db
    .updateTable('imports')
    .set({
      ...values,
      issues: JSON.stringify(values.issues),
      created: JSON.stringify(values.created),
      finished_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function findImport(db: Database, id: string): Promise<ImportRecord | undefined> {
  return db
    .selectFrom('imports')
    .select([
      'id',
      'filename',
      'dry_run',
      'status',
      'cases_total',
      'lines_total',
      'cases_created',
      'cases_failed',
      'issues',
      'issues_total',
      'created',
      'created_by',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
