import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent' });
});
afterAll(async () => ctx.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', user: TestUser, url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, payload: payload as object, headers: user.headers });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const fieldsOf = (res: { json(): any }) =>
  (res.json().errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);

describe('action types', () => {
  it('come seeded in three languages, timed or not', async () => {
    const list = (await get(agent, '/api/v1/action-types')).json().data;
    expect(list.map((t: { key: string }) => t.key)).toEqual([
      'call',
      'email',
      'visit',
      'meeting',
      'documents',
      'presentation',
      'task',
    ]);
    expect(list[0]).toMatchObject({
      labels: { es: 'Llamada', ca: 'Trucada', en: 'Call' },
      icon: 'phone',
      timed: true,
      default_duration_minutes: 15,
    });
    expect(list.find((t: { key: string }) => t.key === 'task').timed).toBe(false);
  });

  it('are defined by the admin only; a key is unique', async () => {
    const body = {
      key: 'demo',
      labels: { es: 'Demostración', en: 'Demo' },
      icon: 'video',
      color: 'indigo',
      default_duration_minutes: 45,
    };
    expect((await send('POST', agent, '/api/v1/action-types', body)).statusCode).toBe(403);
    const created = await send('POST', admin, '/api/v1/action-types', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'demo', timed: true, active: true, position: 7, version: 1 });
    const again = await send('POST', admin, '/api/v1/action-types', body);
    expect(fieldsOf(again)).toEqual(['key:key_taken']);
    const bad = await send('POST', admin, '/api/v1/action-types', {
      key: 'Bad Key',
      labels: {},
      icon: 'rocket',
    });
    expect(fieldsOf(bad).sort()).toEqual(['icon:invalid_option', 'key:invalid_key', 'labels:label_required']);

    const changed = await send('PATCH', admin, `/api/v1/action-types/${created.json().id}`, {
      version: 1,
      default_duration_minutes: 30,
      color: 'teal',
    });
    expect(changed.json()).toMatchObject({ default_duration_minutes: 30, color: 'teal', version: 2 });
  });

  it('refuses deleting a type in use (deactivate it instead); an unused one goes', async () => {
    const type = (
      await send('POST', admin, '/api/v1/action-types', {
        key: 'tasting',
        labels: { es: 'Cata' },
        timed: false,
      })
    ).json();
    const action = await send('POST', agent, '/api/v1/actions', {
      type_id: type.id,
      subject: 'Cata',
      due_date: '2030-01-10',
    });
    expect(action.statusCode, action.body).toBe(201);
    const refused = await send('DELETE', admin, `/api/v1/action-types/${type.id}`);
    expect(refused.statusCode).toBe(409);
    expect(fieldsOf(refused)).toEqual(['id:in_use']);

    const off = await send('PATCH', admin, `/api/v1/action-types/${type.id}`, { version: 1, active: false });
    expect(off.json().active).toBe(false);
    // An inactive type takes no new actions, but its old ones keep it and can still be edited.
    const refusedNew = await send('POST', agent, '/api/v1/actions', {
      type_id: type.id,
      subject: 'x',
      due_date: '2030-01-10',
    });
    expect(fieldsOf(refusedNew)).toEqual(['type_id:unknown_action_type']);
    const edit = await send('PATCH', agent, `/api/v1/actions/${action.json().id}`, {
      version: 1,
      subject: 'Cata de vinos',
    });
    expect(edit.statusCode, edit.body).toBe(200);

    const unused = (
      await send('POST', admin, '/api/v1/action-types', { key: 'unused', labels: { en: 'Unused' } })
    ).json();
    expect((await send('DELETE', admin, `/api/v1/action-types/${unused.id}`)).statusCode).toBe(204);
    const keys = (await get(agent, '/api/v1/action-types')).json().data.map((t: { key: string }) => t.key);
    expect(keys).not.toContain('unused');
  });
});

describe('custom fields of an action type', () => {
  it('are fields of object action with the type’s id, validated on the type’s actions only', async () => {
    const types = (await get(admin, '/api/v1/action-types')).json().data as { key: string; id: string }[];
    const visit = types.find((t) => t.key === 'visit')!.id;
    const call = types.find((t) => t.key === 'call')!.id;

    const missingType = await send('POST', admin, '/api/v1/fields', {
      object: 'action',
      key: 'km',
      labels: { es: 'Kilómetros' },
      type: 'number',
    });
    expect(fieldsOf(missingType)).toEqual(['type_id:required']);
    const onEntity = await send('POST', admin, '/api/v1/fields', {
      object: 'entity',
      key: 'km',
      labels: { es: 'Kilómetros' },
      type: 'number',
      type_id: visit,
    });
    expect(fieldsOf(onEntity)).toEqual(['type_id:not_applicable']);
    const field = await send('POST', admin, '/api/v1/fields', {
      object: 'action',
      type_id: visit,
      key: 'km',
      labels: { es: 'Kilómetros', en: 'Distance (km)' },
      type: 'number',
      required: true,
      validation: { min: 0, decimals: 0 },
    });
    expect(field.statusCode, field.body).toBe(201);
    expect(field.json()).toMatchObject({ object: 'action', type_id: visit, key: 'km' });
    // The same key may be another type's field too.
    expect(
      (
        await send('POST', admin, '/api/v1/fields', {
          object: 'action',
          type_id: call,
          key: 'km',
          labels: { es: 'Km' },
          type: 'number',
        })
      ).statusCode,
    ).toBe(201);
    const listed = (await get(agent, `/api/v1/fields?object=action&type_id=${visit}`)).json().data;
    expect(listed).toHaveLength(1);

    const noKm = await send('POST', agent, '/api/v1/actions', {
      type_id: visit,
      subject: 'Visita',
      starts_at: '2030-01-10T09:00:00Z',
    });
    expect(fieldsOf(noKm)).toEqual(['custom.km:required']);
    const badKm = await send('POST', agent, '/api/v1/actions', {
      type_id: visit,
      subject: 'Visita',
      starts_at: '2030-01-10T09:00:00Z',
      custom: { km: -3, color: 'red' },
    });
    expect(fieldsOf(badKm).sort()).toEqual(['custom.color:unknown_field', 'custom.km:too_small']);
    const ok = await send('POST', agent, '/api/v1/actions', {
      type_id: visit,
      subject: 'Visita',
      starts_at: '2030-01-10T09:00:00Z',
      custom: { km: 42 },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().custom).toEqual({ km: 42 });
    // Calls do not require it.
    const callAction = await send('POST', agent, '/api/v1/actions', {
      type_id: call,
      subject: 'Llamada',
      starts_at: '2030-01-10T11:00:00Z',
    });
    expect(callAction.statusCode).toBe(201);
    const filtered = (await get(agent, '/api/v1/actions?filter[custom.km][gte]=40')).json().data;
    expect(filtered.map((a: { id: string }) => a.id)).toEqual([ok.json().id]);
  });
});

describe('settings of actions', () => {
  it('are read by everyone and written by the admin', async () => {
    expect((await get(agent, '/api/v1/settings/actions')).json()).toEqual({
      allow_editing_closed_actions: false,
    });
    expect(
      (await send('PUT', agent, '/api/v1/settings/actions', { allow_editing_closed_actions: true }))
        .statusCode,
    ).toBe(403);
    const bad = await send('PUT', admin, '/api/v1/settings/actions', { allow_editing_closed_actions: 'yes' });
    expect(bad.statusCode).toBe(422);
    const on = await send('PUT', admin, '/api/v1/settings/actions', { allow_editing_closed_actions: true });
    expect(on.json()).toEqual({ allow_editing_closed_actions: true });
    expect((await get(agent, '/api/v1/settings/actions')).json()).toEqual({
      allow_editing_closed_actions: true,
    });
  });
});
