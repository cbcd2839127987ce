import { type Kysely, sql } from 'kysely';

// Indexes for the case list sorted across statuses (its default order, newest change first). The board's
// index (type_id, status_id, updated_at desc, id) only gives that order within one status: a list of all a
// type's cases, of every open case, or of all cases sorted every match before its first page (200 ms at
// 200,000 cases). These let its first page walk an index and stop after the page's rows.
export async function up(db: Kysely<any>): Promise<void> {
  // One type's list (the web list always filters by type), whatever the status filter.
  await sql`create index cases_type_updated_idx on cases (type_id, updated_at, id) where deleted_at is null`.execute(
    db,
  );
  // Lists across types: all cases, every open case (the status category is checked on the way).
  await sql`create index cases_updated_idx on cases (updated_at, id) where deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['cases_updated_idx', 'cases_type_updated_idx'])
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
}
