import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
let manager: TestUser;
let ana: TestUser; // agent, team North
let bruno: TestUser; // agent, team North
let carla: TestUser; // agent, team South
let north: string;
let south: string;
let types: Record<string, { id: string; default_duration_minutes: number }>;
let entityId: string; // owned by ana
let contactId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  manager = await createUser(ctx, { role: 'manager' });
  north = await createTeam(ctx, 'North', [manager.id]);
  south = await createTeam(ctx, 'South', [manager.id]);
  ana = await createUser(ctx, { role: 'agent', name: 'Ana', teamIds: [north] });
  bruno = await createUser(ctx, { role: 'agent', name: 'Bruno', teamIds: [north] });
  carla = await createUser(ctx, { role: 'agent', name: 'Carla', teamIds: [south] });
  const list = (await get(admin, '/api/v1/action-types')).json().data as {
    key: string;
    id: string;
    default_duration_minutes: number;
  }[];
  types = Object.fromEntries(list.map((t) => [t.key, t]));
  entityId = (await post(ana, '/api/v1/entities', aCompany({ name: 'Talleres Muñoz' }))).json().id;
  contactId = (
    await post(ana, '/api/v1/contacts', { entity_id: entityId, first_name: 'Iñaki', last_name: 'Muñoz' })
  ).json().id;
});
afterAll(async () => ctx.close());

const post = (user: TestUser, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...user.headers, ...headers },
  });
const patch = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: user.headers });
const put = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PUT', url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

async function createAction(user: TestUser, body: Record<string, unknown>) {
  const res = await post(user, '/api/v1/actions', {
    type_id: types.call!.id,
    subject: 'Llamar',
    starts_at: inDays(1),
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const fieldsOf = (res: { json(): any }) =>
  (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);

async function countRows(table: 'actions' | 'events'): Promise<number> {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('creating actions', () => {
  it('plans a timed action: the end defaults to start + the type duration, and it is due at its end', async () => {
    const start = inDays(2);
    const action = await createAction(ana, {
      subject: 'Llamar para la oferta',
      starts_at: start,
      entity_id: entityId,
      contact_id: contactId,
    });
    const end = new Date(Date.parse(start) + types.call!.default_duration_minutes * 60_000).toISOString();
    expect(action).toMatchObject({
      type: { key: 'call', timed: true },
      subject: 'Llamar para la oferta',
      starts_at: start,
      ends_at: end,
      due_at: end,
      due_date: null,
      status: 'planned',
      overdue: false,
      assignee_user: { id: ana.id, name: 'Ana' },
      entity: { id: entityId, name: 'Talleres Muñoz' },
      contact: { id: contactId, name: 'Iñaki Muñoz' },
      version: 1,
    });
    expect((await get(ana, `/api/v1/actions/${action.id}`)).json()).toEqual(action);
  });

  it('plans an untimed action by its due date, due at the end of that day in the assignee’s time zone', async () => {
    const action = await createAction(ana, {
      type_id: types.email!.id,
      subject: 'Enviar tarifas',
      starts_at: undefined,
      due_date: '2030-03-10',
    });
    // Europe/Madrid is UTC+1 on 10 March 2030: the day ends at 23:00 UTC.
    expect(action).toMatchObject({
      due_date: '2030-03-10',
      starts_at: null,
      due_at: '2030-03-10T23:00:00.000Z',
    });
  });

  it('takes the contact’s entity when only the contact is given', async () => {
    const action = await createAction(ana, { contact_id: contactId });
    expect(action.entity_id).toBe(entityId);
  });

  it('logs an action already done, with its outcome', async () => {
    const action = await createAction(ana, { status: 'done', outcome: 'positive', starts_at: inDays(-1) });
    expect(action).toMatchObject({
      status: 'done',
      outcome: 'positive',
      completed_by: { id: ana.id },
      overdue: false,
    });
  });
});

describe('bad input: a clear 4xx naming the field, nothing written', () => {
  it('refuses an end before the start', async () => {
    const before = await countRows('actions');
    const res = await post(ana, '/api/v1/actions', {
      type_id: types.meeting!.id,
      subject: 'Reunión',
      starts_at: '2030-05-01T10:00:00Z',
      ends_at: '2030-05-01T09:00:00Z',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['ends_at:ends_before_start']);
    expect(await countRows('actions')).toBe(before);
    const inCatalan = await post(
      ana,
      '/api/v1/actions',
      {
        type_id: types.meeting!.id,
        subject: 'Reunió',
        starts_at: '2030-05-01T10:00:00Z',
        ends_at: '2030-05-01T09:00:00Z',
      },
      { 'accept-language': 'ca' },
    );
    expect(inCatalan.json().errors[0].message).toBe("El final és anterior a l'inici.");
  });

  it('refuses an unknown type, an unknown assignee and a missing time, all at once where it can', async () => {
    const unknownType = await post(ana, '/api/v1/actions', {
      type_id: '01890000-0000-7000-8000-000000000000',
      subject: 'x',
      starts_at: inDays(1),
    });
    expect(unknownType.statusCode).toBe(422);
    expect(fieldsOf(unknownType)).toEqual(['type_id:unknown_action_type']);

    const res = await post(ana, '/api/v1/actions', {
      type_id: types.call!.id,
      subject: 'x',
      assignee_user_id: '01890000-0000-7000-8000-000000000000',
      entity_id: '01890000-0000-7000-8000-000000000001',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res).sort()).toEqual([
      'assignee_user_id:unknown_user',
      'entity_id:unknown_entity',
      'starts_at:required',
    ]);
    const untimed = await post(ana, '/api/v1/actions', {
      type_id: types.task!.id,
      subject: 'x',
      starts_at: inDays(1),
    });
    expect(fieldsOf(untimed).sort()).toEqual(['due_date:required', 'starts_at:type_not_timed']);
  });

  it('refuses a team the agent is not in, and a user who is not in the named team', async () => {
    const notMine = await post(ana, '/api/v1/actions', {
      type_id: types.call!.id,
      subject: 'x',
      starts_at: inDays(1),
      assignee_team_id: south,
    });
    expect(notMine.statusCode).toBe(422);
    expect(fieldsOf(notMine)).toEqual(['assignee_team_id:not_team_member']);
    const wrongMember = await post(manager, '/api/v1/actions', {
      type_id: types.call!.id,
      subject: 'x',
      starts_at: inDays(1),
      assignee_team_id: north,
      assignee_user_id: carla.id,
    });
    expect(fieldsOf(wrongMember)).toEqual(['assignee_user_id:not_team_member']);
    // A manager (who sees every action) may give work to any team.
    await createAction(manager, { assignee_team_id: south, assignee_user_id: null });
  });

  it('refuses a contact of another entity, an unknown outcome and an outcome on a planned action', async () => {
    const other = (await post(ana, '/api/v1/entities', aCompany())).json().id;
    const res = await post(ana, '/api/v1/actions', {
      type_id: types.call!.id,
      subject: 'x',
      starts_at: inDays(1),
      entity_id: other,
      contact_id: contactId,
      outcome: 'positive',
    });
    expect(fieldsOf(res).sort()).toEqual(['contact_id:contact_entity_mismatch', 'outcome:action_not_done']);
    const done = await post(ana, '/api/v1/actions', {
      type_id: types.call!.id,
      subject: 'x',
      starts_at: inDays(1),
      status: 'done',
      outcome: 'wonderful',
    });
    expect(fieldsOf(done)).toEqual(['outcome:invalid_option']);
  });

  it('names each bad attendee email, and answers 10 000 attendees with a 422 on attendees', async () => {
    const res = await post(ana, '/api/v1/actions', {
      type_id: types.meeting!.id,
      subject: 'Reunión',
      starts_at: inDays(3),
      attendees: [
        { email: 'ok@example.com' },
        { email: 'x@y.es' },
        { email: 'a@b.cat' },
        { email: 'nobody@' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['attendees.3.email:invalid_email']);

    const before = await countRows('actions');
    const many = await post(ana, '/api/v1/actions', {
      type_id: types.meeting!.id,
      subject: 'Reunión',
      starts_at: inDays(3),
      attendees: Array.from({ length: 10_000 }, (_, i) => ({ email: `p${i}@example.com` })),
    });
    expect(many.statusCode).toBe(422);
    expect(many.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(many)).toEqual(['attendees:too_many']);
    // A body past the size limit is a problem+json 413, not a dropped connection.
    const huge = await post(ana, '/api/v1/actions', {
      type_id: types.meeting!.id,
      subject: 'Reunión',
      starts_at: inDays(3),
      attendees: Array.from({ length: 10_000 }, (_, i) => ({
        email: `p${i}@example.com`,
        name: 'N'.repeat(199),
      })),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    expect(await countRows('actions')).toBe(before);
  });

  it('keeps valid attendees normalised, each waiting for an answer', async () => {
    const action = await createAction(ana, {
      type_id: types.meeting!.id,
      attendees: [{ email: 'Iñaki@TalleresMunoz.es', name: 'Iñaki' }, { email: 'iñaki@talleresmunoz.es' }],
    });
    expect(action.attendees).toEqual([
      { email: 'iñaki@talleresmunoz.es', name: 'Iñaki', status: 'NEEDS-ACTION' },
    ]);
  });
});

describe('team actions', () => {
  it('is taken by one member: assigned to them, still the team’s', async () => {
    const action = await createAction(ana, { assignee_team_id: north, assignee_user_id: null });
    expect(action).toMatchObject({ assignee_team: { id: north, name: 'North' }, assignee_user_id: null });

    const outsider = await post(carla, `/api/v1/actions/${action.id}/take`, { version: 1 });
    expect(outsider.statusCode).toBe(404); // another team's action is not even visible

    const taken = await post(bruno, `/api/v1/actions/${action.id}/take`, { version: 1 });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ assignee_user_id: bruno.id, assignee_team_id: north, version: 2 });

    const again = await post(ana, `/api/v1/actions/${action.id}/take`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(fieldsOf(again)).toEqual(['assignee_user_id:already_taken']);
  });

  it('shows an untaken team action on each member’s panel, and a taken one only on its taker’s', async () => {
    const action = await createAction(manager, {
      assignee_team_id: north,
      assignee_user_id: null,
      subject: 'Atender visita de la feria',
      starts_at: inDays(5),
    });
    const onPanel = async (user: TestUser) =>
      (await get(user, '/api/v1/actions/panel'))
        .json()
        .upcoming.some((a: { id: string }) => a.id === action.id);
    expect(await onPanel(ana)).toBe(true);
    expect(await onPanel(bruno)).toBe(true);
    expect(await onPanel(carla)).toBe(false);
    await post(ana, `/api/v1/actions/${action.id}/take`, { version: 1 });
    expect(await onPanel(ana)).toBe(true);
    expect(await onPanel(bruno)).toBe(false);
  });
});

describe('closed actions', () => {
  it('are read-only unless the admin allows editing them; then the edit is on the timeline', async () => {
    const action = await createAction(ana, { entity_id: entityId });
    const done = await post(ana, `/api/v1/actions/${action.id}/complete`, {
      version: 1,
      outcome: 'no_answer',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', outcome: 'no_answer', completed_by: { id: ana.id } });

    const refused = await patch(ana, `/api/v1/actions/${action.id}`, { version: 2, subject: 'Cambiado' });
    expect(refused.statusCode).toBe(409);
    expect(fieldsOf(refused)).toEqual(['status:action_closed']);
    // Bruno sees it (same team) but did not close it: no undo for him.
    expect((await post(bruno, `/api/v1/actions/${action.id}/reopen`, { version: 2 })).statusCode).toBe(409);

    expect(
      (await put(ana, '/api/v1/settings/actions', { allow_editing_closed_actions: true })).statusCode,
    ).toBe(403);
    const on = await put(admin, '/api/v1/settings/actions', { allow_editing_closed_actions: true });
    expect(on.json()).toEqual({ allow_editing_closed_actions: true });
    try {
      const edited = await patch(ana, `/api/v1/actions/${action.id}`, {
        version: 2,
        subject: 'Cambiado',
        outcome: 'positive',
      });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({
        subject: 'Cambiado',
        outcome: 'positive',
        status: 'done',
        version: 3,
      });
      const timeline = (await get(ana, `/api/v1/entities/${entityId}/timeline?objects=action`)).json().data;
      expect(timeline[0]).toMatchObject({
        type: 'action.updated',
        summary: 'Cambiado',
        changes: { subject: ['Llamar', 'Cambiado'], outcome: ['no_answer', 'positive'] },
      });
      const reopened = await post(ana, `/api/v1/actions/${action.id}/reopen`, { version: 3 });
      expect(reopened.json()).toMatchObject({ status: 'planned', outcome: null, completed_at: null });
    } finally {
      await put(admin, '/api/v1/settings/actions', { allow_editing_closed_actions: false });
    }
  });

  it('can be reopened by whoever closed them for 15 minutes (undo), not later', async () => {
    const first = await createAction(ana, { entity_id: entityId });
    await post(ana, `/api/v1/actions/${first.id}/complete`, { version: 1, outcome: 'positive' });
    const undone = await post(ana, `/api/v1/actions/${first.id}/reopen`, { version: 2 });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'planned', outcome: null });

    const second = await createAction(ana, { entity_id: entityId });
    await post(ana, `/api/v1/actions/${second.id}/cancel`, { version: 1 });
    vi.useFakeTimers({ now: Date.now() + 16 * 60_000, toFake: ['Date'] });
    try {
      const late = await post(ana, `/api/v1/actions/${second.id}/reopen`, { version: 2 });
      expect(late.statusCode).toBe(409);
      expect(fieldsOf(late)).toEqual(['status:action_closed']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cannot be completed or cancelled twice', async () => {
    const action = await createAction(ana, {});
    expect(
      (
        await post(ana, `/api/v1/actions/${action.id}/cancel`, { version: 1, reason: 'Ya no hace falta' })
      ).json(),
    ).toMatchObject({ status: 'cancelled', outcome_notes: 'Ya no hace falta' });
    const again = await post(ana, `/api/v1/actions/${action.id}/complete`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(fieldsOf(again)).toEqual(['status:action_not_planned']);
  });

  it('answers a stale version with 409', async () => {
    const action = await createAction(ana, {});
    await patch(ana, `/api/v1/actions/${action.id}`, { version: 1, subject: 'Primera' });
    const stale = await patch(bruno, `/api/v1/actions/${action.id}`, { version: 1, subject: 'Segunda' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });
});

describe('editing', () => {
  it('moves the end with the start, and keeps its time zone rules when the type changes to untimed', async () => {
    const action = await createAction(ana, {
      type_id: types.visit!.id,
      starts_at: '2030-06-03T08:00:00Z',
      ends_at: '2030-06-03T10:00:00Z',
    });
    const moved = await patch(ana, `/api/v1/actions/${action.id}`, {
      version: 1,
      starts_at: '2030-06-04T07:00:00Z',
    });
    expect(moved.json()).toMatchObject({
      starts_at: '2030-06-04T07:00:00.000Z',
      ends_at: '2030-06-04T09:00:00.000Z',
    });
    const untimed = await patch(ana, `/api/v1/actions/${action.id}`, { version: 2, type_id: types.task!.id });
    // 07:00 UTC on 4 June is 09:00 in Madrid: the same day becomes the due date.
    expect(untimed.json()).toMatchObject({
      type: { key: 'task' },
      starts_at: null,
      ends_at: null,
      due_date: '2030-06-04',
      due_at: '2030-06-04T22:00:00.000Z',
    });
  });
});

describe('bulk reassign', () => {
  it('gives many actions to another user in one go, with the reason on each timeline', async () => {
    const a = await createAction(ana, { entity_id: entityId, subject: 'Primera llamada' });
    const b = await createAction(ana, { entity_id: entityId, subject: 'Segunda llamada' });
    const res = await post(manager, '/api/v1/actions/reassign', {
      ids: [a.id, b.id],
      assignee_user_id: bruno.id,
      reason: 'Ana está de vacaciones',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    for (const id of [a.id, b.id])
      expect((await get(bruno, `/api/v1/actions/${id}`)).json()).toMatchObject({
        assignee_user_id: bruno.id,
        version: 2,
      });
    const timeline = (await get(ana, `/api/v1/entities/${entityId}/timeline?objects=action`)).json().data;
    const reassigned = timeline.filter((e: { type: string }) => e.type === 'action.reassigned');
    expect(reassigned).toHaveLength(2);
    expect(reassigned[0]).toMatchObject({
      actor: { id: manager.id },
      changes: { reason: 'Ana está de vacaciones', assignee_user_id: [ana.id, bruno.id] },
    });
  });

  it('writes nothing when one action fails, and names it', async () => {
    const a = await createAction(ana, {});
    const closed = await createAction(ana, { status: 'done' });
    const hidden = await createAction(carla, {});
    const res = await post(ana, '/api/v1/actions/reassign', {
      ids: [a.id, closed.id, hidden.id],
      assignee_user_id: bruno.id,
      reason: 'x',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['ids.1:action_closed', 'ids.2:not_found']);
    expect((await get(ana, `/api/v1/actions/${a.id}`)).json()).toMatchObject({
      assignee_user_id: ana.id,
      version: 1,
    });

    const badTeam = await post(ana, '/api/v1/actions/reassign', { ids: [a.id], assignee_team_id: south });
    expect(fieldsOf(badTeam)).toEqual(['assignee_team_id:not_team_member']);
  });
});

describe('who sees what', () => {
  let privateAction: { id: string };
  let teamEntity: string;

  beforeAll(async () => {
    // An entity of Carla's that Ana cannot see, and one of Ana's with a private action of Bruno's on it.
    teamEntity = (await post(carla, '/api/v1/entities', aCompany({ name: 'Ferretería del Sur' }))).json().id;
    privateAction = await createAction(bruno, {
      subject: 'Negociar descuento confidencial',
      private: true,
      entity_id: entityId,
      starts_at: inDays(1),
    });
  });

  it('an agent sees their team’s actions but not another team’s (list, get)', async () => {
    const southern = await createAction(carla, { subject: 'Llamada del sur', entity_id: teamEntity });
    const list = (await get(ana, '/api/v1/actions?limit=500')).json().data.map((a: { id: string }) => a.id);
    expect(list).not.toContain(southern.id);
    expect((await get(ana, `/api/v1/actions/${southern.id}`)).statusCode).toBe(404);
    expect(
      (await patch(ana, `/api/v1/actions/${southern.id}`, { version: 1, subject: 'x' })).statusCode,
    ).toBe(404);
    expect((await get(manager, `/api/v1/actions/${southern.id}`)).statusCode).toBe(200);
    const brunos = await createAction(bruno, { subject: 'Llamada del norte' });
    expect((await get(ana, `/api/v1/actions/${brunos.id}`)).statusCode).toBe(200);
  });

  it('a private action is seen only by its assignee, its team and its creator, whatever the role', async () => {
    expect((await get(bruno, `/api/v1/actions/${privateAction.id}`)).statusCode).toBe(200);
    for (const user of [ana, carla, manager, admin]) {
      expect((await get(user, `/api/v1/actions/${privateAction.id}`)).statusCode).toBe(404);
      const list = (await get(user, '/api/v1/actions?limit=500'))
        .json()
        .data.map((a: { id: string }) => a.id);
      expect(list).not.toContain(privateAction.id);
      const panel = await get(user, '/api/v1/actions/panel?scope=team');
      if (user !== carla) expect(panel.body).not.toContain(privateAction.id);
      const from = inDays(-2);
      const to = inDays(10);
      const agenda = await get(user, `/api/v1/actions/agenda?from=${from}&to=${to}&user_id=${bruno.id}`);
      if (user !== carla) {
        expect(agenda.statusCode, agenda.body).toBe(200);
        expect(agenda.body).not.toContain(privateAction.id);
      }
    }
    // Bruno's own agenda and panel have it.
    const own = await get(bruno, `/api/v1/actions/agenda?from=${inDays(-2)}&to=${inDays(10)}`);
    expect(own.json().data.map((a: { id: string }) => a.id)).toContain(privateAction.id);
  });

  it('the entity timeline does not show another person’s private action to others', async () => {
    const forAna = (await get(ana, `/api/v1/entities/${entityId}/timeline?limit=200`)).json().data;
    expect(forAna.some((e: { object_id: string }) => e.object_id === privateAction.id)).toBe(false);
    expect(JSON.stringify(forAna)).not.toContain('confidencial');
    const forBruno = (await get(bruno, `/api/v1/entities/${entityId}/timeline?limit=200`)).json().data;
    expect(forBruno.some((e: { object_id: string }) => e.object_id === privateAction.id)).toBe(true);
  });

  it('an agent cannot look at another team’s panel or a non-teammate’s agenda', async () => {
    expect((await get(ana, `/api/v1/actions/panel?user_id=${carla.id}`)).statusCode).toBe(422);
    expect((await get(ana, `/api/v1/actions/panel?team_id=${south}`)).statusCode).toBe(422);
    const agenda = await get(
      ana,
      `/api/v1/actions/agenda?from=${inDays(-1)}&to=${inDays(5)}&user_id=${carla.id}`,
    );
    expect(fieldsOf(agenda)).toEqual(['user_id:not_team_member']);
  });
});

describe('timeline', () => {
  it('shows actions on the entity’s and the contact’s timeline, newest first, filterable by type', async () => {
    const call = await createAction(ana, {
      entity_id: entityId,
      contact_id: contactId,
      subject: 'Llamar a Iñaki',
    });
    const visit = await createAction(ana, {
      type_id: types.visit!.id,
      entity_id: entityId,
      subject: 'Visitar el taller',
    });
    await post(ana, `/api/v1/actions/${call.id}/complete`, { version: 1, outcome: 'positive' });

    const entityTimeline = (await get(ana, `/api/v1/entities/${entityId}/timeline?limit=200`)).json().data;
    const ids = entityTimeline.map((e: { object_id: string; type: string }) => `${e.type}:${e.object_id}`);
    expect(ids.indexOf(`action.completed:${call.id}`)).toBeLessThan(
      ids.indexOf(`action.created:${visit.id}`),
    );
    expect(ids.indexOf(`action.created:${visit.id}`)).toBeLessThan(ids.indexOf(`action.created:${call.id}`));
    expect(entityTimeline.find((e: { type: string }) => e.type === 'action.completed')).toMatchObject({
      summary: 'Llamar a Iñaki',
      changes: { type_key: 'call', status: ['planned', 'done'], outcome: [null, 'positive'] },
    });

    const contactTimeline = (await get(ana, `/api/v1/contacts/${contactId}/timeline?limit=200`)).json().data;
    const contactIds = contactTimeline.map((e: { object_id: string }) => e.object_id);
    expect(contactIds).toContain(call.id);
    expect(contactIds).not.toContain(visit.id);

    const visitsOnly = (
      await get(ana, `/api/v1/entities/${entityId}/timeline?objects=action&action_types=visit`)
    ).json().data;
    expect(visitsOnly.length).toBeGreaterThan(0);
    expect(visitsOnly.every((e: { changes: { type_key: string } }) => e.changes.type_key === 'visit')).toBe(
      true,
    );
  });

  it('records deletion', async () => {
    const action = await createAction(ana, { entity_id: entityId, subject: 'Borrar esto' });
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/actions/${action.id}`,
      headers: ana.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await get(ana, `/api/v1/actions/${action.id}`)).json().deleted_at).not.toBeNull();
    const list = (await get(ana, '/api/v1/actions?limit=500')).json().data.map((a: { id: string }) => a.id);
    expect(list).not.toContain(action.id);
    const timeline = (await get(ana, `/api/v1/entities/${entityId}/timeline?objects=action`)).json().data;
    expect(timeline[0]).toMatchObject({ type: 'action.deleted', summary: 'Borrar esto' });
  });
});

describe('list filters', () => {
  it('filters by assignee, team, status, type, entity and date range', async () => {
    const team = await createAction(manager, {
      assignee_team_id: north,
      assignee_user_id: null,
      subject: 'Filtro equipo',
      starts_at: '2031-02-10T09:00:00Z',
    });
    const visit = await createAction(ana, {
      type_id: types.visit!.id,
      subject: 'Filtro visita',
      entity_id: entityId,
      starts_at: '2031-02-11T09:00:00Z',
    });
    const ids = async (query: string) =>
      (await get(manager, `/api/v1/actions?limit=500&${query}`)).json().data.map((a: { id: string }) => a.id);
    expect(
      await ids(`filter[assignee_team_id]=${north}&from=2031-02-01T00:00:00Z&to=2031-03-01T00:00:00Z`),
    ).toEqual([team.id]);
    expect(
      await ids(`filter[type_id]=${types.visit!.id}&filter[entity_id]=${entityId}&from=2031-02-01T00:00:00Z`),
    ).toEqual([visit.id]);
    expect(
      await ids(`filter[assignee_user_id]=${ana.id}&from=2031-02-11T00:00:00Z&to=2031-02-12T00:00:00Z`),
    ).toEqual([visit.id]);
    expect(await ids('filter[status]=cancelled&from=2031-01-01T00:00:00Z')).toEqual([]);
    const bad = await get(manager, '/api/v1/actions?from=yesterday');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('from');
  });
});
