import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { CURSOR_KEY, type DispatchOptions, dispatchWebhooks } from './webhook-dispatch.ts';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let ctx: TestContext;
let admin: TestUser;
let receiver: Server;
let base: string;
const received: Received[] = [];
// What each path answers: a status, or 'hang' (never answers). One per call, the last one repeats.
const script = new Map<string, (number | 'hang')[]>();

beforeAll(async () => {
  vi.stubEnv('TRATO_WEBHOOKS_ALLOW_PRIVATE', '1');
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answers = script.get(path) ?? [200];
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      if (answer === 'hang') return;
      res.writeHead(answer ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await ctx.close();
  vi.unstubAllEnvs();
});

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: admin.headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: admin.headers });
const run = (options: DispatchOptions = {}) =>
  dispatchWebhooks(ctx.db, { settleMs: 0, timeoutMs: 300, ...options });
const at = (path: string) => received.filter((r) => r.path === path);

async function subscribe(path: string, eventTypes: string[] = ['entity.created']) {
  const res = await send('POST', '/api/v1/webhooks', { url: `${base}${path}`, event_types: eventTypes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; version: number };
}
const deliveriesOf = async (webhookId: string) =>
  (await get(`/api/v1/webhooks/${webhookId}/deliveries`)).json().data as {
    id: string;
    event_id: string;
    status: string;
    attempts: number;
    last_status_code: number | null;
    last_error: string | null;
    next_attempt_at: string;
  }[];
const makeDue = (deliveryId: string) =>
  sql`update webhook_deliveries set next_attempt_at = now() where id = ${deliveryId}`.execute(ctx.db);
const createEntity = async () => {
  const res = await send('POST', '/api/v1/entities', aCompany());
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
};
const unsubscribe = async (webhookId: string) =>
  expect((await send('DELETE', `/api/v1/webhooks/${webhookId}`)).statusCode).toBe(204);

describe('webhooks', () => {
  it('delivers an entity write, signed with the secret shown once at creation', async () => {
    const hook = await subscribe('/signed');
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await get(`/api/v1/webhooks/${hook.id}`)).json()).not.toHaveProperty('secret');
    const entity = await createEntity();
    await run();

    const [request, ...more] = at('/signed');
    expect(more).toHaveLength(0);
    if (!request) throw new Error('nothing received');
    const expected = createHmac('sha256', hook.secret).update(request.body).digest();
    const signature = String(request.headers['x-trato-signature']);
    expect(signature.startsWith('sha256=')).toBe(true);
    expect(timingSafeEqual(Buffer.from(signature.slice(7), 'hex'), expected)).toBe(true);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'entity.created', data: { object: 'entity', object_id: entity.id } });
    expect(request.headers['x-trato-event']).toBe('entity.created');

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      event_id: body.id,
    });
    expect(request.headers['x-trato-delivery']).toBe(delivery?.id);
    await unsubscribe(hook.id);
  });

  it('retries a 500 after the backoff and then delivers', async () => {
    script.set('/flaky', [500, 200]);
    const hook = await subscribe('/flaky');
    await createEntity();
    await run();
    const [first] = await deliveriesOf(hook.id);
    if (!first) throw new Error('no delivery');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    expect(new Date(first.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30_000);

    await run(); // not due yet: nothing sent
    expect(at('/flaky')).toHaveLength(1);
    await makeDue(first.id);
    await run();
    expect(at('/flaky')).toHaveLength(2);
    expect(at('/flaky').map((r) => r.headers['x-trato-delivery'])).toEqual([first.id, first.id]);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      last_status_code: 200,
      last_error: null,
    });
    await unsubscribe(hook.id);
  });

  it('times out a receiver that never answers, retries it, and gives up after 8 tries', async () => {
    script.set('/hang', ['hang']);
    const hook = await subscribe('/hang');
    await createEntity();
    await run({ timeoutMs: 150 });
    const [delivery] = await deliveriesOf(hook.id);
    if (!delivery) throw new Error('no delivery');
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(delivery.last_error).toMatch(/timed out/);

    await makeDue(delivery.id);
    await run({ timeoutMs: 150 });
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    expect(at('/hang')).toHaveLength(2);

    await sql`update webhook_deliveries set attempts = 7, next_attempt_at = now() where id = ${delivery.id}`.execute(
      ctx.db,
    );
    await run({ timeoutMs: 150 });
    const [failed] = await deliveriesOf(hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 8 });
    expect(failed?.last_error).toMatch(/timed out/);
    await unsubscribe(hook.id);
  });

  it('replays a delivery at once, with the same delivery id', async () => {
    script.set('/replay', [503, 200]);
    const hook = await subscribe('/replay');
    await createEntity();
    await run();
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 503 });

    const replayed = await send('POST', `/api/v1/webhooks/deliveries/${delivery?.id}/replay`);
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toMatchObject({ id: delivery?.id, status: 'delivered', attempts: 2 });
    expect(at('/replay').map((r) => r.headers['x-trato-delivery'])).toEqual([delivery?.id, delivery?.id]);
    const again = await send('POST', `/api/v1/webhooks/deliveries/${delivery?.id}/replay`);
    expect(again.json()).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(at('/replay')).toHaveLength(3);

    const missing = await send(
      'POST',
      '/api/v1/webhooks/deliveries/0190a000-0000-7000-8000-000000000000/replay',
    );
    expect(missing.statusCode).toBe(404);
    await unsubscribe(hook.id);
  });

  it('refuses URLs that reach private addresses, when saving and when sending', async () => {
    vi.stubEnv('TRATO_WEBHOOKS_ALLOW_PRIVATE', '');
    try {
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://localhost/hook',
        'http://[::1]/hook',
        'http://10.1.2.3/hook',
        'http://192.168.1.20/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://0.0.0.0/hook',
        'http://[::ffff:127.0.0.1]/hook',
      ]) {
        const res = await send('POST', '/api/v1/webhooks', { url, event_types: ['*'] });
        expect(res.statusCode, url).toBe(422);
        expect(res.json().errors, url).toEqual([
          expect.objectContaining({ field: 'url', code: 'private_address' }),
        ]);
      }
      const ftp = await send('POST', '/api/v1/webhooks', { url: 'ftp://example.com/x', event_types: ['*'] });
      expect(ftp.statusCode).toBe(422);
      expect(ftp.json().errors[0]).toMatchObject({ field: 'url', code: 'invalid_url' });
    } finally {
      vi.stubEnv('TRATO_WEBHOOKS_ALLOW_PRIVATE', '1');
    }
    // Saved while allowed, sent while not: the dispatcher refuses to connect.
    const hook = await subscribe('/private');
    await createEntity();
    await run({ allowPrivate: false });
    expect(at('/private')).toHaveLength(0);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery?.last_error).toMatch(/private address/);
    await unsubscribe(hook.id);
  });

  it('delivers each event once per webhook after a crash left the cursor stale', async () => {
    const a = await subscribe('/crash-a', ['entity.*']);
    const b = await subscribe('/crash-b', ['*']);
    const before = await ctx.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', CURSOR_KEY)
      .executeTakeFirstOrThrow();
    // Events written, dispatcher not run (the process died).
    const entities = [await createEntity(), await createEntity(), await createEntity()];
    // Two dispatchers at once, then one that starts from the stale cursor again.
    await Promise.all([run(), run()]);
    await ctx.db
      .updateTable('settings')
      .set({ value: JSON.stringify(before.value) })
      .where('key', '=', CURSOR_KEY)
      .execute();
    await run();

    for (const path of ['/crash-a', '/crash-b']) {
      const ids = at(path).map((r) => JSON.parse(r.body).data.object_id as string);
      expect(ids.filter((id) => entities.some((e) => e.id === id)).sort()).toEqual(
        entities.map((e) => e.id).sort(),
      );
      const eventIds = at(path).map((r) => JSON.parse(r.body).id);
      expect(new Set(eventIds).size).toBe(eventIds.length);
    }
    expect(await deliveriesOf(a.id)).toHaveLength(3);
    // '*' also hears the webhook's own creation event (b's creation came after a's).
    expect((await deliveriesOf(b.id)).every((d) => d.status === 'delivered')).toBe(true);
  });

  it('keeps webhooks to admins and checks the version on change', async () => {
    const agent = await createUser(ctx, { role: 'agent' });
    const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: agent.headers });
    expect(denied.statusCode).toBe(403);
    const hook = await subscribe('/patch');
    const off = await send('PATCH', `/api/v1/webhooks/${hook.id}`, { version: 1, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    const stale = await send('PATCH', `/api/v1/webhooks/${hook.id}`, { version: 1, active: true });
    expect(stale.statusCode).toBe(409);
    await createEntity();
    await run();
    expect(await deliveriesOf(hook.id)).toHaveLength(0);
    expect((await get('/api/v1/webhooks')).json().data.map((w: { id: string }) => w.id)).toContain(hook.id);
  });
});
