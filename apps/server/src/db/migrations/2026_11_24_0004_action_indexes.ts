import { type Kysely, sql } from 'kysely';

// Indexes for the control panel and the agenda at millions of actions (bench: 5,000,000 actions, a user with
// 10,000). Planned actions are a small, hot part of the table: without their own index the panel read a user's
// whole history (or walked the global due_at index: 3.9 s for "overdue"). A team's unclaimed actions are the
// other half of "mine". Today's done actions are counted through completed_at.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index actions_user_planned_idx on actions (assignee_user_id, due_at, id)
    where status = 'planned' and deleted_at is null`.execute(db);
  await sql`create index actions_team_unclaimed_idx on actions (assignee_team_id, due_at, id)
    where assignee_user_id is null and deleted_at is null`.execute(db);
  await sql`create index actions_user_completed_idx on actions (assignee_user_id, completed_at)
    where completed_at is not null and deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'actions_user_completed_idx',
    'actions_team_unclaimed_idx',
    'actions_user_planned_idx',
  ])
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
}
