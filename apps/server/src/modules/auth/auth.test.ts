import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', email: 'admin@trato.example.com' });
  agent = await createUser(ctx, { role: 'agent' });
});
afterAll(async () => ctx.close());

let address = 0;
/** A login from its own address, so the per-address rate limit only bites where a test wants it to. */
const login = (email: string, password: string, remoteAddress = `10.7.0.${++address}`) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
const get = (url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite session cookie and returns a CSRF token', async () => {
    const res = await login('ADMIN@trato.example.com', admin.password);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^trato_session=[\w-]{20,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(res.json()).toMatchObject({
      id: admin.id,
      role: { key: 'admin' },
      csrf_token: expect.any(String),
    });
  });

  it('answers a wrong password exactly as an unknown email', async () => {
    const wrong = await login(admin.email, 'not the password at all');
    const unknown = await login('nadie@trato.example.com', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('limits logins to 10 a minute per address, answering 429 with Retry-After', async () => {
    const from = '198.51.100.23';
    for (let i = 0; i < 10; i++) expect((await login(admin.email, `wrong ${i}`, from)).statusCode).toBe(401);
    const limited = await login(admin.email, admin.password, from);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('rate_limited');
    // Another address is not affected.
    expect((await login(admin.email, admin.password)).statusCode).toBe(200);
  });

  it('counts tries per account: colleagues behind one office address still sign in', async () => {
    const office = '198.51.100.40';
    for (let i = 0; i < 10; i++)
      expect((await login(admin.email, `wrong ${i}`, office)).statusCode).toBe(401);
    expect((await login(admin.email.toUpperCase(), admin.password, office)).statusCode).toBe(429);
    const colleagues = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createUser(ctx, { role: 'agent', email: `colega${i}@trato.example.com` }),
      ),
    );
    for (const colleague of colleagues) {
      expect((await login(colleague.email, colleague.password, office)).statusCode).toBe(200);
    }
  });

  it('stops one address trying many accounts after 100 tries a minute', async () => {
    const sprayer = '203.0.113.9';
    for (let i = 0; i < 100; i++) {
      expect((await login(`victima${i}@trato.example.com`, 'Verano2026!', sprayer)).statusCode).toBe(401);
    }
    const limited = await login(agent.email, agent.password, sprayer);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ends the session on logout', async () => {
    const user = await createUser(ctx, { role: 'agent' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/trato_session=;/);
    expect((await get('/api/v1/auth/me', { cookie: user.cookie })).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the X-CSRF-Token header', async () => {
    const payload = { name: 'Sin token' };
    const missing = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie: agent.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    const wrong = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: { cookie: agent.cookie, 'x-csrf-token': 'forged' },
      payload,
    });
    expect(wrong.json().code).toBe('csrf_failed');
    // Reads need no token; the name did not change.
    expect((await get('/api/v1/auth/me', { cookie: agent.cookie })).json().name).not.toBe('Sin token');
  });
});

describe('API keys', () => {
  const createKey = async (user: TestUser, name: string) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: user.headers,
      payload: { name },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; key: string; prefix: string };
  };

  it("acts as Bearer with its creator's permissions, without CSRF, until revoked", async () => {
    const agentKey = await createKey(agent, 'Integración ERP');
    const bearer = { authorization: `Bearer ${agentKey.key}` };
    const me = await get('/api/v1/auth/me', bearer);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: agent.id, role: { key: 'agent' } });
    const asAgent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer,
      payload: { name: 'Desde la API' },
    });
    expect(asAgent.statusCode).toBe(403);

    const adminKey = await createKey(admin, 'Sincronización');
    const asAdmin = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: `Bearer ${adminKey.key}` },
      payload: { name: 'Desde la API' },
    });
    expect(asAdmin.statusCode).toBe(201);

    const listed = await get('/api/v1/api-keys', agent.headers);
    expect(listed.json().data).toContainEqual(expect.objectContaining({ id: agentKey.id, revoked_at: null }));
    expect(listed.body).not.toContain(agentKey.key);

    const revoke = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${agentKey.id}`,
      headers: agent.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', bearer)).statusCode).toBe(401);
  });

  it('refuses a made-up key', async () => {
    expect((await get('/api/v1/auth/me', { authorization: 'Bearer trato_abcdefgh_nope' })).statusCode).toBe(
      401,
    );
  });
});

describe('every route needs credentials', () => {
  it('answers 401 without credentials on every route of the OpenAPI document except login', async () => {
    const doc = (await get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const someId = '01890000-0000-7000-8000-000000000000';
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
    // The users, teams and roles modules are in the document, so the sweep covers them.
    for (const path of ['/api/v1/users', '/api/v1/teams/{id}', '/api/v1/roles'])
      expect(Object.keys(doc.paths)).toContain(path);

    const open: string[] = [];
    for (const { method, path, operation } of operations) {
      const url = path.replace(/\{[^}]+\}/g, someId);
      const res = await ctx.app.inject({ method: method as 'GET', url, remoteAddress: '192.0.2.50' });
      if (res.statusCode !== 401) open.push(`${method} ${path} → ${res.statusCode}`);
      else expect(res.json().code).toBe('unauthenticated');
      if (
        path === '/api/v1/auth/login' ||
        path.startsWith('/api/v1/calendar/feed/') ||
        path.startsWith('/api/v1/unsubscribe/')
      )
        expect(operation.security).toEqual([{}]);
    }
    // The calendar feed is public on purpose: calendar apps cannot sign in, so the unguessable token in its URL
    // is the credential (stored hashed, revocable); an unknown token answers 404. So is a commercial mail's
    // unsubscribe link: its token is the mail id signed with the secret key.
    expect(open).toEqual([
      'POST /api/v1/auth/login → 422',
      'GET /api/v1/calendar/feed/{token}.ics → 404',
      'GET /api/v1/unsubscribe/{token} → 404',
      'POST /api/v1/unsubscribe/{token} → 404',
    ]);
    expect(operations.length).toBeGreaterThan(20);
  });
});
