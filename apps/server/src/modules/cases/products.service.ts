import type { CreateProductRequest, Product, UpdateProductRequest } from '@trato/contracts/cases';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { ProductRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, isUniqueViolation, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import {
  escapeLike,
  type FieldMap,
  orderBy,
  pageOf,
  parseListQuery,
  sortSelections,
} from '../../platform/list-query.ts';

// Products: the price list case lines pick from (code, name, unit price, currency, VAT rate, active).
// Codes are unique, case-insensitively, among live products. Deleting is a soft delete: lines keep theirs.

const invalid = (field: string, code: string) =>
  new AppError('validation_failed', { issues: [{ field, code }] });

/** A numeric column as the API answers it: at least 2 decimals, at most 4, no trailing zeros beyond 2. */
export function decimalOut(value: string): string {
  const [whole = '0', fraction = ''] = value.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** The same number written the same way, to tell a real change from "12.5" vs "12.5000". */
const canonical = (value: string) => decimalOut(value.includes('.') ? value : `${value}.`);

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    unit_price: decimalOut(row.unit_price),
    currency: row.currency,
    tax_rate: decimalOut(row.tax_rate),
    active: row.active,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const col = (name: string) => sql.ref(`products.${name}`);
const PRODUCT_FIELDS: FieldMap = {
  code: { expr: col('code'), kind: 'text', nullable: false },
  name: { expr: col('name'), kind: 'text', nullable: false },
  unit_price: { expr: col('unit_price'), kind: 'number', nullable: false },
  currency: { expr: col('currency'), kind: 'key', nullable: false },
  tax_rate: { expr: col('tax_rate'), kind: 'number', nullable: false },
  active: { expr: col('active'), kind: 'boolean', nullable: false },
  created_at: { expr: col('created_at'), kind: 'datetime', nullable: false },
  updated_at: { expr: col('updated_at'), kind: 'datetime', nullable: false },
};

/** `q` on code or name, `active=true|false` (or filter[active][eq]), filters, sort, keyset pages. */
export async function listProducts(db: Database, query: Record<string, unknown>) {
  const { q, active, ...rest } = query;
  const list = parseListQuery(rest, PRODUCT_FIELDS, { sort: 'code', idExpr: col('id') });
  const extra: RawBuilder<SqlBool>[] = [];
  if (typeof q === 'string' && q.trim()) {
    const like = `%${escapeLike(q.trim())}%`;
    extra.push(sql<SqlBool>`(products.code ilike ${like} or products.name ilike ${like})`);
  }
  if (active !== undefined) {
    if (active !== 'true' && active !== 'false') throw invalid('active', 'invalid_value');
    extra.push(sql<SqlBool>`products.active = ${active === 'true'}`);
  }
  const where = <T extends { where: (c: RawBuilder<SqlBool>) => T }>(qb: T): T => {
    let out = qb;
    if (!list.includeDeleted) out = out.where(sql<SqlBool>`products.deleted_at is null`);
    for (const c of [...list.conditions, ...extra]) out = out.where(c);
    return out;
  };
  let select = where(db.selectFrom('products').selectAll('products'))
    .select(sortSelections(list) as never[])
    .orderBy(orderBy(list, col('id')))
    .limit(list.limit + 1);
  if (list.after) select = select.where(list.after);
  const page = pageOf((await select.execute()) as ProductRow[], list);
  let total: number | undefined;
  if (list.includeTotal) {
    const counted = await where(db.selectFrom('products'))
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return {
    data: page.rows.map(toProduct),
    next_cursor: page.nextCursor,
    ...(total !== undefined && { total }),
  };
}

async function requireProduct(db: Executor, id: string, forUpdate = false): Promise<ProductRow> {
  let query = db.selectFrom('products').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getProduct(db: Executor, id: string): Promise<Product> {
  return toProduct(await requireProduct(db, id));
}

async function codeTaken(db: Executor, code: string, ownId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('products')
    .select('id')
    .where(sql<SqlBool>`lower(code) = lower(${code})`)
    .where('deleted_at', 'is', null);
  if (ownId) query = query.where('id', '<>', ownId);
  return Boolean(await query.executeTakeFirst());
}

const throwIfCodeTaken = (error: unknown): never => {
  if (isUniqueViolation(error, 'products_code')) throw invalid('code', 'code_taken');
  throw error;
};

const TRACKED = ['code', 'name', 'description', 'unit_price', 'currency', 'tax_rate', 'active'] as const;

export async function createProduct(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof CreateProductRequest>,
): Promise<Product> {
  const id = newId();
  await db
    .transaction()
    .execute(async (trx) => {
      if (await codeTaken(trx, input.code, null)) throw invalid('code', 'code_taken');
      const values = {
        code: input.code,
        name: input.name,
        description: input.description ?? null,
        unit_price: canonical(input.unit_price),
        currency: input.currency ?? 'EUR',
        tax_rate: canonical(input.tax_rate ?? '21'),
        active: input.active ?? true,
      };
      await trx
        .insertInto('products')
        .values({ id, ...values, created_by: auth.userId })
        .execute();
      await recordEvent(trx, {
        type: 'product.created',
        object: 'product',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes: diffChanges({}, values, TRACKED),
      });
    })
    .catch(throwIfCodeTaken);
  return getProduct(db, id);
}

export async function updateProduct(
  db: Database,
  auth: AuthContext,
  id: string,
  input: z.output<typeof UpdateProductRequest>,
): Promise<Product> {
  const { version, ...patch } = input;
  await db
    .transaction()
    .execute(async (trx) => {
      const current = await requireProduct(trx, id, true);
      if (current.version !== version) throw versionConflict(current.version);
      const values: Record<string, unknown> = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      );
      if (patch.unit_price !== undefined) values.unit_price = canonical(patch.unit_price);
      if (patch.tax_rate !== undefined) values.tax_rate = canonical(patch.tax_rate);
      const before = {
        ...current,
        unit_price: canonical(current.unit_price),
        tax_rate: canonical(current.tax_rate),
      };
      const changes = diffChanges(before, values, TRACKED);
      if (Object.keys(changes).length === 0) return;
      if (changes.code && (await codeTaken(trx, String(values.code), id)))
        throw invalid('code', 'code_taken');
      await trx
        .updateTable('products')
        .set({ ...values, version: current.version + 1, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordEvent(trx, {
        type: 'product.updated',
        object: 'product',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes: { code: current.code, ...changes },
      });
    })
    .catch(throwIfCodeTaken);
  return getProduct(db, id);
}

/** Soft delete: case lines that name the product keep it; its code is free again. */
export async function deleteProduct(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireProduct(trx, id, true);
    const now = new Date();
    await trx
      .updateTable('products')
      .set({ deleted_at: now, active: false, version: current.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'product.deleted',
      object: 'product',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { code: current.code },
    });
  });
}
