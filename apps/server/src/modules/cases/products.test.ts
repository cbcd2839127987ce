import type { Product } from '@trato/contracts/cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent' });
});
afterAll(async () => ctx.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE', user: TestUser, url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const fieldsOf = (res: { json(): any }) =>
  (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
const create = async (payload: Record<string, unknown>): Promise<Product> => {
  const res = await send('POST', admin, '/api/v1/products', payload);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
};

describe('products', () => {
  it('are created by the admin with exact prices, EUR and 21 % VAT unless given', async () => {
    const body = { code: 'MANT-01', name: 'Mantenimiento anual', unit_price: '1250.5' };
    expect((await send('POST', agent, '/api/v1/products', body)).statusCode).toBe(403);
    const res = await send('POST', admin, '/api/v1/products', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'MANT-01',
      name: 'Mantenimiento anual',
      description: null,
      unit_price: '1250.50',
      currency: 'EUR',
      tax_rate: '21.00',
      active: true,
      version: 1,
    });
    const other = await create({
      code: 'LIC-9',
      name: 'Licencia',
      unit_price: 0.1234,
      currency: 'usd',
      tax_rate: '10',
    });
    expect(other).toMatchObject({ unit_price: '0.1234', currency: 'USD', tax_rate: '10.00' });
    const event = await ctx.db
      .selectFrom('events')
      .select(['object', 'actor_id', 'changes'])
      .where('object_id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      object: 'product',
      actor_id: admin.id,
      changes: { code: [null, 'MANT-01'] },
    });
  });

  it('have a code unique regardless of case', async () => {
    const res = await send('POST', admin, '/api/v1/products', {
      code: 'mant-01',
      name: 'Otro',
      unit_price: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['code:code_taken']);
  });

  it('refuse bad prices, currencies and rates, naming the field', async () => {
    const bad = async (payload: Record<string, unknown>) =>
      fieldsOf(
        await send('POST', admin, '/api/v1/products', { code: 'X-1', name: 'X', unit_price: 1, ...payload }),
      );
    expect(await bad({ currency: 'XYZ' })).toEqual(['currency:unknown_currency']);
    expect(await bad({ unit_price: '-5' })).toEqual(['unit_price:negative']);
    expect(await bad({ unit_price: -0.01 })).toEqual(['unit_price:negative']);
    expect(await bad({ unit_price: '12,50' })).toEqual(['unit_price:invalid_decimal']);
    expect(await bad({ unit_price: '1.23456' })).toEqual(['unit_price:invalid_decimal']);
    expect(await bad({ tax_rate: 120 })).toEqual(['tax_rate:out_of_range']);
    expect(await bad({ tax_rate: '-1' })).toEqual(['tax_rate:out_of_range']);
    expect(await bad({ code: '', name: '' }).then((f) => f.sort())).toEqual([
      'code:required',
      'name:required',
    ]);
    expect(await bad({ price: 3 })).toEqual(['price:unknown_field']);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      payload: { code: 'X-1', name: 'X', unit_price: 1, currency: 'XYZ' },
      headers: { ...admin.headers, 'accept-language': 'ca' },
    });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].message).toMatch(/ISO 4217/);
    expect((await get(admin, '/api/v1/products?q=X-1')).json().data).toEqual([]);
  });

  it('are listed to every user: search, active filter, sort and pages', async () => {
    await create({ code: 'KIT-A', name: 'Kit de arranque', unit_price: 300 });
    await create({ code: 'KIT-B', name: 'Kit avanzado', unit_price: 900, active: false });
    await create({ code: 'FORM', name: 'Formación in situ (kit)', unit_price: 450 });

    const list = (url: string) => get(agent, url).then((r) => r.json());
    const codes = (body: { data: Product[] }) => body.data.map((p) => p.code);
    expect(codes(await list('/api/v1/products'))).toEqual(['FORM', 'KIT-A', 'KIT-B', 'LIC-9', 'MANT-01']);
    expect(codes(await list('/api/v1/products?q=kit'))).toEqual(['FORM', 'KIT-A', 'KIT-B']);
    expect(codes(await list('/api/v1/products?q=kit&active=true'))).toEqual(['FORM', 'KIT-A']);
    expect(codes(await list('/api/v1/products?filter[active][eq]=false'))).toEqual(['KIT-B']);
    expect(codes(await list('/api/v1/products?sort=-unit_price&filter[unit_price][gte]=400'))).toEqual([
      'MANT-01',
      'KIT-B',
      'FORM',
    ]);

    const first = await list('/api/v1/products?limit=2&include_total=true');
    expect(codes(first)).toEqual(['FORM', 'KIT-A']);
    expect(first.total).toBe(5);
    const second = await list(`/api/v1/products?limit=2&cursor=${first.next_cursor}`);
    expect(codes(second)).toEqual(['KIT-B', 'LIC-9']);
    const third = await list(`/api/v1/products?limit=2&cursor=${second.next_cursor}`);
    expect(codes(third)).toEqual(['MANT-01']);
    expect(third.next_cursor).toBeNull();

    expect(fieldsOf(await get(agent, '/api/v1/products?active=maybe'))).toEqual(['active:invalid_value']);
    expect(fieldsOf(await get(agent, '/api/v1/products?sort=secret'))).toEqual(['sort:unknown_field']);
    expect(fieldsOf(await get(agent, '/api/v1/products?cursor=nonsense'))).toEqual(['cursor:invalid_cursor']);
  });

  it('are changed with optimistic locking; an equal price is no change', async () => {
    const product = await create({ code: 'SOP-1', name: 'Soporte', unit_price: '80.00' });
    const url = `/api/v1/products/${product.id}`;
    expect((await send('PATCH', agent, url, { version: 1, name: 'Y' })).statusCode).toBe(403);
    const same = await send('PATCH', admin, url, { version: 1, unit_price: '80' });
    expect(same.json().version).toBe(1);
    const changed = await send('PATCH', admin, url, {
      version: 1,
      unit_price: '85.5',
      tax_rate: 10,
      active: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      unit_price: '85.50',
      tax_rate: '10.00',
      active: false,
      version: 2,
    });
    const stale = await send('PATCH', admin, url, { version: 1, name: 'Tarde' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect(fieldsOf(await send('PATCH', admin, url, { version: 2, code: 'Kit-a' }))).toEqual([
      'code:code_taken',
    ]);
    expect(fieldsOf(await send('PATCH', admin, url, { version: 2, currency: 'XYZ' }))).toEqual([
      'currency:unknown_currency',
    ]);
    const event = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('object_id', '=', product.id)
      .where('type', '=', 'product.updated')
      .executeTakeFirstOrThrow();
    expect(event.changes).toEqual({
      code: 'SOP-1',
      unit_price: ['80.00', '85.50'],
      tax_rate: ['21.00', '10.00'],
      active: [true, false],
    });
  });

  it('are soft-deleted by the admin, freeing their code', async () => {
    const product = await create({ code: 'OLD', name: 'Descatalogado', unit_price: 5 });
    const url = `/api/v1/products/${product.id}`;
    expect((await send('DELETE', agent, url)).statusCode).toBe(403);
    expect((await send('DELETE', admin, url)).statusCode).toBe(204);
    expect((await get(agent, url)).statusCode).toBe(404);
    expect((await send('DELETE', admin, url)).statusCode).toBe(404);
    const row = await ctx.db
      .selectFrom('products')
      .select('deleted_at')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(
      (await send('POST', admin, '/api/v1/products', { code: 'old', name: 'Nuevo', unit_price: 6 }))
        .statusCode,
    ).toBe(201);
    expect((await get(agent, `/api/v1/products/${newId()}`)).statusCode).toBe(404);
  });
});
