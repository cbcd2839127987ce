import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../setup/demo-data.ts';
import { createTestApp, signIn, type TestContext, type TestUser } from '../../test/builders.ts';
import { endOfDueDate } from './action-values.ts';

let ctx: TestContext;
let jordi: TestUser;
let montserrat: TestUser;
let password: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const loaded = await loadDemoData(ctx.db);
  expect(loaded).not.toBeNull();
  password = loaded!.password;
  const user = async (email: string) => {
    const row = await ctx.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return signIn(ctx, { id: row.id, name: row.name, email, password });
  };
  jordi = await user('jordi.puig@example.com');
  montserrat = await user('montserrat.vidal@example.com');
}, 120_000);
afterAll(async () => ctx.close());

const get = async (user: TestUser, url: string) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('demo actions', () => {
  it('give every agent overdue, today’s and upcoming work, and done actions with outcomes', async () => {
    const panel = await get(jordi, '/api/v1/actions/panel');
    expect(panel.counts.overdue).toBeGreaterThanOrEqual(3);
    expect(panel.counts.today).toBeGreaterThanOrEqual(5);
    expect(panel.counts.upcoming).toBeGreaterThanOrEqual(10);
    const done = await get(jordi, `/api/v1/actions?filter[status]=done&filter[assignee_user_id]=${jordi.id}`);
    expect(done.data.length).toBeGreaterThanOrEqual(10);
    expect(done.data.every((a: { outcome: string | null }) => a.outcome)).toBe(true);
    // Catalan agents get Catalan subjects.
    expect(JSON.stringify(panel)).toMatch(
      /Trucar|Trucada|Visita|Reunió|Enviar|Preparar|Revisar|Atender|Llamar/,
    );

    const team = await get(montserrat, '/api/v1/actions/panel?scope=team');
    expect(team.counts.today).toBeGreaterThan(panel.counts.today);
    const unclaimed = await get(jordi, '/api/v1/actions?filter[assignee_user_id][empty]=true');
    expect(unclaimed.data.length).toBeGreaterThanOrEqual(3);
  });

  it('runs the sequence "Alta de cliente nuevo" on a few customers, with their step', async () => {
    const sequences = (await get(montserrat, '/api/v1/sequences')).data;
    expect(sequences).toHaveLength(1);
    expect(sequences[0]).toMatchObject({
      name: 'Alta de cliente nuevo',
      steps: [{ key: 'llamada' }, { key: 'documentacion' }, { key: 'visita' }],
    });
    const runs = (await get(montserrat, `/api/v1/sequence-runs?sequence_id=${sequences[0].id}`)).data;
    expect(
      runs
        .map(
          (r: { status: string; current_step_position: number }) => `${r.status}:${r.current_step_position}`,
        )
        .sort(),
    ).toEqual(['achieved:2', 'active:1', 'active:2']);
    // The run at the documents step moves on to the visit when its action is done.
    const atDocs = runs.find(
      (r: { status: string; current_step_key: string }) =>
        r.status === 'active' && r.current_step_key === 'documentacion',
    );
    const action = (
      await get(montserrat, `/api/v1/actions?filter[entity_id]=${atDocs.entity_id}&filter[status]=planned`)
    ).data.find((a: { sequence_run_id: string }) => a.sequence_run_id === atDocs.id);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/actions/${action.id}/complete`,
      payload: { version: action.version, outcome: 'follow_up' },
      headers: montserrat.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get(montserrat, `/api/v1/sequence-runs/${atDocs.id}`)).current_step_key).toBe('visita');
  });

  it('stores what the service would: due_at from the end or the due day, and a timeline event each', async () => {
    const actions = await ctx.db.selectFrom('actions').selectAll().execute();
    expect(actions.length).toBeGreaterThan(150);
    for (const a of actions) {
      if (a.starts_at) expect(a.due_at.toISOString()).toBe(a.ends_at!.toISOString());
      else expect(a.due_at.toISOString()).toBe(endOfDueDate(a.due_date!, 'Europe/Madrid').toISOString());
    }
    const created = await ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'action.created')
      .executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(actions.length);
  });
});
