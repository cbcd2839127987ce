import { normalizeSearchText } from '@trato/contracts/validation/text';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { isUuid } from '../../platform/ids.ts';
import { escapeLike, type FieldMap, parseListQuery } from '../../platform/list-query.ts';
import { customFieldMap, listFields } from '../fields/fields.service.ts';
import { CASE_FIELDS, toCase } from './cases.mapper.ts';
import * as repo from './cases.repository.ts';

/** The list fields, plus the custom fields of the type the query filters on (filter[type_id][eq]). */
export async function caseFieldMap(db: Executor, query: Record<string, unknown>): Promise<FieldMap> {
  const typeId = query['filter[type_id][eq]'] ?? query['filter[type_id]'];
  if (typeof typeId !== 'string' || !isUuid(typeId)) return CASE_FIELDS;
  return { ...CASE_FIELDS, ...customFieldMap(await listFields(db, 'case', typeId), 'cases.custom') };
}

/**
 * `q`: the number, the title or the entity's name. The matching entities are found first, once (an
 * uncorrelated subquery on entities_search_idx, trigrams of search_text), and each case is then tested
 * against their ids held in a hash, instead of looking up its entity per case.
 */
function searchCondition(q: string): RawBuilder<SqlBool> {
  const like = `%${escapeLike(q.trim())}%`;
  const name = `%${escapeLike(normalizeSearchText(q))}%`;
  return sql<SqlBool>`(cases.number ilike ${like} or cases.title ilike ${like}
    or cases.entity_id in (select se.id from entities se where se.search_text like ${name}))`;
}

export function searchConditions(query: Record<string, unknown>): RawBuilder<SqlBool>[] {
  return typeof query.q === 'string' && query.q.trim() ? [searchCondition(query.q)] : [];
}

export async function listCases(db: Executor, auth: AuthContext, query: Record<string, unknown>) {
  const list = parseListQuery(query, await caseFieldMap(db, query), {
    sort: '-updated_at',
    idExpr: sql.ref('cases.id'),
  });
  const page = await repo.listCases(db, auth, list, searchConditions(query));
  const now = new Date();
  return {
    data: page.rows.map((r) => toCase(r, now)),
    next_cursor: page.nextCursor,
    ...(page.total !== undefined && { total: page.total }),
  };
}
