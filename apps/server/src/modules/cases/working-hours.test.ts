import type { WorkingHours } from '@trato/contracts/cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { addWorkingHours, DEFAULT_WORKING_HOURS } from './working-hours.ts';

const madrid: WorkingHours = DEFAULT_WORKING_HOURS;
const at = (iso: string) => new Date(iso);
const plus = (from: string, hours: number, wh: WorkingHours = madrid) =>
  addWorkingHours(at(from), hours, wh).toISOString();

describe('addWorkingHours', () => {
  it('counts only working time: Friday 17:00 + 2 h is Monday 10:00 in Madrid', () => {
    // 2026-11-20 is a Friday; Madrid is UTC+1 in November.
    expect(plus('2026-11-20T17:00:00+01:00', 2)).toBe(at('2026-11-23T10:00:00+01:00').toISOString());
  });

  it('ends exactly at the close of a day when the time runs out there', () => {
    expect(plus('2026-11-20T17:00:00+01:00', 1)).toBe(at('2026-11-20T18:00:00+01:00').toISOString());
    expect(plus('2026-11-18T09:00:00+01:00', 9)).toBe(at('2026-11-18T18:00:00+01:00').toISOString());
  });

  it('takes fractions of an hour', () => {
    expect(plus('2026-11-18T10:00:00+01:00', 1.5)).toBe(at('2026-11-18T11:30:00+01:00').toISOString());
    expect(plus('2026-11-18T17:45:00+01:00', 0.75)).toBe(at('2026-11-19T09:30:00+01:00').toISOString());
  });

  it('starts outside working time from the next working moment', () => {
    // Saturday night → Monday 09:00 + 3 h.
    expect(plus('2026-11-21T23:10:00+01:00', 3)).toBe(at('2026-11-23T12:00:00+01:00').toISOString());
    // Before opening on a weekday.
    expect(plus('2026-11-18T06:00:00+01:00', 1)).toBe(at('2026-11-18T10:00:00+01:00').toISOString());
    // After closing: the next morning.
    expect(plus('2026-11-18T19:00:00+01:00', 0)).toBe(at('2026-11-19T09:00:00+01:00').toISOString());
  });

  it('keeps the local clock across the last Sunday of March (clocks forward)', () => {
    // Friday 27 March 2026 17:00 CET + 2 h → Monday 30 March 10:00 CEST (UTC+2).
    expect(plus('2026-03-27T17:00:00+01:00', 2)).toBe(at('2026-03-30T10:00:00+02:00').toISOString());
  });

  it('keeps the local clock across the last Sunday of October (clocks back)', () => {
    // Friday 23 October 2026 17:00 CEST + 2 h → Monday 26 October 10:00 CET (UTC+1).
    expect(plus('2026-10-23T17:00:00+02:00', 2)).toBe(at('2026-10-26T10:00:00+01:00').toISOString());
  });

  it('counts a window that a clock change shortens as it really is', () => {
    // A night shift 01:00–04:00 on Sunday 29 March 2026 lasts 2 real hours (02:00 becomes 03:00).
    const nights: WorkingHours = { ...madrid, days: [7], start: '01:00', end: '04:00' };
    expect(plus('2026-03-29T01:00:00+01:00', 2, nights)).toBe(at('2026-03-29T04:00:00+02:00').toISOString());
    expect(plus('2026-03-29T01:00:00+01:00', 2.5, nights)).toBe(
      at('2026-04-05T01:30:00+02:00').toISOString(),
    );
  });

  it('skips holidays', () => {
    const withHoliday = { ...madrid, holidays: ['2026-11-23'] };
    expect(plus('2026-11-20T17:00:00+01:00', 2, withHoliday)).toBe(
      at('2026-11-24T10:00:00+01:00').toISOString(),
    );
  });

  it('follows the configured days, hours and zone', () => {
    const ny: WorkingHours = {
      time_zone: 'America/New_York',
      days: [1, 2, 3, 4, 5, 6],
      start: '08:00',
      end: '12:00',
      holidays: [],
    };
    // Friday 11:00 New York + 3 h → Saturday 10:00 (Saturday works, mornings only).
    expect(plus('2026-11-20T11:00:00-05:00', 3, ny)).toBe(at('2026-11-21T10:00:00-05:00').toISOString());
  });

  it('gives the same answer over many weeks as counting day by day', () => {
    // 9 h a day, 5 days a week: 450 h are 50 working days, i.e. 10 weeks, across the March clock change
    // and a holiday (one more day).
    const wh = { ...madrid, holidays: ['2026-03-19'] };
    expect(plus('2026-02-02T09:00:00+01:00', 450, wh)).toBe(at('2026-04-13T18:00:00+02:00').toISOString());
    expect(plus('2026-02-02T09:00:00+01:00', 450.5, wh)).toBe(at('2026-04-14T09:30:00+02:00').toISOString());
  });
});

describe('working hours setting', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await createUser(ctx, { role: 'admin' });
    agent = await createUser(ctx, { role: 'agent' });
  });
  afterAll(async () => ctx.close());

  const url = '/api/v1/settings/working-hours';
  const put = (user: TestUser, payload: unknown) =>
    ctx.app.inject({ method: 'PUT', url, payload: payload as object, headers: user.headers });
  const fieldsOf = (res: { json(): any }) =>
    (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
  const valid = {
    time_zone: 'Atlantic/Canary',
    days: [5, 1, 2, 3, 4],
    start: '08:00',
    end: '15:00',
    holidays: ['2026-12-25', '2026-01-06'],
  };

  it('defaults to Monday–Friday 09:00–18:00 in Madrid, readable by everyone', async () => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: agent.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      time_zone: 'Europe/Madrid',
      days: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
      holidays: [],
    });
    expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('is changed by an admin only, and the change is recorded', async () => {
    expect((await put(agent, valid)).statusCode).toBe(403);
    const res = await put(admin, valid);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ...valid, days: [1, 2, 3, 4, 5], holidays: ['2026-01-06', '2026-12-25'] });
    expect((await ctx.app.inject({ method: 'GET', url, headers: agent.headers })).json().time_zone).toBe(
      'Atlantic/Canary',
    );
    const event = await ctx.db
      .selectFrom('events')
      .select(['actor_id', 'changes'])
      .where('type', '=', 'settings.updated')
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(admin.id);
    expect(event.changes).toMatchObject({
      key: 'working_hours',
      time_zone: ['Europe/Madrid', 'Atlantic/Canary'],
      end: ['18:00', '15:00'],
    });
  });

  it('refuses a zone that does not exist, naming the field', async () => {
    const res = await ctx.app.inject({
      method: 'PUT',
      url,
      payload: { ...valid, time_zone: 'Europe/Atlantis' },
      headers: { ...admin.headers, 'accept-language': 'es' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(res)).toEqual(['time_zone:unknown_time_zone']);
    expect(res.json().errors[0].message).toMatch(/zona horaria/i);
  });

  it('refuses an end not after the start, no days, a bad day number, a bad time and a bad date', async () => {
    expect(fieldsOf(await put(admin, { ...valid, start: '15:00', end: '15:00' }))).toEqual([
      'end:ends_before_start',
    ]);
    expect(fieldsOf(await put(admin, { ...valid, days: [] }))).toEqual(['days:too_few']);
    expect(fieldsOf(await put(admin, { ...valid, days: [0, 8] }))).toEqual([
      'days.0:too_small',
      'days.1:too_big',
    ]);
    expect(fieldsOf(await put(admin, { ...valid, start: '9:00' }))).toEqual(['start:invalid_time']);
    expect(fieldsOf(await put(admin, { ...valid, holidays: ['2026-02-30'] }))).toEqual([
      'holidays.0:invalid_format',
    ]);
    expect(fieldsOf(await put(admin, { ...valid, holidays: Array(201).fill('2026-01-01') }))).toEqual([
      'holidays:too_many',
    ]);
    // Nothing of the refused ones was stored.
    expect((await ctx.app.inject({ method: 'GET', url, headers: agent.headers })).json().end).toBe('15:00');
  });
});
