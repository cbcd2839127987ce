import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  signIn,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { addDays, localDate, weekday } from '../actions/zoned-time.ts';
import {
  ensureWeeklySnapshot,
  loadDemoSnapshots,
  startForecastSnapshotWorker,
  takeForecastSnapshot,
} from './forecast-snapshots.ts';

let ctx: TestContext;
let admin: TestUser;
let anna: TestUser;
let maria: TestUser;
let pau: TestUser;
let teamA: string;
let teamB: string;
let entityId: string;
/** Status ids by `<type key>.<status key>`. */
const status: Record<string, string> = {};
const typeId: Record<string, string> = {};
let caseCount = 0;

interface CaseRow {
  type?: string;
  status: string;
  owner?: string | null;
  team?: string | null;
  amount?: string | null;
  currency?: string;
  probability?: number | null;
  expected_close?: string | null;
  closed_at?: string | null;
  created_at?: string;
  deleted?: boolean;
}

/** A case row written straight to the table (the cases API is another slice's). */
async function insertCase(row: CaseRow): Promise<string> {
  const id = newId();
  const type = row.type ?? 'opportunity';
  caseCount++;
  await ctx.db
    .insertInto('cases')
    .values({
      id,
      type_id: typeId[type] as string,
      number: `T-${caseCount}`,
      title: `Caso ${caseCount}`,
      entity_id: entityId,
      owner_id: row.owner ?? null,
      team_id: row.team ?? null,
      status_id: status[`${type}.${row.status}`] as string,
      status_changed_at: new Date(),
      amount: row.amount ?? null,
      currency: row.currency ?? 'EUR',
      probability: row.probability ?? null,
      expected_close: row.expected_close ?? null,
      closed_at: row.closed_at ?? null,
      created_at: row.created_at ?? '2026-01-15T10:00:00Z',
      deleted_at: row.deleted ? new Date() : null,
      custom: '{}',
      created_by: null,
    })
    .execute();
  return id;
}

const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });

const forecast = async (user: TestUser, query: string, headers: Record<string, string> = {}) => {
  const res = await get(user, `/api/v1/forecast?${query}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const bucket = (body: { open: { month: string; key: string | null }[] }, month: string, key: string | null) =>
  body.open.find((b) => b.month === month && b.key === key);

async function setSetting(key: string, value: unknown) {
  await ctx.db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_by: null })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
const clearSetting = (key: string) => ctx.db.deleteFrom('settings').where('key', '=', key).execute();

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Admin' });
  anna = await createUser(ctx, { role: 'agent', name: 'Anna Ferrer' });
  maria = await createUser(ctx, { role: 'agent', name: 'Maria Vidal' });
  pau = await createUser(ctx, { role: 'agent', name: 'Pau Serra' });
  teamA = await createTeam(ctx, 'Comercial Girona', [anna.id, maria.id]);
  teamB = await createTeam(ctx, 'Comercial Lleida', [pau.id]);
  // Team memberships were added after sign-in: sign the agents in again so their sessions know them.
  anna = await signIn(ctx, anna);
  pau = await signIn(ctx, pau);
  const entity = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/entities',
    headers: admin.headers,
    payload: aCompany(),
  });
  entityId = entity.json().id;
  const rows = await ctx.db
    .selectFrom('case_statuses as s')
    .innerJoin('case_types as t', 't.id', 's.type_id')
    .select(['s.id', 's.key', 't.key as type_key', 't.id as type_id'])
    .execute();
  for (const r of rows) {
    status[`${r.type_key}.${r.key}`] = r.id;
    typeId[r.type_key] = r.type_id;
  }

  // The pipeline most tests read (months 2026-09 … 2026-12).
  await insertCase({
    status: 'proposal',
    owner: anna.id,
    team: teamA,
    amount: '1000',
    expected_close: '2026-11-10',
  });
  await insertCase({
    status: 'proposal',
    owner: anna.id,
    team: teamA,
    amount: '2000.50',
    probability: 10,
    expected_close: '2026-11-20',
  });
  await insertCase({
    status: 'negotiation',
    owner: pau.id,
    team: teamB,
    amount: '400',
    expected_close: '2026-12-01',
  });
  await insertCase({ status: 'new', amount: '100', expected_close: '2026-11-05' });
  await insertCase({ status: 'qualified', owner: maria.id, amount: '80', expected_close: '2026-09-30' });
  // Left out: another currency (counted), no close date, deleted, a service type, outside the months.
  await insertCase({
    status: 'new',
    owner: anna.id,
    amount: '999',
    currency: 'USD',
    expected_close: '2026-11-02',
  });
  await insertCase({ status: 'new', owner: anna.id, amount: '5000', expected_close: null });
  await insertCase({
    status: 'new',
    owner: anna.id,
    amount: '7000',
    expected_close: '2026-11-03',
    deleted: true,
  });
  await insertCase({
    type: 'claim',
    status: 'new',
    owner: anna.id,
    amount: '300',
    expected_close: '2026-11-04',
  });
  await insertCase({ status: 'new', owner: anna.id, amount: '50', expected_close: '2027-03-01' });
  // Won: 23:30 UTC on 31 October is 00:30 on 1 November in Madrid.
  await insertCase({
    status: 'won',
    owner: anna.id,
    team: teamA,
    amount: '700',
    expected_close: '2026-10-31',
    closed_at: '2026-10-31T23:30:00Z',
  });
  await insertCase({
    status: 'won',
    owner: pau.id,
    team: teamB,
    amount: '300',
    closed_at: '2026-10-15T10:00:00Z',
  });
  await insertCase({
    status: 'won',
    owner: pau.id,
    amount: '10',
    currency: 'USD',
    closed_at: '2026-10-16T10:00:00Z',
  });
  await insertCase({ status: 'lost', owner: pau.id, amount: '900', closed_at: '2026-10-20T10:00:00Z' });
});
afterAll(async () => ctx.close());

const MONTHS = 'from=2026-09&to=2026-12';

describe('forecast', () => {
  it('buckets open opportunities by close month and status, weighted by the effective probability', async () => {
    const body = await forecast(admin, `${MONTHS}&group=status`);
    expect(body.currency).toBe('EUR');
    expect(body.months).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    // 1000 × 50 % + 2000.50 × 10 % (its own probability overrides the status's 50).
    expect(bucket(body, '2026-11', status['opportunity.proposal']!)).toEqual({
      month: '2026-11',
      key: status['opportunity.proposal'],
      cases: 2,
      amount: '3000.50',
      weighted: '700.05',
    });
    expect(bucket(body, '2026-11', status['opportunity.new']!)).toMatchObject({
      cases: 1,
      amount: '100.00',
      weighted: '10.00',
    });
    expect(bucket(body, '2026-12', status['opportunity.negotiation']!)).toMatchObject({
      cases: 1,
      amount: '400.00',
      weighted: '300.00',
    });
    expect(bucket(body, '2026-09', status['opportunity.qualified']!)).toMatchObject({
      cases: 1,
      weighted: '20.00',
    });
    // Nothing from the USD case, the case with no close date, the deleted one, the claim, or March 2027.
    expect(body.open.reduce((n: number, b: { cases: number }) => n + b.cases, 0)).toBe(5);
    // A steady legend: every open status of the pipeline, in order, named in the caller's language.
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual(
      ['new', 'qualified', 'proposal', 'negotiation'].map((k) => status[`opportunity.${k}`]),
    );
    expect(body.groups[2]).toMatchObject({ name: 'Propuesta enviada', color: 'blue' });
    const english = await forecast(admin, `${MONTHS}&group=status`, { 'accept-language': 'en' });
    expect(english.groups[2].name).toBe('Proposal sent');
  });

  it('groups by owner and by team, with no owner / no team as a null key', async () => {
    const byOwner = await forecast(admin, `${MONTHS}&group=owner`, { 'accept-language': 'en' });
    expect(bucket(byOwner, '2026-11', anna.id)).toMatchObject({
      cases: 2,
      amount: '3000.50',
      weighted: '700.05',
    });
    expect(bucket(byOwner, '2026-11', null)).toMatchObject({ cases: 1, amount: '100.00' });
    expect(bucket(byOwner, '2026-12', pau.id)).toMatchObject({ cases: 1, amount: '400.00' });
    expect(byOwner.groups).toEqual([
      { key: anna.id, name: 'Anna Ferrer' },
      { key: maria.id, name: 'Maria Vidal' },
      { key: pau.id, name: 'Pau Serra' },
      { key: null, name: 'No owner' },
    ]);
    const byTeam = await forecast(admin, `${MONTHS}&group=team`);
    expect(bucket(byTeam, '2026-11', teamA)).toMatchObject({ cases: 2, amount: '3000.50' });
    expect(bucket(byTeam, '2026-12', teamB)).toMatchObject({ cases: 1 });
    expect(bucket(byTeam, '2026-11', null)).toMatchObject({ cases: 1 });
    expect(byTeam.groups.at(-1)).toEqual({ key: null, name: 'Sin equipo' });
  });

  it('counts what was won per month of closing in the installation time zone', async () => {
    const body = await forecast(admin, MONTHS);
    expect(body.won).toEqual([
      { month: '2026-09', cases: 0, amount: '0.00' },
      { month: '2026-10', cases: 1, amount: '300.00' },
      { month: '2026-11', cases: 1, amount: '700.00' },
      { month: '2026-12', cases: 0, amount: '0.00' },
    ]);
    // The open USD opportunity and the won USD one are left out and counted.
    expect(body.other_currencies).toBe(2);

    // With the working hours in UTC, 23:30 UTC on 31 October is still October.
    await setSetting('working_hours', { time_zone: 'UTC' });
    try {
      const utc = await forecast(admin, MONTHS);
      expect(utc.won[1]).toEqual({ month: '2026-10', cases: 2, amount: '1000.00' });
      expect(utc.won[2]).toMatchObject({ cases: 0 });
    } finally {
      await clearSetting('working_hours');
    }
  });

  it('answers in the currency asked, or the installation default', async () => {
    const usd = await forecast(admin, `${MONTHS}&currency=usd`);
    expect(usd.currency).toBe('USD');
    expect(usd.open).toEqual([
      { month: '2026-11', key: status['opportunity.new'], cases: 1, amount: '999.00', weighted: '99.90' },
    ]);
    expect(usd.won[1]).toEqual({ month: '2026-10', cases: 1, amount: '10.00' });
    expect(usd.other_currencies).toBe(7);
    await setSetting('default_currency', 'USD');
    try {
      expect((await forecast(admin, MONTHS)).currency).toBe('USD');
    } finally {
      await clearSetting('default_currency');
    }
  });

  it('shows an agent only the pipeline of their team', async () => {
    const annaView = await forecast(anna, `${MONTHS}&group=owner`);
    // Her own cases and her teammate Maria's; not Pau's, not the unowned one.
    expect(annaView.groups.map((g: { key: string }) => g.key)).toEqual([anna.id, maria.id]);
    expect(annaView.won.map((w: { cases: number }) => w.cases)).toEqual([0, 0, 1, 0]);
    const pauView = await forecast(pau, `${MONTHS}&group=owner`);
    expect(pauView.groups.map((g: { key: string }) => g.key)).toEqual([pau.id]);
    expect(pauView.won[1]).toMatchObject({ cases: 1, amount: '300.00' });
    expect(pauView.other_currencies).toBe(1);
  });

  it('filters by owner, team and case type', async () => {
    const mine = await forecast(admin, `${MONTHS}&owner_id=${anna.id}`);
    expect(mine.open.map((b: { cases: number }) => b.cases)).toEqual([2]);
    expect(mine.won[2]).toMatchObject({ cases: 1 });
    const team = await forecast(admin, `${MONTHS}&team_id=${teamB}`);
    expect(team.open).toHaveLength(1);
    expect(team.won[1]).toMatchObject({ cases: 1, amount: '300.00' });
    const typed = await forecast(admin, `${MONTHS}&type_id=${typeId.opportunity}`);
    expect(typed.open).toHaveLength(4);
  });

  it('defaults to five months back and six ahead', async () => {
    const body = await forecast(admin, '');
    const current = localDate(new Date(), 'Europe/Madrid').slice(0, 7);
    expect(body.months).toHaveLength(12);
    expect(body.months[5]).toBe(current);
  });

  it('refuses a bad range or a type that is not a sale type with a 422 naming the field', async () => {
    const long = await get(admin, '/api/v1/forecast?from=2026-01&to=2029-01');
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual([expect.objectContaining({ field: 'to', code: 'too_many_months' })]);
    expect(long.json().errors[0].message).toContain('36');
    const backwards = await get(admin, '/api/v1/forecast?from=2026-06&to=2026-05');
    expect(backwards.json().errors[0]).toMatchObject({ field: 'to', code: 'invalid_range' });
    const month = await get(admin, '/api/v1/forecast?from=2026-13');
    expect(month.statusCode).toBe(422);
    expect(month.json().errors[0].field).toBe('from');
    const service = await get(admin, `/api/v1/forecast?type_id=${typeId.claim}`);
    expect(service.statusCode).toBe(422);
    expect(service.json().errors[0]).toMatchObject({ field: 'type_id', code: 'not_a_sale_type' });
    const unknown = await get(admin, `/api/v1/forecast?type_id=${newId()}`);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'type_id', code: 'unknown_case_type' });
    const group = await get(admin, '/api/v1/forecast?group=month');
    expect(group.json().errors[0]).toMatchObject({ field: 'group' });
  });
});

describe('forecast snapshots', () => {
  const countRows = async (takenOn: string) =>
    Number(
      (
        await ctx.db
          .selectFrom('forecast_snapshots')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('taken_on', '=', takenOn)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('keeps one row per month, type, owner, team, status and currency, and replaces the day when taken again', async () => {
    const first = await takeForecastSnapshot(ctx.db, '2026-08-03');
    // 2026-09 qualified (maria), 2026-11 proposal (anna, A), 2026-11 new (none), 2026-12 negotiation (pau, B),
    // 2026-11 new USD (anna), 2027-03 new (anna).
    expect(first).toEqual({ taken_on: '2026-08-03', rows: 6 });
    const proposal = await ctx.db
      .selectFrom('forecast_snapshots')
      .selectAll()
      .where('taken_on', '=', '2026-08-03')
      .where('status_id', '=', status['opportunity.proposal']!)
      .executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({
      month: '2026-11-01',
      owner_id: anna.id,
      team_id: teamA,
      currency: 'EUR',
      cases: 2,
    });
    expect(Number(proposal.amount)).toBe(3000.5);
    expect(Number(proposal.weighted)).toBe(700.05);
    expect(await takeForecastSnapshot(ctx.db, '2026-08-03')).toEqual(first);
    expect(await countRows('2026-08-03')).toBe(6);
    const events = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('type', '=', 'forecast.snapshot_taken')
      .execute();
    expect(events.map((e) => e.changes)).toEqual(
      expect.arrayContaining([{ taken_on: '2026-08-03', rows: 6, replaced: 6 }]),
    );
  });

  it('lets an admin take one now, and nobody else', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/forecast/snapshots',
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(201);
    const today = localDate(new Date(), 'Europe/Madrid');
    expect(res.json()).toEqual({ taken_on: today, rows: 6 });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/forecast/snapshots',
      headers: admin.headers,
    });
    expect(again.json()).toEqual({ taken_on: today, rows: 6 });
    expect(await countRows(today)).toBe(6);
    const agent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/forecast/snapshots',
      headers: anna.headers,
    });
    expect(agent.statusCode).toBe(403);
  });

  it('takes the weekly snapshot once a week, on the first check of the week', async () => {
    // Wednesday 4 March 2026 (no snapshot that week yet), then Friday, then the next Monday morning in Madrid.
    expect(await ensureWeeklySnapshot(ctx.db, new Date('2026-03-04T10:00:00Z'))).toEqual({
      taken_on: '2026-03-04',
      rows: 6,
    });
    expect(await ensureWeeklySnapshot(ctx.db, new Date('2026-03-06T10:00:00Z'))).toBeNull();
    expect(await ensureWeeklySnapshot(ctx.db, new Date('2026-03-08T23:30:00Z'))).toMatchObject({
      taken_on: '2026-03-09',
    });
  });

  it('runs as a worker that checks on its timer and stops cleanly', async () => {
    const today = localDate(new Date(), 'Europe/Madrid');
    const monday = addDays(today, -((weekday(today) + 6) % 7));
    await ctx.db.deleteFrom('forecast_snapshots').where('taken_on', '>=', monday).execute();
    const logged: string[] = [];
    const worker = startForecastSnapshotWorker({
      db: ctx.db,
      log: { info: (m) => logged.push(m), error: (m) => logged.push(`error ${m}`) },
      firstDelayMs: 10,
      intervalMs: 60_000,
    });
    await expect.poll(() => countRows(today), { timeout: 10_000 }).toBe(6);
    await worker.tick();
    await worker.stop();
    expect(await countRows(today)).toBe(6);
    expect(logged).toEqual([`Forecast: weekly snapshot of ${today} taken (6 rows)`]);
  });

  it('shows how a close month’s forecast moved, next to what was actually won', async () => {
    await takeForecastSnapshot(ctx.db, '2026-10-05');
    const grown = await insertCase({
      status: 'negotiation',
      owner: anna.id,
      team: teamA,
      amount: '600',
      expected_close: '2026-11-25',
    });
    await takeForecastSnapshot(ctx.db, '2026-10-12');
    await ctx.db.deleteFrom('cases').where('id', '=', grown).execute();

    const res = await get(admin, '/api/v1/forecast/history?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.currency).toBe('EUR');
    const byDay = Object.fromEntries(body.snapshots.map((s: { taken_on: string }) => [s.taken_on, s]));
    expect(byDay['2026-10-05']).toEqual({
      taken_on: '2026-10-05',
      cases: 3,
      amount: '3100.50',
      weighted: '710.05',
    });
    expect(byDay['2026-10-12']).toEqual({
      taken_on: '2026-10-12',
      cases: 4,
      amount: '3700.50',
      weighted: '1160.05',
    });
    const days = body.snapshots.map((s: { taken_on: string }) => s.taken_on);
    expect(days).toEqual([...days].sort());
    expect(body.actual).toEqual({ cases: 1, amount: '700.00' });

    // An agent's history holds only what they may see: Pau has no November pipeline and won nothing then.
    const pauHistory = (await get(pau, '/api/v1/forecast/history?month=2026-11')).json();
    expect(pauHistory.snapshots).toEqual([]);
    expect(pauHistory.actual).toEqual({ cases: 0, amount: '0.00' });
    const annaHistory = (
      await get(anna, `/api/v1/forecast/history?month=2026-11&owner_id=${anna.id}`)
    ).json();
    expect(
      annaHistory.snapshots.find((s: { taken_on: string }) => s.taken_on === '2026-10-12'),
    ).toMatchObject({
      cases: 3,
      amount: '3600.50',
    });
    const bad = await get(admin, '/api/v1/forecast/history?month=2026-1');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('month');
  });

  it('writes twelve weekly demo snapshots from the pipeline, the same each time', async () => {
    const now = new Date();
    const today = localDate(now, 'Europe/Madrid');
    const thisMonday = addDays(today, -((weekday(today) + 6) % 7));
    // A deal won three days ago was still open on every earlier Monday but not before it was opened.
    const openedOn = addDays(thisMonday, -20);
    await insertCase({
      status: 'won',
      owner: pau.id,
      amount: '5000',
      expected_close: addDays(today, 10),
      created_at: `${openedOn}T09:00:00Z`,
      closed_at: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
    });
    const rows = await loadDemoSnapshots(ctx.db, now);
    expect(rows).toBeGreaterThan(0);
    const mondays = Array.from({ length: 12 }, (_, i) => addDays(thisMonday, -84 + 7 * i));
    const snapshot = () =>
      ctx.db
        .selectFrom('forecast_snapshots')
        .select(['taken_on', 'month', 'owner_id', 'status_id', 'currency', 'cases', 'amount', 'weighted'])
        .where('taken_on', 'in', mondays)
        .orderBy('taken_on')
        .orderBy('month')
        .orderBy('owner_id')
        .orderBy('status_id')
        .orderBy('currency')
        .execute();
    const first = await snapshot();
    expect(first).toHaveLength(rows);
    const days = [...new Set(first.map((r) => r.taken_on))];
    expect(days).toEqual(mondays);
    expect(days.every((d) => weekday(d) === 1)).toBe(true);
    // The won deal counts on the Mondays after it was opened (in the last open status), not before.
    const wonDeal = (day: string) =>
      first.some(
        (r) =>
          r.taken_on === day &&
          r.owner_id === pau.id &&
          r.status_id === status['opportunity.negotiation'] &&
          r.cases === 1 &&
          Number(r.amount) > 4000,
      );
    expect(wonDeal(addDays(thisMonday, -7))).toBe(true);
    expect(wonDeal(addDays(thisMonday, -28))).toBe(false);
    // Amounts drift, but stay near the pipeline: Anna's two proposals (3000.50) within 15 % every week.
    for (const day of mondays) {
      const proposals = first.filter(
        (r) => r.taken_on === day && r.status_id === status['opportunity.proposal'],
      );
      expect(proposals.reduce((n, r) => n + r.cases, 0)).toBe(2);
      const amount = proposals.reduce((sum, r) => sum + Number(r.amount), 0);
      expect(Math.abs(amount - 3000.5)).toBeLessThanOrEqual(450.1);
    }
    expect(await loadDemoSnapshots(ctx.db, now)).toBe(rows);
    expect(await snapshot()).toEqual(first);
  });
});
