import { type Kysely, sql } from 'kysely';

// Webhooks (issue 5 §6): subscriptions to event types of the outbox, and one delivery per (webhook, event).
// The dispatcher (modules/webhooks/webhook-dispatch.ts) turns new events into deliveries in the transaction that
// advances its cursor (settings key 'webhooks.event_cursor'), so a crash never skips nor doubles an event; the
// unique (webhook_id, event_id) makes a second try of the same event a no-op.
// The secret is stored as is so deliveries can be signed; encrypting it at rest is a later step of issue 5.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhooks (
      id uuid primary key,
      url text not null,
      event_types text[] not null,
      secret text not null,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid,
      updated_by uuid,
      deleted_at timestamptz
    )`.execute(db);
  await sql`
    create table webhook_deliveries (
      id uuid primary key,
      webhook_id uuid not null references webhooks (id),
      event_id uuid not null,
      event_type text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      unique (webhook_id, event_id)
    )`.execute(db);
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at, id)
    where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await sql`drop table if exists webhooks`.execute(db);
}
