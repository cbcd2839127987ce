import { type Kysely, sql } from 'kysely';

// Opting out of commercial mail (LSSI-CE art. 21, GDPR art. 21): kept per address, lowercased, so it outlives
// the contact it was on and a later import of the same address does not subscribe it again. A template marked
// commercial carries an unsubscribe link and List-Unsubscribe headers (emails.unsubscribe) and is never sent to
// an address in email_opt_outs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table email_opt_outs (
      address text primary key constraint email_opt_outs_lower_check check (address = lower(address)),
      source text not null constraint email_opt_outs_source_check check (source in ('link', 'one_click', 'user')),
      email_id uuid references emails (id) on delete set null,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`alter table email_templates add column commercial boolean not null default false`.execute(db);
  await sql`alter table emails add column unsubscribe boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table emails drop column if exists unsubscribe`.execute(db);
  await sql`alter table email_templates drop column if exists commercial`.execute(db);
  await sql`drop table if exists email_opt_outs`.execute(db);
}
