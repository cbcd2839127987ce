import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { loadDemoData } from '../../setup/demo-data.ts';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  signIn,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let manager: TestUser;
let ana: TestUser; // agent, team North
let bruno: TestUser; // agent, team North
let carla: TestUser; // agent, team South
let north: string;
let south: string;
let types: Record<string, string>;
let statuses: Record<string, Record<string, string>>;
let entityId: string; // owned by ana
let contactId: string;
let otherEntityId: string; // owned by ana
let carlaEntityId: string; // owned by carla

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const patch = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });
const del = (user: TestUser, url: string) => ctx.app.inject({ method: 'DELETE', url, headers: user.headers });

const issues = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field} ${e.code}`);

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  manager = await createUser(ctx, { role: 'manager' });
  north = await createTeam(ctx, 'North', [manager.id]);
  south = await createTeam(ctx, 'South', [manager.id]);
  ana = await createUser(ctx, { role: 'agent', name: 'Ana', teamIds: [north] });
  bruno = await createUser(ctx, { role: 'agent', name: 'Bruno', teamIds: [north] });
  carla = await createUser(ctx, { role: 'agent', name: 'Carla', teamIds: [south] });
  const typeRows = await ctx.db.selectFrom('case_types').select(['id', 'key']).execute();
  types = Object.fromEntries(typeRows.map((t) => [t.key, t.id]));
  const statusRows = await ctx.db.selectFrom('case_statuses').select(['id', 'key', 'type_id']).execute();
  statuses = {};
  for (const t of typeRows)
    statuses[t.key] = Object.fromEntries(
      statusRows.filter((s) => s.type_id === t.id).map((s) => [s.key, s.id]),
    );
  entityId = (await post(ana, '/api/v1/entities', aCompany({ name: 'Talleres Muñoz' }))).json().id;
  contactId = (
    await post(ana, '/api/v1/contacts', { entity_id: entityId, first_name: 'Iñaki', last_name: 'Muñoz' })
  ).json().id;
  otherEntityId = (await post(ana, '/api/v1/entities', aCompany({ name: 'Vins Ribera' }))).json().id;
  carlaEntityId = (await post(carla, '/api/v1/entities', aCompany({ name: 'Gestoría Sur' }))).json().id;
});
afterAll(async () => ctx.close());

const anOpportunity = (extra: Record<string, unknown> = {}) => ({
  type_id: types.opportunity,
  title: 'Renovación de licencias',
  entity_id: entityId,
  ...extra,
});

async function createCase(user: TestUser, extra: Record<string, unknown> = {}) {
  const res = await post(user, '/api/v1/cases', anOpportunity(extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('opening a case', () => {
  it('numbers it per type and year, puts it in the first open status and records who opened it', async () => {
    const res = await post(
      ana,
      '/api/v1/cases',
      anOpportunity({ contact_id: contactId, amount: '12000.5', expected_close: '2026-12-15' }),
    );
    expect(res.statusCode).toBe(201);
    const created = res.json();
    const year = new Date().getFullYear();
    expect(created.number).toMatch(new RegExp(`^OPP-${year}-\\d{5}$`));
    expect(created).toMatchObject({
      type: { key: 'opportunity', kind: 'sale', has_lines: true },
      title: 'Renovación de licencias',
      entity: { id: entityId, name: 'Talleres Muñoz' },
      contact: { id: contactId, name: 'Iñaki Muñoz' },
      owner: { id: ana.id, name: 'Ana' },
      status: { key: 'new', category: 'open' },
      priority: 'normal',
      amount: '12000.50',
      currency: 'EUR',
      probability: 10,
      probability_overridden: false,
      weighted_amount: '1200.05',
      expected_close: '2026-12-15',
      closed_at: null,
      sla: { state: 'none' },
      next_action: null,
      lines: [],
      version: 1,
    });
    const history = (await get(ana, `/api/v1/cases/${created.id}/history`)).json();
    expect(history.data).toEqual([
      expect.objectContaining({
        status: expect.objectContaining({ key: 'new' }),
        entered_by: { id: ana.id, name: 'Ana' },
        left_at: null,
      }),
    ]);
    const entityTimeline = (await get(ana, `/api/v1/entities/${entityId}/timeline`)).json().data;
    expect(entityTimeline[0]).toMatchObject({
      type: 'case.created',
      object: 'case',
      object_id: created.id,
      summary: `${created.number} · Renovación de licencias`,
    });
  });

  it('never gives two cases the same number, even created at the same time', async () => {
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(bruno, '/api/v1/cases', anOpportunity({ title: `Lote ${i}` })),
      ),
    );
    expect(made.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const numbers = made.map((r) => r.json().number as string);
    expect(new Set(numbers).size).toBe(6);
    const sequence = numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b);
    expect(sequence.at(-1)! - sequence[0]!).toBe(5);
    // A claim has its own counter.
    const claim = await post(ana, '/api/v1/cases', {
      type_id: types.claim,
      title: 'Rotura',
      entity_id: entityId,
    });
    expect(claim.json().number).toMatch(/^REC-\d{4}-00001$/);
  });

  it('takes a status of its own type only, and not a retired one', async () => {
    const other = await post(ana, '/api/v1/cases', anOpportunity({ status_id: statuses.claim!.new }));
    expect(other.statusCode).toBe(422);
    expect(issues(other)).toEqual(['status_id status_of_other_type']);
    await ctx.db
      .updateTable('case_statuses')
      .set({ retired_at: new Date() })
      .where('id', '=', statuses.opportunity!.qualified!)
      .execute();
    try {
      const retired = await post(
        ana,
        '/api/v1/cases',
        anOpportunity({ status_id: statuses.opportunity!.qualified }),
      );
      expect(issues(retired)).toEqual(['status_id status_retired']);
    } finally {
      await ctx.db
        .updateTable('case_statuses')
        .set({ retired_at: null })
        .where('id', '=', statuses.opportunity!.qualified!)
        .execute();
    }
    const proposal = await createCase(ana, { status_id: statuses.opportunity!.proposal });
    expect(proposal.status.key).toBe('proposal');
    expect(proposal.probability).toBe(50);
  });

  it('opens a case already won as closed, at 100%', async () => {
    const fixed = await post(
      ana,
      '/api/v1/cases',
      anOpportunity({ status_id: statuses.opportunity!.won, probability: 30 }),
    );
    expect(issues(fixed)).toEqual(['probability probability_fixed']);
    const won = await createCase(ana, { status_id: statuses.opportunity!.won, amount: 800 });
    expect(won).toMatchObject({ probability: 100, probability_overridden: false, weighted_amount: '800.00' });
    expect(won.closed_at).not.toBeNull();
  });

  it('needs a live, active type; the type cannot change afterwards', async () => {
    expect(issues(await post(ana, '/api/v1/cases', anOpportunity({ type_id: newId() })))).toEqual([
      'type_id unknown_case_type',
    ]);
    await ctx.db.updateTable('case_types').set({ active: false }).where('id', '=', types.incident!).execute();
    try {
      const res = await post(ana, '/api/v1/cases', {
        type_id: types.incident,
        title: 'x',
        entity_id: entityId,
      });
      expect(issues(res)).toEqual(['type_id unknown_case_type']);
    } finally {
      await ctx.db
        .updateTable('case_types')
        .set({ active: true })
        .where('id', '=', types.incident!)
        .execute();
    }
    const created = await createCase(ana);
    const res = await patch(ana, `/api/v1/cases/${created.id}`, { version: 1, type_id: types.claim });
    expect(res.statusCode).toBe(422);
    expect(issues(res)).toEqual(['type_id unknown_field']);
  });

  it('keeps its own probability or the status default; refuses 140', async () => {
    const own = await createCase(ana, { probability: 35, amount: 1000 });
    expect(own).toMatchObject({ probability: 35, probability_overridden: true, weighted_amount: '350.00' });
    const reset = await patch(ana, `/api/v1/cases/${own.id}`, { version: 1, probability: null });
    expect(reset.json()).toMatchObject({
      probability: 10,
      probability_overridden: false,
      weighted_amount: '100.00',
    });
    const bad = await post(ana, '/api/v1/cases', anOpportunity({ probability: 140 }));
    expect(bad.statusCode).toBe(422);
    expect(issues(bad)).toEqual(['probability too_big']);
  });

  it('checks who and what it points to, naming every field at fault at once', async () => {
    const inactive = await createUser(ctx, { role: 'agent', name: 'Inactiva' });
    await ctx.db.updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute();
    const strangerContact = (
      await post(ana, '/api/v1/contacts', { entity_id: otherEntityId, first_name: 'Pere' })
    ).json().id;
    const res = await post(
      ana,
      '/api/v1/cases',
      anOpportunity({
        contact_id: strangerContact,
        owner_id: inactive.id,
        team_id: newId(),
        referrer_id: otherEntityId,
        currency: 'usd',
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(issues(res)).toEqual([
      'contact_id contact_entity_mismatch',
      'owner_id inactive_user',
      'team_id unknown_team',
      'referrer_id not_a_prescriber',
    ]);
    expect(res.json().errors[3].message).toMatch(/prescri/i);
    // An entity the agent may not see is as unknown as one that does not exist.
    expect(issues(await post(ana, '/api/v1/cases', anOpportunity({ entity_id: carlaEntityId })))).toEqual([
      'entity_id unknown_entity',
    ]);
    expect(issues(await post(ana, '/api/v1/cases', anOpportunity({ currency: 'XYZ' })))).toEqual([
      'currency unknown_currency',
    ]);
  });

  it('shows its referrer, a prescriber', async () => {
    const prescriber = (
      await post(ana, '/api/v1/entities', aCompany({ name: 'Asesoría Pla', roles: ['prescriber'] }))
    ).json();
    const created = await createCase(ana, { referrer_id: prescriber.id, team_id: north, currency: 'usd' });
    expect(created).toMatchObject({
      referrer: { id: prescriber.id, name: 'Asesoría Pla' },
      team: { id: north, name: 'North' },
      currency: 'USD',
    });
  });

  it('validates the custom fields of its type', async () => {
    const field = await post(admin, '/api/v1/fields', {
      object: 'case',
      type_id: types.opportunity,
      key: 'origen',
      labels: { es: 'Origen' },
      type: 'select',
      options: [
        { key: 'feria', labels: { es: 'Feria' } },
        { key: 'web', labels: { es: 'Web' } },
      ],
      required: true,
    });
    expect(field.statusCode, field.body).toBe(201);
    try {
      expect(issues(await post(ana, '/api/v1/cases', anOpportunity()))).toEqual(['custom.origen required']);
      expect(issues(await post(ana, '/api/v1/cases', anOpportunity({ custom: { origen: 'tv' } })))).toEqual([
        'custom.origen invalid_option',
      ]);
      expect(
        issues(await post(ana, '/api/v1/cases', anOpportunity({ custom: { color: 'x', origen: 'web' } }))),
      ).toEqual(['custom.color unknown_field']);
      const feria = await createCase(ana, { title: 'Stand Alimentaria', custom: { origen: 'feria' } });
      await createCase(ana, { title: 'Formulario web', custom: { origen: 'web' } });
      // Another type's cases do not know the field.
      const claim = await post(ana, '/api/v1/cases', {
        type_id: types.claim,
        title: 'Queja',
        entity_id: entityId,
        custom: { origen: 'web' },
      });
      expect(issues(claim)).toEqual(['custom.origen unknown_field']);
      const list = (
        await get(
          ana,
          `/api/v1/cases?filter[type_id][eq]=${types.opportunity}&filter[custom.origen][eq]=feria`,
        )
      ).json();
      expect(list.data.map((c: { id: string }) => c.id)).toEqual([feria.id]);
      // Without the type the custom field is not a list field.
      expect((await get(ana, '/api/v1/cases?filter[custom.origen][eq]=feria')).statusCode).toBe(422);
    } finally {
      await ctx.db
        .updateTable('field_definitions')
        .set({ deleted_at: new Date() })
        .where('key', '=', 'origen')
        .execute();
    }
  });

  it('sets SLA due dates on a service case from its priority, and again when the priority changes', async () => {
    const urgent = (
      await post(ana, '/api/v1/cases', {
        type_id: types.incident,
        title: 'Servidor caído',
        entity_id: entityId,
        priority: 'urgent',
      })
    ).json();
    expect(urgent.sla.state).not.toBe('none');
    const firstDue = new Date(urgent.sla.first_response_due_at).getTime();
    const resolutionDue = new Date(urgent.sla.resolution_due_at).getTime();
    expect(resolutionDue).toBeGreaterThan(firstDue);
    const low = (await patch(ana, `/api/v1/cases/${urgent.id}`, { version: 1, priority: 'low' })).json();
    expect(low.priority).toBe('low');
    // low: 8 and 40 working hours instead of 1 and 4, still counted from the opening.
    expect(new Date(low.sla.first_response_due_at).getTime()).toBeGreaterThan(firstDue);
    expect(new Date(low.sla.resolution_due_at).getTime()).toBeGreaterThan(resolutionDue);
    const row = await ctx.db
      .selectFrom('cases')
      .select(['first_response_due_at', 'resolution_due_at', 'created_at'])
      .where('id', '=', urgent.id)
      .executeTakeFirstOrThrow();
    expect(row.resolution_due_at!.toISOString()).toBe(low.sla.resolution_due_at);
    // A sale case has no SLA.
    expect((await createCase(ana)).sla).toMatchObject({ state: 'none', resolution_due_at: null });
  });
});

describe('changing and deleting a case', () => {
  it('updates with the version read, records what changed, and refuses a stale version with 409', async () => {
    const created = await createCase(ana, { amount: 100 });
    const res = await patch(ana, `/api/v1/cases/${created.id}`, {
      version: 1,
      title: 'Renovación 2027',
      amount: '150',
      expected_close: '2027-01-31',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Renovación 2027', amount: '150.00', version: 2 });
    const stale = await patch(ana, `/api/v1/cases/${created.id}`, { version: 1, title: 'Otra' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const timeline = (await get(ana, `/api/v1/cases/${created.id}/timeline`)).json().data;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['case.updated', 'case.created']);
    expect(timeline[0].changes).toMatchObject({
      title: ['Renovación de licencias', 'Renovación 2027'],
      amount: ['100.00', '150.00'],
      expected_close: [null, '2027-01-31'],
    });
    // Nothing changed: no new version, no event.
    const same = await patch(ana, `/api/v1/cases/${created.id}`, { version: 2, amount: 150 });
    expect(same.json().version).toBe(2);
  });

  it('moves a case to the bin and back (delete permission), guarding the version', async () => {
    const created = await createCase(ana);
    expect((await del(ana, `/api/v1/cases/${created.id}`)).statusCode).toBe(403);
    expect((await del(manager, `/api/v1/cases/${created.id}?version=7`)).statusCode).toBe(409);
    expect((await del(manager, `/api/v1/cases/${created.id}?version=1`)).statusCode).toBe(204);
    const gone = await get(ana, `/api/v1/cases/${created.id}`);
    expect(gone.json().deleted_at).not.toBeNull();
    const listed = (await get(ana, `/api/v1/cases?filter[entity_id][eq]=${entityId}&limit=500`)).json().data;
    expect(listed.some((c: { id: string }) => c.id === created.id)).toBe(false);
    expect((await patch(ana, `/api/v1/cases/${created.id}`, { version: 2, title: 'x' })).statusCode).toBe(
      404,
    );
    const restored = await post(manager, `/api/v1/cases/${created.id}/restore`, {});
    expect(restored.json()).toMatchObject({ deleted_at: null, version: 3 });
    const events = (await get(ana, `/api/v1/cases/${created.id}/timeline`)).json().data;
    expect(events.map((e: { type: string }) => e.type).slice(0, 2)).toEqual([
      'case.restored',
      'case.deleted',
    ]);
  });
});

describe('who sees a case', () => {
  it('shows an agent their team’s cases and hides another team’s everywhere (404)', async () => {
    const anas = await createCase(ana, { title: 'Caso de Ana' });
    const southCase = await createCase(admin, {
      title: 'Caso del sur',
      entity_id: carlaEntityId,
      owner_id: carla.id,
    });
    // Bruno (same team as Ana) sees Ana's case; Carla does not.
    expect((await get(bruno, `/api/v1/cases/${anas.id}`)).statusCode).toBe(200);
    for (const url of [
      `/api/v1/cases/${anas.id}`,
      `/api/v1/cases/${anas.id}/history`,
      `/api/v1/cases/${anas.id}/timeline`,
    ])
      expect((await get(carla, url)).statusCode, url).toBe(404);
    expect((await patch(carla, `/api/v1/cases/${anas.id}`, { version: 1, title: 'mío' })).statusCode).toBe(
      404,
    );
    expect(
      (
        await post(carla, `/api/v1/cases/${anas.id}/move`, {
          version: 1,
          status_id: statuses.opportunity!.proposal,
        })
      ).statusCode,
    ).toBe(404);
    const carlaList = (await get(carla, '/api/v1/cases?limit=500'))
      .json()
      .data.map((c: { id: string }) => c.id);
    expect(carlaList).toContain(southCase.id);
    expect(carlaList).not.toContain(anas.id);
    const anaList = (await get(ana, '/api/v1/cases?limit=500')).json().data.map((c: { id: string }) => c.id);
    expect(anaList).not.toContain(southCase.id);
    const board = (await get(carla, `/api/v1/cases/board?type_id=${types.opportunity}`)).json();
    const ids = board.columns.flatMap((c: { cards: { id: string }[] }) => c.cards.map((card) => card.id));
    expect(ids).toContain(southCase.id);
    expect(ids).not.toContain(anas.id);
  });

  it('keeps a hidden case out of the timeline of an entity the agent does see', async () => {
    // Ana's case on Carla's entity, owned by Ana: Carla sees her entity but not the case.
    const hidden = await createCase(admin, {
      entity_id: carlaEntityId,
      owner_id: ana.id,
      title: 'Confidencial',
    });
    const adminView = (await get(admin, `/api/v1/entities/${carlaEntityId}/timeline`)).json().data;
    expect(adminView.some((e: { object_id: string }) => e.object_id === hidden.id)).toBe(true);
    const carlaView = (await get(carla, `/api/v1/entities/${carlaEntityId}/timeline`)).json().data;
    expect(carlaView.some((e: { object_id: string }) => e.object_id === hidden.id)).toBe(false);
  });
});

describe('the case list', () => {
  let listEntity: string;
  beforeAll(async () => {
    listEntity = (await post(admin, '/api/v1/entities', aCompany({ name: 'Ferretería Zubiri' }))).json().id;
    await createCase(admin, { entity_id: listEntity, title: 'Alfa', amount: 100, owner_id: ana.id });
    await createCase(admin, { entity_id: listEntity, title: 'Beta', amount: 300, owner_id: bruno.id });
    await createCase(admin, {
      entity_id: listEntity,
      title: 'Gamma',
      amount: 200,
      status_id: statuses.opportunity!.won,
    });
    await post(admin, '/api/v1/cases', {
      type_id: types.claim,
      title: 'Delta',
      entity_id: listEntity,
      priority: 'high',
    });
  });

  const titles = async (query: string) =>
    (await get(admin, `/api/v1/cases?filter[entity_id][eq]=${listEntity}&${query}`))
      .json()
      .data.map((c: { title: string }) => c.title);

  it('filters by kind, status category, owner and amount, and sorts', async () => {
    expect(await titles('filter[kind][eq]=sale&sort=title')).toEqual(['Alfa', 'Beta', 'Gamma']);
    expect(await titles('filter[kind][eq]=service')).toEqual(['Delta']);
    expect(await titles('filter[status_category][eq]=won')).toEqual(['Gamma']);
    expect(await titles(`filter[owner_id][eq]=${bruno.id}`)).toEqual(['Beta']);
    expect(await titles('filter[amount][gte]=200&sort=-amount')).toEqual(['Beta', 'Gamma']);
    expect(await titles('filter[probability][eq]=100')).toEqual(['Gamma']);
    expect(await titles('filter[sla_breached][eq]=false&filter[priority][eq]=high')).toEqual(['Delta']);
    const bad = await get(admin, '/api/v1/cases?filter[colour][eq]=red');
    expect(bad.statusCode).toBe(422);
    expect(issues(bad)).toEqual(['filter[colour][eq] unknown_field']);
  });

  it('finds by number, title and entity name, and pages with a cursor and a total', async () => {
    const all = (await get(admin, `/api/v1/cases?q=zubiri&include_total=true&limit=2&sort=title`)).json();
    expect(all.total).toBe(4);
    expect(all.data.map((c: { title: string }) => c.title)).toEqual(['Alfa', 'Beta']);
    const next = (
      await get(
        admin,
        `/api/v1/cases?q=zubiri&limit=2&sort=title&cursor=${encodeURIComponent(all.next_cursor)}`,
      )
    ).json();
    expect(next.data.map((c: { title: string }) => c.title)).toEqual(['Delta', 'Gamma']);
    expect(next.next_cursor).toBeNull();
    const gamma = (await titles('q=gamma'))[0];
    expect(gamma).toBe('Gamma');
    const number = (await get(admin, `/api/v1/cases?q=REC-&filter[entity_id][eq]=${listEntity}`)).json().data;
    expect(number.map((c: { title: string }) => c.title)).toEqual(['Delta']);
  });

  it('finds the same cases on the board and the list by entity name, number and an accented title word', async () => {
    const entity = (await post(admin, '/api/v1/entities', aCompany({ name: 'Àrids Peñíscola' }))).json().id;
    const other = (await post(admin, '/api/v1/entities', aCompany({ name: 'Forns Vidal' }))).json().id;
    const a = await createCase(admin, { entity_id: entity, title: 'Ampliación nave' });
    const b = await createCase(admin, { entity_id: other, title: 'Ampliación oficina' });
    const c = await createCase(admin, { entity_id: other, title: 'Renovació' });
    const found = async (q: string) => {
      const list = (await get(admin, `/api/v1/cases?q=${encodeURIComponent(q)}&limit=100`)).json().data;
      const board = (
        await get(admin, `/api/v1/cases/board?type_id=${types.opportunity}&q=${encodeURIComponent(q)}`)
      ).json();
      const cards = board.columns.flatMap((col: { cards: { id: string }[] }) => col.cards.map((x) => x.id));
      const ids = list.map((x: { id: string }) => x.id).sort();
      expect(cards.sort()).toEqual(ids);
      return ids;
    };
    expect(await found('ARIDS peniscola')).toEqual([a.id]);
    expect(await found(c.number)).toEqual([c.id]);
    expect(await found('ampliación')).toEqual([a.id, b.id].sort());
    expect(await found('vidal')).toEqual([b.id, c.id].sort());
  });

  it('exports the same list as CSV with labels in the caller’s language', async () => {
    const res = await get(
      admin,
      `/api/v1/cases/export?format=csv&filter[entity_id][eq]=${listEntity}&filter[kind][eq]=sale&sort=title`,
      { 'accept-language': 'ca' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'number,title,type,status,entity,contact,owner,team,priority,amount,tax_amount,currency,probability,weighted_amount,expected_close,closed_at,created_at',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Alfa', 'Beta', 'Gamma']);
    expect(lines[3]).toContain(',Oportunitat,Guanyada,Ferretería Zubiri');
    // Agents have no export permission.
    expect((await get(ana, '/api/v1/cases/export?format=csv')).statusCode).toBe(403);
    expect((await get(admin, '/api/v1/cases/export?format=csv&columns=number,secret')).statusCode).toBe(422);
  });
});

describe('the board’s counts and totals', () => {
  let boardEntity: string;
  beforeAll(async () => {
    boardEntity = (await post(admin, '/api/v1/entities', aCompany({ name: 'Cooperativa del Segre' }))).json()
      .id;
    // In "new" (10 %): three cases of 0.05 (0.005 weighted each) and one of 100 at its own 35 %.
    await createCase(admin, { entity_id: boardEntity, title: 'P1', amount: '0.05', owner_id: ana.id });
    await createCase(admin, { entity_id: boardEntity, title: 'P2', amount: '0.05', owner_id: ana.id });
    await createCase(admin, { entity_id: boardEntity, title: 'P3', amount: '0.05', owner_id: carla.id });
    await createCase(admin, {
      entity_id: boardEntity,
      title: 'P4',
      amount: '100',
      probability: 35,
      owner_id: carla.id,
    });
    const binned = await createCase(admin, { entity_id: boardEntity, title: 'P5', amount: '999' });
    expect((await del(admin, `/api/v1/cases/${binned.id}?version=1`)).statusCode).toBe(204);
  });

  const board = async (user: TestUser, query = '') => {
    const res = await get(user, `/api/v1/cases/board?type_id=${types.opportunity}&cards=0${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().columns as {
      status: { key: string; case_count: number };
      count: number;
      totals: { currency: string; amount: string; weighted: string }[];
    }[];
  };
  it('rounds the weighted total once per column, not case by case, and leaves out the bin', async () => {
    const [column] = await board(admin, `&filter[entity_id][eq]=${boardEntity}`);
    expect(column!.count).toBe(4);
    // (100 × 35 + 0.15 × 10) / 100 = 35.015 → 35.02 (rounding each case first would give 35.03).
    expect(column!.totals).toEqual([{ currency: 'EUR', amount: '100.15', weighted: '35.02' }]);
  });

  it('filters on the status’s probability and category and the type’s kind', async () => {
    const [sure] = await board(admin, `&filter[entity_id][eq]=${boardEntity}&filter[probability][gte]=30`);
    expect(sure).toMatchObject({
      count: 1,
      totals: [{ currency: 'EUR', amount: '100.00', weighted: '35.00' }],
    });
    const open = await board(
      admin,
      `&filter[entity_id][eq]=${boardEntity}&filter[status_category][eq]=open&filter[kind][eq]=sale`,
    );
    expect(open.map((c) => c.count)).toEqual([4, 0, 0, 0, 0, 0]);
    const service = await board(admin, `&filter[entity_id][eq]=${boardEntity}&filter[kind][eq]=service`);
    expect(service.every((c) => c.count === 0 && c.totals.length === 0)).toBe(true);
  });

  it('counts and sums only what the caller sees; a column’s case_count ignores the filters', async () => {
    const [carlas] = await board(carla, `&filter[entity_id][eq]=${boardEntity}`);
    // P3 and P4 are Carla's; Ana's (another team) are hidden. 35.005 → 35.01.
    expect(carlas).toMatchObject({
      count: 2,
      totals: [{ currency: 'EUR', amount: '100.05', weighted: '35.01' }],
    });
    for (const user of [carla, admin]) {
      const all = await board(user);
      const filtered = await board(user, `&filter[entity_id][eq]=${boardEntity}`);
      expect(filtered.map((c) => c.status.case_count)).toEqual(all.map((c) => c.count));
      expect(all.map((c) => c.status.case_count)).toEqual(all.map((c) => c.count));
    }
    const [allNew] = await board(admin);
    const [carlaNew] = await board(carla);
    expect(allNew!.status.case_count - carlaNew!.status.case_count).toBeGreaterThanOrEqual(2);
    // GET /case-types counts every live case of the status, as the admin's board does.
    const typesRes = await get(admin, '/api/v1/case-types');
    const opportunity = typesRes.json().data.find((t: { id: string }) => t.id === types.opportunity) as {
      statuses: { key: string; case_count: number }[];
    };
    expect(opportunity.statuses.find((s) => s.key === 'new')!.case_count).toBe(allNew!.status.case_count);
  });
});

describe('actions on a case', () => {
  let taskType: string;
  beforeAll(async () => {
    taskType = (
      await ctx.db.selectFrom('action_types').select('id').where('key', '=', 'task').executeTakeFirstOrThrow()
    ).id;
  });

  it('links an action to a visible live case, taking its entity; refuses another entity’s or an unknown case', async () => {
    const created = await createCase(ana);
    const action = await post(ana, '/api/v1/actions', {
      type_id: taskType,
      subject: 'Preparar oferta',
      due_date: '2030-01-10',
      case_id: created.id,
    });
    expect(action.statusCode, action.body).toBe(201);
    expect(action.json()).toMatchObject({ case_id: created.id, entity_id: entityId });
    const other = await post(ana, '/api/v1/actions', {
      type_id: taskType,
      subject: 'x',
      due_date: '2030-01-10',
      case_id: created.id,
      entity_id: otherEntityId,
    });
    expect(issues(other)).toEqual(['case_id case_of_other_entity']);
    const hidden = await createCase(admin, { entity_id: carlaEntityId, owner_id: carla.id });
    for (const caseId of [newId(), hidden.id]) {
      const res = await post(ana, '/api/v1/actions', {
        type_id: taskType,
        subject: 'x',
        due_date: '2030-01-10',
        case_id: caseId,
      });
      expect(issues(res)).toEqual(['case_id unknown_case']);
    }
    // The case shows its earliest planned action and its events on its timeline.
    const again = (await get(ana, `/api/v1/cases/${created.id}`)).json();
    expect(again.next_action).toMatchObject({ id: action.json().id, subject: 'Preparar oferta' });
    const timeline = (await get(ana, `/api/v1/cases/${created.id}/timeline`)).json().data;
    expect(timeline.map((e: { type: string; object: string }) => `${e.object} ${e.type}`)).toEqual([
      'action action.created',
      'case case.created',
    ]);
  });

  it('hides a private action of someone else from the case timeline and next action', async () => {
    const created = await createCase(ana);
    await post(bruno, '/api/v1/actions', {
      type_id: taskType,
      subject: 'Nota privada de Bruno',
      due_date: '2030-01-01',
      case_id: created.id,
      private: true,
    });
    const seen = (await get(ana, `/api/v1/cases/${created.id}`)).json();
    expect(seen.next_action).toBeNull();
    const timeline = (await get(ana, `/api/v1/cases/${created.id}/timeline`)).json().data;
    expect(timeline.map((e: { object: string }) => e.object)).toEqual(['case']);
    const brunos = (await get(bruno, `/api/v1/cases/${created.id}`)).json();
    expect(brunos.next_action?.subject).toBe('Nota privada de Bruno');
  });

  it('counts the first completed action on a service case as its first response', async () => {
    const claim = (
      await post(ana, '/api/v1/cases', {
        type_id: types.claim,
        title: 'Factura duplicada',
        entity_id: entityId,
      })
    ).json();
    expect(claim.sla.first_response_at).toBeNull();
    const action = (
      await post(ana, '/api/v1/actions', {
        type_id: taskType,
        subject: 'Llamar',
        due_date: '2030-01-10',
        case_id: claim.id,
      })
    ).json();
    const done = await post(ana, `/api/v1/actions/${action.id}/complete`, {
      version: action.version,
      outcome: 'positive',
    });
    expect(done.statusCode, done.body).toBe(200);
    const after = (await get(ana, `/api/v1/cases/${claim.id}`)).json();
    expect(after.sla.first_response_at).toBe(done.json().completed_at);
  });

  it('counts an action logged as already done as the first response, and keeps the first one', async () => {
    const incident = (
      await post(ana, '/api/v1/cases', { type_id: types.claim, title: 'Sin servicio', entity_id: entityId })
    ).json();
    const planned = await post(ana, '/api/v1/actions', {
      type_id: taskType,
      subject: 'Revisar la línea',
      due_date: '2030-01-10',
      case_id: incident.id,
    });
    expect(planned.statusCode, planned.body).toBe(201);
    expect((await get(ana, `/api/v1/cases/${incident.id}`)).json().sla.first_response_at).toBeNull();

    const logged = await post(ana, '/api/v1/actions', {
      type_id: taskType,
      subject: 'Llamada atendida',
      due_date: '2030-01-10',
      case_id: incident.id,
      status: 'done',
      outcome: 'positive',
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const answeredAt = logged.json().completed_at;
    expect(answeredAt).toEqual(expect.any(String));
    expect((await get(ana, `/api/v1/cases/${incident.id}`)).json().sla.first_response_at).toBe(answeredAt);

    const later = await post(ana, '/api/v1/actions', {
      type_id: taskType,
      subject: 'Segunda llamada',
      due_date: '2030-01-11',
      case_id: incident.id,
      status: 'done',
    });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().completed_at).not.toBe(answeredAt);
    expect((await get(ana, `/api/v1/cases/${incident.id}`)).json().sla.first_response_at).toBe(answeredAt);
  });
});

describe('demo cases', () => {
  let demo: TestContext;
  let jordi: TestUser;
  beforeAll(async () => {
    demo = await createTestApp();
    const loaded = await loadDemoData(demo.db);
    expect(loaded).toMatchObject({ products: 12 });
    expect(loaded!.cases).toBeGreaterThanOrEqual(110);
    const row = await demo.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('email', '=', 'jordi.puig@example.com')
      .executeTakeFirstOrThrow();
    jordi = await signIn(demo, { ...row, email: 'jordi.puig@example.com', password: loaded!.password });
  }, 120_000);
  afterAll(async () => demo.close());

  it('fills the pipeline with numbered opportunities whose totals are their lines’', async () => {
    const rows = await demo.db
      .selectFrom('cases')
      .innerJoin('case_types as t', 't.id', 'cases.type_id')
      .innerJoin('case_statuses as s', 's.id', 'cases.status_id')
      .select([
        'cases.id',
        'cases.number',
        't.key as type',
        't.prefix',
        's.category',
        'cases.amount',
        'cases.closed_at',
        'cases.created_at',
        'cases.expected_close',
        (eb) =>
          eb
            .selectFrom('case_lines')
            .select(sql<string>`sum(net_amount)`.as('n'))
            .whereRef('case_lines.case_id', '=', 'cases.id')
            .as('lines_net'),
      ])
      .execute();
    const opportunities = rows.filter((r) => r.type === 'opportunity');
    expect(opportunities.length).toBeGreaterThanOrEqual(85);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    for (const r of rows) expect(r.number).toMatch(new RegExp(`^${r.prefix}-\\d{4}-\\d{5}$`));
    const withLines = opportunities.filter((r) => r.lines_net !== null);
    expect(withLines.length).toBeGreaterThan(25);
    expect(withLines.length).toBeLessThan(65);
    for (const r of withLines) expect(Number(r.amount)).toBe(Number(r.lines_net));
    const byCategory = (c: string) => opportunities.filter((r) => r.category === c);
    expect(byCategory('won').length).toBeGreaterThanOrEqual(10);
    expect(byCategory('lost').length).toBeGreaterThanOrEqual(5);
    expect(byCategory('open').length).toBeGreaterThanOrEqual(40);
    for (const r of byCategory('won')) {
      expect(r.closed_at!.getTime()).toBeLessThan(Date.now());
      expect(r.closed_at!.getTime()).toBeGreaterThan(r.created_at.getTime());
    }
    for (const r of byCategory('open')) expect(r.closed_at).toBeNull();
  });

  it('gives an agent a board with totals, cards with next actions, and a history for each case', async () => {
    const opportunity = (
      await demo.db
        .selectFrom('case_types')
        .select('id')
        .where('key', '=', 'opportunity')
        .executeTakeFirstOrThrow()
    ).id;
    const res = await demo.app.inject({
      method: 'GET',
      url: `/api/v1/cases/board?type_id=${opportunity}&cards=20`,
      headers: jordi.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    const total = board.columns.reduce((n: number, c: { count: number }) => n + c.count, 0);
    expect(total).toBeGreaterThan(10);
    expect(board.columns[0].totals[0]).toMatchObject({ currency: 'EUR' });
    const cards = board.columns.flatMap((c: { cards: { next_action: unknown; id: string }[] }) => c.cards);
    expect(cards.some((c: { next_action: unknown }) => c.next_action !== null)).toBe(true);
    const history = await demo.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${cards[0].id}/history`,
      headers: jordi.headers,
    });
    const stays = history.json().data;
    for (let i = 1; i < stays.length; i++) expect(stays[i - 1].left_at).toBe(stays[i].entered_at);
  });

  it('has after-sales cases with priorities, some already past their SLA', async () => {
    const list = await demo.app.inject({
      method: 'GET',
      url: '/api/v1/cases?filter[kind][eq]=service&limit=100&include_total=true',
      headers: (await createUser(demo, { role: 'manager' })).headers,
    });
    const data = list.json().data as { priority: string; sla: { state: string } }[];
    expect(list.json().total).toBeGreaterThanOrEqual(25);
    expect(new Set(data.map((c) => c.priority)).size).toBeGreaterThanOrEqual(3);
    expect(data.filter((c) => c.sla.state === 'breached').length).toBeGreaterThanOrEqual(2);
    expect(
      data.filter((c) => c.sla.state === 'ok' || c.sla.state === 'at_risk' || c.sla.state === 'met').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
