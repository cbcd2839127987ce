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

const send = (user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: user.headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

const permissions = (configure = false) => ({
  objects: {
    entities: { actions: ['read', 'edit'], scope: 'team' },
    contacts: { actions: ['read'], scope: 'team' },
  },
  configure,
});
const roleByKey = async (key: string) =>
  ((await get(admin, '/api/v1/roles')).json().data as { id: string; key: string; version: number }[]).find(
    (r) => r.key === key,
  )!;

describe('roles', () => {
  it('lists the built-in roles first to anyone signed in', async () => {
    const res = await get(agent, '/api/v1/roles');
    expect(res.statusCode).toBe(200);
    const roles = res.json().data as { key: string; system: boolean }[];
    expect(roles.slice(0, 3).map((r) => r.key)).toEqual(['admin', 'manager', 'agent']);
    expect(roles.every((r) => r.system)).toBe(true);
  });

  it('lets an admin add a role, and refuses a key in use, a bad key and unknown permissions', async () => {
    const body = {
      key: 'televenta',
      labels: { es: 'Televenta', ca: 'Televenda' },
      permissions: permissions(),
    };
    expect((await send(agent, 'POST', '/api/v1/roles', body)).statusCode).toBe(403);
    const res = await send(admin, 'POST', '/api/v1/roles', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      key: 'televenta',
      system: false,
      version: 1,
      permissions: permissions(),
    });

    const again = await send(admin, 'POST', '/api/v1/roles', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ field: 'key', code: 'key_taken' });

    const badKey = await send(admin, 'POST', '/api/v1/roles', { ...body, key: 'Tele Venta' });
    expect(badKey.statusCode).toBe(422);
    expect(badKey.json().errors[0]).toMatchObject({ field: 'key', code: 'invalid_key' });

    const p = permissions();
    const extra = { ...p, objects: { ...p.objects, deals: { actions: ['read'], scope: 'all' } } };
    const unknown = await send(admin, 'POST', '/api/v1/roles', { ...body, key: 'otro', permissions: extra });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({
      field: 'permissions.objects.deals',
      code: 'unknown_field',
    });
  });

  it('edits a built-in role but never deletes one', async () => {
    const manager = await roleByKey('manager');
    const res = await send(admin, 'PATCH', `/api/v1/roles/${manager.id}`, {
      version: manager.version,
      labels: { es: 'Dirección comercial', ca: 'Direcció comercial', en: 'Sales manager' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ labels: { es: 'Dirección comercial' }, version: manager.version + 1 });
    const stale = await send(admin, 'PATCH', `/api/v1/roles/${manager.id}`, {
      version: manager.version,
      labels: { es: 'Otra' },
    });
    expect(stale.statusCode).toBe(409);

    const remove = await send(admin, 'DELETE', `/api/v1/roles/${manager.id}`);
    expect(remove.statusCode).toBe(422);
    expect(remove.json().errors[0]).toMatchObject({ code: 'system_role' });
  });

  it('deletes a role only when nobody has it', async () => {
    const role = (
      await send(admin, 'POST', '/api/v1/roles', {
        key: 'becario',
        labels: { es: 'Becario' },
        permissions: permissions(),
      })
    ).json();
    const intern = await createUser(ctx, { role: 'becario' });
    const inUse = await send(admin, 'DELETE', `/api/v1/roles/${role.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().errors[0]).toMatchObject({ code: 'in_use' });

    const agentRole = await roleByKey('agent');
    await send(admin, 'PATCH', `/api/v1/users/${intern.id}`, { version: 1, role_id: agentRole.id });
    expect((await send(admin, 'DELETE', `/api/v1/roles/${role.id}`)).statusCode).toBe(204);
    expect(await roleByKey('becario')).toBeUndefined();
    const assign = await send(admin, 'PATCH', `/api/v1/users/${intern.id}`, { version: 2, role_id: role.id });
    expect(assign.json().errors[0]).toMatchObject({ field: 'role_id', code: 'unknown_role' });
  });

  it('keeps configure on the admin role, and someone able to configure', async () => {
    const adminRole = await roleByKey('admin');
    const res = await send(admin, 'PATCH', `/api/v1/roles/${adminRole.id}`, {
      version: adminRole.version,
      permissions: permissions(false),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'permissions.configure', code: 'last_admin' });

    // A second configuring role whose only active holder is the last administrator left.
    const board = (
      await send(admin, 'POST', '/api/v1/roles', {
        key: 'direccion',
        labels: { es: 'Dirección' },
        permissions: permissions(true),
      })
    ).json();
    const director = await createUser(ctx, { role: 'direccion' });
    expect(
      (await send(director, 'PATCH', `/api/v1/users/${admin.id}`, { version: 1, active: false })).statusCode,
    ).toBe(200);
    const lockOut = await send(director, 'PATCH', `/api/v1/roles/${board.id}`, {
      version: 1,
      permissions: permissions(false),
    });
    expect(lockOut.statusCode).toBe(422);
    expect(lockOut.json().errors[0]).toMatchObject({ code: 'last_admin' });
    expect((await get(director, `/api/v1/roles/${board.id}`)).json().permissions.configure).toBe(true);
  });
});
