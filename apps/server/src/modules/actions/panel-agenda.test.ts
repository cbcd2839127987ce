import { MAX_AGENDA_ITEMS } from '@trato/contracts/actions';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../platform/ids.ts';
import {
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let manager: TestUser;
let madrid: TestUser; // agent in Europe/Madrid (the default)
let london: TestUser; // agent whose days are UTC
let carla: TestUser; // agent of another team
let team: string;
let types: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestApp();
  manager = await createUser(ctx, { role: 'manager' });
  team = await createTeam(ctx, 'Equipo', [manager.id]);
  madrid = await createUser(ctx, { role: 'agent', name: 'Marta', teamIds: [team] });
  london = await createUser(ctx, { role: 'agent', name: 'Lucy', teamIds: [team] });
  carla = await createUser(ctx, { role: 'agent', teamIds: [await createTeam(ctx, 'Otro', [])] });
  const me = await ctx.app.inject({
    method: 'PATCH',
    url: '/api/v1/auth/me',
    payload: { time_zone: 'UTC' },
    headers: london.headers,
  });
  expect(me.statusCode, me.body).toBe(200);
  const list = (await get(manager, '/api/v1/action-types')).json().data as { key: string; id: string }[];
  types = Object.fromEntries(list.map((t) => [t.key, t.id]));
});
afterAll(async () => ctx.close());
afterEach(() => vi.useRealTimers());

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

async function plan(user: TestUser, body: Record<string, unknown>) {
  const res = await post(user, '/api/v1/actions', { type_id: types.call, subject: 'Llamada', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

const ids = (actions: { id: string }[]) => actions.map((a) => a.id);

/** Reads the panel as if it were `now` (only Date is faked; the database and timers run as usual). */
async function panelAt(user: TestUser, now: Date, query = '') {
  vi.useFakeTimers({ toFake: ['Date'], now });
  try {
    const res = await get(user, `/api/v1/actions/panel${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  } finally {
    vi.useRealTimers();
  }
}

describe('control panel', () => {
  it('draws day boundaries in the user’s time zone: 23:30 UTC is tonight in London, tomorrow in Madrid', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const noon = new Date(`${day}T12:00:00Z`);
    const late = `${day}T23:30:00Z`; // 00:30 or 01:30 the next day in Madrid
    const forMadrid = await plan(madrid, { starts_at: late, subject: 'Tarde' });
    const forLondon = await plan(london, { starts_at: late, subject: 'Late' });
    const overdue = await plan(madrid, { starts_at: `${day}T08:00:00Z`, subject: 'Esta mañana' });
    const soon = await plan(madrid, { starts_at: `${day}T13:00:00Z`, subject: 'Dentro de un rato' });
    const dueToday = await plan(madrid, { type_id: types.task, due_date: day, subject: 'Tarea de hoy' });
    const done = await plan(madrid, { starts_at: `${day}T09:00:00Z`, subject: 'Hecha' });
    vi.useFakeTimers({ toFake: ['Date'], now: noon });
    await post(madrid, `/api/v1/actions/${done.id}/complete`, { version: 1, outcome: 'positive' });
    vi.useRealTimers();

    const m = await panelAt(madrid, noon);
    expect(m.time_zone).toBe('Europe/Madrid');
    expect(ids(m.overdue)).toEqual([overdue.id]);
    expect(ids(m.today)).toEqual([soon.id, dueToday.id]);
    expect(ids(m.upcoming)).toEqual([forMadrid.id]);
    expect(m.counts).toEqual({ overdue: 1, today: 2, upcoming: 1, done_today: 1 });
    expect(m.overdue[0].overdue).toBe(true);

    const l = await panelAt(london, noon);
    expect(l.time_zone).toBe('UTC');
    expect(ids(l.today)).toEqual([forLondon.id]);
    expect(ids(l.upcoming)).toEqual([]);

    // The manager's team view holds both, with counts; one member at a time with user_id.
    const teamView = await panelAt(manager, noon, `?scope=team&limit=1`);
    // Lucy's 23:30 UTC is tomorrow in the manager's Madrid days.
    expect(teamView.counts).toEqual({ overdue: 1, today: 2, upcoming: 2, done_today: 1 });
    expect(teamView.today).toHaveLength(1);
    const lucy = await panelAt(manager, noon, `?user_id=${london.id}`);
    expect(ids(lucy.upcoming)).toEqual([forLondon.id]); // the manager's days are Madrid's
    expect(lucy.counts.today).toBe(0);
  });

  it('keeps the team view to those who see their teams’ actions', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const ownScope = await ctx.db
      .insertInto('roles')
      .values({
        id: newId(),
        key: 'solo',
        labels: JSON.stringify({ en: 'Solo' }),
        permissions: JSON.stringify({
          objects: {
            entities: { actions: ['read'], scope: 'own' },
            contacts: { actions: ['read'], scope: 'own' },
            actions: { actions: ['read', 'create', 'edit'], scope: 'own' },
          },
          configure: false,
        }),
        created_by: admin.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(ownScope.id).toBeTruthy();
    const solo = await createUser(ctx, { role: 'solo', teamIds: [team] });
    expect((await get(solo, '/api/v1/actions/panel')).statusCode).toBe(200);
    expect((await get(solo, '/api/v1/actions/panel?scope=team')).statusCode).toBe(403);
    expect((await get(carla, `/api/v1/actions/panel?team_id=${team}`)).statusCode).toBe(422);
  });
});

describe('agenda', () => {
  it('lists actions overlapping [from, to) and untimed ones due on its days; cancelled only when asked', async () => {
    const from = '2032-03-01T00:00:00+01:00';
    const to = '2032-03-08T00:00:00+01:00';
    const spanning = await plan(madrid, {
      type_id: types.visit,
      starts_at: '2032-02-29T22:00:00Z',
      ends_at: '2032-03-01T01:00:00Z',
    });
    const inside = await plan(madrid, { starts_at: '2032-03-03T09:00:00Z' });
    const dueDay = await plan(madrid, { type_id: types.task, due_date: '2032-03-07' });
    await plan(madrid, { starts_at: '2032-03-07T23:30:00Z' }); // 00:30 on the 8th in Madrid: outside
    await plan(madrid, { type_id: types.task, due_date: '2032-03-08' });
    await plan(madrid, { starts_at: '2032-02-29T21:00:00Z', ends_at: '2032-02-29T22:59:00Z' }); // ends before
    const cancelled = await plan(madrid, { starts_at: '2032-03-04T09:00:00Z' });
    await post(madrid, `/api/v1/actions/${cancelled.id}/cancel`, { version: 1 });
    const teammate = await plan(london, { starts_at: '2032-03-05T09:00:00Z' });

    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const mine = (await get(madrid, `/api/v1/actions/agenda?${q}`)).json();
    expect(mine.truncated).toBe(false);
    expect(ids(mine.data)).toEqual([spanning.id, inside.id, dueDay.id]);
    const withCancelled = (await get(madrid, `/api/v1/actions/agenda?${q}&status=cancelled`)).json();
    expect(ids(withCancelled.data)).toEqual([cancelled.id]);
    const both = (
      await get(
        manager,
        `/api/v1/actions/agenda?${q}&user_id=${madrid.id}&user_id=${london.id}&type_id=${types.call}`,
      )
    ).json();
    expect(ids(both.data)).toEqual([inside.id, teammate.id]);
    const teamAgenda = (await get(manager, `/api/v1/actions/agenda?${q}&team_id=${team}`)).json();
    expect(ids(teamAgenda.data)).toContain(teammate.id);

    const backwards = await get(
      madrid,
      `/api/v1/actions/agenda?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0]).toMatchObject({ field: 'to', code: 'invalid_range' });
  });

  it('stops at MAX_AGENDA_ITEMS and says so', async () => {
    const start = Date.parse('2033-01-10T08:00:00Z');
    const rows = Array.from({ length: MAX_AGENDA_ITEMS + 1 }, (_, i) => {
      const startsAt = new Date(start + i * 15_000);
      return {
        id: newId(),
        type_id: types.call!,
        subject: `Llamada ${i}`,
        starts_at: startsAt,
        ends_at: startsAt,
        due_at: startsAt,
        assignee_user_id: london.id,
        attendees: JSON.stringify([]),
        custom: JSON.stringify({}),
        created_by: london.id,
        updated_by: london.id,
      };
    });
    await ctx.db.insertInto('actions').values(rows).execute();
    const res = await get(london, '/api/v1/actions/agenda?from=2033-01-10T00:00:00Z&to=2033-01-11T00:00:00Z');
    expect(res.statusCode).toBe(200);
    expect(res.json().truncated).toBe(true);
    expect(res.json().data).toHaveLength(MAX_AGENDA_ITEMS);
    const some = await get(
      london,
      '/api/v1/actions/agenda?from=2033-01-10T00:00:00Z&to=2033-01-10T08:02:30Z',
    );
    expect(some.json()).toMatchObject({ truncated: false });
    expect(some.json().data).toHaveLength(10);
  });
});
