import { type Kysely, sql } from 'kysely';

// Commercial actions (issue 3): action types, actions, sequences and their runs, private calendar feeds,
// installation settings, and the mail queue that sends calendar invitations. Custom fields of one action type
// (and later of one case type) are field_definitions with object 'action' and that type's id in type_id.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table field_definitions add column type_id uuid`.execute(db);
  await sql`drop index field_definitions_key`.execute(db);
  await sql`
    create unique index field_definitions_key
    on field_definitions (object, coalesce(type_id, '00000000-0000-0000-0000-000000000000'::uuid), key)
    where deleted_at is null`.execute(db);

  await sql`
    create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid
    )`.execute(db);

  await sql`
    create table action_types (
      id uuid primary key default gen_random_uuid(),
      key text not null,
      labels jsonb not null default '{}',
      icon text not null default 'checkbox',
      color text not null default 'gray',
      default_duration_minutes integer not null default 30,
      timed boolean not null default true,
      position integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index action_types_key on action_types (key) where deleted_at is null`.execute(db);

  await sql`
    create table sequences (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text,
      goal_outcomes text[] not null default '{}',
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);

  // Steps run in position order unless next_key points elsewhere; the service refuses loops.
  await sql`
    create table sequence_steps (
      id uuid primary key default gen_random_uuid(),
      sequence_id uuid not null references sequences(id) on delete cascade,
      key text not null,
      position integer not null,
      type_id uuid not null references action_types(id),
      subject text not null,
      notes text,
      offset_days integer not null default 0,
      working_days boolean not null default false,
      time_of_day text,
      assignee_rule text not null default 'same',
      assignee_user_id uuid references users(id),
      assignee_team_id uuid references teams(id),
      next_key text,
      unique (sequence_id, key),
      unique (sequence_id, position)
    )`.execute(db);

  await sql`
    create table sequence_runs (
      id uuid primary key default gen_random_uuid(),
      sequence_id uuid not null references sequences(id),
      entity_id uuid not null references entities(id),
      contact_id uuid references contacts(id),
      status text not null default 'active',
      current_step_key text,
      end_reason text,
      started_by uuid,
      started_at timestamptz not null default now(),
      ended_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid
    )`.execute(db);
  await sql`create index sequence_runs_entity_idx on sequence_runs (entity_id, started_at desc)`.execute(db);
  await sql`
    create unique index sequence_runs_one_active on sequence_runs (sequence_id, entity_id) where status = 'active'`.execute(
    db,
  );

  // due_at is when the action falls due: the end (or start) of a timed action, the end of the due day of one
  // that only has a date. The control panel and the agenda read it; overdue = planned and due_at < now().
  await sql`
    create table actions (
      id uuid primary key default gen_random_uuid(),
      type_id uuid not null references action_types(id),
      subject text not null,
      notes text,
      location text,
      starts_at timestamptz,
      ends_at timestamptz,
      due_date date,
      due_at timestamptz not null,
      status text not null default 'planned',
      outcome text,
      outcome_notes text,
      completed_at timestamptz,
      completed_by uuid,
      assignee_user_id uuid references users(id),
      assignee_team_id uuid references teams(id),
      entity_id uuid references entities(id),
      contact_id uuid references contacts(id),
      case_id uuid,
      campaign_id uuid,
      sequence_run_id uuid references sequence_runs(id),
      sequence_step_key text,
      private boolean not null default false,
      attendees jsonb not null default '[]',
      ical_uid text,
      ical_sequence integer not null default 0,
      custom jsonb not null default '{}',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz,
      constraint actions_assignee check (assignee_user_id is not null or assignee_team_id is not null),
      constraint actions_status check (status in ('planned', 'done', 'cancelled'))
    )`.execute(db);
  await sql`create index actions_user_due_idx on actions (assignee_user_id, due_at, id) where deleted_at is null`.execute(
    db,
  );
  await sql`create index actions_team_due_idx on actions (assignee_team_id, due_at, id) where deleted_at is null and assignee_team_id is not null`.execute(
    db,
  );
  await sql`create index actions_user_start_idx on actions (assignee_user_id, starts_at) where deleted_at is null`.execute(
    db,
  );
  await sql`create index actions_entity_idx on actions (entity_id, due_at desc) where entity_id is not null`.execute(
    db,
  );
  await sql`create index actions_contact_idx on actions (contact_id) where contact_id is not null`.execute(
    db,
  );
  await sql`create index actions_run_idx on actions (sequence_run_id) where sequence_run_id is not null`.execute(
    db,
  );
  await sql`create index actions_due_idx on actions (due_at, id) where deleted_at is null`.execute(db);

  // Private ICS feed per user: the URL carries a token whose hash is stored; revoking sets revoked_at.
  await sql`
    create table calendar_feeds (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index calendar_feeds_user_idx on calendar_feeds (user_id)`.execute(db);

  // Outgoing mail, written in the transaction of the change that causes it and sent by the worker with retries.
  await sql`
    create table mail_queue (
      id uuid primary key,
      kind text not null,
      object text,
      object_id uuid,
      recipients text[] not null,
      message jsonb not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz,
      message_id text,
      created_at timestamptz not null default now(),
      created_by uuid
    )`.execute(db);
  await sql`create index mail_queue_pending_idx on mail_queue (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index mail_queue_object_idx on mail_queue (object, object_id)`.execute(db);

  // Roles made before actions existed get the same rights on actions as on entities.
  await sql`
    update roles set permissions = jsonb_set(permissions, '{objects,actions}',
      coalesce(permissions->'objects'->'entities', '{"actions": [], "scope": "own"}'::jsonb))
    where not (permissions->'objects' ? 'actions')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mail_queue',
    'calendar_feeds',
    'actions',
    'sequence_runs',
    'sequence_steps',
    'sequences',
    'action_types',
    'settings',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`update roles set permissions = permissions #- '{objects,actions}'`.execute(db);
  await sql`drop index field_definitions_key`.execute(db);
  await sql`alter table field_definitions drop column type_id`.execute(db);
  await sql`create unique index field_definitions_key on field_definitions (object, key) where deleted_at is null`.execute(
    db,
  );
}
