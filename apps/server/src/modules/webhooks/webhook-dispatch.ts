import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  ensureEventCursor,
  eventsAfter,
  moveEventCursor,
  readEventCursor,
} from '../../platform/event-cursor.ts';
import { newId } from '../../platform/ids.ts';
import { retryDelayMs } from '../../platform/mail.ts';
import { decryptSecret } from '../../platform/secrets.ts';

// Webhooks are fed from the events outbox in two steps, mirroring platform/mail.ts:
// 1. enqueue: new events are read in id order after a cursor kept in settings ('webhooks.event_cursor'); one
//    delivery per matching active webhook is inserted in the transaction that moves the cursor, so a crash
//    never skips nor doubles an event (and unique (webhook_id, event_id) makes a repeat a no-op).
// 2. send: due deliveries are claimed one by one (`for update skip locked`, with a lease so a crash mid-send is
//    retried) and POSTed, signed with the webhook's secret; 2xx = delivered, otherwise retried with backoff.
// Event ids are UUIDv7 from the app's clock: an event is only taken once it is `settleMs` old, so a transaction
// that committed late (with a smaller id) is not passed over. A write transaction longer than that could
// still be missed: keep writes short (a snapshot-based cursor is the stronger fix if it ever matters).

export const CURSOR_KEY = 'webhooks.event_cursor';
/** Tries before a delivery is marked failed (kept, with its last error and status code). */
export const MAX_WEBHOOK_ATTEMPTS = 8;
const CLAIM_LEASE_SECONDS = 600;
const BATCH = 500;

export interface DispatchOptions {
  /** Per request; 10 s by default. */
  timeoutMs?: number;
  /** First retry delay, doubled at each try: 1 min, 2, 4… */
  retryBaseMs?: number;
  /** How old an event must be before it is taken (see above); 5 s by default. */
  settleMs?: number;
  /** Let webhooks reach loopback and private addresses (TRATO_WEBHOOKS_ALLOW_PRIVATE=1, for tests). */
  allowPrivate?: boolean;
  limit?: number;
  /** How long a delivery being sent is left to its dispatcher (TRATO_JOB_LEASE_SECONDS); 600 s by default. */
  leaseSeconds?: number;
}

export const allowPrivateFromEnv = (): boolean =>
  ['1', 'true', 'yes'].includes(process.env.TRATO_WEBHOOKS_ALLOW_PRIVATE ?? '');

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
blocked.addSubnet('fc00::', 7, 'ipv6');
blocked.addSubnet('fe80::', 10, 'ipv6');

/** Loopback, private, shared, link-local or unspecified (IPv4-mapped IPv6 addresses checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[|\]$/g, '');

/** Does the URL's host resolve only to public addresses? */
export async function checkWebhookHost(url: string): Promise<'ok' | 'private_address' | 'unresolvable'> {
  const host = hostOf(url);
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve) =>
        lookup(host, { all: true }, (error, found) => resolve(error ? [] : found.map((a) => a.address))),
      );
  if (addresses.length === 0) return 'unresolvable';
  return addresses.some(isPrivateAddress) ? 'private_address' : 'ok';
}

// Checked again at connection time, on the address actually dialled: a DNS answer that changed since the
// webhook was saved cannot reach a private address. Redirects are never followed (a 3xx is a failed try).
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as { address: string; family: number }[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad)
      return callback(new Error(`refused: ${hostname} resolves to private address ${bad.address}`), '', 0);
    if (options.all) return (callback as unknown as (e: null, l: typeof list) => void)(null, list);
    const first = list[0];
    return callback(null, first?.address ?? '', first?.family ?? 4);
  });
};

export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface PostResult {
  status: number | null;
  error: string | null;
}

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ status: null, error: 'invalid URL' });
    }
    const host = hostOf(url);
    if (!options.allowPrivate && isIP(host) && isPrivateAddress(host))
      return resolve({ status: null, error: `refused: private address ${host}` });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        ...(!options.allowPrivate && { lookup: guardedLookup }),
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
          finish({ status: res.statusCode ?? null, error: ok ? null : `HTTP ${res.statusCode}` });
        });
        res.on('error', (error) => finish({ status: res.statusCode ?? null, error: error.message }));
      },
    );
    // One deadline for the whole exchange (connect, answer and body).
    const timer = setTimeout(
      () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('error', (error) => finish({ status: null, error: error.message }));
    req.end(body);
  });
}

const matches = (patterns: string[], type: string): boolean =>
  patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));

/** Step 1: turns events after the cursor into deliveries, a batch per transaction. Returns deliveries made. */
export async function enqueueDeliveries(db: Kysely<DB>, options: DispatchOptions = {}): Promise<number> {
  let made = 0;
  for (;;) {
    const { more, count } = await db.transaction().execute(async (trx) => {
      await ensureEventCursor(trx, CURSOR_KEY);
      // Locked: two dispatchers never read the same batch.
      const after = await readEventCursor(trx, CURSOR_KEY, { lock: true });
      const { events: batch, more } = await eventsAfter(trx, after, {
        settleMs: options.settleMs,
        limit: BATCH,
      });
      const last = batch.at(-1);
      if (!last) return { more: false, count: 0 };
      const hooks = await trx
        .selectFrom('webhooks')
        .select(['id', 'event_types'])
        .where('deleted_at', 'is', null)
        .where('active', '=', true)
        .execute();
      const rows = batch.flatMap((event) =>
        hooks
          .filter((hook) => matches(hook.event_types, event.type))
          .map((hook) => ({
            id: newId(),
            webhook_id: hook.id,
            event_id: event.id,
            event_type: event.type,
            next_attempt_at: new Date(),
            payload: JSON.stringify({
              id: event.id,
              type: event.type,
              occurred_at: new Date(event.occurred_at).toISOString(),
              data: {
                object: event.object,
                object_id: event.object_id,
                entity_id: event.entity_id,
                actor_id: event.actor_id,
                changes: event.changes,
              },
            }),
          })),
      );
      if (rows.length > 0)
        await trx
          .insertInto('webhook_deliveries')
          .values(rows)
          .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
          .execute();
      await moveEventCursor(trx, CURSOR_KEY, last.id);
      return { more, count: rows.length };
    });
    made += count;
    if (!more) return made;
  }
}

interface Claimed {
  id: string;
  webhook_id: string;
  event_type: string;
  attempts: number;
  payload: Record<string, unknown>;
}

function readSecret(stored: string): { value: string } | { error: string } {
  try {
    return { value: decryptSecret(stored) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Sends one claimed delivery and records the outcome. */
async function attempt(db: Kysely<DB>, claimed: Claimed, options: DispatchOptions): Promise<boolean> {
  const hook = await db
    .selectFrom('webhooks')
    .select(['url', 'secret', 'active', 'deleted_at'])
    .where('id', '=', claimed.webhook_id)
    .executeTakeFirst();
  let result: PostResult;
  if (!hook || hook.deleted_at) result = { status: null, error: 'webhook deleted' };
  else if (!hook.active) result = { status: null, error: 'webhook switched off' };
  else {
    const body = JSON.stringify(claimed.payload);
    // Rows written before secrets were encrypted are plain and pass through as they are.
    const secret = readSecret(hook.secret);
    result =
      'error' in secret
        ? { status: null, error: secret.error }
        : await post(
            hook.url,
            body,
            {
              'user-agent': 'Trato-Webhooks/1',
              'x-trato-event': claimed.event_type,
              'x-trato-delivery': claimed.id,
              'x-trato-signature': signBody(secret.value, body),
            },
            {
              timeoutMs: options.timeoutMs ?? 10_000,
              allowPrivate: options.allowPrivate ?? allowPrivateFromEnv(),
            },
          );
  }
  if (result.error === null) {
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: 'delivered',
        delivered_at: new Date(),
        last_status_code: result.status,
        last_error: null,
      })
      .where('id', '=', claimed.id)
      .execute();
    return true;
  }
  const gaveUp = claimed.attempts >= MAX_WEBHOOK_ATTEMPTS || !hook || Boolean(hook.deleted_at);
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: gaveUp ? 'failed' : 'pending',
      last_status_code: result.status,
      last_error: result.error.slice(0, 2000),
      next_attempt_at: new Date(Date.now() + retryDelayMs(claimed.attempts, options.retryBaseMs)),
    })
    .where('id', '=', claimed.id)
    .execute();
  return false;
}

/** Step 2: sends due deliveries one by one until none is left (or `limit`). */
export async function sendDueDeliveries(
  db: Kysely<DB>,
  options: DispatchOptions = {},
): Promise<{ delivered: number; failed: number }> {
  const result = { delivered: 0, failed: 0 };
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const claimed = await sql<Claimed>`
      update webhook_deliveries
      set attempts = attempts + 1,
          next_attempt_at = now() + make_interval(secs => ${options.leaseSeconds ?? CLAIM_LEASE_SECONDS})
      where id = (
        select id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= now()
        order by next_attempt_at, id
        limit 1
        for update skip locked)
      returning id, webhook_id, event_type, attempts, payload`.execute(db);
    const row = claimed.rows[0];
    if (!row) break;
    if (await attempt(db, row, options)) result.delivered++;
    else result.failed++;
  }
  return result;
}

/** Replay: one more try of a delivery now, whatever its status. False if there is no such delivery. */
export async function replayDelivery(
  db: Kysely<DB>,
  deliveryId: string,
  options: DispatchOptions = {},
): Promise<boolean> {
  const claimed = await sql<Claimed>`
    update webhook_deliveries
    set attempts = attempts + 1, status = 'pending',
        next_attempt_at = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
    where id = ${deliveryId}
    returning id, webhook_id, event_type, attempts, payload`.execute(db);
  const row = claimed.rows[0];
  if (!row) return false;
  // On failure it goes back to the retries unless its tries are spent.
  await attempt(db, row, options);
  return true;
}

/** One pass: events → deliveries, then send what is due. */
export async function dispatchWebhooks(db: Kysely<DB>, options: DispatchOptions = {}) {
  const enqueued = await enqueueDeliveries(db, options);
  const sent = await sendDueDeliveries(db, options);
  return { enqueued, ...sent };
}

interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface WebhookDispatcher {
  /** Runs one pass now (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Polls the outbox and the due deliveries every few seconds, as the mail worker does. */
export function startWebhookDispatcher(options: {
  db: Kysely<DB>;
  log: Logger;
  pollMs?: number;
  dispatch?: DispatchOptions;
}): WebhookDispatcher {
  const { db, log } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pass = async () => {
    for (;;) {
      const { delivered, failed } = await dispatchWebhooks(db, options.dispatch);
      if (delivered > 0 || failed > 0)
        log.info(`Webhooks: ${delivered} delivered, ${failed} failed (will retry)`);
      // A full pass means more is due: go on now rather than at the next poll.
      if (stopped || delivered + failed < (options.dispatch?.limit ?? 100)) break;
    }
  };
  const tick = (): Promise<void> => {
    running ??= pass()
      .catch((error: unknown) => log.error(`Webhooks: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, options.pollMs ?? 5_000);
    timer.unref();
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
