import type { CaseStatus, CaseType } from '@trato/contracts/cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let entityId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent' });
  const entity = await send('POST', admin, '/api/v1/entities', aCompany());
  entityId = entity.json().id;
});
afterAll(async () => ctx.close());

function send(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', user: TestUser, url: string, payload?: unknown) {
  return ctx.app.inject({ method, url, payload: payload as object, headers: user.headers });
}
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const fieldsOf = (res: { json(): any }) =>
  (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
const statusOf = (type: CaseType, key: string): CaseStatus => {
  const status = type.statuses.find((s) => s.key === key);
  if (!status) throw new Error(`no status ${key}`);
  return status;
};

async function seededType(key: string): Promise<CaseType> {
  const list = (await get(admin, '/api/v1/case-types')).json().data as CaseType[];
  const type = list.find((t) => t.key === key);
  if (!type) throw new Error(`no type ${key}`);
  return type;
}

let caseCount = 0;
/** A live case in a status, written directly (the cases API is another slice), with its open history stay. */
async function insertCase(
  typeId: string,
  statusId: string,
  options: { closed?: boolean } = {},
): Promise<string> {
  caseCount++;
  const id = newId();
  const enteredAt = new Date('2026-11-02T10:00:00Z');
  await ctx.db
    .insertInto('cases')
    .values({
      id,
      type_id: typeId,
      number: `TST-2026-${String(caseCount).padStart(5, '0')}`,
      title: `Case ${caseCount}`,
      entity_id: entityId,
      status_id: statusId,
      status_changed_at: enteredAt,
      closed_at: options.closed ? enteredAt : null,
      created_by: admin.id,
    })
    .execute();
  await ctx.db
    .insertInto('case_status_history')
    .values({ id: newId(), case_id: id, status_id: statusId, entered_at: enteredAt, entered_by: admin.id })
    .execute();
  return id;
}

const newType = (key: string, prefix: string, statuses?: unknown[]) => ({
  key,
  labels: { es: `Tipo ${key}`, ca: `Tipus ${key}`, en: `Type ${key}` },
  kind: 'service',
  prefix,
  sla: { urgent: { first_response_hours: 1, resolution_hours: 4 }, low: { first_response_hours: null } },
  statuses: statuses ?? [
    { key: 'open', labels: { es: 'Abierta' }, category: 'open' },
    { key: 'working', labels: { es: 'En curso' }, category: 'open', probability: 30 },
    { key: 'done', labels: { es: 'Hecha' }, category: 'closed' },
  ],
});

describe('case types', () => {
  it('come seeded with their pipelines, readable by every user', async () => {
    const res = await get(agent, '/api/v1/case-types');
    expect(res.statusCode).toBe(200);
    const types = res.json().data as CaseType[];
    expect(types.map((t) => t.key)).toEqual(['opportunity', 'claim', 'incident', 'service_request']);
    const opportunity = types[0]!;
    expect(opportunity).toMatchObject({ kind: 'sale', prefix: 'OPP', has_lines: true, active: true });
    expect(opportunity.statuses.map((s) => [s.key, s.category, s.probability, s.position])).toEqual([
      ['new', 'open', 10, 0],
      ['qualified', 'open', 25, 1],
      ['proposal', 'open', 50, 2],
      ['negotiation', 'open', 75, 3],
      ['won', 'won', 100, 4],
      ['lost', 'lost', 0, 5],
    ]);
    expect(types[1]!.sla.urgent).toEqual({ first_response_hours: 2, resolution_hours: 8 });
    const one = await get(agent, `/api/v1/case-types/${opportunity.id}`);
    expect(one.json()).toEqual(opportunity);
    expect((await get(agent, `/api/v1/case-types/${newId()}`)).statusCode).toBe(404);
  });

  it('are created by the admin only, statuses in the order given; key and prefix unique', async () => {
    expect((await send('POST', agent, '/api/v1/case-types', newType('warranty', 'GAR'))).statusCode).toBe(
      403,
    );
    const res = await send('POST', admin, '/api/v1/case-types', newType('warranty', 'GAR'));
    expect(res.statusCode, res.body).toBe(201);
    const type = res.json() as CaseType;
    expect(type).toMatchObject({
      key: 'warranty',
      kind: 'service',
      prefix: 'GAR',
      has_lines: false,
      position: 4,
    });
    // Empty targets are left out.
    expect(type.sla).toEqual({ urgent: { first_response_hours: 1, resolution_hours: 4 } });
    expect(type.statuses.map((s) => [s.key, s.position, s.probability, s.case_count, s.retired])).toEqual([
      ['open', 0, 0, 0, false],
      ['working', 1, 30, 0, false],
      ['done', 2, 0, 0, false],
    ]);
    const event = await ctx.db
      .selectFrom('events')
      .select(['object', 'actor_id'])
      .where('object_id', '=', type.id)
      .where('type', '=', 'case_type.created')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ object: 'case_type', actor_id: admin.id });

    expect(fieldsOf(await send('POST', admin, '/api/v1/case-types', newType('warranty', 'GAR2')))).toEqual([
      'key:key_taken',
    ]);
    expect(fieldsOf(await send('POST', admin, '/api/v1/case-types', newType('returns', 'OPP')))).toEqual([
      'prefix:prefix_taken',
    ]);
  });

  it('refuses bad input naming the field', async () => {
    const statuses = [
      { key: 'a', labels: { es: 'A' }, category: 'open', probability: 140 },
      { key: 'a', labels: {}, category: 'won' },
      { key: 'b', labels: { en: 'B' }, category: 'open', next_action: 'require' },
    ];
    const res = await send('POST', admin, '/api/v1/case-types', {
      ...newType('bad type', 'opp'),
      kind: 'other',
      statuses,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(res).sort()).toEqual([
      'key:invalid_key',
      'kind:invalid_option',
      'prefix:invalid_prefix',
      'statuses.0.probability:too_big',
      'statuses.1.labels:label_required',
    ]);
    // Checks beyond the shape: duplicate status key, next action without a type, no open status.
    const rules = await send('POST', admin, '/api/v1/case-types', {
      ...newType('rules', 'RUL'),
      statuses: [
        { key: 'a', labels: { es: 'A' }, category: 'won' },
        { key: 'a', labels: { es: 'A2' }, category: 'lost' },
        { key: 'b', labels: { es: 'B' }, category: 'closed', next_action: 'require' },
        { key: 'c', labels: { es: 'C' }, category: 'closed', next_action_type_id: newId() },
      ],
    });
    expect(fieldsOf(rules).sort()).toEqual([
      'statuses.1.key:key_taken',
      'statuses.2.next_action_type_id:required',
      'statuses.3.next_action_type_id:unknown_action_type',
      'statuses:last_open_status',
    ]);
    expect((await get(admin, '/api/v1/case-types?include_inactive=true')).json().data).not.toContainEqual(
      expect.objectContaining({ key: 'rules' }),
    );
  });

  it('are changed with optimistic locking; deactivated ones are listed only on request', async () => {
    const type = (
      await send('POST', admin, '/api/v1/case-types', newType('returns', 'DEV'))
    ).json() as CaseType;
    const url = `/api/v1/case-types/${type.id}`;
    expect((await send('PATCH', agent, url, { version: 1, color: 'red' })).statusCode).toBe(403);
    const changed = await send('PATCH', admin, url, {
      version: 1,
      labels: { es: 'Devoluciones', en: 'Returns' },
      sla: { high: { resolution_hours: 24 } },
      active: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 2,
      active: false,
      sla: { high: { resolution_hours: 24 } },
    });
    const stale = await send('PATCH', admin, url, { version: 1, color: 'teal' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect(fieldsOf(await send('PATCH', admin, url, { version: 2, prefix: 'REC' }))).toEqual([
      'prefix:prefix_taken',
    ]);

    const active = (await get(agent, '/api/v1/case-types')).json().data as CaseType[];
    expect(active.map((t) => t.key)).not.toContain('returns');
    const all = (await get(agent, '/api/v1/case-types?include_inactive=true')).json().data as CaseType[];
    expect(all.find((t) => t.key === 'returns')?.labels).toEqual({ es: 'Devoluciones', en: 'Returns' });
  });

  it('refuses a prefix that numbers already carry, even after the type changed its own', async () => {
    const type = (
      await send('POST', admin, '/api/v1/case-types', newType('visits', 'VIS'))
    ).json() as CaseType;
    await ctx.db
      .insertInto('cases')
      .values({
        type_id: type.id,
        number: 'VIS-2026-00001',
        title: 'Visit',
        entity_id: entityId,
        status_id: statusOf(type, 'open').id,
        created_by: admin.id,
      })
      .execute();
    const renamed = await send('PATCH', admin, `/api/v1/case-types/${type.id}`, {
      version: 1,
      prefix: 'VST',
    });
    expect(renamed.json().prefix).toBe('VST');
    // Another type taking VIS would number its first case VIS-2026-00001 again.
    expect(fieldsOf(await send('POST', admin, '/api/v1/case-types', newType('calls', 'VIS')))).toEqual([
      'prefix:prefix_taken',
    ]);
    // The type itself may go back to it: its counter goes on.
    const back = await send('PATCH', admin, `/api/v1/case-types/${type.id}`, { version: 2, prefix: 'VIS' });
    expect(back.statusCode, back.body).toBe(200);
  });

  it('cannot lose its lines while cases have some', async () => {
    const type = await seededType('service_request');
    const caseId = await insertCase(type.id, statusOf(type, 'new').id);
    await ctx.db
      .insertInto('case_lines')
      .values({
        case_id: caseId,
        position: 0,
        description: 'Revisión',
        quantity: '1',
        unit_price: '50',
        discount_pct: '0',
        tax_rate: '21',
        net_amount: '50',
        tax_amount: '10.5',
      })
      .execute();
    const res = await send('PATCH', admin, `/api/v1/case-types/${type.id}`, {
      version: type.version,
      has_lines: false,
    });
    expect(res.statusCode).toBe(409);
    expect(fieldsOf(res)).toEqual(['has_lines:case_lines_exist']);
  });

  it('are deleted only without live cases, taking their custom fields along', async () => {
    const type = (
      await send('POST', admin, '/api/v1/case-types', newType('audits', 'AUD'))
    ).json() as CaseType;
    const field = await send('POST', admin, '/api/v1/fields', {
      object: 'case',
      type_id: type.id,
      key: 'auditor',
      labels: { es: 'Auditor' },
      type: 'text',
    });
    expect(field.statusCode, field.body).toBe(201);
    const caseId = await insertCase(type.id, statusOf(type, 'open').id);

    expect((await send('DELETE', agent, `/api/v1/case-types/${type.id}`)).statusCode).toBe(403);
    const refused = await send('DELETE', admin, `/api/v1/case-types/${type.id}`);
    expect(refused.statusCode).toBe(409);
    expect(fieldsOf(refused)).toEqual(['id:case_type_in_use']);
    expect(refused.json().errors[0].message).toMatch(/desactívalo/i);

    await ctx.db.updateTable('cases').set({ deleted_at: new Date() }).where('id', '=', caseId).execute();
    expect((await send('DELETE', admin, `/api/v1/case-types/${type.id}`)).statusCode).toBe(204);
    expect((await get(admin, `/api/v1/case-types/${type.id}`)).statusCode).toBe(404);
    const stored = await ctx.db
      .selectFrom('field_definitions')
      .select('deleted_at')
      .where('id', '=', field.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.deleted_at).not.toBeNull();
    // Its key is free again.
    expect((await send('POST', admin, '/api/v1/case-types', newType('audits', 'AUDX'))).statusCode).toBe(201);
  });
});

describe('statuses of a case type', () => {
  let type: CaseType;
  const base = () => `/api/v1/case-types/${type.id}/statuses`;

  beforeAll(async () => {
    type = (await send('POST', admin, '/api/v1/case-types', newType('repairs', 'REP'))).json();
  });

  it('are added by the admin at a position, with their own checks', async () => {
    const body = {
      key: 'waiting',
      labels: { es: 'En espera', ca: 'En espera' },
      category: 'open',
      color: 'yellow',
      position: 1,
    };
    expect((await send('POST', agent, base(), body)).statusCode).toBe(403);
    const res = await send('POST', admin, base(), body);
    expect(res.statusCode, res.body).toBe(201);
    type = res.json();
    expect(type.statuses.map((s) => [s.key, s.position])).toEqual([
      ['open', 0],
      ['waiting', 1],
      ['working', 2],
      ['done', 3],
    ]);
    expect(fieldsOf(await send('POST', admin, base(), { ...body, position: undefined }))).toEqual([
      'key:key_taken',
    ]);
    expect(fieldsOf(await send('POST', admin, base(), { ...body, key: 'x', probability: 140 }))).toEqual([
      'probability:too_big',
    ]);
    expect(
      fieldsOf(await send('POST', admin, base(), { ...body, key: 'x', next_action: 'suggest' })),
    ).toEqual(['next_action_type_id:required']);
    const call = (await get(admin, '/api/v1/action-types')).json().data[0].id;
    const suggest = await send('POST', admin, base(), {
      key: 'call_back',
      labels: { en: 'Call back' },
      category: 'open',
      next_action: 'suggest',
      next_action_type_id: call,
    });
    expect(statusOf(suggest.json(), 'call_back')).toMatchObject({
      next_action: 'suggest',
      next_action_type_id: call,
      position: 4,
    });
    type = suggest.json();
  });

  it('are changed with optimistic locking; the category only while no case is in it', async () => {
    const working = statusOf(type, 'working');
    const url = `${base()}/${working.id}`;
    const res = await send('PATCH', admin, url, {
      version: working.version,
      labels: { es: 'Trabajando' },
      probability: 40,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(statusOf(res.json(), 'working')).toMatchObject({
      labels: { es: 'Trabajando' },
      probability: 40,
      version: 2,
    });
    expect((await send('PATCH', admin, url, { version: 1, probability: 45 })).statusCode).toBe(409);
    expect(fieldsOf(await send('PATCH', admin, url, { version: 2, probability: 140 }))).toEqual([
      'probability:too_big',
    ]);

    await insertCase(type.id, working.id);
    const recategorised = await send('PATCH', admin, url, { version: 2, category: 'closed' });
    expect(recategorised.statusCode).toBe(409);
    expect(fieldsOf(recategorised)).toEqual(['category:status_in_use']);
    const other = await get(admin, `/api/v1/case-types/${type.id}`);
    type = other.json();
    expect(statusOf(type, 'working')).toMatchObject({ category: 'open', case_count: 1 });
  });

  it('are reordered with every live status once; a status of another type is refused', async () => {
    const ids = type.statuses.map((s) => s.id);
    const foreign = statusOf(await seededType('claim'), 'new').id;
    const url = `${base()}/order`;
    const mixed = await send('PUT', admin, url, { status_ids: [ids[0], foreign, ...ids.slice(2)] });
    expect(mixed.statusCode).toBe(422);
    expect(fieldsOf(mixed)).toEqual(['status_ids.1:status_of_other_type']);
    expect(fieldsOf(await send('PUT', admin, url, { status_ids: ids.slice(1) }))).toEqual([
      'status_ids:statuses_missing',
    ]);
    expect(fieldsOf(await send('PUT', admin, url, { status_ids: [...ids, ids[0]] }))).toEqual([
      `status_ids.${ids.length}:duplicate_status`,
    ]);
    expect(fieldsOf(await send('PUT', admin, url, { status_ids: [...ids.slice(1), newId()] }))).toEqual([
      `status_ids.${ids.length - 1}:unknown_status`,
    ]);
    expect((await send('PUT', agent, url, { status_ids: ids })).statusCode).toBe(403);

    const reversed = [...ids].reverse();
    const res = await send('PUT', admin, url, { status_ids: reversed });
    expect(res.statusCode, res.body).toBe(200);
    type = res.json();
    expect(type.statuses.map((s) => s.id)).toEqual(reversed);
    expect(type.statuses.map((s) => s.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it('are retired by moving their cases to another status of the same type, with history and events', async () => {
    const working = statusOf(type, 'working');
    const done = statusOf(type, 'done');
    const second = await insertCase(type.id, working.id);
    const alreadyDeleted = await insertCase(type.id, working.id);
    await ctx.db
      .updateTable('cases')
      .set({ deleted_at: new Date() })
      .where('id', '=', alreadyDeleted)
      .execute();
    const url = `${base()}/${working.id}/retire`;

    const unmapped = await send('POST', admin, url, { version: working.version });
    expect(unmapped.statusCode).toBe(422);
    expect(fieldsOf(unmapped)).toEqual(['map_to_status_id:required']);
    const claimNew = statusOf(await seededType('claim'), 'new').id;
    expect(
      fieldsOf(await send('POST', admin, url, { version: working.version, map_to_status_id: claimNew })),
    ).toEqual(['map_to_status_id:status_of_other_type']);
    expect(
      fieldsOf(await send('POST', admin, url, { version: working.version, map_to_status_id: working.id })),
    ).toEqual(['map_to_status_id:same_status']);
    expect((await send('POST', admin, url, { version: 1, map_to_status_id: done.id })).statusCode).toBe(409);
    expect(
      (await send('POST', agent, url, { version: working.version, map_to_status_id: done.id })).statusCode,
    ).toBe(403);

    const res = await send('POST', admin, url, { version: working.version, map_to_status_id: done.id });
    expect(res.statusCode, res.body).toBe(200);
    type = res.json();
    expect(type.statuses.at(-1)).toMatchObject({ key: 'working', retired: true, case_count: 0 });
    expect(statusOf(type, 'done').case_count).toBe(2);

    const cases = await ctx.db
      .selectFrom('cases')
      .select(['id', 'status_id', 'closed_at', 'version', 'updated_by', 'status_changed_at'])
      .where('type_id', '=', type.id)
      .orderBy('number')
      .execute();
    const live = cases.filter((c) => c.id !== alreadyDeleted);
    expect(live.map((c) => c.status_id)).toEqual([done.id, done.id]);
    // Into a closed status: closed now, one more version, by the admin.
    for (const c of live) {
      expect(c.closed_at).not.toBeNull();
      expect(c.status_changed_at.getTime()).toBe(c.closed_at!.getTime());
      expect(c).toMatchObject({ version: 2, updated_by: admin.id });
    }
    expect(cases.find((c) => c.id === alreadyDeleted)?.status_id).toBe(working.id);

    const history = await ctx.db
      .selectFrom('case_status_history')
      .select(['status_id', 'entered_by', 'left_at'])
      .where('case_id', '=', second)
      .orderBy('entered_at')
      .execute();
    expect(history.map((h) => [h.status_id, h.entered_by, h.left_at === null])).toEqual([
      [working.id, admin.id, false],
      [done.id, admin.id, true],
    ]);
    const events = await ctx.db
      .selectFrom('events')
      .select(['object', 'object_id', 'entity_id', 'actor_id', 'changes'])
      .where('type', '=', 'case.status_changed')
      .where(
        'object_id',
        'in',
        live.map((c) => c.id),
      )
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      object: 'case',
      entity_id: entityId,
      actor_id: admin.id,
      changes: { status_id: [working.id, done.id], reason: 'status_retired' },
    });

    // A retired status takes no new order place and no second retirement; restore brings it back at the end.
    const again = await send('POST', admin, url, { version: working.version + 1, map_to_status_id: done.id });
    expect(again.statusCode).toBe(409);
    const liveIds = type.statuses.filter((s) => !s.retired).map((s) => s.id);
    expect(
      fieldsOf(await send('PUT', admin, `${base()}/order`, { status_ids: [...liveIds, working.id] })),
    ).toEqual([`status_ids.${liveIds.length}:unknown_status`]);
    const restored = await send('POST', admin, `${base()}/${working.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().statuses.at(-1)).toMatchObject({ key: 'working', retired: false, position: 4 });
    type = restored.json();
  });

  it('reopen cases moved into an open status', async () => {
    const done = statusOf(type, 'done');
    const open = statusOf(type, 'open');
    const waiting = statusOf(type, 'waiting');
    // Move "done" away into "open": closed cases there come back open.
    const res = await send('POST', admin, `${base()}/${done.id}/retire`, {
      version: done.version,
      map_to_status_id: open.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const reopened = await ctx.db
      .selectFrom('cases')
      .select(['closed_at'])
      .where('status_id', '=', open.id)
      .where('deleted_at', 'is', null)
      .execute();
    expect(reopened.length).toBe(2);
    expect(reopened.every((c) => c.closed_at === null)).toBe(true);
    type = res.json();
    expect(waiting.id).toBeTruthy();
  });

  it('are deleted only when no case ever used them (retire them otherwise)', async () => {
    const used = statusOf(type, 'done');
    const refused = await send('DELETE', admin, `${base()}/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(fieldsOf(refused)).toEqual(['status_id:status_in_use']);
    expect(refused.json().errors[0].message).toMatch(/retíralo/i);

    const unused = statusOf(type, 'call_back');
    expect((await send('DELETE', agent, `${base()}/${unused.id}`)).statusCode).toBe(403);
    expect((await send('DELETE', admin, `${base()}/${unused.id}`)).statusCode).toBe(204);
    const after = (await get(admin, `/api/v1/case-types/${type.id}`)).json() as CaseType;
    expect(after.statuses.map((s) => s.key)).not.toContain('call_back');
    expect(after.statuses.map((s) => s.position)).toEqual(after.statuses.map((_, i) => i));
    type = after;
  });

  it('always leave the type one live open status', async () => {
    const small = (
      await send('POST', admin, '/api/v1/case-types', {
        ...newType('tiny', 'TNY'),
        statuses: [
          { key: 'open', labels: { es: 'Abierta' }, category: 'open' },
          { key: 'closed', labels: { es: 'Cerrada' }, category: 'closed' },
        ],
      })
    ).json() as CaseType;
    const open = statusOf(small, 'open');
    const closed = statusOf(small, 'closed');
    const url = `/api/v1/case-types/${small.id}/statuses`;
    const retire = await send('POST', admin, `${url}/${open.id}/retire`, {
      version: 1,
      map_to_status_id: closed.id,
    });
    expect(retire.statusCode).toBe(422);
    expect(fieldsOf(retire)).toEqual(['status_id:last_open_status']);
    expect(fieldsOf(await send('DELETE', admin, `${url}/${open.id}`))).toEqual([
      'status_id:last_open_status',
    ]);
    expect(
      fieldsOf(await send('PATCH', admin, `${url}/${open.id}`, { version: 1, category: 'won' })),
    ).toEqual(['category:last_open_status']);
    // With a second open status the first can go.
    await send('POST', admin, url, { key: 'again', labels: { es: 'Otra vez' }, category: 'open' });
    expect((await send('DELETE', admin, `${url}/${open.id}`)).statusCode).toBe(204);
  });

  it('answer 404 for a status of another type in the path', async () => {
    const claim = await seededType('claim');
    const foreign = statusOf(claim, 'new');
    const res = await send('PATCH', admin, `${base()}/${foreign.id}`, {
      version: foreign.version,
      probability: 5,
    });
    expect(res.statusCode).toBe(404);
  });
});
