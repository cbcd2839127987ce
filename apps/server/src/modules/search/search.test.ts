import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  const create = async (key: string, body: object) => {
    ids[key] = (
      await ctx.app.inject({ method: 'POST', url: '/api/v1/entities', payload: body, headers: admin.headers })
    ).json().id;
  };
  await create(
    'telefonica',
    aCompany({
      name: 'Telefónica, S.A.',
      tax_id: 'A28015865',
      code: 'ERP-7781',
      emails: ['info@telefonica.es'],
    }),
  );
  await create('munoz', aCompany({ name: 'Talleres Muñoz SL', phones: ['972 20 30 40'] }));
  await create('other', aCompany({ name: 'Panadería La Espiga' }));
  const contact = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    payload: { entity_id: ids.other, first_name: 'Àngels', last_name: 'Peña', emails: ['angels@espiga.cat'] },
    headers: admin.headers,
  });
  ids.angels = contact.json().id;
});
afterAll(async () => ctx.close());

const search = async (q: string) =>
  (
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      headers: admin.headers,
    })
  ).json().data as { id: string; type: string; title: string }[];

describe('global search', () => {
  it.each([
    ['munoz', 'munoz'],
    ['MUÑOZ', 'munoz'],
    ['telefonica', 'telefonica'],
    ['Telefónica, S.A.', 'telefonica'],
    ['telefonika', 'telefonica'],
    ['a28015865', 'telefonica'],
    ['ERP-7781', 'telefonica'],
    ['info@telefonica', 'telefonica'],
    ['972203040', 'munoz'],
    ['+34 972 20 30 40', 'munoz'],
    ['angels pena', 'angels'],
    ['espiga.cat', 'angels'],
    ['INFO@telefonica.es', 'telefonica'],
    ['telefonica.es', 'telefonica'],
    ['la espgia', 'other'],
    ['agnels', 'angels'],
    ['panaderia la espiag', 'other'],
  ])('"%s" finds %s first', async (q, key) => {
    const hits = await search(q);
    expect(hits[0]?.id).toBe(ids[key]);
  });

  it('finds nothing for an unrelated word, and answers a 1-letter query', async () => {
    expect(await search('zzzzqqq')).toEqual([]);
    expect((await search('t')).map((h) => h.id)).toContain(ids.telefonica);
  });

  it('corrects typos against words that records gained by an edit, and ranks real matches above corrections', async () => {
    expect(await search('cooperatiba')).toEqual([]);
    const entity = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/entities/${ids.other}`, headers: admin.headers })
    ).json();
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/entities/${ids.other}`,
      payload: { version: entity.version, name: 'Cooperativa La Espiga' },
      headers: admin.headers,
    });
    expect(renamed.statusCode).toBe(200);
    const hits = await search('cooperatiba');
    expect(hits[0]?.id).toBe(ids.other);
    expect(hits[0]?.title).toBe('Cooperativa La Espiga');
  });

  it('treats LIKE wildcards as plain characters', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });
});
