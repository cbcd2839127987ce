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
  /** The table whose search_text is matched. */
  table: 'entities' | 'contacts';
  from: RawBuilder<unknown>;
  columns: RawBuilder<unknown>;
  alias: string;
  toHit(row: Record<string, unknown>, score: number): SearchHit;
}

const ENTITIES: Target = {
  type: 'entity',
  table: 'entities',
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
  table: 'contacts',
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
 * see, accent- and case-free (search_text and name_key are normalised on write). Bounded steps, each only if
 * the ones before found too little; entities and contacts side by side (on a server, on two connections):
 *  1. an exact email, mail domain, phone or tax id (indexed), which is the answer when it matches;
 *  2. names that start with the query (a btree range);
 *  3. the query anywhere. Its words are first looked up in search_words (every word of every record): a word
 *     no record contains means no scan at all, a common one a plain scan that stops at the first rows found,
 *     a rare one the trigram index;
 *  4. when nothing matched anywhere, each word no record contains is replaced by the most similar known word
 *     ("telefonika" → telefonica) and steps 2–3 run again.
 * Scores: exact or start of name 3, anywhere 2, corrected < 1, so a typo match never outranks a real one.
 */
export async function globalSearch(
  db: Database,
  auth: AuthContext,
  q: string,
  limit: number,
): Promise<SearchHit[]> {
  const term = normalizeSearchText(q);
  if (term.length === 0) return [];
  const targets = [
    ...(can(auth, 'entities', 'read')
      ? [{ target: ENTITIES, scope: ownerScope(auth, 'entities', 'e.owner_id') }]
      : []),
    ...(can(auth, 'contacts', 'read')
      ? [{ target: CONTACTS, scope: ownerScope(auth, 'contacts', 'e.owner_id') }]
      : []),
  ];
  const searches = targets.map(({ target, scope }) => new TargetSearch(db, target, scope));
  const all = async (step: (s: TargetSearch) => Promise<SearchHit[]>) =>
    (await Promise.all(searches.map(step))).flat();
  const ranked = (hits: SearchHit[]) =>
    hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);

  const exact = await all((s) => s.exact(q, term, limit));
  if (exact.length > 0) return ranked(exact);
  const compact = q.replace(/[\s().-]/g, '');
  const needle = /^\+?\d{5,}$/.test(compact) ? compact.replace(/^\+/, '') : term;
  // Hits anywhere score below hits at the start of a name: once the starts fill the list, nothing else can
  // enter it, so the substring scans are skipped.
  const starts = await all((s) => s.startsWith(needle, limit, 1));
  if (starts.length >= limit) return ranked(starts);
  const anywhere = await all((s) => s.contains(needle, limit - starts.length, starts, 1));
  if (starts.length + anywhere.length > 0) return ranked([...starts, ...anywhere]);
  if (needle.length < 4 || !letterWords(needle)) return [];

  const corrected = await all(async (s) => {
    const fix = await correctWords(db, s.target, needle);
    if (!fix) return [];
    const weight = 0.99 * fix.similarity;
    const hits = await s.startsWith(fix.text, limit, weight);
    if (hits.length >= limit) return hits;
    return [...hits, ...(await s.contains(fix.text, limit - hits.length, hits, weight))];
  });
  return ranked(corrected);
}

/** The steps for one kind of record (entities or contacts), within what the caller may see. */
class TargetSearch {
  readonly target: Target;
  private readonly db: Database;
  private readonly alias: RawBuilder<unknown>;
  private readonly visible: RawBuilder<SqlBool>;

  constructor(db: Database, target: Target, scope: RawBuilder<SqlBool> | null) {
    this.db = db;
    this.target = target;
    this.alias = sql.raw(target.alias);
    this.visible = sql<SqlBool>`${this.alias}.deleted_at is null and ${scope ?? sql`true`}`;
  }

  private run(
    executor: Executor,
    where: RawBuilder<SqlBool>,
    order: RawBuilder<unknown> | null,
    max: number,
  ) {
    return sql<
      Record<string, unknown>
    >`select ${this.target.columns} from ${this.target.from} where ${this.visible} and ${where} ${order ? sql`order by ${order}` : sql``} limit ${max}`.execute(
      executor,
    );
  }

  /** Step 1. */
  async exact(q: string, term: string, limit: number): Promise<SearchHit[]> {
    const where = exactMatch(this.target, q, term);
    if (!where) return [];
    const rows = (await withinBudget(this.db, (trx) => this.run(trx, where, null, limit), 'exact')) ?? [];
    return rows.map((r) => this.target.toHit(r, 3));
  }

  /** Step 2; `weight` scales the scores (1, or < 1 for a corrected query). */
  async startsWith(needle: string, limit: number, weight: number): Promise<SearchHit[]> {
    const a = this.alias;
    const where = sql<SqlBool>`${a}.name_key like ${`${escapeLike(needle)}%`}`;
    const { rows } = await this.run(this.db, where, sql`${a}.name_key`, limit);
    return rows.map((r) => this.target.toHit(r, 3 * weight));
  }

  /** Step 3, leaving out the records already found. */
  async contains(needle: string, max: number, found: SearchHit[], weight: number): Promise<SearchHit[]> {
    if (needle.length < 3 || max <= 0) return [];
    const words = await wordFrequencies(this.db, this.target, needle);
    if (words.some((w) => w.rows === 0)) return []; // a word in no record: nothing can contain the needle
    const a = this.alias;
    const seen = found.filter((h) => h.type === this.target.type).map((h) => h.id);
    const like = `%${escapeLike(needle)}%`;
    const where = sql<SqlBool>`${a}.search_text like ${like} and not (${a}.id = any(${seen}::uuid[]))`;
    // No ORDER BY: the scan stops at the first rows found (`order by 1` would sort every match by id).
    const anywhere = (plan: Plan) => withinBudget(this.db, (trx) => this.run(trx, where, null, max), plan);
    // When every word is common ("barcelona"), a plain scan meets the first matches almost at once while the
    // trigram index would read all of them first, unless the words are common but the whole query is not:
    // a sample of ~0.2% of the table's blocks tells which. If the sample misled, the index gets a short turn.
    // Only for words: a long string with dots or digits (a domain, a code) is specific enough for the index.
    let common = false;
    if (letterWords(needle) && words.every((w) => w.rows >= COMMON_WORD_ROWS)) {
      const sample = await sql<{ hit: number }>`
        select 1 as hit from ${sql.table(this.target.table)} tablesample system (${sql.lit(SAMPLE_PERCENT)})
        where search_text like ${like} limit 1`.execute(this.db);
      common = sample.rows.length > 0;
    }
    let rows = common ? await anywhere('scan') : null;
    rows ??= await anywhere(common ? 'index-after-scan' : 'index');
    return (rows ?? []).map((r) => this.target.toHit(r, 2 * weight));
  }
}

/** Step 1: the query is a whole email, mail domain, phone number or tax id. */
function exactMatch(target: Target, q: string, term: string): RawBuilder<SqlBool> | null {
  const a = sql.raw(target.alias);
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(term)) return sql<SqlBool>`${a}.emails @> array[${term}]::text[]`;
  if (/^@?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(term)) {
    return sql<SqlBool>`email_domains(${a}.emails) @> array[${term.replace(/^@/, '')}]::text[]`;
  }
  const digits = q.replace(/[\s().-]/g, '');
  if (/^\+\d{8,15}$/.test(digits)) return sql<SqlBool>`${a}.phones @> array[${digits}]::text[]`;
  if (/^[6789]\d{8}$/.test(digits)) return sql<SqlBool>`${a}.phones @> array[${`+34${digits}`}]::text[]`;
  const taxId = q.replace(/[\s.-]/g, '').toUpperCase();
  if (target.type === 'entity' && /^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{8,12}$/.test(taxId)) {
    return sql<SqlBool>`${a}.tax_id = ${taxId}`;
  }
  return null;
}

/**
 * The query's words when it is only letters and spaces: the only queries search_words can speak for, and the
 * only ones worth correcting (an email, code or phone matches as typed or not at all).
 */
function letterWords(needle: string): string[] | null {
  if (!/^[\p{L} ]+$/u.test(needle)) return null;
  return [...new Set(needle.split(' ').filter(Boolean))];
}

/**
 * The needle's runs of letters, each with about how many records hold a word that contains it (search_words;
 * the first COMMON_WORD_ROWS such words summed). A run inside no known word counts 0: no record holds it.
 */
async function wordFrequencies(
  db: Database,
  target: Target,
  needle: string,
): Promise<{ word: string; rows: number }[]> {
  const words = [...new Set(needle.split(/[^\p{L}]+/u).filter(Boolean))];
  if (words.length === 0) return [];
  const counts = words.map(
    (w) => sql<number>`(
      select coalesce(sum(rows), 0)::int from (
        select rows from search_words where target = ${target.type} and word like ${`%${escapeLike(w)}%`}
        limit ${COMMON_WORD_ROWS}
      ) matching)`,
  );
  const { rows } = await sql<{ counts: number[] }>`select array[${sql.join(counts)}] as counts`.execute(db);
  return words.map((word, i) => ({ word, rows: rows[0]?.counts[i] ?? 0 }));
}

/**
 * Step 4: each word of the query that no record contains, replaced by the most similar known word (trigram
 * similarity, then the most common). Null when there is nothing to correct or no word is close enough.
 */
async function correctWords(
  db: Database,
  target: Target,
  needle: string,
): Promise<{ text: string; similarity: number } | null> {
  const words = letterWords(needle) ?? [];
  if (words.length === 0) return null;
  // For every word at once (letters only: nothing to escape in LIKE): whether it is part of a known word (a name being typed, not a typo), else the
  // most similar known word. One swapped or missing letter in a short word leaves few trigrams in common
  // ("agnels"/"angels": 0.27), so the bar is lower than pg_trgm's default 0.3; the best candidate wins.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local pg_trgm.similarity_threshold = ${sql.lit(CORRECTION_THRESHOLD)}`.execute(trx);
    return (
      await sql<{ word: string; known: boolean; best: string | null; similarity: number | null }>`
        select q.word,
          exists (select 1 from search_words k where k.target = ${target.type}
                  and k.word like '%' || q.word || '%') as known,
          b.word as best, b.similarity
        from unnest(${words}::text[]) with ordinality as q(word, n)
        left join lateral (
          select s.word, similarity(s.word, q.word)::float8 as similarity from search_words s
          where s.target = ${target.type} and s.word % q.word
          order by similarity desc, s.rows desc
          limit 1
        ) b on true
        order by q.n`.execute(trx)
    ).rows;
  });
  let changed = false;
  let similarity = 1;
  const out: string[] = [];
  for (const row of rows) {
    if (row.known || !row.best) {
      if (!row.known && row.word.length >= 4) return null; // a long word like nothing known: give up
      out.push(row.word);
      continue;
    }
    changed = true;
    similarity = Math.min(similarity, row.similarity ?? 0);
    out.push(row.best);
  }
  return changed ? { text: out.join(' '), similarity: Math.min(similarity, 0.99) } : null;
}

// Substring matches read trigram indexes whole before LIMIT can help, which for a very common fragment
// ("gmail.com") at a million rows takes long. They are a bonus to the prefix match: past a budget the box
// answers with what it has instead of making the user wait. (PGlite ignores the setting; an embedded database
// is small.) The budgets add up to under 100 ms per kind of record, searched side by side.
type Plan = 'exact' | 'scan' | 'index' | 'index-after-scan';
const BUDGET_MS: Record<Plan, number> = { exact: 250, scan: 50, index: 60, 'index-after-scan': 25 };
// Percentage of a table's blocks sampled to tell a common fragment from a rare one.
const SAMPLE_PERCENT = 0.2;
// Records from which a word is common enough that a plain scan may beat the index.
const COMMON_WORD_ROWS = 3000;
// Trigram similarity from which a known word may replace one of the query's.
const CORRECTION_THRESHOLD = 0.2;

/**
 * Runs a query with a time budget and a plan; null when it ran out (the caller answers with what it has).
 * `scan` forbids bitmap scans so LIMIT can stop a plain scan early; `exact` forbids plain scans, which the
 * planner picks for a LIMIT on array containment (it guesses 0.5% of rows hold any given email or phone).
 */
async function withinBudget<T>(
  db: Database,
  query: (trx: Executor) => Promise<{ rows: T[] }>,
  plan: Plan,
): Promise<T[] | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = ${sql.lit(BUDGET_MS[plan])}`.execute(trx);
      if (plan === 'scan') await sql`set local enable_bitmapscan = off`.execute(trx);
      if (plan === 'exact') await sql`set local enable_seqscan = off`.execute(trx);
      return (await query(trx)).rows;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '57014') return null; // query_canceled: over budget
    throw error;
  }
}
