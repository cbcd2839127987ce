import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startTestSmtp, type TestSmtp } from '../modules/emails/test-smtp-server.ts';
import { ensureBaseData } from '../setup/bootstrap.ts';
import { bulkLoadEntities, type EntitySeed } from '../setup/bulk-load.ts';
import { createTestDatabaseUrl, dropTestDatabase } from './database.ts';

// Issue 5 §7, nothing lost: the real server process queues 1 000 mails (one bulk send) whose 1 000
// 'email.queued' events a webhook follows, and is killed with SIGKILL twice while it is sending. After each
// restart it carries on. At the end: every queued mail's Message-ID reached the SMTP server, the only repeats are
// the mails in flight at a kill (at most one per kill: the worker sends one at a time and marks it sent right
// after the server's 250), each repeat with the same Message-ID; every webhook delivery arrived at least once.
// The 1 000 customers (an entity and a contact with an email each) are written straight into the database
// before the server first starts, by the bulk loader (one multi-row insert): the time goes to what is proved.

const ROOT = new URL('../../../../', import.meta.url).pathname;
const MAILS = 1000;
const KILL_AT = [250, 650];
const ADMIN = { email: 'admin@example.com', password: 'nothing-lost-password-1' };

let smtp: TestSmtp;
let hooks: Server;
let hookUrl: string;
const deliveries: string[] = [];
let dataDir: string;
let databaseUrl: string | null;
let port: number;
let server: ChildProcess | null = null;
let output = '';
let kills = 0;
let onReceived: (() => void) | null = null;

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const found = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return found;
}

/**
 * The database the server will open (its data directory, or the test's PostgreSQL database), migrated and
 * seeded with `count` customers, each an entity with one contact with an email. Returns the entity ids. Closed
 * again before the server starts: PGlite's directory takes one process at a time.
 */
async function seedCustomers(count: number): Promise<string[]> {
  const handle = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
  try {
    await migrateToLatest(handle.db);
    await ensureBaseData(handle.db);
    const seeds = function* (): Generator<EntitySeed> {
      for (let i = 0; i < count; i++)
        yield {
          kind: 'company',
          name: `Cliente ${i}`,
          emails: [`cliente${i}@example.com`],
          contacts: [{ first_name: 'Contacto', last_name: String(i), emails: [`contacto${i}@example.com`] }],
        };
    };
    const loaded = await bulkLoadEntities(handle.db, seeds(), { actorId: null, events: false });
    expect(loaded).toMatchObject({ entities: count, contacts: count });
    const rows = await handle.db.selectFrom('entities').select('id').orderBy('id').execute();
    return rows.map((r) => r.id);
  } finally {
    await handle.close();
  }
}

async function startServer(): Promise<void> {
  const child = spawn(process.execPath, ['apps/server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRATO_DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      TRATO_DEMO: 'false',
      TRATO_ADMIN_EMAIL: ADMIN.email,
      TRATO_ADMIN_PASSWORD: ADMIN.password,
      TRATO_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      TRATO_MAIL_FROM: 'Trato <ventas@garrotxa.example.com>',
      TRATO_WEBHOOKS_ALLOW_PRIVATE: '1',
      // A killed process's claimed mail or delivery is taken again this soon (the test waits for it).
      TRATO_JOB_LEASE_SECONDS: '3',
      TRATO_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  server = child;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not start:\n${output}`);
}

async function kill(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  kills++;
  await exited;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrf: (await res.json()).csrf_token,
  };
}

async function api(session: Session, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const until = async (what: string, done: () => boolean | Promise<boolean>, seconds: number) => {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: () => onReceived?.() });
  hooks = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).id as string);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
  dataDir = await mkdtemp(join(tmpdir(), 'trato-nothing-lost-'));
  databaseUrl = await createTestDatabaseUrl();
  port = await freePort();
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await smtp.close();
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
  await dropTestDatabase(databaseUrl);
  await rm(dataDir, { recursive: true, force: true });
});

describe('nothing lost (issue 5 §7)', () => {
  it('sends every one of 1 000 mails and delivers every webhook across two SIGKILLs', {
    timeout: 300_000,
  }, async () => {
    const started = performance.now();
    const phases: string[] = [];
    const phase = (name: string) =>
      phases.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const ids = await seedCustomers(MAILS);
    expect(ids).toHaveLength(MAILS);
    phase('seeded');
    await startServer();
    phase('started');
    let session = await signIn();
    await api(session, 'POST', '/webhooks', { url: hookUrl, event_types: ['email.queued'] });
    const template = await api(session, 'POST', '/email-templates', {
      name: 'Novedades',
      content: {
        es: { subject: 'Novedades para {{ entity.name }}', html: '<p>Hola {{ entity.name }}</p>', text: '' },
      },
    });

    // Kill the server the moment the SMTP server holds the Nth mail (before it answers 250 to it).
    let killing: Promise<void> | null = null;
    let nextKill = 0;
    onReceived = () => {
      const threshold = KILL_AT[nextKill];
      if (threshold !== undefined && smtp.received.length >= threshold && !killing) {
        nextKill++;
        killing = kill();
      }
    };

    const bulk = await api(session, 'POST', '/emails/bulk', { template_id: template.id, entity_ids: ids });
    expect(bulk).toEqual({ queued: MAILS, skipped: [] });
    phase('queued');

    for (const _ of KILL_AT) {
      await until('a kill', () => killing !== null, 120);
      await killing;
      killing = null;
      phase(`killed at ${smtp.received.length}`);
      // Partly sent at the kill: some mail arrived, not all.
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBeLessThan(MAILS);
      await startServer();
      phase('restarted');
    }
    session = await signIn();

    const arrivedIds = () => new Set(smtp.received.map((m) => m.messageId));
    await until('every mail', () => arrivedIds().size >= MAILS, 180);
    phase('all mail arrived');
    await until('every webhook delivery', () => new Set(deliveries).size >= MAILS, 180);
    phase('all webhooks arrived');
    await until(
      'an empty outbox',
      async () => {
        const queued = await api(session, 'GET', '/emails?status=queued&limit=1');
        const sending = await api(session, 'GET', '/emails?status=sending&limit=1');
        return queued.data.length === 0 && sending.data.length === 0;
      },
      60,
    );

    // Every queued mail's Message-ID arrived.
    const queuedIds: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { message_id: string; status: string }[]; next_cursor: string | null } = await api(
        session,
        'GET',
        `/emails?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      queuedIds.push(...page.data.map((e) => e.message_id));
      expect(page.data.every((e) => e.status === 'sent')).toBe(true);
      cursor = page.next_cursor;
    } while (cursor);
    expect(queuedIds).toHaveLength(MAILS);
    const arrived = arrivedIds();
    expect(queuedIds.filter((id) => !arrived.has(id))).toEqual([]);
    // Each to the seeded customer's contact, each customer once.
    expect(new Set(smtp.received.map((m) => m.envelopeTo.join(','))).size).toBe(MAILS);
    expect(smtp.received.every((m) => /^contacto\d+@example\.com$/.test(m.envelopeTo.join(',')))).toBe(true);

    // Repeats: only the mails in flight at a kill, at most one per kill, with the same Message-ID and content.
    const counts = new Map<string, number>();
    for (const mail of smtp.received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(kills).toBe(KILL_AT.length);
    expect(repeated.length).toBeLessThanOrEqual(kills);
    expect(smtp.received.length).toBe(MAILS + repeated.reduce((sum, [, n]) => sum + n - 1, 0));
    for (const [messageId] of repeated) {
      const copies = smtp.received.filter((m) => m.messageId === messageId);
      expect(new Set(copies.map((m) => `${m.parsed.subject}|${m.envelopeTo.join(',')}`)).size).toBe(1);
    }
    console.log(
      `[nothing-lost] ${MAILS} mails, ${kills} kills, ${repeated.length} repeated (same Message-ID), ${deliveries.length} webhook deliveries for ${new Set(deliveries).size} events; ${phases.join(', ')}`,
    );
  });
});
