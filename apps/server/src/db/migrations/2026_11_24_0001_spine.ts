import { type Kysely, sql } from 'kysely';

// The spine: users, teams, roles, sessions, API keys, pick lists, custom fields, entities, contacts,
// notes, files, saved views and the events outbox. Table names are never schema-qualified (see DESIGN §5).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table roles (
      id uuid primary key default gen_random_uuid(),
      key text not null unique,
      labels jsonb not null default '{}',
      permissions jsonb not null default '{}',
      system boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      role_id uuid not null references roles(id),
      locale text,
      time_zone text not null default 'Europe/Madrid',
      active boolean not null default true,
      last_login_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await sql`
    create table teams (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`
    create table team_members (
      team_id uuid not null references teams(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      primary key (team_id, user_id)
    )`.execute(db);
  await sql`create index team_members_user_idx on team_members (user_id)`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  await sql`
    create table pick_list_options (
      id uuid primary key default gen_random_uuid(),
      list text not null,
      key text not null,
      labels jsonb not null default '{}',
      position integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      unique (list, key)
    )`.execute(db);

  await sql`
    create table field_definitions (
      id uuid primary key default gen_random_uuid(),
      object text not null,
      key text not null,
      labels jsonb not null default '{}',
      type text not null,
      options jsonb not null default '[]',
      required boolean not null default false,
      validation jsonb not null default '{}',
      position integer not null default 0,
      indexed boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index field_definitions_key on field_definitions (object, key) where deleted_at is null`.execute(
    db,
  );

  await sql`
    create table entities (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('person', 'company')),
      name text not null,
      legal_name text,
      name_key text collate "C" not null,
      roles text[] not null default '{}',
      code text,
      tax_id text,
      tax_country text,
      emails text[] not null default '{}',
      phones text[] not null default '{}',
      web text,
      street text,
      postal_code text,
      city text,
      province text,
      country text,
      source text,
      sector text,
      zone text,
      owner_id uuid references users(id),
      custom jsonb not null default '{}',
      search_text text not null default '',
      merged_into_id uuid references entities(id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index entities_code_key on entities (code) where code is not null`.execute(db);
  await sql`create index entities_name_idx on entities (name_key, id)`.execute(db);
  await sql`create index entities_created_idx on entities (created_at, id)`.execute(db);
  await sql`create index entities_owner_idx on entities (owner_id, name_key, id)`.execute(db);
  await sql`create index entities_sector_idx on entities (sector, name_key, id)`.execute(db);
  await sql`create index entities_zone_idx on entities (zone)`.execute(db);
  await sql`create index entities_source_idx on entities (source)`.execute(db);
  await sql`create index entities_tax_idx on entities (tax_id) where tax_id is not null`.execute(db);
  await sql`create index entities_emails_idx on entities using gin (emails)`.execute(db);
  await sql`create index entities_phones_idx on entities using gin (phones)`.execute(db);
  await sql`create index entities_roles_idx on entities using gin (roles)`.execute(db);
  await sql`create index entities_search_idx on entities using gin (search_text gin_trgm_ops)`.execute(db);
  // The self-reference needs its own index, or every hard delete scans the table for the foreign-key check.
  await sql`create index entities_merged_into_idx on entities (merged_into_id) where merged_into_id is not null`.execute(
    db,
  );
  await sql`create index entities_name_trgm_idx on entities using gin (name_key gin_trgm_ops)`.execute(db);

  await sql`
    create table contacts (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null references entities(id),
      first_name text not null,
      last_name text,
      name_key text collate "C" not null,
      job_title text,
      department text,
      emails text[] not null default '{}',
      phones text[] not null default '{}',
      is_primary boolean not null default false,
      birthday date,
      custom jsonb not null default '{}',
      search_text text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index contacts_entity_idx on contacts (entity_id)`.execute(db);
  await sql`create index contacts_name_idx on contacts (name_key, id)`.execute(db);
  await sql`create index contacts_emails_idx on contacts using gin (emails)`.execute(db);
  await sql`create index contacts_phones_idx on contacts using gin (phones)`.execute(db);
  await sql`create index contacts_search_idx on contacts using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index contacts_name_trgm_idx on contacts using gin (name_key gin_trgm_ops)`.execute(db);
  await sql`create unique index contacts_one_primary on contacts (entity_id) where is_primary and deleted_at is null`.execute(
    db,
  );

  await sql`
    create table notes (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null references entities(id),
      contact_id uuid references contacts(id),
      body text not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index notes_entity_idx on notes (entity_id, created_at desc)`.execute(db);

  await sql`
    create table files (
      id uuid primary key default gen_random_uuid(),
      entity_id uuid not null references entities(id),
      contact_id uuid references contacts(id),
      name text not null,
      mime_type text not null,
      size bigint not null,
      sha256 text not null,
      storage_key text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index files_entity_idx on files (entity_id, created_at desc)`.execute(db);

  await sql`
    create table saved_views (
      id uuid primary key default gen_random_uuid(),
      object text not null,
      name text not null,
      owner_id uuid not null references users(id) on delete cascade,
      shared boolean not null default false,
      query jsonb not null default '{}',
      position integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid
    )`.execute(db);

  // The outbox: every write appends here in its own transaction. Timeline, audit, automation and webhooks read it.
  await sql`
    create table events (
      id uuid primary key,
      occurred_at timestamptz not null default now(),
      type text not null,
      object text not null,
      object_id uuid not null,
      entity_id uuid,
      actor_id uuid,
      changes jsonb not null default '{}',
      processed_at timestamptz
    )`.execute(db);
  await sql`create index events_entity_idx on events (entity_id, id desc) where entity_id is not null`.execute(
    db,
  );
  await sql`create index events_object_idx on events (object, object_id, id desc)`.execute(db);
  await sql`create index events_unprocessed_idx on events (id) where processed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'events',
    'saved_views',
    'files',
    'notes',
    'contacts',
    'entities',
    'field_definitions',
    'pick_list_options',
    'api_keys',
    'sessions',
    'team_members',
    'teams',
    'users',
    'roles',
  ]) {
    await sql`drop table if exists ${sql.table(table)} cascade`.execute(db);
  }
}
