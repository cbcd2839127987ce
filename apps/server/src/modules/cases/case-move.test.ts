import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let ana: TestUser; // agent, team North
let bruno: TestUser; // agent, team North
let north: string;
let types: Record<string, string>;
let actionTypes: Record<string, string>;
let s: Record<string, string>; // opportunity statuses by key
let claimNew: string;
let entityId: string;

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const issues = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field} ${e.code}`);

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  north = await createTeam(ctx, 'North', []);
  ana = await createUser(ctx, { role: 'agent', name: 'Ana', teamIds: [north] });
  bruno = await createUser(ctx, { role: 'agent', name: 'Bruno', teamIds: [north] });
  types = Object.fromEntries(
    (await ctx.db.selectFrom('case_types').select(['id', 'key']).execute()).map((t) => [t.key, t.id]),
  );
  actionTypes = Object.fromEntries(
    (await ctx.db.selectFrom('action_types').select(['id', 'key']).execute()).map((t) => [t.key, t.id]),
  );
  const rows = await ctx.db.selectFrom('case_statuses').select(['id', 'key', 'type_id']).execute();
  s = Object.fromEntries(rows.filter((r) => r.type_id === types.opportunity).map((r) => [r.key, r.id]));
  claimNew = rows.find((r) => r.type_id === types.claim && r.key === 'new')!.id;
  // Proposal asks for the next action; negotiation suggests a call.
  await ctx.db
    .updateTable('case_statuses')
    .set({ next_action: 'require', next_action_type_id: actionTypes.task! })
    .where('id', '=', s.proposal!)
    .execute();
  await ctx.db
    .updateTable('case_statuses')
    .set({ next_action: 'suggest', next_action_type_id: actionTypes.call! })
    .where('id', '=', s.negotiation!)
    .execute();
  entityId = (await post(ana, '/api/v1/entities', aCompany({ name: 'Cárnicas Osona' }))).json().id;
});
afterAll(async () => ctx.close());

async function openCase(user: TestUser, extra: Record<string, unknown> = {}) {
  const res = await post(user, '/api/v1/cases', {
    type_id: types.opportunity,
    title: 'Línea de envasado',
    entity_id: entityId,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const move = (user: TestUser, id: string, body: Record<string, unknown>) =>
  post(user, `/api/v1/cases/${id}/move`, body);

describe('moving a case between statuses', () => {
  it('moves it, keeps the history of stays and records the change', async () => {
    const opened = await openCase(ana, { amount: 1000 });
    const res = await move(ana, opened.id, { version: 1, status_id: s.qualified });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      case: {
        status: { key: 'qualified' },
        probability: 25,
        weighted_amount: '250.00',
        version: 2,
        closed_at: null,
      },
      next_action: { rule: 'none', type_id: null, created_action_id: null },
    });
    const history = (await get(ana, `/api/v1/cases/${opened.id}/history`)).json();
    expect(
      history.data.map((stay: { status: { key: string }; left_at: string | null }) => [
        stay.status.key,
        stay.left_at === null,
      ]),
    ).toEqual([
      ['new', false],
      ['qualified', true],
    ]);
    expect(history.data[0].left_at).toBe(history.data[1].entered_at);
    expect(history.totals.map((t: { status: { key: string } }) => t.status.key)).toEqual([
      'new',
      'qualified',
    ]);
    const timeline = (await get(ana, `/api/v1/cases/${opened.id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({
      type: 'case.status_changed',
      actor: { id: ana.id },
      changes: { status_id: [s.new, s.qualified] },
    });
  });

  it('answers a stale move with 409 and a message saying what to do', async () => {
    const opened = await openCase(ana);
    await move(bruno, opened.id, { version: 1, status_id: s.qualified });
    const stale = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${opened.id}/move`,
      payload: { version: 1, status_id: s.negotiation },
      headers: { ...ana.headers, 'accept-language': 'es' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    expect(stale.json().title).toMatch(/versión 2/);
    const current = (await get(ana, `/api/v1/cases/${opened.id}`)).json();
    expect(current.status.key).toBe('qualified');
  });

  it('moves only to a live status of the same type', async () => {
    const opened = await openCase(ana);
    expect(issues(await move(ana, opened.id, { version: 1, status_id: claimNew }))).toEqual([
      'status_id status_of_other_type',
    ]);
    expect(issues(await move(ana, opened.id, { version: 1, status_id: newId() }))).toEqual([
      'status_id unknown_status',
    ]);
    await ctx.db
      .updateTable('case_statuses')
      .set({ retired_at: new Date() })
      .where('id', '=', s.qualified!)
      .execute();
    try {
      expect(issues(await move(ana, opened.id, { version: 1, status_id: s.qualified }))).toEqual([
        'status_id status_retired',
      ]);
    } finally {
      await ctx.db
        .updateTable('case_statuses')
        .set({ retired_at: null })
        .where('id', '=', s.qualified!)
        .execute();
    }
  });

  it('closes on won or lost (dropping the probability override) and reopens when moved back', async () => {
    const opened = await openCase(ana, { amount: 2000, probability: 60 });
    const won = (await move(ana, opened.id, { version: 1, status_id: s.won })).json().case;
    expect(won).toMatchObject({
      probability: 100,
      probability_overridden: false,
      weighted_amount: '2000.00',
    });
    expect(won.closed_at).not.toBeNull();
    const lost = (await move(ana, opened.id, { version: 2, status_id: s.lost })).json().case;
    expect(lost).toMatchObject({ probability: 0, weighted_amount: '0.00' });
    expect(lost.closed_at).not.toBeNull();
    const reopened = (await move(ana, opened.id, { version: 3, status_id: s.negotiation })).json();
    expect(reopened.case).toMatchObject({ probability: 75, closed_at: null });
    expect(reopened.next_action).toEqual({
      rule: 'suggest',
      type_id: actionTypes.call,
      created_action_id: null,
    });
  });

  it('requires a next action where the status says so, and plans it in the same step', async () => {
    const opened = await openCase(ana, { owner_id: bruno.id });
    const refused = await move(ana, opened.id, { version: 1, status_id: s.proposal });
    expect(refused.statusCode).toBe(422);
    expect(issues(refused)).toEqual(['next_action next_action_required']);
    expect((await get(ana, `/api/v1/cases/${opened.id}`)).json().status.key).toBe('new');

    const badAction = await move(ana, opened.id, {
      version: 1,
      status_id: s.proposal,
      next_action: { type_id: actionTypes.task, subject: 'Enviar propuesta' },
    });
    expect(issues(badAction)).toEqual(['next_action.due_date required']);

    const res = await move(ana, opened.id, {
      version: 1,
      status_id: s.proposal,
      next_action: { type_id: actionTypes.task, subject: 'Enviar propuesta', due_date: '2030-03-02' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer.next_action).toMatchObject({ rule: 'require', type_id: actionTypes.task });
    const action = (await get(admin, `/api/v1/actions/${answer.next_action.created_action_id}`)).json();
    // The case's owner takes it; it is about the case and its entity.
    expect(action).toMatchObject({
      subject: 'Enviar propuesta',
      case_id: opened.id,
      entity_id: entityId,
      assignee_user_id: bruno.id,
      status: 'planned',
    });
    expect(answer.case.next_action).toMatchObject({ id: action.id });
  });

  it('lets a case with a planned action into a status that requires one', async () => {
    const opened = await openCase(ana);
    await post(ana, '/api/v1/actions', {
      type_id: actionTypes.task,
      subject: 'Revisar requisitos',
      due_date: '2030-01-15',
      case_id: opened.id,
    });
    const res = await move(ana, opened.id, { version: 1, status_id: s.proposal });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().next_action.created_action_id).toBeNull();
  });

  it('counts leaving the first status as the first response of a service case', async () => {
    const claim = (
      await post(ana, '/api/v1/cases', { type_id: types.claim, title: 'Retraso', entity_id: entityId })
    ).json();
    const inProgress = (
      await ctx.db
        .selectFrom('case_statuses')
        .select('id')
        .where('type_id', '=', types.claim!)
        .where('key', '=', 'in_progress')
        .executeTakeFirstOrThrow()
    ).id;
    const moved = (await move(ana, claim.id, { version: 1, status_id: inProgress })).json().case;
    expect(moved.sla.first_response_at).toBe(moved.status_changed_at);
  });
});

describe('the board', () => {
  let boardEntity: string;
  const cases: Record<string, { id: string; version: number }> = {};

  beforeAll(async () => {
    boardEntity = (await post(admin, '/api/v1/entities', aCompany({ name: 'Hotel Empordà' }))).json().id;
    const open = async (key: string, extra: Record<string, unknown>) => {
      const res = await post(admin, '/api/v1/cases', {
        type_id: types.opportunity,
        title: key,
        entity_id: boardEntity,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      cases[key] = res.json();
    };
    await open('a', { amount: '1000', owner_id: ana.id, expected_close: '2031-01-10' });
    await open('b', { amount: '500.50', owner_id: bruno.id, expected_close: '2031-02-10' });
    await open('c', { amount: '300', owner_id: ana.id, probability: 33, expected_close: '2031-01-20' });
    await open('d', { amount: '200', currency: 'USD', owner_id: ana.id });
    await open('e', { owner_id: ana.id, status_id: s.won, amount: '999.99' });
  });

  const board = async (query = '') =>
    (
      await get(
        admin,
        `/api/v1/cases/board?type_id=${types.opportunity}&filter[entity_id][eq]=${boardEntity}${query}`,
      )
    ).json();

  it('has a column per live status with counts, totals per currency and weighted totals', async () => {
    const result = await board();
    expect(result.columns.map((c: { status: { key: string } }) => c.status.key)).toEqual([
      'new',
      'qualified',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    const column = result.columns[0];
    expect(column.count).toBe(4);
    // EUR: 1000 + 500.50 + 300 = 1800.50; weighted 100 + 50.05 + 99 = 249.05. USD: 200 → 20.
    expect(column.totals).toEqual([
      { currency: 'EUR', amount: '1800.50', weighted: '249.05' },
      { currency: 'USD', amount: '200.00', weighted: '20.00' },
    ]);
    expect(column.cards.map((c: { title: string }) => c.title)).toEqual(['d', 'c', 'b', 'a']);
    expect(column.next_cursor).toBeNull();
    expect(result.columns[4]).toMatchObject({
      count: 1,
      totals: [{ currency: 'EUR', amount: '999.99', weighted: '999.99' }],
    });
    expect(result.columns[1]).toMatchObject({ count: 0, totals: [], cards: [] });
  });

  it('takes the list’s filters (owner, close month, q)', async () => {
    const mine = await board(`&filter[owner_id][eq]=${ana.id}`);
    expect(mine.columns[0].count).toBe(3);
    expect(mine.columns[0].status.case_count).toBeGreaterThanOrEqual(4);
    const january = await board(
      '&filter[expected_close][gte]=2031-01-01&filter[expected_close][lt]=2031-02-01',
    );
    expect(january.columns[0].cards.map((c: { title: string }) => c.title)).toEqual(['c', 'a']);
    expect(january.columns[0].totals).toEqual([{ currency: 'EUR', amount: '1300.00', weighted: '199.00' }]);
    const found = await board('&q=empord');
    expect(found.columns[0].count).toBe(4);
  });

  it('shows the first cards of a column and continues them through the list with its cursor', async () => {
    const first = await board('&cards=2');
    const column = first.columns[0];
    expect(column.cards.map((c: { title: string }) => c.title)).toEqual(['d', 'c']);
    expect(column.next_cursor).not.toBeNull();
    const rest = (
      await get(
        admin,
        `/api/v1/cases?filter[status_id][eq]=${s.new}&filter[entity_id][eq]=${boardEntity}&sort=-updated_at&limit=50&cursor=${encodeURIComponent(column.next_cursor)}`,
      )
    ).json();
    expect(rest.data.map((c: { title: string }) => c.title)).toEqual(['b', 'a']);
  });

  it('moves a card and the columns follow', async () => {
    const moved = await move(admin, cases.b!.id, { version: 1, status_id: s.qualified });
    expect(moved.statusCode, moved.body).toBe(200);
    const result = await board();
    expect(result.columns[0].count).toBe(3);
    expect(result.columns[1]).toMatchObject({
      count: 1,
      totals: [{ currency: 'EUR', amount: '500.50', weighted: '125.13' }],
    });
  });

  it('answers 422 for an unknown type and for a bad filter', async () => {
    const unknown = await get(admin, `/api/v1/cases/board?type_id=${newId()}`);
    expect(unknown.statusCode).toBe(422);
    expect(issues(unknown)).toEqual(['type_id unknown_case_type']);
    const bad = await get(
      admin,
      `/api/v1/cases/board?type_id=${types.opportunity}&filter[owner_id][eq]=nobody`,
    );
    expect(bad.statusCode).toBe(422);
    expect(issues(bad)).toEqual(['filter[owner_id][eq] invalid_value']);
  });
});
