import { type Kysely, sql } from 'kysely';

// Imports (issue 4): one row per uploaded file, dry run or real, so its report can be read again. Issues are
// kept as codes with their parameters (not messages), so the report is shown in the reader's language.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table imports (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      filename text not null,
      dry_run boolean not null,
      status text not null default 'running',
      cases_total integer not null default 0,
      lines_total integer not null default 0,
      cases_created integer not null default 0,
      cases_failed integer not null default 0,
      issues jsonb not null default '[]',
      issues_total integer not null default 0,
      created jsonb not null default '[]',
      finished_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid references users(id),
      constraint imports_kind check (kind in ('cases')),
      constraint imports_status check (status in ('running', 'completed', 'failed'))
    )`.execute(db);
  await sql`create index imports_created_by_idx on imports (created_by, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists imports`.execute(db);
}
