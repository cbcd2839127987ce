import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { dispatchWebhooks } from '../webhooks/webhook-dispatch.ts';
import { AUTOMATION_CURSOR_KEY, handleEvent, processAutomationEvents, scanDateTriggers } from './engine.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let ids: {
  call: string;
  task: string;
  visit: string;
  opportunity: string;
  claim: string;
  statuses: Record<string, string>;
};

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Ada Admin' });
  agent = await createUser(ctx, { role: 'agent', name: 'Àlex Agent' });
  const types = await ctx.db.selectFrom('action_types').select(['id', 'key']).execute();
  const caseTypes = await ctx.db.selectFrom('case_types').select(['id', 'key']).execute();
  const statuses = await ctx.db
    .selectFrom('case_statuses')
    .innerJoin('case_types', 'case_types.id', 'case_statuses.type_id')
    .select(['case_statuses.id', 'case_statuses.key', 'case_types.key as type'])
    .execute();
  const typeId = (key: string) => types.find((t) => t.key === key)!.id;
  ids = {
    call: typeId('call'),
    task: typeId('task'),
    visit: typeId('visit'),
    opportunity: caseTypes.find((t) => t.key === 'opportunity')!.id,
    claim: caseTypes.find((t) => t.key === 'claim')!.id,
    statuses: Object.fromEntries(statuses.map((s) => [`${s.type}.${s.key}`, s.id])),
  };
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  // Whatever earlier tests left in the outbox is read with no rule active.
  await settle();
});
afterEach(async () => {
  await sql`update automation_rules set active = false, deleted_at = now(), updated_at = now()
    where deleted_at is null`.execute(ctx.db);
});

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = admin) =>
  ctx.app.inject({
    method,
    url,
    headers: { ...user.headers, 'accept-language': 'en' },
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (url: string, user = admin) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const settle = () => processAutomationEvents(ctx.db, { settleMs: 0 });

async function createRule(body: Record<string, unknown>) {
  const res = await send('POST', '/api/v1/automation-rules', { name: `Rule ${newId()}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    version: number;
    actions: Record<string, unknown>[];
    webhook_secrets: { action_index: number; secret: string }[];
  };
}
async function runsOf(ruleId: string, query = '') {
  const res = await get(`/api/v1/automation-rules/${ruleId}/runs${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as {
    status: string;
    reason: string | null;
    error: string | null;
    depth: number;
    object_id: string;
    object_label: string | null;
    trigger_key: string | null;
    outcome: { type: string; status: string; detail: string | null; record_id?: string | null }[];
  }[];
}
async function newEntity(overrides: Record<string, unknown> = {}) {
  const res = await send('POST', '/api/v1/entities', aCompany({ owner_id: agent.id, ...overrides }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function newCase(entityId: string, overrides: Record<string, unknown> = {}) {
  const res = await send('POST', '/api/v1/cases', {
    type_id: ids.opportunity,
    title: 'Renovación de flota',
    entity_id: entityId,
    owner_id: agent.id,
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; status: { id: string } };
}
const actionsOf = (filter: { entity_id?: string; case_id?: string }) =>
  ctx.db
    .selectFrom('actions')
    .selectAll()
    .$if(Boolean(filter.entity_id), (q) => q.where('entity_id', '=', filter.entity_id!))
    .$if(Boolean(filter.case_id), (q) => q.where('case_id', '=', filter.case_id!))
    .where('deleted_at', 'is', null)
    .execute();
const entityRow = (id: string) =>
  ctx.db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('rules: create, read, validate', () => {
  it('saves a rule and lists it with its trigger, conditions and actions', async () => {
    const rule = await createRule({
      name: 'Urgentes: llamar',
      trigger: { type: 'record_created', object: 'case', config: { case_type_id: ids.opportunity } },
      conditions: [{ field: 'priority', op: 'eq', value: 'urgent' }],
      actions: [
        { type: 'create_action', type_id: ids.call, subject: 'Llamar al cliente', assignee: 'owner' },
      ],
    });
    const list = (await get('/api/v1/automation-rules')).json().data as {
      id: string;
      name: string;
      trigger: unknown;
      active: boolean;
    }[];
    const found = list.find((r) => r.id === rule.id)!;
    expect(found).toMatchObject({
      name: 'Urgentes: llamar',
      active: true,
      trigger: { type: 'record_created', object: 'case', config: { case_type_id: ids.opportunity } },
    });
    expect((await get(`/api/v1/automation-rules/${rule.id}`)).json()).toMatchObject({
      conditions: [{ field: 'priority', op: 'eq', value: 'urgent' }],
      actions: [{ type: 'create_action', subject: 'Llamar al cliente', due_in_days: 0 }],
      created_by: { id: admin.id, name: 'Ada Admin' },
    });
  });

  it('refuses references that do not exist, naming the field, in the caller’s language', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/automation-rules',
      headers: { ...admin.headers, 'accept-language': 'es' },
      payload: {
        name: 'Mala',
        trigger: { type: 'record_changed', object: 'entity', config: { fields: ['nope'] } },
        conditions: [
          { field: 'custom.not_a_field', op: 'eq', value: 'x' },
          { field: 'sector', op: 'eq' },
        ],
        actions: [
          { type: 'send_template', template_id: newId(), to: 'contact' },
          { type: 'create_action', type_id: newId(), subject: 'X', assignee: 'user' },
          { type: 'start_sequence', sequence_id: newId() },
          { type: 'assign_owner', user_id: agent.id, team_id: newId() },
          { type: 'set_status', status_id: ids.statuses['opportunity.won'] },
          { type: 'set_field', field: 'kind', value: 'person' },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['trigger.config.fields.0', 'unknown_field'],
      ['conditions.0.field', 'unknown_field'],
      ['conditions.1.value', 'required'],
      ['actions.0.template_id', 'unknown_email_template'],
      ['actions.1.type_id', 'unknown_action_type'],
      ['actions.1.user_id', 'required'],
      ['actions.2.sequence_id', 'unknown_sequence'],
      ['actions.3.user_id', 'user_or_team'],
      ['actions.4.type', 'not_applicable'],
      ['actions.5.field', 'read_only_field'],
    ]);
    expect(errors.find((e) => e.field === 'actions.0.template_id')?.message).toBe(
      'No existe esa plantilla de correo.',
    );
  });

  it('checks the shape: a trigger on an object it cannot watch, an unknown action type, no actions', async () => {
    const res = await send('POST', '/api/v1/automation-rules', {
      name: 'Forma',
      trigger: { type: 'status_changed', object: 'entity' },
      actions: [],
    });
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain('trigger.object');
    expect(fields).toContain('actions');
    const badValue = await send('POST', '/api/v1/automation-rules', {
      name: 'Valor',
      trigger: { type: 'record_created', object: 'case' },
      actions: [{ type: 'set_field', field: 'priority', value: 'whenever' }],
    });
    expect(badValue.statusCode).toBe(422);
    expect(badValue.json().errors).toMatchObject([{ field: 'actions.0.value', code: 'invalid_value' }]);
  });

  it('refuses a webhook URL that points at a private address', async () => {
    const res = await send('POST', '/api/v1/automation-rules', {
      name: 'Hook',
      trigger: { type: 'record_created', object: 'entity' },
      actions: [{ type: 'call_webhook', url: 'http://127.0.0.1:9/hook' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toMatchObject([{ field: 'actions.0.url', code: 'private_address' }]);
  });

  it('is for those who configure Trato only', async () => {
    expect((await get('/api/v1/automation-rules', agent)).statusCode).toBe(403);
    const res = await send(
      'POST',
      '/api/v1/automation-rules',
      { name: 'x', trigger: { type: 'record_created', object: 'entity' }, actions: [] },
      agent,
    );
    expect(res.statusCode).toBe(403);
  });

  it('offers the fields of an object, custom ones included, with their options', async () => {
    await ctx.db
      .insertInto('field_definitions')
      .values({
        id: newId(),
        object: 'entity',
        key: 'tier',
        labels: JSON.stringify({ es: 'Nivel', en: 'Tier' }),
        type: 'select',
        options: JSON.stringify([{ key: 'gold', labels: { es: 'Oro', en: 'Gold' } }]),
        validation: JSON.stringify({}),
        position: 1,
        created_by: null,
      })
      .execute();
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/automation-rules/fields?object=entity',
      headers: { ...admin.headers, 'accept-language': 'en' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const fields = res.json().data as {
      key: string;
      label: string;
      type: string;
      options: { value: string; label: string }[];
    }[];
    expect(fields.find((f) => f.key === 'custom.tier')).toMatchObject({
      label: 'Tier',
      type: 'select',
      options: [{ value: 'gold', label: 'Gold' }],
    });
    expect(fields.find((f) => f.key === 'sector')?.type).toBe('select');
    const caseFields = (await get('/api/v1/automation-rules/fields?object=case')).json().data as {
      key: string;
    }[];
    expect(caseFields.map((f) => f.key)).toEqual(
      expect.arrayContaining(['priority', 'amount', 'status_id', 'entity.sector']),
    );
  });
});

describe('the engine', () => {
  it('runs a rule on a new urgent case: the call appears on the case, assigned to its owner, and the run is logged', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'case', config: { case_type_id: ids.opportunity } },
      conditions: [{ field: 'priority', op: 'eq', value: 'urgent' }],
      actions: [{ type: 'create_action', type_id: ids.call, subject: 'Llamar al cliente', due_in_days: 1 }],
    });
    const entity = await newEntity();
    const urgent = await newCase(entity.id, { priority: 'urgent' });
    const calm = await newCase(entity.id, { priority: 'low' });
    const result = await settle();
    expect(result.succeeded).toBe(1);

    const made = await actionsOf({ case_id: urgent.id });
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      subject: 'Llamar al cliente',
      type_id: ids.call,
      assignee_user_id: agent.id,
      entity_id: entity.id,
      status: 'planned',
    });
    expect(await actionsOf({ case_id: calm.id })).toHaveLength(0);

    const runs = await runsOf(rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'succeeded',
      object_id: urgent.id,
      depth: 0,
      outcome: [{ type: 'create_action', status: 'ok', record_id: made[0]!.id }],
    });
    expect(runs[0]!.object_label).toContain('Renovación de flota');
    const listed = (await get(`/api/v1/automation-rules/${rule.id}`)).json();
    expect(listed.runs_total).toBe(1);
    expect(listed.last_run_at).not.toBeNull();

    // The action's event says which rule made it (the timeline can tell).
    const event = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('object_id', '=', made[0]!.id)
      .where('type', '=', 'action.created')
      .executeTakeFirstOrThrow();
    expect(event.changes).toMatchObject({ automation: { rule_id: rule.id, depth: 1 } });
  });

  it('an event that keeps failing is retried a few passes, then left behind so the next ones still run', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'entity' },
      actions: [{ type: 'create_action', type_id: ids.task, subject: 'Dar la bienvenida' }],
    });
    const broken = await newEntity({ name: 'Evento Roto, S.L.' });
    const fine = await newEntity({ name: 'Evento Sano, S.L.' });
    const errors: string[] = [];
    const failures = new Map<string, number>();
    const options = {
      settleMs: 0,
      maxEventTries: 2,
      eventFailures: failures,
      log: { info: () => {}, warn: () => {}, error: (m: string) => errors.push(m) },
      // The broken entity's event fails outside any rule (as a lost database connection would).
      handle: (async (db, rules, event, result, now) => {
        if (event.object_id === broken.id) throw new Error('conexión perdida');
        return handleEvent(db, rules, event, result, now);
      }) satisfies typeof handleEvent,
    };
    await expect(processAutomationEvents(ctx.db, options)).rejects.toThrow('conexión perdida');
    expect(await runsOf(rule.id)).toHaveLength(0);

    const second = await processAutomationEvents(ctx.db, options);
    expect(second.succeeded).toBe(1);
    expect((await runsOf(rule.id)).map((r) => r.object_id)).toEqual([fine.id]);
    expect(errors.join('\n')).toMatch(/left after 2 failed passes: conexión perdida/);
    // The broken event is not tried again afterwards.
    await processAutomationEvents(ctx.db, options);
    expect(errors).toHaveLength(1);
    expect((await runsOf(rule.id)).map((r) => r.object_id)).toEqual([fine.id]);
  });

  it('fires at most once per event, even when the events are read again after a crash', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'entity' },
      actions: [{ type: 'create_action', type_id: ids.task, subject: 'Dar la bienvenida' }],
    });
    const before = await sql<{ event_id: string }>`
      select value->>'event_id' as event_id from settings where key = ${AUTOMATION_CURSOR_KEY}`.execute(
      ctx.db,
    );
    const entity = await newEntity();
    await settle();
    // The cursor goes back as if the process died before saving it.
    await sql`update settings set value = jsonb_build_object('event_id', ${before.rows[0]!.event_id}::text)
      where key = ${AUTOMATION_CURSOR_KEY}`.execute(ctx.db);
    const again = await settle();
    expect(again.succeeded).toBe(0);
    expect(await actionsOf({ entity_id: entity.id })).toHaveLength(1);
    expect(await runsOf(rule.id)).toHaveLength(1);
  });

  it('does nothing while a rule is switched off', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'entity' },
      actions: [{ type: 'create_action', type_id: ids.task, subject: 'Apagada' }],
    });
    const off = await send('PATCH', `/api/v1/automation-rules/${rule.id}/active`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const entity = await newEntity();
    await settle();
    expect(await actionsOf({ entity_id: entity.id })).toHaveLength(0);
    expect(await runsOf(rule.id)).toHaveLength(0);

    await send('PATCH', `/api/v1/automation-rules/${rule.id}/active`, { active: true });
    const later = await newEntity();
    await settle();
    expect(await actionsOf({ entity_id: later.id })).toHaveLength(1);
  });

  it('reacts to the fields it watches, with conditions on custom fields and on the entity of a case', async () => {
    await ctx.db
      .insertInto('field_definitions')
      .values({
        id: newId(),
        object: 'entity',
        key: 'employees',
        labels: JSON.stringify({ es: 'Empleados' }),
        type: 'number',
        options: JSON.stringify([]),
        validation: JSON.stringify({}),
        position: 2,
        created_by: null,
      })
      .execute();
    const rule = await createRule({
      trigger: { type: 'record_changed', object: 'entity', config: { fields: ['custom.employees'] } },
      conditions: [
        { field: 'custom.employees', op: 'gte', value: 250 },
        { field: 'city', op: 'contains', value: 'zaragoza' },
      ],
      actions: [{ type: 'set_field', field: 'roles', value: ['customer', 'partner'] }],
    });
    const big = await newEntity({ city: 'Zaragoza' });
    const patch = (id: string, version: number, body: Record<string, unknown>) =>
      send('PATCH', `/api/v1/entities/${id}`, { version, ...body });
    // A change to another field is not watched.
    expect((await patch(big.id, big.version, { web: 'https://ebro.example' })).statusCode).toBe(200);
    await settle();
    expect(await runsOf(rule.id)).toHaveLength(0);
    expect((await patch(big.id, big.version + 1, { custom: { employees: 120 } })).statusCode).toBe(200);
    await settle();
    expect(await runsOf(rule.id)).toHaveLength(0);
    expect((await patch(big.id, big.version + 2, { custom: { employees: 300 } })).statusCode).toBe(200);
    await settle();
    expect((await entityRow(big.id)).roles).toEqual(['customer', 'partner']);
    expect(await runsOf(rule.id)).toMatchObject([{ status: 'succeeded' }]);
  });

  it('a rule that changes what it watches runs once and logs the loop it stopped', async () => {
    const rule = await createRule({
      trigger: { type: 'record_changed', object: 'entity' },
      conditions: [{ field: 'sector', op: 'not_empty' }],
      actions: [{ type: 'set_field', field: 'legal_name', value: 'Revisada por regla' }],
    });
    const entity = await newEntity();
    await send('PATCH', `/api/v1/entities/${entity.id}`, { version: entity.version, city: 'Reus' });
    await settle();
    expect(await runsOf(rule.id)).toHaveLength(0);
    const withSector = await ctx.db
      .selectFrom('pick_list_options')
      .select('key')
      .where('list', '=', 'sector')
      .executeTakeFirstOrThrow();
    await send('PATCH', `/api/v1/entities/${entity.id}`, {
      version: entity.version + 1,
      sector: withSector.key,
    });
    for (let i = 0; i < 5; i++) await settle();
    const runs = await runsOf(rule.id);
    expect(runs.map((r) => [r.status, r.reason, r.depth])).toEqual([
      ['skipped', 'loop', 1],
      ['succeeded', null, 0],
    ]);
    expect((await entityRow(entity.id)).legal_name).toBe('Revisada por regla');
    const updates = await ctx.db
      .selectFrom('events')
      .select('id')
      .where('object_id', '=', entity.id)
      .where('type', '=', 'entity.updated')
      .execute();
    expect(updates).toHaveLength(3);
  });

  it('two rules that undo each other stop three deep', async () => {
    const [first, second] = await ctx.db
      .selectFrom('pick_list_options')
      .select('key')
      .where('list', '=', 'sector')
      .orderBy('position')
      .limit(2)
      .execute();
    const a = await createRule({
      trigger: { type: 'record_changed', object: 'entity', config: { fields: ['sector'] } },
      conditions: [{ field: 'sector', op: 'eq', value: first!.key }],
      actions: [{ type: 'set_field', field: 'sector', value: second!.key }],
    });
    const b = await createRule({
      trigger: { type: 'record_changed', object: 'entity', config: { fields: ['sector'] } },
      conditions: [{ field: 'sector', op: 'eq', value: second!.key }],
      actions: [{ type: 'set_field', field: 'sector', value: first!.key }],
    });
    const entity = await newEntity();
    await send('PATCH', `/api/v1/entities/${entity.id}`, { version: entity.version, sector: first!.key });
    for (let i = 0; i < 8; i++) await settle();
    const runsA = await runsOf(a.id);
    const runsB = await runsOf(b.id);
    expect(runsA.filter((r) => r.status === 'succeeded').map((r) => r.depth)).toEqual([2, 0]);
    expect(runsB.filter((r) => r.status === 'succeeded').map((r) => r.depth)).toEqual([1]);
    expect(runsB.filter((r) => r.status === 'skipped')).toMatchObject([{ reason: 'loop', depth: 3 }]);
  });

  it('logs a failing action with its error and rolls back what the run had done', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'case' },
      actions: [
        { type: 'create_action', type_id: ids.call, subject: 'No quedará' },
        // A claim status on an opportunity: the case module refuses the move.
        { type: 'set_status', status_id: ids.statuses['claim.resolved'] },
      ],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id);
    const result = await settle();
    expect(result.failed).toBe(1);
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(0);
    const [run] = await runsOf(rule.id);
    expect(run).toMatchObject({
      status: 'failed',
      outcome: [
        { type: 'create_action', status: 'skipped', detail: 'rolled_back' },
        { type: 'set_status', status: 'failed' },
      ],
    });
    expect(run!.error).toContain('status_of_other_type');
    expect((await get(`/api/v1/automation-rules/${rule.id}`)).json().runs_total).toBe(1);
  });

  it('moves a case on a status change and hands cases round robin inside a team', async () => {
    const one = await createUser(ctx, { role: 'agent', name: 'Berta Uno' });
    const two = await createUser(ctx, { role: 'agent', name: 'Carla Dos' });
    const team = await createTeam(ctx, 'Cierre', [one.id, two.id]);
    const rule = await createRule({
      trigger: {
        type: 'status_changed',
        object: 'case',
        config: { case_type_id: ids.opportunity, to_status_ids: [ids.statuses['opportunity.proposal']] },
      },
      actions: [{ type: 'assign_owner', team_id: team }],
    });
    const entity = await newEntity();
    const owners: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const kase = await newCase(entity.id);
      const moved = await send('POST', `/api/v1/cases/${kase.id}/move`, {
        version: kase.version,
        status_id: ids.statuses['opportunity.proposal'],
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await settle();
      const row = await ctx.db
        .selectFrom('cases')
        .select(['owner_id', 'team_id'])
        .where('id', '=', kase.id)
        .executeTakeFirstOrThrow();
      expect(row.team_id).toBe(team);
      owners.push(row.owner_id);
    }
    expect(owners).toEqual([one.id, two.id, one.id]);
    expect(await runsOf(rule.id)).toHaveLength(3);
  });

  it('sets a case status from a rule when an amount passes a figure', async () => {
    const rule = await createRule({
      trigger: { type: 'record_changed', object: 'case', config: { fields: ['amount'] } },
      conditions: [{ field: 'amount', op: 'gt', value: '100000' }],
      actions: [{ type: 'set_status', status_id: ids.statuses['claim.in_progress'] }],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id, { type_id: ids.claim, title: 'Devolución' });
    const small = await send('PATCH', `/api/v1/cases/${kase.id}`, {
      version: kase.version,
      amount: '99999.99',
    });
    expect(small.statusCode, small.body).toBe(200);
    await settle();
    expect(await runsOf(rule.id)).toHaveLength(0);
    const big = await send('PATCH', `/api/v1/cases/${kase.id}`, {
      version: kase.version + 1,
      amount: '100000.01',
    });
    expect(big.statusCode, big.body).toBe(200);
    await settle();
    const after = await ctx.db
      .selectFrom('cases')
      .select('status_id')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(after.status_id).toBe(ids.statuses['claim.in_progress']);
    const history = await ctx.db
      .selectFrom('case_status_history')
      .select('status_id')
      .where('case_id', '=', kase.id)
      .execute();
    expect(history).toHaveLength(2);
  });

  it('starts a sequence when an action is done, and not twice while it runs', async () => {
    const sequenceId = newId();
    await ctx.db
      .insertInto('sequences')
      .values({ id: sequenceId, name: 'Seguimiento', goal_outcomes: [], created_by: null })
      .execute();
    await ctx.db
      .insertInto('sequence_steps')
      .values({
        sequence_id: sequenceId,
        key: 'first',
        position: 1,
        type_id: ids.task,
        subject: 'Enviar dossier',
        offset_days: 2,
      })
      .execute();
    const rule = await createRule({
      trigger: { type: 'action_done', object: 'action', config: { action_type_id: ids.call } },
      actions: [{ type: 'start_sequence', sequence_id: sequenceId }],
    });
    const entity = await newEntity();
    for (let i = 0; i < 2; i++) {
      const made = await send('POST', '/api/v1/actions', {
        type_id: ids.call,
        subject: `Llamada ${i}`,
        starts_at: new Date(Date.now() + 3_600_000).toISOString(),
        entity_id: entity.id,
        assignee_user_id: agent.id,
      });
      expect(made.statusCode, made.body).toBe(201);
      const done = await send('POST', `/api/v1/actions/${made.json().id}/complete`, {
        version: made.json().version,
      });
      expect(done.statusCode, done.body).toBe(200);
      await settle();
    }
    const runs = await ctx.db
      .selectFrom('sequence_runs')
      .selectAll()
      .where('entity_id', '=', entity.id)
      .execute();
    expect(runs).toHaveLength(1);
    expect((await actionsOf({ entity_id: entity.id })).some((a) => a.subject === 'Enviar dossier')).toBe(
      true,
    );
    const log = await runsOf(rule.id);
    expect(log.map((r) => r.outcome[0]?.status)).toEqual(['skipped', 'ok']);
    expect(log[0]!.outcome[0]!.detail).toBe('sequence_running');
  });

  it('answers a received mail with a template, in its thread, and makes an action for the owner', async () => {
    const templateId = newId();
    await ctx.db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: `Acuse ${templateId}`,
        content: JSON.stringify({
          es: {
            subject: 'Hemos recibido su mensaje',
            html: '<p>Hola {{ contact.first_name }}</p>',
            text: 'Hola {{ contact.first_name }}',
          },
        }),
        created_by: null,
      })
      .execute();
    const rule = await createRule({
      trigger: { type: 'mail_received', object: 'email' },
      conditions: [{ field: 'subject', op: 'contains', value: 'presupuesto' }],
      actions: [
        { type: 'send_template', template_id: templateId, to: 'contact' },
        { type: 'create_action', type_id: ids.task, subject: 'Preparar presupuesto', assignee: 'owner' },
      ],
    });
    const entity = await newEntity();
    const contact = await send('POST', '/api/v1/contacts', {
      entity_id: entity.id,
      first_name: 'Núria',
      last_name: 'Vidal',
      emails: ['nuria@vins.example'],
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const emailId = newId();
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('emails')
        .values({
          id: emailId,
          direction: 'in',
          message_id: `<${emailId}@vins.example>`,
          thread_id: emailId,
          from_address: 'nuria@vins.example',
          from_name: 'Núria Vidal',
          subject: 'Petición de presupuesto',
          text_body: 'Hola, ¿nos enviáis precio?',
          status: 'received',
          received_at: new Date(),
          entity_id: entity.id,
          contact_id: contact.json().id,
        })
        .execute();
      await trx
        .insertInto('email_links')
        .values({ email_id: emailId, entity_id: entity.id, contact_id: contact.json().id, case_id: null })
        .execute();
      await recordEvent(trx, {
        type: 'email.received',
        object: 'email',
        objectId: emailId,
        entityId: entity.id,
        actorId: null,
      });
    });
    await settle();
    const [run] = await runsOf(rule.id);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded' });
    const reply = await ctx.db
      .selectFrom('emails')
      .selectAll()
      .where('rule_id', '=', rule.id)
      .executeTakeFirstOrThrow();
    expect(reply).toMatchObject({
      direction: 'out',
      status: 'queued',
      template_id: templateId,
      in_reply_to: `<${emailId}@vins.example>`,
      text_body: 'Hola Núria',
    });
    expect(reply.to_recipients).toMatchObject([{ address: 'nuria@vins.example' }]);
    const task = (await actionsOf({ entity_id: entity.id })).find(
      (a) => a.subject === 'Preparar presupuesto',
    );
    expect(task?.assignee_user_id).toBe(agent.id);
  });

  it('skips a mail action when the record has nobody to write to, and still does the rest', async () => {
    const templateId = newId();
    await ctx.db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: `Sin ${templateId}`,
        content: JSON.stringify({ es: { subject: 'Hola', text: 'Hola' } }),
        created_by: null,
      })
      .execute();
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'entity' },
      actions: [
        { type: 'send_template', template_id: templateId, to: 'entity' },
        { type: 'create_action', type_id: ids.task, subject: 'Completar ficha' },
      ],
    });
    await newEntity({ emails: [] });
    await settle();
    expect((await runsOf(rule.id))[0]).toMatchObject({
      status: 'succeeded',
      outcome: [
        { type: 'send_template', status: 'skipped', detail: 'no_address' },
        { type: 'create_action', status: 'ok' },
      ],
    });
  });
});

describe('date triggers', () => {
  it('fires N days before the expected close, once per date, again when the date moves', async () => {
    const rule = await createRule({
      trigger: { type: 'days_before_close', object: 'case', config: { days: 3 } },
      actions: [{ type: 'create_action', type_id: ids.task, subject: 'Cierre en 3 días' }],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id, { expected_close: '2027-03-10' });
    await scanDateTriggers(ctx.db, new Date('2027-03-05T10:00:00Z'));
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(0);
    await scanDateTriggers(ctx.db, new Date('2027-03-07T10:00:00Z'));
    await scanDateTriggers(ctx.db, new Date('2027-03-08T10:00:00Z'));
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(1);
    const current = await ctx.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    await send('PATCH', `/api/v1/cases/${kase.id}`, {
      version: current.version,
      expected_close: '2027-03-20',
    });
    await scanDateTriggers(ctx.db, new Date('2027-03-18T10:00:00Z'));
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(2);
    expect((await runsOf(rule.id)).map((r) => r.trigger_key)).toEqual([
      'close:2027-03-20',
      'close:2027-03-10',
    ]);
  });

  it('fires after N days without activity on an entity, and checks its conditions when the day comes', async () => {
    const rule = await createRule({
      trigger: { type: 'days_without_activity', object: 'entity', config: { days: 30 } },
      conditions: [{ field: 'city', op: 'eq', value: 'Olot' }],
      actions: [
        { type: 'create_action', type_id: ids.call, subject: 'Retomar contacto', time_of_day: '10:00' },
      ],
    });
    const quiet = await newEntity({ city: 'Olot' });
    const elsewhere = await newEntity({ city: 'Lleida' });
    const later = new Date(Date.now() + 40 * 86_400_000);
    await scanDateTriggers(ctx.db, new Date(Date.now() + 10 * 86_400_000));
    expect(await actionsOf({ entity_id: quiet.id })).toHaveLength(0);
    await scanDateTriggers(ctx.db, later);
    await scanDateTriggers(ctx.db, later);
    const made = await actionsOf({ entity_id: quiet.id });
    expect(made).toHaveLength(1);
    expect(made[0]!.starts_at).not.toBeNull();
    expect(await actionsOf({ entity_id: elsewhere.id })).toHaveLength(0);
    // Only runs that did something are listed; the date checks that found the conditions false are not.
    const listed = (await runsOf(rule.id)).map((r) => r.object_id);
    expect(listed).toContain(quiet.id);
    expect(listed).not.toContain(elsewhere.id);
    expect((await runsOf(rule.id, '?status=skipped')).map((r) => r.object_id)).not.toContain(elsewhere.id);
  });

  it('fires on an open case nobody touched for N days, once, and the rule’s own action does not count as activity', async () => {
    const rule = await createRule({
      trigger: {
        type: 'days_without_activity',
        object: 'case',
        config: { days: 10, case_type_id: ids.claim },
      },
      actions: [
        { type: 'create_action', type_id: ids.task, subject: 'Reactivar el expediente' },
        { type: 'assign_owner', user_id: admin.id },
      ],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id, { type_id: ids.claim, title: 'Sin noticias' });
    await scanDateTriggers(ctx.db, new Date(Date.now() + 5 * 86_400_000));
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(0);
    const later = new Date(Date.now() + 20 * 86_400_000);
    await scanDateTriggers(ctx.db, later);
    await scanDateTriggers(ctx.db, later);
    expect((await actionsOf({ case_id: kase.id })).map((a) => a.subject)).toEqual([
      'Reactivar el expediente',
    ]);
    const row = await ctx.db
      .selectFrom('cases')
      .select('owner_id')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBe(admin.id);
    expect((await runsOf(rule.id)).filter((r) => r.object_id === kase.id)).toHaveLength(1);
  });

  it('fires hours before an SLA falls due', async () => {
    const rule = await createRule({
      trigger: {
        type: 'sla_due_soon',
        object: 'case',
        config: { hours: 4, target: 'first_response', case_type_id: ids.claim },
      },
      actions: [{ type: 'set_field', field: 'priority', value: 'urgent' }],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id, { type_id: ids.claim, title: 'Pedido dañado', priority: 'normal' });
    const due = new Date('2027-05-03T12:00:00Z');
    await sql`update cases set first_response_due_at = ${due}, first_response_at = null where id = ${kase.id}`.execute(
      ctx.db,
    );
    await scanDateTriggers(ctx.db, new Date('2027-05-03T06:00:00Z'));
    expect(await runsOf(rule.id)).toHaveLength(0);
    await scanDateTriggers(ctx.db, new Date('2027-05-03T09:00:00Z'));
    await scanDateTriggers(ctx.db, new Date('2027-05-03T10:00:00Z'));
    const runs = await runsOf(rule.id);
    expect(runs).toMatchObject([{ status: 'succeeded', trigger_key: 'sla_first:2027-05-03T12:00:00Z' }]);
    const row = await ctx.db
      .selectFrom('cases')
      .select('priority')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(row.priority).toBe('urgent');
  });
});

describe('webhooks from rules', () => {
  let receiver: Server;
  let base: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  beforeAll(async () => {
    vi.stubEnv('TRATO_WEBHOOKS_ALLOW_PRIVATE', '1');
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('posts the record, signed with a secret shown once, and keeps the secret when the rule is saved again', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'entity' },
      actions: [{ type: 'call_webhook', url: `${base}/crm` }],
    });
    expect(rule.webhook_secrets).toHaveLength(1);
    const secret = rule.webhook_secrets[0]!.secret;
    const webhookId = rule.actions[0]!.webhook_id as string;
    expect(webhookId).toBeTruthy();
    const entity = await newEntity({ name: 'Hook Receptor, S.A.' });
    await settle();
    await dispatchWebhooks(ctx.db, { settleMs: 60_000, timeoutMs: 2_000 });
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({
      type: 'automation.rule',
      data: {
        rule: { id: rule.id },
        object: 'entity',
        object_id: entity.id,
        record: { name: 'Hook Receptor, S.A.' },
      },
    });
    const expected = `sha256=${createHmac('sha256', secret).update(received[0]!.body).digest('hex')}`;
    expect(received[0]!.headers['x-trato-signature']).toBe(expected);
    // The rule's target belongs to the rule: the Webhooks screen lists subscriptions to events only.
    const listed = await get('/api/v1/webhooks');
    expect(listed.json().data.map((w: { id: string }) => w.id)).not.toContain(webhookId);

    const again = await send('PATCH', `/api/v1/automation-rules/${rule.id}`, {
      version: rule.version,
      name: 'Avisar al ERP',
      actions: [{ type: 'call_webhook', url: `${base}/erp`, webhook_id: webhookId }],
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      name: 'Avisar al ERP',
      webhook_secrets: [],
      actions: [{ webhook_id: webhookId, url: `${base}/erp` }],
    });
  });
});

describe('dry run', () => {
  it('says which conditions hold and what each action would do, changing nothing', async () => {
    const rule = await createRule({
      trigger: { type: 'record_created', object: 'case' },
      conditions: [
        { field: 'priority', op: 'in', value: ['high', 'urgent'] },
        { field: 'amount', op: 'gte', value: 1000 },
      ],
      actions: [
        { type: 'create_action', type_id: ids.call, subject: 'Llamar' },
        { type: 'set_field', field: 'priority', value: 'urgent' },
      ],
    });
    const entity = await newEntity();
    const kase = await newCase(entity.id, { type_id: ids.claim, priority: 'high' });
    const res = await send('POST', `/api/v1/automation-rules/${rule.id}/test`, { object_id: kase.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      trigger_filters_met: true,
      conditions: [
        { index: 0, field: 'priority', actual: 'high', met: true },
        { index: 1, field: 'amount', actual: null, met: false },
      ],
      conditions_met: false,
      actions: [
        { type: 'create_action', status: 'ok', detail: 'Llamar' },
        { type: 'set_field', status: 'ok' },
      ],
    });
    expect(await actionsOf({ case_id: kase.id })).toHaveLength(0);
    const row = await ctx.db
      .selectFrom('cases')
      .select('priority')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(row.priority).toBe('high');
    const missing = await send('POST', `/api/v1/automation-rules/${rule.id}/test`, { object_id: newId() });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toMatchObject([{ field: 'object_id', code: 'not_found' }]);
  });
});
