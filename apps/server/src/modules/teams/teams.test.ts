import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let anna: TestUser;
let pau: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  anna = await createUser(ctx, { role: 'agent', name: 'Anna Ferrer' });
  pau = await createUser(ctx, { role: 'agent', name: 'Pau Serra' });
});
afterAll(async () => ctx.close());

const send = (user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: user.headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

describe('teams', () => {
  it('lets an admin create a team with members, and everyone list it', async () => {
    const res = await send(admin, 'POST', '/api/v1/teams', {
      name: 'Comercial Lleida',
      member_ids: [anna.id],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Comercial Lleida', member_ids: [anna.id], version: 1 });
    const list = await get(pau, '/api/v1/teams');
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toContainEqual(res.json());
  });

  it('refuses team changes by an agent with 403', async () => {
    expect((await send(anna, 'POST', '/api/v1/teams', { name: 'Mi equipo' })).statusCode).toBe(403);
  });

  it('replaces the members with member_ids, and refuses a stale version', async () => {
    const team = (
      await send(admin, 'POST', '/api/v1/teams', { name: 'Postventa', member_ids: [anna.id] })
    ).json();
    const replaced = await send(admin, 'PATCH', `/api/v1/teams/${team.id}`, {
      version: 1,
      member_ids: [pau.id, admin.id],
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().member_ids).toEqual([pau.id, admin.id].sort());
    expect(replaced.json().version).toBe(2);
    const me = (await get(anna, '/api/v1/auth/me')).json();
    expect(me.teams.map((t: { id: string }) => t.id)).not.toContain(team.id);

    const renamed = await send(admin, 'PATCH', `/api/v1/teams/${team.id}`, {
      version: 2,
      name: 'Servicio técnico',
    });
    expect(renamed.json()).toMatchObject({ name: 'Servicio técnico', member_ids: [pau.id, admin.id].sort() });

    const stale = await send(admin, 'PATCH', `/api/v1/teams/${team.id}`, { version: 2, member_ids: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  it('names each unknown member and unknown fields', async () => {
    const missing = '01890000-0000-7000-8000-000000000000';
    const res = await send(admin, 'POST', '/api/v1/teams', {
      name: 'Fantasmas',
      member_ids: [anna.id, missing],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'member_ids.1', code: 'unknown_user' }),
    ]);
    const unknown = await send(admin, 'POST', '/api/v1/teams', { name: 'Norte', leader_id: anna.id });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'leader_id', code: 'unknown_field' });
  });

  it('stops sharing records through a deleted team', async () => {
    const team = (
      await send(admin, 'POST', '/api/v1/teams', { name: 'Zona Sur', member_ids: [anna.id, pau.id] })
    ).json();
    const entity = (
      await send(pau, 'POST', '/api/v1/entities', aCompany({ name: 'Olis del Sud, S.L.' }))
    ).json();
    expect((await get(anna, `/api/v1/entities/${entity.id}`)).statusCode).toBe(200);

    expect((await send(admin, 'DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    expect((await get(anna, `/api/v1/entities/${entity.id}`)).statusCode).toBe(404);
    expect((await get(admin, `/api/v1/teams/${team.id}`)).statusCode).toBe(404);
    const list = (await get(admin, '/api/v1/teams')).json().data as { id: string }[];
    expect(list.map((t) => t.id)).not.toContain(team.id);
  });
});
