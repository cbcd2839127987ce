import { normalizeSearchText } from '@trato/contracts/validation/text';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError, type FieldIssue } from './errors.ts';
import { isUuid } from './ids.ts';

/**
 * Generic list machinery: `filter[field][op]=value`, `sort=a,-b` and keyset cursors, turned into SQL
 * conditions against a map of the fields a list exposes. Every value is a bound parameter.
 */
// `isodate`: a date stored as ISO text (custom fields in jsonb), compared as text, which sorts the same.
export type FieldKind =
  | 'text'
  | 'key'
  | 'name'
  | 'number'
  | 'date'
  | 'isodate'
  | 'datetime'
  | 'boolean'
  | 'uuid'
  | 'array'
  | 'multiselect';

export interface ListField {
  /** The SQL expression (column or jsonb path, already cast). */
  expr: RawBuilder<unknown>;
  kind: FieldKind;
  nullable: boolean;
  sortable?: boolean;
}
export type FieldMap = Record<string, ListField>;

export interface ParsedList {
  limit: number;
  conditions: RawBuilder<SqlBool>[];
  sort: { field: string; expr: RawBuilder<unknown>; kind: FieldKind; desc: boolean; nullable: boolean }[];
  after: RawBuilder<SqlBool> | null;
  includeDeleted: boolean;
  includeTotal: boolean;
}

const FILTER_KEY = /^filter\[([a-z0-9_.]{1,100})\](?:\[([a-z]{1,10})\])?$/;
const OPS_BY_KIND: Record<FieldKind, readonly string[]> = {
  text: ['eq', 'ne', 'in', 'contains', 'starts', 'empty', 'lt', 'lte', 'gt', 'gte'],
  name: ['eq', 'ne', 'in', 'contains', 'starts', 'empty', 'lt', 'lte', 'gt', 'gte'],
  key: ['eq', 'ne', 'in', 'empty'],
  uuid: ['eq', 'ne', 'in', 'empty'],
  number: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'empty'],
  date: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'empty'],
  isodate: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'empty'],
  datetime: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'empty'],
  boolean: ['eq', 'ne', 'empty'],
  array: ['eq', 'ne', 'in', 'contains', 'empty'],
  multiselect: ['eq', 'ne', 'in', 'empty'],
};

export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export function parseListQuery(
  query: Record<string, unknown>,
  fields: FieldMap,
  defaults: { sort: string; idExpr: RawBuilder<unknown> },
): ParsedList {
  const issues: FieldIssue[] = [];
  const conditions: RawBuilder<SqlBool>[] = [];

  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith('filter')) continue;
    const match = FILTER_KEY.exec(key);
    if (!match) {
      issues.push({ field: key, code: 'invalid_filter' });
      continue;
    }
    const [, name = '', op = 'eq'] = match;
    const field = fields[name];
    if (!field) {
      issues.push({ field: key, code: 'unknown_field' });
      continue;
    }
    if (!OPS_BY_KIND[field.kind].includes(op)) {
      issues.push({ field: key, code: 'invalid_operator', params: { op } });
      continue;
    }
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    for (const value of values) {
      const condition = buildCondition(field, op, value);
      if (condition === null)
        issues.push({ field: key, code: 'invalid_value', params: { value: value.slice(0, 50) } });
      else conditions.push(condition);
    }
  }

  const sort = parseSort(typeof query.sort === 'string' ? query.sort : defaults.sort, fields, issues);
  if (issues.length > 0) throw new AppError('validation_failed', { issues });

  const limit = typeof query.limit === 'number' ? query.limit : 50;
  const cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
  return {
    limit,
    conditions,
    sort,
    after: cursor ? afterCursor(cursor, sort, defaults.idExpr) : null,
    includeDeleted: query.include_deleted === 'true',
    includeTotal: query.include_total === 'true',
  };
}

function parseSort(value: string, fields: FieldMap, issues: FieldIssue[]): ParsedList['sort'] {
  const keys = value.split(',').filter(Boolean);
  if (keys.length > 3) issues.push({ field: 'sort', code: 'too_many_sort_keys', params: { max: 3 } });
  return keys.slice(0, 3).flatMap((key) => {
    const desc = key.startsWith('-');
    const name = desc ? key.slice(1) : key;
    const field = fields[name];
    if (!field || field.sortable === false) {
      issues.push({ field: 'sort', code: 'unknown_field', params: { value: name.slice(0, 100) } });
      return [];
    }
    return [{ field: name, expr: field.expr, kind: field.kind, desc, nullable: field.nullable }];
  });
}

function typedValue(kind: FieldKind, value: string): unknown | null {
  switch (kind) {
    case 'number': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? value.trim() : null;
    }
    case 'date':
    case 'isodate':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
    case 'datetime':
      return !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : null;
    case 'uuid':
      return isUuid(value) ? value.toLowerCase() : null;
    case 'name':
      return normalizeSearchText(value);
    default:
      return value.includes('\u0000') ? null : value;
  }
}

const CAST: Partial<Record<FieldKind, string>> = {
  number: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  uuid: 'uuid',
};

const param = (kind: FieldKind, value: unknown) => {
  const cast = CAST[kind];
  return cast ? sql`cast(${value} as ${sql.raw(cast)})` : sql`${value}`;
};

function buildCondition(field: ListField, op: string, raw: string): RawBuilder<SqlBool> | null {
  const { expr, kind } = field;
  if (op === 'empty') {
    if (raw !== 'true' && raw !== 'false') return null;
    const empty =
      kind === 'array'
        ? sql<SqlBool>`(${expr} is null or cardinality(${expr}) = 0)`
        : kind === 'multiselect'
          ? sql<SqlBool>`(${expr} is null or jsonb_array_length(${expr}) = 0)`
          : kind === 'text' || kind === 'name'
            ? sql<SqlBool>`(${expr} is null or ${expr} = '')`
            : sql<SqlBool>`${expr} is null`;
    return raw === 'true' ? empty : sql<SqlBool>`not ${empty}`;
  }
  if (op === 'in') {
    const parts = raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .slice(0, 200);
    const baseKind = kind === 'array' || kind === 'multiselect' ? 'text' : kind;
    const values = parts.map((p) => typedValue(baseKind, p));
    if (values.length === 0 || values.some((v) => v === null)) return null;
    if (kind === 'array') return sql<SqlBool>`${expr} && ${values}::text[]`;
    if (kind === 'multiselect') return sql<SqlBool>`${expr} ?| ${values}::text[]`;
    if (kind === 'text')
      return sql<SqlBool>`lower(${expr}) in (${sql.join(values.map((v) => sql`lower(${v})`))})`;
    return sql<SqlBool>`${expr} in (${sql.join(values.map((v) => param(kind, v)))})`;
  }
  if (kind === 'array' || kind === 'multiselect') {
    if (raw.includes('\u0000')) return null;
    if (kind === 'multiselect') {
      const has = sql<SqlBool>`${expr} ? ${raw}`;
      return op === 'ne' ? sql<SqlBool>`not coalesce(${has}, false)` : has;
    }
    if (op === 'contains') return sql<SqlBool>`array_to_string(${expr}, ' ') ilike ${`%${escapeLike(raw)}%`}`;
    const has = sql<SqlBool>`${raw} = any(${expr})`;
    return op === 'ne' ? sql<SqlBool>`not (${has})` : has;
  }
  const value = typedValue(kind, raw);
  if (value === null) return null;
  if (kind === 'text' || kind === 'name') {
    const target = kind === 'name' ? expr : sql`lower(${expr})`;
    const v = kind === 'name' ? String(value) : String(value).toLowerCase();
    switch (op) {
      case 'contains':
        return sql<SqlBool>`${expr} ilike ${`%${escapeLike(String(value))}%`}`;
      case 'starts':
        return sql<SqlBool>`${target} like ${`${escapeLike(v)}%`}`;
      case 'eq':
        return sql<SqlBool>`${target} = ${v}`;
      case 'ne':
        return sql<SqlBool>`${target} is distinct from ${v}`;
    }
  }
  const p = param(kind, value);
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${expr} = ${p}`;
    case 'ne':
      return sql<SqlBool>`${expr} is distinct from ${p}`;
    case 'lt':
      return sql<SqlBool>`${expr} < ${p}`;
    case 'lte':
      return sql<SqlBool>`${expr} <= ${p}`;
    case 'gt':
      return sql<SqlBool>`${expr} > ${p}`;
    case 'gte':
      return sql<SqlBool>`${expr} >= ${p}`;
  }
  return null;
}

/** ORDER BY for the parsed sort, with the id as the final tie-break (same direction as the last key). */
export function orderBy(list: ParsedList, idExpr: RawBuilder<unknown>): RawBuilder<unknown> {
  const parts = list.sort.map((s) =>
    s.nullable
      ? sql`${s.expr} ${sql.raw(s.desc ? 'desc' : 'asc')} nulls last`
      : sql`${s.expr} ${sql.raw(s.desc ? 'desc' : 'asc')}`,
  );
  const lastDesc = list.sort.at(-1)?.desc ?? false;
  parts.push(sql`${idExpr} ${sql.raw(lastDesc ? 'desc' : 'asc')}`);
  return sql.join(parts);
}

/** Sort-key values of a row, as aliases `__s0`, `__s1`… to select alongside it for the next cursor. */
export function sortSelections(list: ParsedList): RawBuilder<unknown>[] {
  return list.sort.map((s, i) => sql`${s.expr}`.as(`__s${i}`) as unknown as RawBuilder<unknown>);
}

/** Rows were fetched with limit + 1: trim to the page and make the cursor of the next one, if any. */
export function pageOf<T extends { id: string }>(
  rows: T[],
  list: ParsedList,
): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > list.limit;
  const page = more ? rows.slice(0, list.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: more && last ? encodeCursor(list, last as Record<string, unknown>, last.id) : null,
  };
}

export function encodeCursor(list: ParsedList, row: Record<string, unknown>, id: string): string {
  const values = list.sort.map((_, i) => {
    const v = row[`__s${i}`];
    return v instanceof Date ? v.toISOString() : (v ?? null);
  });
  return Buffer.from(JSON.stringify([...values, id])).toString('base64url');
}

function afterCursor(
  cursor: string,
  sort: ParsedList['sort'],
  idExpr: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  let values: unknown[];
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = [];
  }
  const id = values.at(-1);
  if (!Array.isArray(values) || values.length !== sort.length + 1 || typeof id !== 'string' || !isUuid(id)) {
    throw new AppError('validation_failed', { issues: [{ field: 'cursor', code: 'invalid_cursor' }] });
  }
  const lastDesc = sort.at(-1)?.desc ?? false;
  const allSameDirection = sort.every((s) => s.desc === lastDesc);
  // Fast path: keys that cannot be null, all one direction → a row comparison the index can seek to.
  if (allSameDirection && sort.every((s) => !s.nullable && values[sort.indexOf(s)] !== null)) {
    const left = sql.join([...sort.map((s) => s.expr), idExpr]);
    const right = sql.join([
      ...sort.map((s, i) => sql`${values[i]}::${sql.raw(pgType(s.kind))}`),
      sql`${id}::uuid`,
    ]);
    return sql<SqlBool>`(${left}) ${sql.raw(lastDesc ? '<' : '>')} (${right})`;
  }
  // General case: (k1 after v1) or (k1 = v1 and k2 after v2) … or (all equal and id after), nulls last.
  const branches: RawBuilder<SqlBool>[] = [];
  const equalities: RawBuilder<SqlBool>[] = [];
  sort.forEach((s, i) => {
    const v = values[i];
    const typed = v === null ? null : sql`${v}::${sql.raw(pgType(s.kind))}`;
    const after =
      typed === null
        ? null
        : s.nullable
          ? sql<SqlBool>`(${s.expr} ${sql.raw(s.desc ? '<' : '>')} ${typed} or ${s.expr} is null)`
          : sql<SqlBool>`${s.expr} ${sql.raw(s.desc ? '<' : '>')} ${typed}`;
    if (after)
      branches.push(
        equalities.length ? sql<SqlBool>`(${sql.join(equalities, sql` and `)} and ${after})` : after,
      );
    equalities.push(typed === null ? sql<SqlBool>`${s.expr} is null` : sql<SqlBool>`${s.expr} = ${typed}`);
  });
  const idAfter = sql<SqlBool>`${idExpr} ${sql.raw(lastDesc ? '<' : '>')} ${id}::uuid`;
  branches.push(
    equalities.length ? sql<SqlBool>`(${sql.join(equalities, sql` and `)} and ${idAfter})` : idAfter,
  );
  return sql<SqlBool>`(${sql.join(branches, sql` or `)})`;
}

// Cursor values travel as JSON; cast them back to the column's type so comparisons use the index.
const pgType = (kind: FieldKind): string => CAST[kind] ?? 'text';
