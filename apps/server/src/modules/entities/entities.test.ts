import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  aPerson,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
});
afterAll(async () => ctx.close());

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const patch = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });

async function countEntities(): Promise<number> {
  const row = await ctx.db
    .selectFrom('entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('creating and reading entities', () => {
  it('stores a company with normalised emails, E.164 phones and a verified CIF', async () => {
    const res = await post(
      admin,
      '/api/v1/entities',
      aCompany({
        name: 'Construcciones Peña, S.L.',
        tax_id: 'b-12345674',
        emails: ['Info@Pena.ES'],
        phones: ['93 123 45 67', '+44 20 7946 0958'],
        sector: 'construction',
        roles: ['customer'],
      }),
    );
    expect(res.statusCode).toBe(201);
    const entity = res.json();
    expect(entity).toMatchObject({
      name: 'Construcciones Peña, S.L.',
      tax_id: 'B12345674',
      tax_country: 'ES',
      emails: ['info@pena.es'],
      phones: ['+34931234567', '+442079460958'],
      owner: { id: admin.id },
      version: 1,
    });
    const again = await get(admin, `/api/v1/entities/${entity.id}`);
    expect(again.json()).toEqual(entity);
  });

  it('answers 404 for an unknown id and 422 for a malformed one', async () => {
    expect((await get(admin, '/api/v1/entities/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const bad = await get(admin, '/api/v1/entities/not-a-uuid');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('id');
  });
});

describe('bad input', () => {
  it('refuses malformed JSON with 400 problem+json', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: '{"name": "x",',
      headers: { ...admin.headers, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0]).toMatchObject({ field: 'body', code: 'malformed_json' });
  });

  it('names every bad field, in the caller language, and writes nothing', async () => {
    const before = await countEntities();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: {
        kind: 'company',
        name: 'x'.repeat(1_000_000),
        emails: ['nobody@', 'ok@example.com'],
        phones: ['12'],
        tax_id: 'B12345678',
        sector: 'no-such-sector',
        colour: 'red',
      },
      headers: { ...admin.headers, 'accept-language': 'ca' },
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('name');
    expect(fields).toContain('colour');
    const name = res.json().errors.find((e: { field: string }) => e.field === 'name');
    expect(name.message).toBe('Massa llarg: com a màxim 200 caràcters.');
    expect(await countEntities()).toBe(before);

    const semantic = await post(
      admin,
      '/api/v1/entities',
      aCompany({ emails: ['nobody@'], phones: ['12'], tax_id: 'B12345678', sector: 'nope' }),
    );
    expect(semantic.statusCode).toBe(422);
    expect(
      semantic
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual([
      'emails.0:invalid_email',
      'phones.0:invalid_phone',
      'sector:invalid_option',
      'tax_id:invalid_tax_id_checksum',
    ]);
    expect(await countEntities()).toBe(before);
  });

  it('refuses wrong types and NUL characters with 4xx, never 500', async () => {
    const wrongType = await post(admin, '/api/v1/entities', { kind: 'company', name: 42 });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors[0]).toMatchObject({ field: 'name', code: 'invalid_type' });
    const nul = await post(admin, '/api/v1/entities', aCompany({ city: 'Gir\u0000ona' }));
    expect(nul.statusCode).toBe(422);
    expect(nul.json().errors[0]).toMatchObject({ field: 'city', code: 'nul_character' });
    const nulQuery = await get(admin, '/api/v1/entities?q=a%00b');
    expect(nulQuery.statusCode).toBe(400);
  });

  it('stores SQL and HTML as plain text, returned exactly as written', async () => {
    const name = `Robert'); DROP TABLE entities;-- <img src=x onerror=alert(1)>`;
    const res = await post(admin, '/api/v1/entities', aCompany({ name, city: "O'Brien <b>" }));
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(name);
    const found = await get(
      admin,
      `/api/v1/entities?filter[name][contains]=${encodeURIComponent("'); drop")}`,
    );
    expect(found.json().data.map((e: { id: string }) => e.id)).toContain(res.json().id);
  });

  it('answers 409 to a stale version and keeps the newer change', async () => {
    const created = (await post(admin, '/api/v1/entities', aCompany())).json();
    expect(
      (await patch(admin, `/api/v1/entities/${created.id}`, { version: 1, city: 'Lleida' })).statusCode,
    ).toBe(200);
    const stale = await patch(admin, `/api/v1/entities/${created.id}`, { version: 1, city: 'Reus' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await get(admin, `/api/v1/entities/${created.id}`)).json()).toMatchObject({
      city: 'Lleida',
      version: 2,
    });
  });

  it('leaves fields that a PATCH does not mention as they were', async () => {
    const created = (
      await post(
        admin,
        '/api/v1/entities',
        aCompany({ tax_id: 'A28015865', web: 'example.com', city: 'Vic' }),
      )
    ).json();
    const res = await patch(admin, `/api/v1/entities/${created.id}`, { version: 1, province: 'Barcelona' });
    expect(res.json()).toMatchObject({
      tax_id: 'A28015865',
      web: 'https://example.com/',
      city: 'Vic',
      province: 'Barcelona',
    });
  });
});

describe('custom fields', () => {
  let entityId: string;
  beforeAll(async () => {
    const fields = [
      {
        object: 'entity',
        key: 'rating',
        labels: { es: 'Valoración' },
        type: 'number',
        validation: { min: 1, max: 5, decimals: 0 },
      },
      {
        object: 'entity',
        key: 'contract',
        labels: { es: 'Contrato' },
        type: 'select',
        options: [
          { key: 'basic', labels: { es: 'Básico' } },
          { key: 'premium', labels: { es: 'Premium' } },
        ],
        required: false,
      },
      { object: 'entity', key: 'revenue', labels: { en: 'Revenue' }, type: 'money', indexed: true },
      { object: 'entity', key: 'since', labels: { en: 'Customer since' }, type: 'date' },
      {
        object: 'entity',
        key: 'tags',
        labels: { en: 'Tags' },
        type: 'multiselect',
        options: [
          { key: 'vip', labels: { en: 'VIP' } },
          { key: 'export', labels: { en: 'Export' } },
        ],
      },
    ];
    for (const field of fields) expect((await post(admin, '/api/v1/fields', field)).statusCode).toBe(201);
    const res = await post(
      admin,
      '/api/v1/entities',
      aCompany({
        name: 'Custom Fields SA',
        custom: { rating: 4, contract: 'premium', revenue: '12500.5', since: '2024-02-29', tags: ['vip'] },
      }),
    );
    expect(res.statusCode).toBe(201);
    entityId = res.json().id;
    expect(res.json().custom).toEqual({
      rating: 4,
      contract: 'premium',
      revenue: '12500.50',
      since: '2024-02-29',
      tags: ['vip'],
    });
  });

  it('validates values against the definitions', async () => {
    const res = await post(
      admin,
      '/api/v1/entities',
      aCompany({ custom: { rating: 9, contract: 'gold', since: '2023-02-29', tags: ['x'], nope: 1 } }),
    );
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual([
      'custom.contract:invalid_option',
      'custom.nope:unknown_field',
      'custom.rating:too_big',
      'custom.since:invalid_date',
      'custom.tags:invalid_option',
    ]);
  });

  it('filters and sorts on custom fields', async () => {
    await post(
      admin,
      '/api/v1/entities',
      aCompany({ name: 'Low Rating SL', custom: { rating: 2, revenue: 10 } }),
    );
    const high = await get(admin, '/api/v1/entities?filter[custom.rating][gte]=3&limit=100');
    const names = high.json().data.map((e: { name: string }) => e.name);
    expect(names).toContain('Custom Fields SA');
    expect(names).not.toContain('Low Rating SL');
    const premium = await get(admin, '/api/v1/entities?filter[custom.contract][eq]=premium');
    expect(premium.json().data.map((e: { id: string }) => e.id)).toEqual([entityId]);
    const vip = await get(admin, '/api/v1/entities?filter[custom.tags][in]=vip,export');
    expect(vip.json().data.map((e: { id: string }) => e.id)).toEqual([entityId]);
    const sorted = await get(
      admin,
      '/api/v1/entities?filter[custom.revenue][empty]=false&sort=-custom.revenue',
    );
    expect(sorted.json().data.map((e: { name: string }) => e.name)).toEqual([
      'Custom Fields SA',
      'Low Rating SL',
    ]);
  });

  it('makes a required field required on the next write', async () => {
    const list = (await get(admin, '/api/v1/fields?object=entity')).json().data;
    const contract = list.find((f: { key: string }) => f.key === 'contract');
    expect(
      (await patch(admin, `/api/v1/fields/${contract.id}`, { version: contract.version, required: true }))
        .statusCode,
    ).toBe(200);
    const res = await post(admin, '/api/v1/entities', aCompany());
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ field: 'custom.contract', code: 'required' }),
    );
    await patch(admin, `/api/v1/fields/${contract.id}`, { version: contract.version + 1, required: false });
  });
});

describe('lists', () => {
  beforeAll(async () => {
    for (let i = 0; i < 23; i++) {
      await post(
        admin,
        '/api/v1/entities',
        aPerson({
          name: `Paginada ${String(i).padStart(2, '0')}`,
          city: i % 3 === 0 ? null : `Ciudad ${i % 4}`,
        }),
      );
    }
  });

  it('walks every page with a cursor, in order, with no repeats, whatever the sort', async () => {
    for (const sort of ['name', '-name', 'city,-created_at', '-city,name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/entities?filter[name][starts]=paginada&limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { data: { name: string }[]; next_cursor: string | null } = (await get(admin, url)).json();
        seen.push(...page.data.map((e) => e.name));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
    }
    const byName = (
      await get(admin, '/api/v1/entities?filter[name][starts]=paginada&limit=3&sort=-name')
    ).json();
    expect(byName.data.map((e: { name: string }) => e.name)).toEqual([
      'Paginada 22',
      'Paginada 21',
      'Paginada 20',
    ]);
  });

  it('counts the filtered total when asked', async () => {
    const res = await get(
      admin,
      '/api/v1/entities?filter[name][starts]=paginada&filter[city][empty]=true&include_total=true&limit=1',
    );
    expect(res.json().total).toBe(8);
  });

  it('refuses unknown filter fields, operators and cursors, naming them', async () => {
    const res = await get(admin, '/api/v1/entities?filter[password][eq]=1&filter[name][zz]=1&sort=secret');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'filter[password][eq]',
      'filter[name][zz]',
      'sort',
    ]);
    expect((await get(admin, '/api/v1/entities?cursor=garbage')).statusCode).toBe(422);
  });

  it('exports the current view as CSV, formulas neutralised', async () => {
    await post(admin, '/api/v1/entities', aCompany({ name: '=HYPERLINK("http://evil")', city: 'Tàrrega' }));
    const res = await get(
      admin,
      `/api/v1/entities/export.csv?filter[city][eq]=${encodeURIComponent('Tàrrega')}&columns=name,city`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toBe('\uFEFFname,city\r\n"\'=HYPERLINK(""http://evil"")",Tàrrega\r\n');
  });

  it('exports the language to write to each entity in, when asked for', async () => {
    await post(
      admin,
      '/api/v1/entities',
      aCompany({ name: 'Cooperativa del Priorat', city: 'Porrera', language: 'ca' }),
    );
    const res = await get(
      admin,
      '/api/v1/entities/export.csv?filter[city][eq]=Porrera&columns=name,language',
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('\uFEFFname,language\r\nCooperativa del Priorat,ca\r\n');
  });

  it('bulk-updates owner and roles in one transaction, or nothing when one row fails', async () => {
    const agent = await createUser(ctx, { role: 'agent' });
    const a = (await post(admin, '/api/v1/entities', aCompany())).json();
    const b = (await post(admin, '/api/v1/entities', aCompany({ roles: ['lead'] }))).json();
    const ok = await post(admin, '/api/v1/entities/bulk-update', {
      ids: [a.id, b.id],
      set: { owner_id: agent.id, add_roles: ['customer'], remove_roles: ['lead'] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().updated).toBe(2);
    expect((await get(admin, `/api/v1/entities/${b.id}`)).json()).toMatchObject({
      owner_id: agent.id,
      roles: ['customer'],
    });
    const bad = await post(admin, '/api/v1/entities/bulk-update', {
      ids: [a.id, '01890000-0000-7000-8000-000000000000'],
      set: { zone: 'girona' },
    });
    expect(bad.statusCode).toBe(422);
    expect((await get(admin, `/api/v1/entities/${a.id}`)).json().zone).toBeNull();
  });
});

describe('record scope', () => {
  it('hides another team’s entities from an agent in list, get, search, timeline and writes', async () => {
    const north = await createUser(ctx, { role: 'agent', name: 'Agent Norte' });
    const northMate = await createUser(ctx, { role: 'agent' });
    const south = await createUser(ctx, { role: 'agent', name: 'Agent Sur' });
    await createTeam(ctx, 'Norte', [north.id, northMate.id]);
    await createTeam(ctx, 'Sur', [south.id]);
    const hidden = (await post(south, '/api/v1/entities', aCompany({ name: 'Secreto del Sur SL' }))).json();
    const shared = (
      await post(northMate, '/api/v1/entities', aCompany({ name: 'Compañero del Norte SL' }))
    ).json();

    const list = (await get(north, '/api/v1/entities?limit=500'))
      .json()
      .data.map((e: { id: string }) => e.id);
    expect(list).toContain(shared.id);
    expect(list).not.toContain(hidden.id);
    expect((await get(north, `/api/v1/entities/${hidden.id}`)).statusCode).toBe(404);
    expect((await get(north, `/api/v1/entities/${hidden.id}/timeline`)).statusCode).toBe(404);
    expect((await patch(north, `/api/v1/entities/${hidden.id}`, { version: 1, city: 'X' })).statusCode).toBe(
      404,
    );
    const search = (await get(north, '/api/v1/search?q=secreto')).json().data;
    expect(search).toEqual([]);
    expect((await get(admin, '/api/v1/search?q=secreto')).json().data[0].id).toBe(hidden.id);
    const manager = await createUser(ctx, { role: 'manager' });
    expect((await get(manager, `/api/v1/entities/${hidden.id}`)).statusCode).toBe(200);
  });

  it('lets an agent neither delete nor export', async () => {
    const agent = await createUser(ctx, { role: 'agent' });
    const mine = (await post(agent, '/api/v1/entities', aCompany())).json();
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/api/v1/entities/${mine.id}`, headers: agent.headers }))
        .statusCode,
    ).toBe(403);
    expect((await get(agent, '/api/v1/entities/export.csv')).statusCode).toBe(403);
  });
});

describe('history, delete and restore', () => {
  it('shows who changed which field from what to what, newest first', async () => {
    const created = (
      await post(admin, '/api/v1/entities', aCompany({ name: 'Historia SL', city: 'Olot' }))
    ).json();
    await patch(admin, `/api/v1/entities/${created.id}`, { version: 1, city: 'Figueres', sector: 'retail' });
    const timeline = (await get(admin, `/api/v1/entities/${created.id}/timeline`)).json().data;
    expect(timeline.map((t: { type: string }) => t.type)).toEqual(['entity.updated', 'entity.created']);
    expect(timeline[0]).toMatchObject({
      actor: { id: admin.id },
      changes: { city: ['Olot', 'Figueres'], sector: [null, 'retail'] },
    });
  });

  it('hides a deleted entity from lists and brings it back on restore', async () => {
    const created = (await post(admin, '/api/v1/entities', aCompany({ name: 'Papelera SL' }))).json();
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/entities/${created.id}`,
      headers: admin.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(admin, '/api/v1/entities?q=papelera')).json().data).toEqual([]);
    expect((await get(admin, `/api/v1/entities/${created.id}`)).json().deleted_at).not.toBeNull();
    const restored = await post(admin, `/api/v1/entities/${created.id}/restore`, {});
    expect(restored.json().deleted_at).toBeNull();
    expect((await get(admin, '/api/v1/entities?q=papelera')).json().data).toHaveLength(1);
  });
});

describe('ERP upsert by code', () => {
  it('creates on first call and updates on the next, without duplicates', async () => {
    const first = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/entities/by-code/C-0042',
      payload: aCompany({ name: 'Distribuciones Ebro SA' }),
      headers: admin.headers,
    });
    expect(first.statusCode).toBe(201);
    const second = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/entities/by-code/C-0042',
      payload: aCompany({ name: 'Distribuciones Ebro, S.A.', city: 'Zaragoza' }),
      headers: admin.headers,
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      id: first.json().id,
      code: 'C-0042',
      city: 'Zaragoza',
      version: 2,
    });
    const taken = await post(admin, '/api/v1/entities', aCompany({ code: 'C-0042' }));
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors[0]).toMatchObject({ field: 'code', code: 'code_taken' });
  });
});

describe('duplicates and merge', () => {
  it('warns of the same tax id, email, phone or a similar name', async () => {
    const original = (
      await post(
        admin,
        '/api/v1/entities',
        aCompany({
          name: 'Telefónica de España, S.A.U.',
          tax_id: 'A82018474',
          emails: ['info@telefonica.es'],
          phones: ['900 123 456'],
        }),
      )
    ).json();
    const check = await post(admin, '/api/v1/entities/duplicates', {
      name: 'Telefonica de Espana SAU',
      tax_id: 'a-82018474',
      emails: ['INFO@telefonica.es'],
      phones: ['+34 900 12 34 56'],
    });
    expect(check.json().data[0]).toMatchObject({
      id: original.id,
      reasons: ['tax_id', 'email', 'phone', 'name'],
    });
    const self = await post(admin, '/api/v1/entities/duplicates', {
      exclude_id: original.id,
      name: 'Telefónica de España, S.A.U.',
    });
    expect(self.json().data.map((d: { id: string }) => d.id)).not.toContain(original.id);
    const unrelated = await post(admin, '/api/v1/entities/duplicates', { name: 'Panadería Rosales' });
    expect(unrelated.json().data.map((d: { id: string }) => d.id)).not.toContain(original.id);
  });

  it('merges contacts, notes and history into the survivor and keeps the loser as merged', async () => {
    const into = (
      await post(admin, '/api/v1/entities', aCompany({ name: 'Hermanos Vidal SL', emails: ['a@vidal.es'] }))
    ).json();
    const from = (
      await post(
        admin,
        '/api/v1/entities',
        aCompany({ name: 'Hnos. Vidal', emails: ['b@vidal.es'], city: 'Manresa', code: 'V-1' }),
      )
    ).json();
    const contact = (
      await post(admin, '/api/v1/contacts', { entity_id: from.id, first_name: 'Jordi', last_name: 'Vidal' })
    ).json();
    await post(admin, `/api/v1/entities/${from.id}/notes`, { body: 'Llamar en enero' });

    const res = await post(admin, `/api/v1/entities/${into.id}/merge`, {
      from_id: from.id,
      version: into.version,
      values: { city: 'Manresa', code: 'V-1' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ city: 'Manresa', code: 'V-1', emails: ['a@vidal.es', 'b@vidal.es'] });
    expect((await get(admin, `/api/v1/contacts/${contact.id}`)).json().entity_id).toBe(into.id);
    expect(
      (await get(admin, `/api/v1/entities/${into.id}/notes`))
        .json()
        .data.map((n: { body: string }) => n.body),
    ).toEqual(['Llamar en enero']);
    const loser = (await get(admin, `/api/v1/entities/${from.id}`)).json();
    expect(loser).toMatchObject({ merged_into_id: into.id, code: null });
    expect(loser.deleted_at).not.toBeNull();
    const types = (await get(admin, `/api/v1/entities/${into.id}/timeline`))
      .json()
      .data.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining(['entity.merged', 'entity.merged_away', 'note.created', 'contact.created']),
    );
    const again = await post(admin, `/api/v1/entities/${into.id}/merge`, {
      from_id: from.id,
      version: res.json().version,
    });
    expect(again.statusCode).toBe(409);
  });
});
