import { type Kysely, sql } from 'kysely';

// Issue 5: mail accounts, emails in and out, templates, automation rules.
// - mail_accounts: the company's SMTP sender and IMAP mailboxes (shared or one user's). Passwords are stored
//   encrypted (platform/secrets.ts, AES-256-GCM with a key from the environment), never in clear.
// - emails: every message Trato sent or received, one row per Message-ID (unique: the same message fetched twice,
//   or our own mail coming back through a mailbox, never makes two records). Outgoing rows are the outbox: the
//   worker claims queued rows, sends them with the row's own Message-ID and marks them sent, failed or due again.
// - email_links: the records a mail belongs to (entity, contact, case); every linked record's timeline shows it.
// - email_attachments: stored under the data directory like files, downloadable.
// - mailbox_state: where each IMAP mailbox's polling stands (UIDVALIDITY, last UID seen, last error).
// - email_templates: Liquid subject/HTML/text per language, checked on save.
// - automation_rules / automation_runs: trigger, conditions and actions; one run row per (rule, event) or per
//   (rule, record, date trigger key), so a rule never fires twice for the same thing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mail_accounts (
      id uuid primary key,
      name text not null,
      address text not null,
      display_name text not null default '',
      kind text not null check (kind in ('shared', 'personal')),
      user_id uuid references users (id),
      smtp_host text,
      smtp_port integer,
      smtp_security text not null default 'starttls' check (smtp_security in ('tls', 'starttls', 'none')),
      smtp_user text,
      smtp_password text,
      imap_host text,
      imap_port integer,
      imap_security text not null default 'tls' check (imap_security in ('tls', 'starttls', 'none')),
      imap_user text,
      imap_password text,
      imap_folder text not null default 'INBOX',
      send_enabled boolean not null default false,
      receive_enabled boolean not null default false,
      is_default boolean not null default false,
      unknown_sender text not null default 'ignore' check (unknown_sender in ('ignore', 'create_lead')),
      open_case_type_id uuid references case_types (id),
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz,
      check (kind = 'shared' or user_id is not null)
    )`.execute(db);
  await sql`create unique index mail_accounts_address_idx on mail_accounts (lower(address)) where deleted_at is null`.execute(
    db,
  );
  await sql`create unique index mail_accounts_default_idx on mail_accounts (is_default)
    where is_default and deleted_at is null`.execute(db);

  await sql`
    create table mailbox_state (
      account_id uuid primary key references mail_accounts (id),
      folder text not null,
      uidvalidity bigint,
      last_uid bigint not null default 0,
      last_polled_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table email_templates (
      id uuid primary key,
      name text not null,
      description text not null default '',
      -- { "es": { "subject": "...", "html": "...", "text": "..." }, "ca": {...}, "en": {...} }
      content jsonb not null,
      default_language text not null default 'es',
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create unique index email_templates_name_idx on email_templates (lower(name)) where deleted_at is null`.execute(
    db,
  );

  await sql`
    create table emails (
      id uuid primary key,
      direction text not null check (direction in ('out', 'in')),
      account_id uuid references mail_accounts (id),
      message_id text not null unique,
      in_reply_to text,
      "references" text[] not null default '{}',
      thread_id uuid not null,
      from_address text not null,
      from_name text not null default '',
      to_recipients jsonb not null default '[]',
      cc_recipients jsonb not null default '[]',
      bcc_recipients jsonb not null default '[]',
      reply_to text,
      subject text not null default '',
      text_body text not null default '',
      html_body text,
      template_id uuid references email_templates (id),
      language text,
      -- out: queued → sending → sent | failed (retryable) | cancelled; in: received
      status text not null check (status in ('queued', 'sending', 'sent', 'failed', 'cancelled', 'received')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      sent_at timestamptz,
      received_at timestamptz,
      size_bytes integer not null default 0,
      entity_id uuid references entities (id),
      contact_id uuid references contacts (id),
      case_id uuid references cases (id),
      rule_id uuid,
      imap_uid bigint,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid
    )`.execute(db);
  await sql`create index emails_due_idx on emails (next_attempt_at, id) where status = 'queued'`.execute(db);
  await sql`create index emails_thread_idx on emails (thread_id, id)`.execute(db);
  await sql`create index emails_status_idx on emails (status, id desc) where direction = 'out'`.execute(db);
  await sql`create index emails_case_idx on emails (case_id, id desc) where case_id is not null`.execute(db);

  await sql`
    create table email_links (
      email_id uuid not null references emails (id),
      entity_id uuid not null references entities (id),
      contact_id uuid references contacts (id),
      case_id uuid references cases (id)
    )`.execute(db);
  await sql`create index email_links_email_idx on email_links (email_id)`.execute(db);
  await sql`create index email_links_entity_idx on email_links (entity_id, email_id desc)`.execute(db);
  await sql`create index email_links_contact_idx on email_links (contact_id, email_id desc)
    where contact_id is not null`.execute(db);
  await sql`create index email_links_case_idx on email_links (case_id, email_id desc) where case_id is not null`.execute(
    db,
  );

  await sql`
    create table email_attachments (
      id uuid primary key,
      email_id uuid not null references emails (id),
      filename text not null,
      content_type text not null,
      size integer not null,
      content_id text,
      inline boolean not null default false,
      sha256 text not null,
      storage_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index email_attachments_email_idx on email_attachments (email_id)`.execute(db);

  await sql`
    create table automation_rules (
      id uuid primary key,
      name text not null,
      description text not null default '',
      -- record_created, record_changed, status_changed, action_done, mail_received,
      -- days_before_close, days_without_activity, sla_due_soon
      trigger_type text not null,
      -- entity, contact, case, action, email
      object text not null,
      -- { case_type_id?, fields?: [...] (record_changed), days?, hours? (sla), account_id? (mail_received) }
      trigger_config jsonb not null default '{}',
      -- [{ field, op, value }], all must hold
      conditions jsonb not null default '[]',
      -- [{ type: send_template | create_action | start_sequence | assign_owner | set_field | set_status | call_webhook, ... }]
      actions jsonb not null,
      -- round-robin positions per team and anything else the engine keeps between runs
      state jsonb not null default '{}',
      active boolean not null default true,
      runs_total integer not null default 0,
      last_run_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index automation_rules_trigger_idx on automation_rules (trigger_type, object)
    where active and deleted_at is null`.execute(db);

  await sql`
    create table automation_runs (
      id uuid primary key,
      rule_id uuid not null references automation_rules (id),
      event_id uuid,
      trigger_key text,
      object text not null,
      object_id uuid not null,
      status text not null check (status in ('succeeded', 'failed', 'skipped')),
      -- [{ type, status, detail }] one per action, or why it was skipped
      outcome jsonb not null default '[]',
      error text,
      depth integer not null default 0,
      started_at timestamptz not null default now(),
      finished_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index automation_runs_event_idx on automation_runs (rule_id, event_id)
    where event_id is not null`.execute(db);
  await sql`create unique index automation_runs_date_idx on automation_runs (rule_id, object_id, trigger_key)
    where trigger_key is not null`.execute(db);
  await sql`create index automation_runs_rule_idx on automation_runs (rule_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'automation_runs',
    'automation_rules',
    'email_attachments',
    'email_links',
    'emails',
    'email_templates',
    'mailbox_state',
    'mail_accounts',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
