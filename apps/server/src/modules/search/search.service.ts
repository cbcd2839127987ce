import { normalizeSearchText } from '@trato/contracts/validation/text';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { escapeLike } from '../../platform/list-query.ts';
import { can, ownerScope } from '../../platform/permissions.ts';

export interface SearchHit {
  type: 'entity' | 'contact';
  id: string;
  title: string;
  subtitle: string | null;
  entity_id: string;
  score: number;
}

/**
 * The one search box: names, codes, tax ids, emails and phones of entities and contacts the caller may see.
 * Accent- and case-free (search_text is normalised on write); substring matches first, then, if those are
 * few, typo-tolerant trigram matches ("telefonika" finds "Telefónica"). Substring hits score ≥ 1 and always
 * rank above typo matches (< 1), so an exact email outranks a name that merely looks alike.
 */
export async function globalSearch(
  db: Database,
  auth: AuthContext,
  q: string,
  limit: number,
): Promise<SearchHit[]> {
  const term = normalizeSearchText(q);
  if (term.length === 0) return [];
  const compact = q.replace(/[\s().-]/g, '');
  const needle = /^\+?\d{5,}$/.test(compact) ? compact.replace(/^\+/, '') : term;
  const hits: SearchHit[] = [];
  if (can(auth, 'entities', 'read')) hits.push(...(await searchEntities(db, auth, needle, limit)));
  if (can(auth, 'contacts', 'read')) hits.push(...(await searchContacts(db, auth, needle, limit)));
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}

function scopeSql(auth: AuthContext, object: 'entities' | 'contacts'): RawBuilder<SqlBool> {
  return ownerScope(auth, object, 'e.owner_id') ?? sql<SqlBool>`true`;
}

// Below three characters trigrams do not help: match on the start of the name instead.
function matchCondition(column: string, nameColumn: string, needle: string) {
  return needle.length < 3
    ? sql<SqlBool>`${sql.ref(nameColumn)} like ${`${escapeLike(needle)}%`}`
    : sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(needle)}%`}`;
}

async function searchEntities(
  db: Database,
  auth: AuthContext,
  needle: string,
  limit: number,
): Promise<SearchHit[]> {
  const exact = await sql<{
    id: string;
    name: string;
    city: string | null;
    code: string | null;
    score: number;
  }>`
    select e.id, e.name, e.city, e.code,
      (1 + case when e.name_key like ${`${escapeLike(needle)}%`} then 1 else 0 end + similarity(e.name_key, ${needle}))::float8 as score
    from entities e
    where e.deleted_at is null and ${matchCondition('e.search_text', 'e.name_key', needle)} and ${scopeSql(auth, 'entities')}
    order by score desc, e.name_key
    limit ${limit}`.execute(db);
  let rows = exact.rows;
  if (rows.length < limit && needle.length >= 4) {
    const fuzzy = await sql<{
      id: string;
      name: string;
      city: string | null;
      code: string | null;
      score: number;
    }>`
      select e.id, e.name, e.city, e.code, word_similarity(${needle}, e.search_text)::float8 * 0.9 as score
      from entities e
      where e.deleted_at is null and ${needle} <% e.search_text and ${scopeSql(auth, 'entities')}
      order by score desc
      limit ${limit}`.execute(db);
    const seen = new Set(rows.map((r) => r.id));
    rows = [...rows, ...fuzzy.rows.filter((r) => !seen.has(r.id))];
  }
  return rows.map((r) => ({
    type: 'entity',
    id: r.id,
    title: r.name,
    subtitle: [r.code, r.city].filter(Boolean).join(' · ') || null,
    entity_id: r.id,
    score: r.score,
  }));
}

async function searchContacts(
  db: Database,
  auth: AuthContext,
  needle: string,
  limit: number,
): Promise<SearchHit[]> {
  type Row = {
    id: string;
    first_name: string;
    last_name: string | null;
    job_title: string | null;
    entity_id: string;
    entity_name: string;
    score: number;
  };
  const exact = await sql<Row>`
    select c.id, c.first_name, c.last_name, c.job_title, c.entity_id, e.name as entity_name,
      (1 + case when c.name_key like ${`${escapeLike(needle)}%`} then 1 else 0 end + similarity(c.name_key, ${needle}))::float8 as score
    from contacts c join entities e on e.id = c.entity_id
    where c.deleted_at is null and e.deleted_at is null and ${matchCondition('c.search_text', 'c.name_key', needle)} and ${scopeSql(auth, 'contacts')}
    order by score desc, c.name_key
    limit ${limit}`.execute(db);
  let rows = exact.rows;
  if (rows.length < limit && needle.length >= 4) {
    const fuzzy = await sql<Row>`
      select c.id, c.first_name, c.last_name, c.job_title, c.entity_id, e.name as entity_name,
        word_similarity(${needle}, c.search_text)::float8 * 0.9 as score
      from contacts c join entities e on e.id = c.entity_id
      where c.deleted_at is null and e.deleted_at is null and ${needle} <% c.search_text and ${scopeSql(auth, 'contacts')}
      order by score desc
      limit ${limit}`.execute(db);
    const seen = new Set(rows.map((r) => r.id));
    rows = [...rows, ...fuzzy.rows.filter((r) => !seen.has(r.id))];
  }
  return rows.map((r) => ({
    type: 'contact',
    id: r.id,
    title: [r.first_name, r.last_name].filter(Boolean).join(' '),
    subtitle: [r.job_title, r.entity_name].filter(Boolean).join(' · ') || null,
    entity_id: r.entity_id,
    score: r.score,
  }));
}
