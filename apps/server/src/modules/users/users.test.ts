import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTeam,
  createTestApp,
  createUser,
  signIn,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
const roleIds: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Núria Admin' });
  agent = await createUser(ctx, { role: 'agent', name: 'Jordi Agent' });
  for (const role of await ctx.db.selectFrom('roles').select(['id', 'key']).execute())
    roleIds[role.key] = role.id;
});
afterAll(async () => ctx.close());

const send = (user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: user.headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });

let n = 0;
const newUserBody = (overrides: Record<string, unknown> = {}) => ({
  email: `persona${++n}@empresa.es`,
  name: `Persona ${n}`,
  password: 'una contraseña larga',
  role_id: roleIds.agent,
  ...overrides,
});

describe('creating users', () => {
  it('lets an admin create a user who can then sign in', async () => {
    const res = await send(
      admin,
      'POST',
      '/api/v1/users',
      newUserBody({ email: 'Laia.Vidal@Empresa.es', name: 'Laia Vidal' }),
    );
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      email: 'laia.vidal@empresa.es',
      name: 'Laia Vidal',
      active: true,
      version: 1,
    });
    expect(user).not.toHaveProperty('password_hash');
    expect(user).not.toHaveProperty('password');

    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'laia.vidal@empresa.es', password: 'una contraseña larga' },
      remoteAddress: '10.1.0.1',
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ id: user.id, role: { key: 'agent' } });
  });

  it('refuses a user creation by an agent with 403', async () => {
    const res = await send(agent, 'POST', '/api/v1/users', newUserBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('refuses an email another user has, in any case', async () => {
    const first = await send(admin, 'POST', '/api/v1/users', newUserBody({ email: 'marc@empresa.es' }));
    expect(first.statusCode).toBe(201);
    const again = await send(admin, 'POST', '/api/v1/users', newUserBody({ email: 'MARC@Empresa.ES' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'email', code: 'email_taken' })]);
    const rename = await send(admin, 'PATCH', `/api/v1/users/${agent.id}`, {
      version: 1,
      email: 'Marc@empresa.es',
    });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().errors[0].code).toBe('email_taken');
  });

  it('names the unknown field, the unknown role and the unknown team', async () => {
    const unknown = await send(admin, 'POST', '/api/v1/users', newUserBody({ is_admin: true }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'is_admin', code: 'unknown_field' }),
    ]);

    const teamId = await createTeam(ctx, 'Ventas Girona', []);
    const missing = '01890000-0000-7000-8000-000000000000';
    const refs = await send(
      admin,
      'POST',
      '/api/v1/users',
      newUserBody({ role_id: missing, team_ids: [teamId, missing] }),
    );
    expect(refs.statusCode).toBe(422);
    expect(refs.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['role_id', 'unknown_role'],
      ['team_ids.1', 'unknown_team'],
    ]);
  });

  it('answers in Catalan when asked to', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'accept-language': 'ca-ES,ca;q=0.9,es;q=0.5' },
      payload: newUserBody({ email: 'marc@empresa.es' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].message).toBe('Un altre usuari ja té aquest correu.');
  });
});

describe('listing users', () => {
  it('shows everyone, active and inactive, sorted by name, to any signed-in user', async () => {
    const inactive = await send(admin, 'POST', '/api/v1/users', newUserBody({ name: 'Aina Inactiva' }));
    await send(admin, 'PATCH', `/api/v1/users/${inactive.json().id}`, { version: 1, active: false });

    const res = await get(agent, '/api/v1/users');
    expect(res.statusCode).toBe(200);
    const users = res.json().data as { id: string; name: string; active: boolean }[];
    expect(users.find((u) => u.id === inactive.json().id)).toMatchObject({ active: false });
    const names = users.map((u) => u.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(res.body).not.toContain('argon2');
    expect((await get(agent, `/api/v1/users/${admin.id}`)).json()).toMatchObject({
      id: admin.id,
      name: 'Núria Admin',
    });
  });
});

describe('changing users', () => {
  it('refuses a stale version with 409 and the current version', async () => {
    const created = (await send(admin, 'POST', '/api/v1/users', newUserBody())).json();
    const first = await send(admin, 'PATCH', `/api/v1/users/${created.id}`, {
      version: 1,
      name: 'Pere Soler',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ name: 'Pere Soler', version: 2 });
    const stale = await send(admin, 'PATCH', `/api/v1/users/${created.id}`, {
      version: 1,
      name: 'Pere Sala',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    expect((await get(admin, `/api/v1/users/${created.id}`)).json().name).toBe('Pere Soler');
  });

  it('replaces the team memberships with team_ids', async () => {
    const north = await createTeam(ctx, 'Norte', []);
    const south = await createTeam(ctx, 'Sur', []);
    const created = (await send(admin, 'POST', '/api/v1/users', newUserBody({ team_ids: [north] }))).json();
    expect(created.team_ids).toEqual([north]);
    const moved = await send(admin, 'PATCH', `/api/v1/users/${created.id}`, {
      version: 1,
      team_ids: [south],
    });
    expect(moved.json().team_ids).toEqual([south]);
    const team = (await get(admin, `/api/v1/teams/${north}`)).json();
    expect(team.member_ids).not.toContain(created.id);
  });

  it('signs a deactivated user out at once', async () => {
    const user = await createUser(ctx, { role: 'agent' });
    expect((await get(user, '/api/v1/auth/me')).statusCode).toBe(200);
    const res = await send(admin, 'PATCH', `/api/v1/users/${user.id}`, { version: 1, active: false });
    expect(res.statusCode).toBe(200);
    expect((await get(user, '/api/v1/auth/me')).statusCode).toBe(401);
    await expect(signIn(ctx, user)).rejects.toThrow(/401/);
  });

  it('resets a password: the old one stops working, the new one signs in', async () => {
    const user = await createUser(ctx, { role: 'agent' });
    const res = await send(admin, 'PATCH', `/api/v1/users/${user.id}`, {
      version: 1,
      password: 'otra contraseña nueva',
    });
    expect(res.statusCode).toBe(200);
    expect((await get(user, '/api/v1/auth/me')).statusCode).toBe(401);
    await expect(signIn(ctx, user)).rejects.toThrow(/401/);
    await signIn(ctx, { ...user, password: 'otra contraseña nueva' });
  });

  it('never leaves Trato without an active administrator', async () => {
    // The only admin so far cannot be deactivated, demoted or removed.
    const deactivate = await send(admin, 'PATCH', `/api/v1/users/${admin.id}`, { version: 1, active: false });
    expect(deactivate.statusCode).toBe(422);
    expect(deactivate.json().errors[0]).toMatchObject({ field: 'active', code: 'last_admin' });
    const demote = await send(admin, 'PATCH', `/api/v1/users/${admin.id}`, {
      version: 1,
      role_id: roleIds.manager,
    });
    expect(demote.json().errors[0]).toMatchObject({ field: 'role_id', code: 'last_admin' });
    const remove = await send(admin, 'DELETE', `/api/v1/users/${admin.id}`);
    expect(remove.statusCode).toBe(422);
    expect((await get(admin, '/api/v1/auth/me')).statusCode).toBe(200);

    // With a second admin, the first can step down.
    const other = await createUser(ctx, { role: 'admin' });
    const stepDown = await send(other, 'PATCH', `/api/v1/users/${admin.id}`, {
      version: 1,
      role_id: roleIds.manager,
    });
    expect(stepDown.statusCode).toBe(200);
    const back = await send(other, 'PATCH', `/api/v1/users/${admin.id}`, {
      version: 2,
      role_id: roleIds.admin,
    });
    expect(back.statusCode).toBe(200);
  });

  it('lets only one of the last two admins deactivating each other at the same time win', async () => {
    const fresh = await createTestApp();
    // Holds both requests after authentication until both got there, so their transactions really overlap.
    let arrived: (() => void)[] | null = null;
    fresh.app.addHook('preHandler', async () => {
      const gate = arrived;
      if (!gate) return;
      await new Promise<void>((resolve) => {
        gate.push(resolve);
        if (gate.length === 2) for (const release of gate) release();
      });
    });
    try {
      const [a, b] = [await createUser(fresh, { role: 'admin' }), await createUser(fresh, { role: 'admin' })];
      const deactivate = (actor: TestUser, target: TestUser) =>
        fresh.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${target.id}`,
          headers: actor.headers,
          payload: { version: 1, active: false },
        });
      arrived = [];
      const results = await Promise.all([deactivate(a, b), deactivate(b, a)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
      const active = await fresh.db.selectFrom('users').select('id').where('active', '=', true).execute();
      expect(active).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('removes a user: hidden from the list, signed out, email still reserved', async () => {
    const user = await createUser(ctx, { role: 'agent', email: 'baja@empresa.es' });
    const res = await send(admin, 'DELETE', `/api/v1/users/${user.id}`);
    expect(res.statusCode).toBe(204);
    expect((await get(admin, `/api/v1/users/${user.id}`)).statusCode).toBe(404);
    const list = (await get(admin, '/api/v1/users')).json().data as { id: string }[];
    expect(list.map((u) => u.id)).not.toContain(user.id);
    expect((await get(user, '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await send(admin, 'DELETE', `/api/v1/users/${user.id}`)).statusCode).toBe(404);
  });

  it('records every change in the outbox, without the password', async () => {
    const created = (await send(admin, 'POST', '/api/v1/users', newUserBody())).json();
    await send(admin, 'PATCH', `/api/v1/users/${created.id}`, {
      version: 1,
      name: 'Berta Roig',
      password: 'contraseña segunda',
    });
    const events = await ctx.db
      .selectFrom('events')
      .select(['type', 'actor_id', 'changes'])
      .where('object_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.updated']);
    expect(events[1]).toMatchObject({
      actor_id: admin.id,
      changes: { name: [created.name, 'Berta Roig'], password_reset: true },
    });
    expect(JSON.stringify(events)).not.toMatch(/contraseña|argon2/);
  });
});
