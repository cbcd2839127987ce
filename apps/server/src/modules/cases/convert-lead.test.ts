import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let ana: TestUser;
let types: Record<string, string>;

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const issues = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field} ${e.code}`);

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  ana = await createUser(ctx, { role: 'agent', name: 'Ana' });
  types = Object.fromEntries(
    (await ctx.db.selectFrom('case_types').select(['id', 'key']).execute()).map((t) => [t.key, t.id]),
  );
});
afterAll(async () => ctx.close());

async function aLead(user: TestUser = ana, name = 'Panadería Solsona') {
  const entity = (
    await post(user, '/api/v1/entities', aCompany({ name, roles: ['lead', 'supplier'] }))
  ).json();
  const contact = (
    await post(user, '/api/v1/contacts', { entity_id: entity.id, first_name: 'Rosa', last_name: 'Vilaró' })
  ).json();
  await post(user, `/api/v1/entities/${entity.id}/notes`, { body: 'Interesada en el horno nuevo' });
  return { entity, contact };
}

describe('converting a lead', () => {
  it('makes the same entity a customer, keeping its contacts and history', async () => {
    const { entity, contact } = await aLead();
    const res = await post(ana, `/api/v1/entities/${entity.id}/convert`, { version: entity.version });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer.case).toBeNull();
    expect(answer.entity).toMatchObject({ id: entity.id, version: entity.version + 1 });
    expect(answer.entity.roles.sort()).toEqual(['customer', 'supplier']);
    const contacts = (await get(ana, `/api/v1/contacts?filter[entity_id][eq]=${entity.id}`)).json().data;
    expect(contacts.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const timeline = (await get(ana, `/api/v1/entities/${entity.id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({
      type: 'entity.converted',
      changes: {
        roles: [
          ['lead', 'supplier'],
          ['supplier', 'customer'],
        ],
      },
    });
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['entity.created', 'contact.created', 'note.created']),
    );
  });

  it('opens an opportunity in the same step: first sale type, first open status', async () => {
    const { entity, contact } = await aLead();
    const res = await post(ana, `/api/v1/entities/${entity.id}/convert`, {
      version: entity.version,
      opportunity: {
        title: 'Horno de convección',
        amount: 18000,
        contact_id: contact.id,
        expected_close: '2031-03-31',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const opened = res.json().case;
    expect(opened).toMatchObject({
      type: { key: 'opportunity' },
      status: { key: 'new' },
      entity_id: entity.id,
      contact: { id: contact.id, name: 'Rosa Vilaró' },
      owner: { id: ana.id },
      amount: '18000.00',
      expected_close: '2031-03-31',
    });
    expect(opened.number).toMatch(/^OPP-\d{4}-\d{5}$/);
    expect(res.json().entity.roles).toContain('customer');
  });

  it('refuses an entity that is not a lead, and a stale version', async () => {
    const customer = (await post(ana, '/api/v1/entities', aCompany({ roles: ['customer'] }))).json();
    const notLead = await post(ana, `/api/v1/entities/${customer.id}/convert`, { version: customer.version });
    expect(notLead.statusCode).toBe(422);
    expect(issues(notLead)).toEqual(['roles not_a_lead']);
    const { entity } = await aLead();
    const stale = await post(ana, `/api/v1/entities/${entity.id}/convert`, { version: entity.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  it('writes nothing when the opportunity is refused, naming its field', async () => {
    const { entity } = await aLead();
    const claim = await post(ana, `/api/v1/entities/${entity.id}/convert`, {
      version: entity.version,
      opportunity: { title: 'x', type_id: types.claim },
    });
    expect(issues(claim)).toEqual(['opportunity.type_id not_a_sale_type']);
    const bad = await post(ana, `/api/v1/entities/${entity.id}/convert`, {
      version: entity.version,
      opportunity: { title: 'x', contact_id: newId(), currency: 'XXX' },
    });
    expect(bad.statusCode).toBe(422);
    expect(issues(bad)).toEqual(['opportunity.currency unknown_currency']);
    const wrongContact = await post(ana, `/api/v1/entities/${entity.id}/convert`, {
      version: entity.version,
      opportunity: { title: 'x', contact_id: newId() },
    });
    expect(issues(wrongContact)).toEqual(['opportunity.contact_id unknown_contact']);
    const after = (await get(ana, `/api/v1/entities/${entity.id}`)).json();
    expect(after).toMatchObject({ version: entity.version });
    expect(after.roles).toContain('lead');
    const cases = (await get(ana, `/api/v1/cases?filter[entity_id][eq]=${entity.id}`)).json().data;
    expect(cases).toEqual([]);
  });

  it('needs permission to edit entities, and to create cases for the opportunity', async () => {
    // A role that may edit entities but not open cases.
    const role = await ctx.db
      .selectFrom('roles')
      .select('permissions')
      .where('key', '=', 'agent')
      .executeTakeFirstOrThrow();
    const permissions = role.permissions as { objects: Record<string, { actions: string[] }> };
    permissions.objects.cases = { ...permissions.objects.cases!, actions: ['read'] };
    await ctx.db
      .insertInto('roles')
      .values({
        id: newId(),
        key: 'no_cases',
        labels: JSON.stringify({ es: 'Sin expedientes' }),
        permissions: JSON.stringify(permissions),
        created_by: null,
      })
      .execute();
    const reader = await createUser(ctx, { role: 'no_cases' });
    const { entity } = await aLead(reader);
    const refused = await post(reader, `/api/v1/entities/${entity.id}/convert`, {
      version: entity.version,
      opportunity: { title: 'x' },
    });
    expect(refused.statusCode).toBe(403);
    const plain = await post(reader, `/api/v1/entities/${entity.id}/convert`, { version: entity.version });
    expect(plain.statusCode).toBe(200);
    // Someone who cannot see the entity gets 404.
    const { entity: other } = await aLead(admin, 'Forn Prats');
    await ctx.db.updateTable('entities').set({ owner_id: admin.id }).where('id', '=', other.id).execute();
    expect(
      (await post(ana, `/api/v1/entities/${other.id}/convert`, { version: other.version })).statusCode,
    ).toBe(404);
  });
});
