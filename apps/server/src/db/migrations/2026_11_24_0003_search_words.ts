import { type Kysely, sql } from 'kysely';

// The words of every entity's and contact's search_text (runs of letters, already lowercase and without
// accents), with how many rows held each word when it was counted. The global search reads it to skip a
// substring scan that cannot match, to choose between scanning and the trigram index, and to correct typos
// against a few thousand words instead of millions of names. Statement-level triggers keep it complete (a
// word that leaves every record stays: harmless); counts are estimates from the last backfill, new words 1.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table search_words (
      target text not null,
      word text not null,
      rows integer not null default 1,
      primary key (target, word)
    )`.execute(db);

  for (const [target, table] of [
    ['entity', 'entities'],
    ['contact', 'contacts'],
  ] as const) {
    const fn = sql.raw(`search_words_from_${table}`);
    await sql`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        insert into search_words (target, word)
        select distinct ${sql.lit(target)}, w
        from new_rows, regexp_split_to_table(new_rows.search_text, '[^[:alpha:]]+') w
        where length(w) between 2 and 100
        on conflict do nothing;
        return null;
      end $$`.execute(db);
    for (const event of ['insert', 'update']) {
      await sql`
        create trigger ${sql.raw(`${table}_search_words_${event}`)}
        after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as new_rows
        for each statement execute function ${fn}()`.execute(db);
    }
    await sql`
      insert into search_words (target, word, rows)
      select ${target}, w, count(*)
      from ${sql.table(table)}, regexp_split_to_table(search_text, '[^[:alpha:]]+') w
      where length(w) between 2 and 100
      group by w`.execute(db);
  }
  await sql`create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops)`.execute(db);

  // Searching a mail domain ("farmacia-levantina.com") finds everyone who writes from it, through an index.
  await sql`
    create function email_domains(emails text[]) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct split_part(e, '@', 2)), '{}') from unnest(emails) e
    $$`.execute(db);
  await sql`create index entities_email_domains_idx on entities using gin (email_domains(emails))`.execute(
    db,
  );
  await sql`create index contacts_email_domains_idx on contacts using gin (email_domains(emails))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['entities', 'contacts']) {
    for (const event of ['insert', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`${table}_search_words_${event}`)} on ${sql.table(table)}`.execute(
        db,
      );
    }
    await sql`drop function if exists ${sql.raw(`search_words_from_${table}`)}()`.execute(db);
  }
  await sql`drop table if exists search_words`.execute(db);
  await sql`drop index if exists entities_email_domains_idx`.execute(db);
  await sql`drop index if exists contacts_email_domains_idx`.execute(db);
  await sql`drop function if exists email_domains(text[])`.execute(db);
}
