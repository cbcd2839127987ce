import { type Kysely, sql } from 'kysely';

// Cases (issue 4): admin-defined case types with their own ordered statuses, custom fields (field_definitions
// with object 'case' and the type's id in type_id) and SLA targets; products; cases with lines; the history
// of every status change; weekly forecast snapshots. Opportunities are cases of a type of kind 'sale';
// claims, incidents and service requests are cases of kind 'service'.
export async function up(db: Kysely<any>): Promise<void> {
  // sla: { "<priority>": { "first_response_hours": n, "resolution_hours": n } } in working hours.
  await sql`
    create table case_types (
      id uuid primary key default gen_random_uuid(),
      key text not null,
      labels jsonb not null default '{}',
      kind text not null default 'service',
      prefix text not null,
      has_lines boolean not null default false,
      color text not null default 'blue',
      icon text not null default 'briefcase',
      sla jsonb not null default '{}',
      position integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz,
      constraint case_types_kind check (kind in ('sale', 'service'))
    )`.execute(db);
  await sql`create unique index case_types_key on case_types (key) where deleted_at is null`.execute(db);

  // A status in use is never deleted: it is retired (retired_at), and its cases are moved to another status.
  // next_action: what moving a case here asks for: nothing, a suggested action, or a required one.
  await sql`
    create table case_statuses (
      id uuid primary key default gen_random_uuid(),
      type_id uuid not null references case_types(id),
      key text not null,
      labels jsonb not null default '{}',
      category text not null,
      probability integer not null default 0,
      position integer not null,
      color text not null default 'gray',
      next_action text not null default 'none',
      next_action_type_id uuid references action_types(id),
      retired_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      constraint case_statuses_category check (category in ('open', 'won', 'lost', 'closed')),
      constraint case_statuses_probability check (probability between 0 and 100),
      constraint case_statuses_next_action check (next_action in ('none', 'suggest', 'require')),
      unique (type_id, key)
    )`.execute(db);
  await sql`create index case_statuses_type_idx on case_statuses (type_id, position)`.execute(db);

  // Case numbers: <prefix>-<year>-<00042>, one counter per type and year, taken under a row lock.
  await sql`
    create table case_number_counters (
      type_id uuid not null references case_types(id),
      year integer not null,
      last_value integer not null default 0,
      primary key (type_id, year)
    )`.execute(db);

  await sql`
    create table products (
      id uuid primary key default gen_random_uuid(),
      code text not null,
      name text not null,
      description text,
      unit_price numeric(18,4) not null default 0,
      currency text not null default 'EUR',
      tax_rate numeric(6,3) not null default 21,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index products_code on products (lower(code)) where deleted_at is null`.execute(db);

  // amount: the net amount (the sum of the lines' net totals on a type with lines); tax_amount the lines' tax.
  // first_response_due_at / resolution_due_at: SLA targets computed in working hours from created_at.
  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      type_id uuid not null references case_types(id),
      number text not null,
      title text not null,
      entity_id uuid not null references entities(id),
      contact_id uuid references contacts(id),
      owner_id uuid references users(id),
      team_id uuid references teams(id),
      status_id uuid not null references case_statuses(id),
      status_changed_at timestamptz not null default now(),
      priority text not null default 'normal',
      amount numeric(18,4),
      tax_amount numeric(18,4),
      currency text not null default 'EUR',
      probability integer,
      expected_close date,
      closed_at timestamptz,
      referrer_id uuid references entities(id),
      campaign_id uuid,
      description text,
      first_response_at timestamptz,
      first_response_due_at timestamptz,
      resolution_due_at timestamptz,
      sla_breached_at timestamptz,
      custom jsonb not null default '{}',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz,
      constraint cases_priority check (priority in ('low', 'normal', 'high', 'urgent')),
      constraint cases_probability check (probability between 0 and 100)
    )`.execute(db);
  await sql`create unique index cases_number on cases (number)`.execute(db);
  await sql`create index cases_type_status_idx on cases (type_id, status_id, updated_at desc, id) where deleted_at is null`.execute(
    db,
  );
  await sql`create index cases_entity_idx on cases (entity_id, created_at desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index cases_owner_idx on cases (owner_id, status_id) where deleted_at is null`.execute(db);
  await sql`create index cases_close_idx on cases (expected_close) where deleted_at is null`.execute(db);
  await sql`create index cases_sla_idx on cases (resolution_due_at) where deleted_at is null and closed_at is null and sla_breached_at is null`.execute(
    db,
  );

  await sql`
    create table case_lines (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      position integer not null,
      product_id uuid references products(id),
      description text,
      quantity numeric(18,4) not null,
      unit_price numeric(18,4) not null,
      discount_pct numeric(6,3) not null default 0,
      tax_rate numeric(6,3) not null default 0,
      net_amount numeric(18,4) not null,
      tax_amount numeric(18,4) not null,
      constraint case_lines_quantity check (quantity >= 0),
      constraint case_lines_discount check (discount_pct between 0 and 100),
      constraint case_lines_tax check (tax_rate between 0 and 100)
    )`.execute(db);
  await sql`create index case_lines_case_idx on case_lines (case_id, position)`.execute(db);
  await sql`create index case_lines_product_idx on case_lines (product_id) where product_id is not null`.execute(
    db,
  );

  // One row per stay in a status: entered_at when the case arrived, left_at when it moved on (null: still there).
  await sql`
    create table case_status_history (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      status_id uuid not null references case_statuses(id),
      entered_at timestamptz not null default now(),
      entered_by uuid,
      left_at timestamptz
    )`.execute(db);
  await sql`create index case_status_history_case_idx on case_status_history (case_id, entered_at)`.execute(
    db,
  );

  // Weekly forecast snapshot: what the open pipeline expected for each close month, per owner and status, on
  // the day it was taken; "forecast vs actual" compares them with what was won.
  await sql`
    create table forecast_snapshots (
      id uuid primary key default gen_random_uuid(),
      taken_on date not null,
      month date not null,
      type_id uuid not null references case_types(id),
      owner_id uuid,
      team_id uuid,
      status_id uuid not null references case_statuses(id),
      currency text not null,
      cases integer not null,
      amount numeric(18,4) not null,
      weighted numeric(18,4) not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index forecast_snapshots_idx on forecast_snapshots (taken_on, month)`.execute(db);

  await sql`create index actions_case_idx on actions (case_id, due_at desc) where case_id is not null`.execute(
    db,
  );

  await sql`
    update roles set permissions = jsonb_set(permissions, '{objects,cases}',
      coalesce(permissions->'objects'->'entities', '{"actions": [], "scope": "own"}'::jsonb))
    where not (permissions->'objects' ? 'cases')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists actions_case_idx`.execute(db);
  for (const table of [
    'forecast_snapshots',
    'case_status_history',
    'case_lines',
    'cases',
    'products',
    'case_number_counters',
    'case_statuses',
    'case_types',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`update roles set permissions = permissions #- '{objects,cases}'`.execute(db);
}
