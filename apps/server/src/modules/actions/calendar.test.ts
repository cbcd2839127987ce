import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRow } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import {
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { icalValidationErrors } from '../../test/ical-validator.ts';

let ctx: TestContext;
let anna: TestUser;
let pau: TestUser;
let teamId: string;
let meetingType: string;
let taskType: string;

const DAY = 86_400_000;
const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

beforeAll(async () => {
  ctx = await createTestApp();
  anna = await createUser(ctx, { role: 'agent', name: 'Anna Ferrer' });
  pau = await createUser(ctx, { role: 'agent', name: 'Pau Serra' });
  teamId = await createTeam(ctx, 'Comercial Lleida', [anna.id, pau.id]);
  const types = await ctx.db.selectFrom('action_types').select(['id', 'key']).execute();
  meetingType = types.find((t) => t.key === 'meeting')?.id ?? '';
  taskType = types.find((t) => t.key === 'task')?.id ?? '';
});
afterAll(async () => ctx.close());

const get = (user: TestUser | null, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user?.headers, ...headers } });
const send = (user: TestUser, method: 'POST' | 'DELETE', url: string) =>
  ctx.app.inject({ method, url, headers: user.headers });

async function newFeed(user: TestUser): Promise<{ id: string; url: string; path: string }> {
  const res = await send(user, 'POST', '/api/v1/calendar/feeds');
  expect(res.statusCode).toBe(201);
  const feed = res.json() as { id: string; url: string };
  return { ...feed, path: new URL(feed.url).pathname };
}

/** A timed action (meeting) `days` from now, assigned to the user unless told otherwise. */
async function anAction(
  subject: string,
  values: Partial<Omit<ActionRow, 'attendees'>> & { days?: number } = {},
) {
  const { days = 3, ...rest } = values;
  const start = inDays(days);
  const row = await ctx.db
    .insertInto('actions')
    .values({
      id: newId(),
      type_id: meetingType,
      subject,
      starts_at: start,
      ends_at: new Date(start.getTime() + 3_600_000),
      due_at: new Date(start.getTime() + 3_600_000),
      assignee_user_id: anna.id,
      created_by: anna.id,
      ...rest,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return row.id;
}

function feedEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      allDay: event.startDate.isDate,
      sequence: event.sequence,
      organizer: vevent.getFirstPropertyValue('organizer'),
      attendees: event.attendees.map((a) => String(a.getFirstValue()).toLowerCase()),
    };
  });
}

describe('private calendar feeds', () => {
  it('are given at the public address when TRATO_PUBLIC_URL is set (behind a proxy), and work there', async () => {
    const proxied = await createTestApp({ TRATO_PUBLIC_URL: 'https://crm.example.com/trato/' });
    try {
      const user = await createUser(proxied, { role: 'agent' });
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/feeds',
        headers: user.headers,
      });
      expect(res.statusCode).toBe(201);
      const url = res.json().url as string;
      expect(url).toMatch(
        /^https:\/\/crm\.example\.com\/trato\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/,
      );
      const path = url.replace('https://crm.example.com/trato', '');
      expect((await proxied.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('shows the feed URL once, lists the feed without it, and serves the calendar to anyone holding the URL', async () => {
    const feed = await newFeed(anna);
    expect(feed.url).toMatch(/^http:\/\/localhost(:\d+)?\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    const list = await get(anna, '/api/v1/calendar/feeds');
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([{ id: feed.id, created_at: expect.any(String), last_used_at: null }]);
    expect(list.body).not.toContain(feed.path.split('/').pop()?.replace('.ics', '') ?? '-');
    expect((await get(pau, '/api/v1/calendar/feeds')).json().data).toEqual([]);
    // The token is stored hashed: the table never holds it.
    const stored = await ctx.db
      .selectFrom('calendar_feeds')
      .select('token_hash')
      .where('id', '=', feed.id)
      .execute();
    expect(feed.url).not.toContain(stored[0]?.token_hash ?? '-');

    const res = await get(null, feed.path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toContain('private');
    expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const used = (await get(anna, '/api/v1/calendar/feeds')).json().data[0];
    expect(used.last_used_at).not.toBeNull();

    // Unchanged → 304 to a calendar app that sends the ETag back.
    const etag = String(res.headers.etag);
    expect((await get(null, feed.path, { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('answers 404 once a feed is revoked, and only its owner can revoke it', async () => {
    const feed = await newFeed(anna);
    expect((await get(null, feed.path)).statusCode).toBe(200);
    expect((await send(pau, 'DELETE', `/api/v1/calendar/feeds/${feed.id}`)).statusCode).toBe(404);
    expect((await get(null, feed.path)).statusCode).toBe(200);

    expect((await send(anna, 'DELETE', `/api/v1/calendar/feeds/${feed.id}`)).statusCode).toBe(204);
    const gone = await get(null, feed.path);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect((await send(anna, 'DELETE', `/api/v1/calendar/feeds/${feed.id}`)).statusCode).toBe(404);
    expect(
      (await get(anna, '/api/v1/calendar/feeds')).json().data.map((f: { id: string }) => f.id),
    ).not.toContain(feed.id);
  });

  it('answers 404 for an unknown or malformed token, and 401 to the feed list without credentials', async () => {
    expect((await get(null, `/api/v1/calendar/feed/${'A'.repeat(43)}.ics`)).statusCode).toBe(404);
    expect((await get(null, '/api/v1/calendar/feed/..%2F..%2Fetc.ics')).statusCode).toBe(404);
    expect((await get(null, '/api/v1/calendar/feed/short.ics')).statusCode).toBe(404);
    expect((await get(null, '/api/v1/calendar/feeds')).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/feeds' })).statusCode).toBe(401);
  });

  it("lists the user's and their team's untaken actions, planned and done, never another user's private ones", async () => {
    const own = await anAction('Visita a Talleres Ebro');
    const done = await anAction('Llamada hecha', { days: -10, status: 'done', completed_at: new Date() });
    const teamPool = await anAction('Reunión de equipo', {
      assignee_user_id: null,
      assignee_team_id: teamId,
      created_by: pau.id,
    });
    const untimed = await anAction('Enviar la oferta', {
      type_id: taskType,
      starts_at: null,
      ends_at: null,
      due_date: inDays(5).toISOString().slice(0, 10),
      due_at: inDays(5, 22),
    });
    const ownPrivate = await anAction('Médico', { private: true });
    const withAttendees = await anAction('Presentación a Garrotxa', { days: 4 });
    await ctx.db
      .updateTable('actions')
      .set({
        attendees: JSON.stringify([{ email: 'jordi@garrotxa.test', name: 'Jordi Vila' }]),
        ical_uid: `${withAttendees}@trato`,
        ical_sequence: 2,
      })
      .where('id', '=', withAttendees)
      .execute();
    const hidden = [
      await anAction('De Pau', { assignee_user_id: pau.id, created_by: pau.id }),
      await anAction('Privada del equipo, de Pau', {
        assignee_user_id: null,
        assignee_team_id: teamId,
        created_by: pau.id,
        private: true,
      }),
      await anAction('Del equipo, tomada por Pau', { assignee_user_id: pau.id, assignee_team_id: teamId }),
      await anAction('Cancelada', { status: 'cancelled' }),
      await anAction('Borrada', { deleted_at: new Date() }),
      await anAction('Hace mucho', { days: -120 }),
      await anAction('Dentro de dos años', { days: 800 }),
    ];

    const feed = await newFeed(anna);
    const ics = (await get(null, feed.path)).body;
    expect(await icalValidationErrors(ics)).toEqual([]);
    const events = feedEvents(ics);
    const uids = events.map((e) => e.uid);
    for (const id of [own, done, teamPool, untimed, ownPrivate, withAttendees])
      expect(uids).toContain(`${id}@trato`);
    for (const id of hidden) expect(uids).not.toContain(`${id}@trato`);

    const visit = events.find((e) => e.uid === `${own}@trato`);
    expect(visit).toMatchObject({
      summary: 'Visita a Talleres Ebro',
      start: inDays(3).toISOString(),
      end: new Date(inDays(3).getTime() + 3_600_000).toISOString(),
      allDay: false,
    });
    expect(events.find((e) => e.uid === `${untimed}@trato`)).toMatchObject({ allDay: true });
    expect(events.find((e) => e.uid === `${withAttendees}@trato`)).toMatchObject({
      sequence: 2,
      attendees: ['mailto:jordi@garrotxa.test'],
    });

    // Pau's feed: his actions and the team's, never Anna's private one.
    const pauFeed = await newFeed(pau);
    const pauUids = feedEvents((await get(null, pauFeed.path)).body).map((e) => e.uid);
    expect(pauUids).toContain(`${hidden[0]}@trato`);
    expect(pauUids).toContain(`${teamPool}@trato`);
    expect(pauUids).toContain(`${hidden[1]}@trato`);
    expect(pauUids).not.toContain(`${ownPrivate}@trato`);
    expect(pauUids).not.toContain(`${own}@trato`);
  });

  it('has a validator that does find mistakes (so the checks above can fail)', async () => {
    const feed = await newFeed(anna);
    const ics = (await get(null, feed.path)).body;
    expect(await icalValidationErrors(ics.replace(/\r\nDTSTAMP:[^\r]*/g, ''))).not.toEqual([]);
    expect(await icalValidationErrors(ics.replace(/\r\nDTSTART:\d{8}T/, '\r\nDTSTART:2026XX'))).not.toEqual(
      [],
    );
  });

  it('stops serving the feed of a deactivated user', async () => {
    const carla = await createUser(ctx, { role: 'agent', name: 'Carla Mas' });
    const feed = await newFeed(carla);
    expect((await get(null, feed.path)).statusCode).toBe(200);
    await ctx.db.updateTable('users').set({ active: false }).where('id', '=', carla.id).execute();
    expect((await get(null, feed.path)).statusCode).toBe(404);
  });
});
