import { type Kysely, sql } from 'kysely';

// The language a customer is written to (issue 5 follow-up): a real column on entities and contacts, so
// templates pick Catalan or Spanish per recipient without a custom field. Null = not known (the template's
// default language is used). The company profile (`company.*` merge fields) is a `settings` row under the key
// 'company' and needs no table.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['entities', 'contacts']) {
    await sql`alter table ${sql.table(table)} add column language text
      constraint ${sql.raw(`${table}_language_check`)} check (language in ('es', 'ca', 'en'))`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contacts drop column if exists language`.execute(db);
  await sql`alter table entities drop column if exists language`.execute(db);
}
