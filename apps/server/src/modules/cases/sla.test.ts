import type { CaseType } from '@trato/contracts/cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { computeSlaDueDates, flagBreachedCases, slaView, startSlaWorker } from './sla.ts';
import { getWorkingHours } from './working-hours.ts';

const at = (iso: string) => new Date(iso);

describe('slaView', () => {
  const created = '2026-11-16T09:00:00+01:00';
  const row = {
    created_at: at(created),
    first_response_due_at: at('2026-11-16T13:00:00+01:00'),
    first_response_at: null as Date | null,
    resolution_due_at: at('2026-11-18T09:00:00+01:00'),
    sla_breached_at: null as Date | null,
    closed_at: null as Date | null,
  };

  it('is none without targets', () => {
    const view = slaView({ ...row, first_response_due_at: null, resolution_due_at: null }, at(created));
    expect(view).toEqual({
      state: 'none',
      first_response_due_at: null,
      first_response_at: null,
      resolution_due_at: null,
      breached_at: null,
    });
  });

  it('is ok with time left, and gives the due dates as ISO strings', () => {
    expect(slaView(row, at('2026-11-16T10:00:00+01:00'))).toEqual({
      state: 'ok',
      first_response_due_at: '2026-11-16T12:00:00.000Z',
      first_response_at: null,
      resolution_due_at: '2026-11-18T08:00:00.000Z',
      breached_at: null,
    });
  });

  it('is at risk with less than 20% of the time to a pending due date left', () => {
    // First response: 4 h from opening; 12:30 leaves 30 min (12.5%).
    expect(slaView(row, at('2026-11-16T12:30:00+01:00')).state).toBe('at_risk');
    // Answered: only the resolution counts (48 h; 20% is 9.6 h: 11 h left is ok, 9 h is not).
    const answered = { ...row, first_response_at: at('2026-11-16T11:00:00+01:00') };
    expect(slaView(answered, at('2026-11-16T12:30:00+01:00')).state).toBe('ok');
    expect(slaView(answered, at('2026-11-17T22:00:00+01:00')).state).toBe('ok');
    expect(slaView(answered, at('2026-11-18T00:00:00+01:00')).state).toBe('at_risk');
  });

  it('is breached when a due date passed, or once flagged', () => {
    expect(slaView(row, at('2026-11-16T13:01:00+01:00')).state).toBe('breached');
    const answered = { ...row, first_response_at: at('2026-11-16T11:00:00+01:00') };
    expect(slaView(answered, at('2026-11-18T09:01:00+01:00')).state).toBe('breached');
    const lateAnswer = { ...row, first_response_at: at('2026-11-16T14:00:00+01:00') };
    expect(slaView(lateAnswer, at('2026-11-16T15:00:00+01:00')).state).toBe('breached');
    const flagged = { ...row, sla_breached_at: at('2026-11-16T13:05:00+01:00') };
    expect(slaView(flagged, at('2026-11-16T10:00:00+01:00'))).toMatchObject({
      state: 'breached',
      breached_at: '2026-11-16T12:05:00.000Z',
    });
  });

  it('is met when closed in time, breached when closed late', () => {
    const answered = { ...row, first_response_at: at('2026-11-16T11:00:00+01:00') };
    const closedInTime = { ...answered, closed_at: at('2026-11-17T12:00:00+01:00') };
    expect(slaView(closedInTime, at('2026-12-01T00:00:00+01:00')).state).toBe('met');
    const closedLate = { ...answered, closed_at: at('2026-11-18T12:00:00+01:00') };
    expect(slaView(closedLate, at('2026-12-01T00:00:00+01:00')).state).toBe('breached');
    // Closing without a separate answer answers it too.
    const closedQuickly = { ...row, closed_at: at('2026-11-16T10:00:00+01:00') };
    expect(slaView(closedQuickly, at('2026-12-01T00:00:00+01:00')).state).toBe('met');
  });

  it('takes the timestamps as strings too', () => {
    const asStrings = {
      created_at: created,
      first_response_due_at: '2026-11-16T13:00:00+01:00',
      first_response_at: null,
      resolution_due_at: null,
      sla_breached_at: null,
      closed_at: null,
    };
    expect(slaView(asStrings, at('2026-11-16T14:00:00+01:00')).state).toBe('breached');
  });
});

describe('SLA due dates and breaches', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let claim: CaseType;
  let entityId: string;
  let otherEntityId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await createUser(ctx, { role: 'admin' });
    const types = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/case-types', headers: admin.headers })
    ).json().data as CaseType[];
    claim = types.find((t) => t.key === 'claim')!;
    const post = (payload: object) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/entities', payload, headers: admin.headers });
    entityId = (await post(aCompany())).json().id;
    otherEntityId = (await post(aCompany())).json().id;
  });
  afterAll(async () => ctx.close());

  it('counts the type’s targets in working hours, from the stored setting', async () => {
    // Claims, urgent: first response 2 h, resolution 8 h. Friday 17:00 in Madrid.
    const from = at('2026-11-20T17:00:00+01:00');
    expect(await computeSlaDueDates(ctx.db, claim.sla, 'urgent', from)).toEqual({
      first_response_due_at: at('2026-11-23T10:00:00+01:00'),
      resolution_due_at: at('2026-11-23T16:00:00+01:00'),
    });
    expect(await computeSlaDueDates(ctx.db, {}, 'urgent', from)).toEqual({
      first_response_due_at: null,
      resolution_due_at: null,
    });
    expect(await computeSlaDueDates(ctx.db, { high: { resolution_hours: 3 } }, 'high', from)).toEqual({
      first_response_due_at: null,
      resolution_due_at: at('2026-11-23T11:00:00+01:00'),
    });

    // Saturday mornings count, Monday 23 is a holiday.
    const before = await getWorkingHours(ctx.db);
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/working-hours',
      payload: {
        time_zone: 'Europe/Madrid',
        days: [1, 2, 3, 4, 5, 6],
        start: '09:00',
        end: '14:00',
        holidays: ['2026-11-23'],
      },
      headers: admin.headers,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await computeSlaDueDates(ctx.db, claim.sla, 'urgent', from)).toEqual({
      first_response_due_at: at('2026-11-21T11:00:00+01:00'),
      resolution_due_at: at('2026-11-24T12:00:00+01:00'),
    });

    // A run of writes (an import) passes the working hours it has cached: they are used, not the setting,
    // and not even asked for when the type sets no target.
    let loads = 0;
    const cached = async () => {
      loads++;
      return before;
    };
    expect(await computeSlaDueDates(ctx.db, claim.sla, 'urgent', from, cached)).toEqual({
      first_response_due_at: at('2026-11-23T10:00:00+01:00'),
      resolution_due_at: at('2026-11-23T16:00:00+01:00'),
    });
    expect(await computeSlaDueDates(ctx.db, {}, 'urgent', from, cached)).toEqual({
      first_response_due_at: null,
      resolution_due_at: null,
    });
    expect(loads).toBe(1);
  });

  let cases = 0;
  async function insertCase(values: {
    entityId?: string;
    firstDue?: string | null;
    firstAt?: string | null;
    resolutionDue?: string | null;
    closed?: boolean;
    deleted?: boolean;
    breachedAt?: string;
  }): Promise<string> {
    cases++;
    const id = newId();
    await ctx.db
      .insertInto('cases')
      .values({
        id,
        type_id: claim.id,
        number: `REC-2026-${String(cases).padStart(5, '0')}`,
        title: `Claim ${cases}`,
        entity_id: values.entityId ?? entityId,
        status_id: claim.statuses[0]!.id,
        priority: 'high',
        first_response_due_at: values.firstDue ?? null,
        first_response_at: values.firstAt ?? null,
        resolution_due_at: values.resolutionDue ?? null,
        closed_at: values.closed ? '2026-11-10T10:00:00Z' : null,
        deleted_at: values.deleted ? '2026-11-10T10:00:00Z' : null,
        sla_breached_at: values.breachedAt ?? null,
        created_by: admin.id,
      })
      .execute();
    return id;
  }

  it('flags only open live cases past a due date, once, with an event each', async () => {
    const now = at('2026-11-25T12:00:00Z');
    const past = '2026-11-25T11:00:00Z';
    const future = '2099-11-26T11:00:00Z';
    const resolutionLate = await insertCase({
      entityId: otherEntityId,
      firstAt: past,
      firstDue: past,
      resolutionDue: past,
    });
    const unanswered = await insertCase({ firstDue: past, resolutionDue: future });
    const answered = await insertCase({
      firstDue: past,
      firstAt: '2026-11-25T10:00:00Z',
      resolutionDue: future,
    });
    const inTime = await insertCase({ firstDue: future, resolutionDue: future });
    const closed = await insertCase({ firstDue: past, resolutionDue: past, closed: true });
    const deleted = await insertCase({ firstDue: past, resolutionDue: past, deleted: true });
    const flaggedBefore = await insertCase({ resolutionDue: past, breachedAt: '2026-11-25T11:30:00Z' });
    const noTargets = await insertCase({});

    expect(await flagBreachedCases(ctx.db, now)).toBe(2);
    const rows = await ctx.db.selectFrom('cases').select(['id', 'sla_breached_at', 'version']).execute();
    const breached = new Map(rows.map((r) => [r.id, r.sla_breached_at?.toISOString() ?? null]));
    expect(breached.get(resolutionLate)).toBe(now.toISOString());
    expect(breached.get(unanswered)).toBe(now.toISOString());
    for (const id of [answered, inTime, closed, deleted, noTargets]) expect(breached.get(id)).toBeNull();
    expect(breached.get(flaggedBefore)).toBe('2026-11-25T11:30:00.000Z');

    const events = await ctx.db
      .selectFrom('events')
      .select(['object', 'object_id', 'entity_id', 'actor_id', 'changes'])
      .where('type', '=', 'case.sla_breached')
      .orderBy('object_id')
      .execute();
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.object_id === resolutionLate)).toMatchObject({
      object: 'case',
      entity_id: otherEntityId,
      actor_id: null,
      changes: { due: 'resolution', due_at: '2026-11-25T11:00:00.000Z' },
    });
    expect(events.find((e) => e.object_id === unanswered)).toMatchObject({
      entity_id: entityId,
      changes: { due: 'first_response', due_at: '2026-11-25T11:00:00.000Z' },
    });

    // A second pass finds nothing new.
    expect(await flagBreachedCases(ctx.db, at('2026-11-25T12:01:00Z'))).toBe(0);
  });

  it('runs in a worker that flags on each pass and logs instead of throwing', async () => {
    const id = await insertCase({ resolutionDue: '2026-01-01T00:00:00Z' });
    const messages: string[] = [];
    const log = {
      info: (m: string) => messages.push(`info ${m}`),
      error: (m: string) => messages.push(`error ${m}`),
    };
    const worker = startSlaWorker({ db: ctx.db, log, intervalMs: 3_600_000 });
    await worker.tick();
    await worker.stop();
    const row = await ctx.db
      .selectFrom('cases')
      .select('sla_breached_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.sla_breached_at).not.toBeNull();
    expect(messages).toEqual(['info SLA: 1 case(s) flagged as breached']);

    const broken = {
      transaction: () => ({
        execute: () => Promise.reject(new Error('database is down')),
      }),
    } as unknown as Database;
    const failing = startSlaWorker({ db: broken, log, intervalMs: 3_600_000 });
    await failing.tick(); // resolves: the error is logged, not thrown
    await failing.stop();
    expect(messages.at(-1)).toBe('error SLA: database is down');
  });
});
