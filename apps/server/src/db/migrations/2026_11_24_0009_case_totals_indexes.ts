import { type Kysely, sql } from 'kysely';

// Indexes for the board's counts and totals and for the case counts of GET /case-types, at 500,000 cases
// (bench: `board` scenario). Both name the statuses they count (`status_id = any(<the type's statuses>)`):
// - the board sums every live case of a type per (status, currency): with currency in the key the groups come
//   in index order (no hash), and amount, probability, owner and team ride along, so the sums, the owner and
//   team filters and an agent's visibility read no table row (350,000 opportunities: 0.3 s → 60 ms);
// - the counts need only the status: deduplicated, this index is a few MB (3.4 MB at 500,000 cases), half the
//   cost of counting on a covering one.
// The close-month filter and the forecast use cases_status_close_idx (status_id, expected_close) of 0006.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cases_status_currency_idx on cases (status_id, currency)
    include (amount, probability, owner_id, team_id) where deleted_at is null`.execute(db);
  await sql`create index cases_status_idx on cases (status_id) where deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['cases_status_idx', 'cases_status_currency_idx'])
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
}
