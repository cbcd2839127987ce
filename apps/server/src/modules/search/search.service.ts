import { normalizeSearchText } from '@trato/contracts/validation/text';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
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

/** How one kind of record is searched: its table, columns and how a row becomes a hit. */
interface Target {
  type: SearchHit['type'];
  from: RawBuilder<unknown>;
  columns: RawBuilder<unknown>;
  alias: string;
  toHit(row: Record<string, unknown>, score: number): SearchHit;
}

const ENTITIES: Target = {
  type: 'entity',
  from: sql`entities e`,
  columns: sql`e.id, e.name, e.city, e.code, e.name_key`,
  alias: 'e',
  toHit: (r, score) => ({
    type: 'entity',
    id: r.id as string,
    title: r.name as string,
    subtitle: [r.code, r.city].filter(Boolean).join(' · ') || null,
    entity_id: r.id as string,
    score,
  }),
};

const CONTACTS: Target = {
  type: 'contact',
  from: sql`contacts c join entities e on e.id = c.entity_id and e.deleted_at is null`,
  columns: sql`c.id, c.first_name, c.last_name, c.job_title, c.entity_id, e.name as entity_name, c.name_key`,
  alias: 'c',
  toHit: (r, score) => ({
    type: 'contact',
    id: r.id as string,
    title: [r.first_name, r.last_name].filter(Boolean).join(' '),
    subtitle: [r.job_title, r.entity_name].filter(Boolean).join(' · ') || null,
    entity_id: r.entity_id as string,
    score,
  }),
};

/**
 * The one search box: names, codes, tax ids, emails and phones of the entities and contacts the caller may
 * see, accent- and case-free (search_text and name_key are normalised on write). Three bounded steps, each
 * only if the one before found too little: names that start with the query (a btree range), the query
 * anywhere (trigram index), and, when nothing matched, names that look alike ("telefonika" → Telefónica).
 * Scores: start of name 3, anywhere 2, look-alike < 1, so a typo match never outranks a real one.
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
  const targets = [
    ...(can(auth, 'entities', 'read')
      ? [{ target: ENTITIES, scope: ownerScope(auth, 'entities', 'e.owner_id') }]
      : []),
    ...(can(auth, 'contacts', 'read')
      ? [{ target: CONTACTS, scope: ownerScope(auth, 'contacts', 'e.owner_id') }]
      : []),
  ];
  const hits: SearchHit[] = [];
  for (const { target, scope } of targets)
    hits.push(...(await searchTarget(db, target, scope, needle, limit)));
  return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
}

async function searchTarget(
  db: Database,
  target: Target,
  scope: RawBuilder<SqlBool> | null,
  needle: string,
  limit: number,
): Promise<SearchHit[]> {
  const a = sql.raw(target.alias);
  const visible = sql<SqlBool>`${a}.deleted_at is null and ${scope ?? sql`true`}`;
  const run = (
    executor: Executor,
    where: RawBuilder<SqlBool>,
    order: RawBuilder<unknown> | null,
    max: number,
  ) =>
    sql<
      Record<string, unknown>
    >`select ${target.columns} from ${target.from} where ${visible} and ${where} ${order ? sql`order by ${order}` : sql``} limit ${max}`.execute(
      executor,
    );

  const prefix = await run(
    db,
    sql`${a}.name_key like ${`${escapeLike(needle)}%`}`,
    sql`${a}.name_key`,
    limit,
  );
  const hits = prefix.rows.map((r) => target.toHit(r, 3));
  if (hits.length < limit && needle.length >= 3) {
    const seen = hits.map((h) => h.id);
    const anywhere = await withinBudget(db, (trx) =>
      run(
        trx,
        sql`${a}.search_text like ${`%${escapeLike(needle)}%`} and not (${a}.id = any(${seen}::uuid[]))`,
        // No ORDER BY: the scan stops at the first rows found (`order by 1` would sort every match by id).
        null,
        limit - hits.length,
      ),
    );
    hits.push(...anywhere.map((r) => target.toHit(r, 2)));
  }
  if (hits.length === 0 && looksLikeWords(needle)) {
    // word_similarity against the short normalised name, with its own trigram index.
    const alike = await withinBudget(db, (trx) =>
      sql<Record<string, unknown> & { score: number }>`
      select * from (
        select ${target.columns}, word_similarity(${needle}, ${a}.name_key)::float8 as score
        from ${target.from}
        where ${visible} and ${needle} <% ${a}.name_key
        limit ${LOOK_ALIKE_CANDIDATES}
      ) candidates
      order by score desc
      limit ${limit}`.execute(trx),
    );
    hits.push(...alike.map((r) => target.toHit(r, r.score * 0.99)));
  }
  return hits;
}

// Substring and look-alike matches read trigram indexes whole before LIMIT can help, which for a very common
// fragment ("gmail.com") or a typo at a million rows takes long. They are a bonus to the prefix match: past
// this budget the box answers with what it has instead of making the user wait. (PGlite ignores the setting;
// an embedded database is small.)
const SEARCH_STEP_BUDGET_MS = 250;
// A short typo ("sera") can be near 100 000 names: rank only the first candidates the index yields.
const LOOK_ALIKE_CANDIDATES = 200;

async function withinBudget<T>(db: Database, query: (trx: Executor) => Promise<{ rows: T[] }>): Promise<T[]> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = ${sql.lit(SEARCH_STEP_BUDGET_MS)}`.execute(trx);
      return (await query(trx)).rows;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '57014') return []; // query_canceled: over budget
    throw error;
  }
}

// Typo tolerance is for names: an email, code or phone matches as typed or not at all.
const looksLikeWords = (needle: string) => needle.length >= 4 && /^[\p{L} '-]+$/u.test(needle);
