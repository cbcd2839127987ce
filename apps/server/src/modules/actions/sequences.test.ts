import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { addDays, addWorkingDays, localDate } from './zoned-time.ts';

let ctx: TestContext;
let admin: TestUser;
let ana: TestUser;
let bruno: TestUser;
let north: string;
let types: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  north = await createTeam(ctx, 'North', []);
  ana = await createUser(ctx, { role: 'agent', name: 'Ana', teamIds: [north] });
  bruno = await createUser(ctx, { role: 'agent', name: 'Bruno', teamIds: [north] });
  const list = (await get(admin, '/api/v1/action-types')).json().data as { key: string; id: string }[];
  types = Object.fromEntries(list.map((t) => [t.key, t.id]));
});
afterAll(async () => ctx.close());

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const patch = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const fieldsOf = (res: { json(): any }) =>
  (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);

/** "Alta de cliente nuevo": call → send documents 2 working days later → visit 5 days later. */
const onboarding = () => ({
  name: 'Alta de cliente nuevo',
  goal_outcomes: ['positive', 'meeting_booked'],
  steps: [
    {
      key: 'call',
      type_id: types.call,
      subject: 'Llamada de bienvenida',
      offset_days: 0,
      assignee_rule: 'same',
    },
    {
      key: 'docs',
      type_id: types.documents,
      subject: 'Enviar documentación',
      offset_days: 2,
      working_days: true,
      assignee_rule: 'owner',
    },
    {
      key: 'visit',
      type_id: types.visit,
      subject: 'Visita de presentación',
      offset_days: 5,
      time_of_day: '10:30',
      assignee_rule: 'same',
    },
  ],
});

async function newSequence(body: Record<string, unknown> = onboarding()) {
  const res = await post(admin, '/api/v1/sequences', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function newEntity(owner: TestUser) {
  return (await post(owner, '/api/v1/entities', aCompany())).json().id as string;
}

/** The run's planned action (there is one while the run is active). */
async function plannedActionOf(user: TestUser, entityId: string) {
  const list = (
    await get(user, `/api/v1/actions?filter[entity_id]=${entityId}&filter[status]=planned`)
  ).json().data;
  expect(list).toHaveLength(1);
  return list[0];
}

describe('defining sequences', () => {
  it('stores the steps in order; only an admin may define one', async () => {
    const sequence = await newSequence();
    expect(sequence.steps.map((s: { key: string }) => s.key)).toEqual(['call', 'docs', 'visit']);
    expect(sequence.steps[1]).toMatchObject({ working_days: true, assignee_rule: 'owner', next_key: null });
    expect((await post(ana, '/api/v1/sequences', onboarding())).statusCode).toBe(403);
    expect((await get(ana, `/api/v1/sequences/${sequence.id}`)).json()).toEqual(sequence);
  });

  it('refuses a loop, naming the step that leads back', async () => {
    const body = onboarding();
    (body.steps[2] as Record<string, unknown>).next_key = 'call';
    const res = await post(admin, '/api/v1/sequences', body);
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['steps.2.next_key:sequence_loop']);
    const self = onboarding();
    (self.steps[0] as Record<string, unknown>).next_key = 'call';
    expect(fieldsOf(await post(admin, '/api/v1/sequences', self))).toEqual([
      'steps.0.next_key:sequence_loop',
    ]);
  });

  it('refuses unknown steps, duplicate keys, unknown types and a user rule without its user', async () => {
    const body = onboarding();
    Object.assign(body.steps[0]!, { next_key: 'nowhere' });
    Object.assign(body.steps[1]!, { key: 'call' });
    Object.assign(body.steps[2]!, { type_id: '01890000-0000-7000-8000-000000000000', assignee_rule: 'user' });
    const res = await post(admin, '/api/v1/sequences', { ...body, goal_outcomes: ['rich'] });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res).sort()).toEqual([
      'goal_outcomes.0:invalid_option',
      'steps.0.next_key:unknown_step',
      'steps.1.key:key_taken',
      'steps.2.assignee_user_id:required',
      'steps.2.type_id:unknown_action_type',
    ]);
    expect((await get(admin, '/api/v1/sequences')).json().data.every((s: { name: string }) => s.name)).toBe(
      true,
    );
  });
});

describe('running a sequence', () => {
  it('starts with the first action, then each completion creates the next; the goal outcome ends it', async () => {
    const sequence = await newSequence();
    const entity = await newEntity(bruno); // Bruno owns it; Ana runs the sequence
    const started = await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({
      sequence_name: 'Alta de cliente nuevo',
      status: 'active',
      current_step_key: 'call',
      current_step_position: 1,
      step_count: 3,
    });
    const twice = await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity });
    expect(twice.statusCode).toBe(409);
    expect(fieldsOf(twice)).toEqual(['entity_id:sequence_running']);

    const call = await plannedActionOf(ana, entity);
    expect(call).toMatchObject({
      type: { key: 'call' },
      subject: 'Llamada de bienvenida',
      assignee_user_id: ana.id,
      sequence_run_id: started.json().id,
      sequence_step_key: 'call',
    });
    expect(Date.parse(call.starts_at)).toBeGreaterThanOrEqual(Date.now() - 60_000);

    await post(ana, `/api/v1/actions/${call.id}/complete`, { version: 1, outcome: 'no_answer' });
    const docs = await plannedActionOf(ana, entity);
    const today = localDate(new Date(), 'Europe/Madrid');
    // Owner rule: Bruno owns the entity. Two working days from today, skipping the weekend.
    expect(docs).toMatchObject({
      type: { key: 'documents' },
      assignee_user_id: bruno.id,
      due_date: addWorkingDays(today, 2),
      starts_at: null,
    });
    const runs = (await get(ana, `/api/v1/entities/${entity}/sequence-runs`)).json().data;
    expect(runs).toEqual([
      expect.objectContaining({ current_step_key: 'docs', current_step_position: 2, step_count: 3 }),
    ]);

    await post(bruno, `/api/v1/actions/${docs.id}/complete`, { version: 1, outcome: 'follow_up' });
    const visit = await plannedActionOf(ana, entity);
    // Same rule: whoever had the previous step. 10:30 in Madrid, five calendar days on.
    expect(visit).toMatchObject({ type: { key: 'visit' }, assignee_user_id: bruno.id });
    expect(localDate(new Date(visit.starts_at), 'Europe/Madrid')).toBe(addDays(today, 5));
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Madrid',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(visit.starts_at)),
    ).toBe('10:30');

    await post(bruno, `/api/v1/actions/${visit.id}/complete`, { version: 1, outcome: 'positive' });
    const [run] = (await get(ana, `/api/v1/sequence-runs?entity_id=${entity}`)).json().data;
    expect(run).toMatchObject({ status: 'achieved', end_reason: 'positive' });
    expect(run.ended_at).not.toBeNull();
    // It can run again on the same entity once the first run ended.
    expect(
      (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity })).statusCode,
    ).toBe(201);
  });

  it('stops when a step is done with outcome stop', async () => {
    const sequence = await newSequence({ ...onboarding(), name: 'Parar' });
    const entity = await newEntity(ana);
    const run = (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity })).json();
    const call = await plannedActionOf(ana, entity);
    await post(ana, `/api/v1/actions/${call.id}/complete`, { version: 1, outcome: 'stop' });
    expect((await get(ana, `/api/v1/sequence-runs/${run.id}`)).json()).toMatchObject({
      status: 'stopped',
      end_reason: 'stop',
    });
    const planned = (
      await get(ana, `/api/v1/actions?filter[entity_id]=${entity}&filter[status]=planned`)
    ).json().data;
    expect(planned).toEqual([]);
  });

  it('completes after the last step, follows next_key, and skips weekends on working days', async () => {
    const sequence = await newSequence({
      name: 'Saltar',
      steps: [
        {
          key: 'a',
          type_id: types.task,
          subject: 'Primero',
          offset_days: 0,
          assignee_rule: 'same',
          next_key: 'c',
        },
        { key: 'b', type_id: types.task, subject: 'Nunca', offset_days: 0, assignee_rule: 'same' },
        {
          key: 'c',
          type_id: types.task,
          subject: 'Último',
          offset_days: 0,
          working_days: true,
          assignee_rule: 'team',
          assignee_team_id: north,
        },
      ],
    });
    const entity = await newEntity(ana);
    const run = (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity })).json();
    const first = await plannedActionOf(ana, entity);
    expect(first).toMatchObject({ subject: 'Primero', due_date: localDate(new Date(), 'Europe/Madrid') });
    await post(ana, `/api/v1/actions/${first.id}/complete`, { version: 1 });
    const last = await plannedActionOf(ana, entity);
    // Team rule: the team's, nobody's yet; 0 working days = today, or Monday on a weekend.
    expect(last).toMatchObject({
      subject: 'Último',
      assignee_team_id: north,
      assignee_user_id: null,
      due_date: addWorkingDays(localDate(new Date(), 'Europe/Madrid'), 0),
    });
    expect((await get(ana, `/api/v1/sequence-runs/${run.id}`)).json()).toMatchObject({
      current_step_key: 'c',
      current_step_position: 3,
    });
    await post(bruno, `/api/v1/actions/${last.id}/complete`, { version: 1, outcome: 'follow_up' });
    expect((await get(ana, `/api/v1/sequence-runs/${run.id}`)).json()).toMatchObject({ status: 'completed' });
  });

  it('does not advance when a step is cancelled; stopping the run cancels its planned action', async () => {
    const sequence = await newSequence({ ...onboarding(), name: 'Cancelar' });
    const entity = await newEntity(ana);
    const run = (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity })).json();
    const call = await plannedActionOf(ana, entity);
    await post(ana, `/api/v1/actions/${call.id}/cancel`, { version: 1 });
    expect((await get(ana, `/api/v1/sequence-runs/${run.id}`)).json()).toMatchObject({
      status: 'active',
      current_step_key: 'call',
    });
    // Closed actions are read-only for an agent (the admin has not allowed editing them), except for an undo
    // by whoever closed it.
    expect((await post(bruno, `/api/v1/actions/${call.id}/reopen`, { version: 2 })).statusCode).toBe(409);
    const second = await newEntity(ana);
    const other = (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: second })).json();
    const pending = await plannedActionOf(ana, second);
    const stopped = await post(ana, `/api/v1/sequence-runs/${other.id}/stop`, {
      version: 1,
      reason: 'Cliente perdido',
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json()).toMatchObject({ status: 'stopped', end_reason: 'Cliente perdido' });
    expect((await get(ana, `/api/v1/actions/${pending.id}`)).json().status).toBe('cancelled');
    const again = await post(ana, `/api/v1/sequence-runs/${other.id}/stop`, { version: 2 });
    expect(fieldsOf(again)).toEqual(['status:run_not_active']);
  });

  it('refuses to start on an entity the user cannot see, or an inactive sequence', async () => {
    const sequence = await newSequence({ ...onboarding(), name: 'Inactiva' });
    const south = await createTeam(ctx, 'South', []);
    const carla = await createUser(ctx, { role: 'agent', teamIds: [south] });
    const hidden = await newEntity(carla);
    const res = await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: hidden });
    expect(fieldsOf(res)).toEqual(['entity_id:unknown_entity']);
    await patch(admin, `/api/v1/sequences/${sequence.id}`, { version: sequence.version, active: false });
    const inactive = await post(ana, `/api/v1/sequences/${sequence.id}/start`, {
      entity_id: await newEntity(ana),
    });
    expect(fieldsOf(inactive)).toEqual(['id:sequence_inactive']);
  });

  it('a sequence with an active run cannot be deleted', async () => {
    const sequence = await newSequence({ ...onboarding(), name: 'Borrar' });
    const entity = await newEntity(ana);
    const run = (await post(ana, `/api/v1/sequences/${sequence.id}/start`, { entity_id: entity })).json();
    const del = () =>
      ctx.app.inject({ method: 'DELETE', url: `/api/v1/sequences/${sequence.id}`, headers: admin.headers });
    const refused = await del();
    expect(refused.statusCode).toBe(409);
    expect(fieldsOf(refused)).toEqual(['id:in_use']);
    await post(ana, `/api/v1/sequence-runs/${run.id}/stop`, { version: 1 });
    expect((await del()).statusCode).toBe(204);
    expect((await get(admin, `/api/v1/sequences/${sequence.id}`)).statusCode).toBe(404);
  });
});

describe('working days', () => {
  it('skips Saturdays and Sundays', () => {
    expect(addWorkingDays('2030-01-04', 2)).toBe('2030-01-08'); // Friday + 2 → Tuesday
    expect(addWorkingDays('2030-01-05', 0)).toBe('2030-01-07'); // Saturday + 0 → Monday
    expect(addWorkingDays('2030-01-07', 5)).toBe('2030-01-14'); // a week of working days
    expect(addWorkingDays('2030-01-07', 0)).toBe('2030-01-07');
  });
});
