import { normalizePhone } from '@trato/contracts/validation/phone';
import { validateTaxId } from '@trato/contracts/validation/tax-id';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactSearchText, fullName } from '../modules/contacts/contacts.mapper.ts';
import { ENTITY_WRITABLE, entitySearchText } from '../modules/entities/entities.mapper.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../test/builders.ts';
import { createEntityGenerator } from './bulk-load.ts';
import { type DemoDataResult, loadDemoData } from './demo-data.ts';

let ctx: TestContext;
let admin: TestUser;
let loaded: DemoDataResult | null;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  loaded = await loadDemoData(ctx.db);
}, 120_000);
afterAll(async () => ctx.close());

const get = async (url: string) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Every page of a list. */
async function all(path: string): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: any[]; next_cursor: string | null } = await get(
      `${path}?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

describe('demo data', () => {
  it('creates a company: users, teams, custom fields, ~300 entities with contacts', async () => {
    expect(loaded).not.toBeNull();
    expect(loaded).toMatchObject({ entities: 300, users: 6, teams: 2, fields: 2 });
    expect(loaded!.contacts).toBeGreaterThanOrEqual(300);
    expect(loaded!.password.length).toBeGreaterThanOrEqual(12);

    const list = await get('/api/v1/entities?include_total=true&limit=10');
    expect(list.total).toBe(300);
    const contacts = await get('/api/v1/contacts?include_total=true&limit=1');
    expect(contacts.total).toBe(loaded!.contacts);

    const teams = await ctx.db.selectFrom('teams').select('name').orderBy('name').execute();
    expect(teams.map((t) => t.name)).toEqual(['Equipo Barcelona', 'Equipo Madrid']);
    expect(
      Number(
        (
          await ctx.db
            .selectFrom('team_members')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      ),
    ).toBe(7);
    const fields = await ctx.db.selectFrom('field_definitions').select(['key', 'labels']).execute();
    expect(fields.map((f) => f.key).sort()).toEqual(['num_empleados', 'valoracion']);
  });

  it('writes to Catalan customers in Catalan and to the rest in Spanish, the way the list filters them', async () => {
    const inCatalan = await get('/api/v1/entities?include_total=true&limit=200&filter[language][eq]=ca');
    expect(inCatalan.total).toBeGreaterThan(20);
    const catalanZones = new Set(['barcelona', 'girona', 'lleida', 'tarragona']);
    expect(inCatalan.data.every((e: { zone: string }) => catalanZones.has(e.zone))).toBe(true);
    const inSpanish = await get('/api/v1/entities?include_total=true&limit=1&filter[language][eq]=es');
    expect(inSpanish.total).toBeGreaterThan(inCatalan.total);
  });

  it('spreads entities over the agents, one entity.created event each', async () => {
    const owners = await ctx.db
      .selectFrom('entities')
      .innerJoin('users', 'users.id', 'entities.owner_id')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select(['users.name', 'roles.key'])
      .groupBy(['users.name', 'roles.key'])
      .execute();
    expect(owners).toHaveLength(5);
    expect(owners.every((o) => o.key === 'agent')).toBe(true);
    const created = await ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('type', '=', 'entity.created')
      .executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(300);
  });

  it('signs in the demo users with the returned password', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'carmen.munoz@example.com', password: loaded!.password },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('is found by accent-free search', async () => {
    const hits: { title: string }[] = (await get('/api/v1/search?q=munoz')).data;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.title.includes('Muñoz'))).toBe(true);
    const pena: { title: string }[] = (await get(`/api/v1/search?q=${encodeURIComponent('PEÑA')}`)).data;
    expect(pena.some((h) => h.title.includes('Peña'))).toBe(true);
  });

  it('stores what the API itself would store: every entity and contact PATCHed back unchanged', async () => {
    const entities = await all('/api/v1/entities');
    expect(entities).toHaveLength(300);
    for (const entity of entities) {
      const body: Record<string, unknown> = { version: entity.version };
      for (const key of ENTITY_WRITABLE) body[key] = entity[key];
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${entity.id}`,
        payload: body,
        headers: admin.headers,
      });
      expect(res.statusCode, `${entity.name}: ${res.body}`).toBe(200);
      // Same normalised values (E.164 phones, lowercase emails, tax id, url, custom) → nothing to change.
      expect(res.json().version, entity.name).toBe(entity.version);
    }
    const contacts = await all('/api/v1/contacts');
    expect(contacts).toHaveLength(loaded!.contacts);
    expect(contacts.some((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.birthday ?? ''))).toBe(true);
    for (const contact of contacts) {
      const { version, entity_id, first_name, last_name, job_title, department, emails, phones, is_primary } =
        contact;
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        payload: {
          version,
          entity_id,
          first_name,
          last_name,
          job_title,
          department,
          emails,
          phones,
          is_primary,
          birthday: contact.birthday,
          custom: contact.custom,
        },
        headers: admin.headers,
      });
      expect(res.statusCode, `${contact.full_name}: ${res.body}`).toBe(200);
      expect(res.json().version, contact.full_name).toBe(version);
    }
  }, 120_000);

  it('computes name_key and search_text as the services do; tax ids pass their checksum', async () => {
    const entities = await ctx.db.selectFrom('entities').selectAll().execute();
    for (const e of entities) {
      expect(e.name_key).toBe(normalizeSearchText(e.name));
      expect(e.search_text).toBe(entitySearchText(e));
      if (e.tax_id) expect(validateTaxId(e.tax_id, 'ES')).toMatchObject({ ok: true, value: e.tax_id });
      for (const phone of e.phones) expect(phone).toMatch(/^\+34[6789]\d{8}$/);
      const custom = e.custom as { valoracion?: number; num_empleados?: number };
      if (custom.valoracion !== undefined) expect([1, 2, 3, 4, 5]).toContain(custom.valoracion);
    }
    expect(entities.filter((e) => (e.custom as object) && 'valoracion' in e.custom).length).toBeGreaterThan(
      150,
    );
    const contacts = await ctx.db.selectFrom('contacts').selectAll().execute();
    for (const c of contacts) {
      expect(c.name_key).toBe(normalizeSearchText(fullName(c)));
      expect(c.search_text).toBe(contactSearchText(c));
    }
    // One primary contact per entity that has contacts.
    const primaries = new Set(contacts.filter((c) => c.is_primary).map((c) => c.entity_id));
    expect(primaries.size).toBe(new Set(contacts.map((c) => c.entity_id)).size);
  });

  it('gives "forecast vs actual" twelve weekly snapshots to show', async () => {
    expect(loaded!.snapshots).toBeGreaterThan(0);
    const month = new Date().toISOString().slice(0, 7);
    const history = await get(`/api/v1/forecast/history?month=${month}`);
    expect(history.snapshots).toHaveLength(12);
    expect(history.snapshots.some((s: { amount: string }) => Number(s.amount) > 0)).toBe(true);
  });

  it('does nothing on a database that already has entities', async () => {
    expect(await loadDemoData(ctx.db)).toBeNull();
    const list = await get('/api/v1/entities?include_total=true&limit=1');
    expect(list.total).toBe(300);
  });
});

describe('entity generator', () => {
  it('is deterministic and makes valid Spanish data', () => {
    const a = createEntityGenerator({ seed: 7 });
    const b = createEntityGenerator({ seed: 7 });
    expect([...a.range(0, 50)]).toEqual([...b.range(0, 50)]);
    expect(a.entity(42)).toEqual([...b.range(40, 45)][2]); // any slice on its own
    const seeds = [...a.range(0, 2000)];
    const taxIds = seeds.flatMap((s) => (s.tax_id ? [s.tax_id] : []));
    expect(new Set(taxIds).size).toBe(taxIds.length);
    for (const id of taxIds) expect(validateTaxId(id, 'ES').ok, id).toBe(true);
    for (const seed of seeds)
      for (const phone of [...(seed.phones ?? []), ...(seed.contacts ?? []).flatMap((c) => c.phones ?? [])])
        expect(normalizePhone(phone, 'ES').ok, phone).toBe(true);
    const names = seeds.map((s) => s.name).join(' ');
    for (const accented of ['Muñoz', 'Peña', 'Àlex', 'Núria'])
      expect(names + JSON.stringify(seeds)).toContain(accented);
    expect(seeds.some((s) => /, S\.L\.$/.test(s.legal_name ?? ''))).toBe(true);
    expect(seeds.some((s) => /S\.A\.$/.test(s.legal_name ?? ''))).toBe(true);
    expect(seeds.some((s) => s.kind === 'person')).toBe(true);
  });
});
