/*
 * npm run bench:mail — issue 5 §9: mails rendered and queued per second for a 10 000-recipient send (the bulk
 * path: one template, parsed once, rendered per entity against its primary contact, queued in one transaction),
 * then the outbox worker's send rate to an SMTP server on loopback.
 *
 *   BENCH_MAIL_N=10000      entities (one contact each, ~90 % with an email)
 *   BENCH_MAIL_SEND=2000    mails the worker sends to the loopback SMTP server (0: skip)
 *   BENCH_DB=pglite,postgres   PostgreSQL only when TEST_DATABASE_URL points at a server (a fresh database there)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../apps/server/src/db/connection.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { bulkSendEmails } from '../apps/server/src/modules/emails/bulk-send.ts';
import { processEmailOutbox } from '../apps/server/src/modules/emails/email-worker.ts';
import { closeTransports } from '../apps/server/src/modules/mail-accounts/mail-transport.ts';
import type { AuthContext } from '../apps/server/src/platform/auth.ts';
import { newId } from '../apps/server/src/platform/ids.ts';
import { configureMailSender } from '../apps/server/src/platform/mail.ts';
import { SEEDED_ROLES } from '../apps/server/src/platform/permissions.ts';
import { configureSecrets } from '../apps/server/src/platform/secrets.ts';
import { ensureBaseData } from '../apps/server/src/setup/bootstrap.ts';
import { bulkLoadEntities, createEntityGenerator } from '../apps/server/src/setup/bulk-load.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../apps/server/src/test/database.ts';
import { envInt, round, seconds } from './util.ts';

const N = envInt('BENCH_MAIL_N', 10_000);
const SEND = envInt('BENCH_MAIL_SEND', 2_000);
const log = (line: string) => console.log(`[bench:mail] ${line}`);

const TEMPLATE = {
  subject: 'Novedades de otoño para {{ entity.name }}',
  html: `<p>Hola {{ contact.first_name | default: "equipo" }},</p>
<p>Le escribe {{ sender.name }} de {{ company.name }}. Para {{ entity.name }} ({{ entity.city }}) tenemos una
oferta de {{ 1250.5 | money }} válida hasta el {{ "2026-12-31" | date }}.</p>
{% if contact.position %}<p>Como {{ contact.position }}, le interesará la sección de novedades.</p>{% endif %}
<p>Un saludo,<br>{{ owner.name }}</p>`,
  text: '',
};

async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function run(kind: 'pglite' | 'postgres') {
  const url = kind === 'postgres' ? await createTestDatabaseUrl() : null;
  if (kind === 'postgres' && !url)
    return log('postgres: skipped (set TEST_DATABASE_URL to a PostgreSQL server)');
  const dataDir = await mkdtemp(join(tmpdir(), 'trato-bench-mail-'));
  const handle = await openDatabase(url ? { url } : { dataDir: join(dataDir, 'db') });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    await ensureBaseData(db);
    configureSecrets({ dataDir, log: { warn: () => {} } });
    configureMailSender('Trato <ventas@garrotxa.example.com>');
    const role = await db
      .selectFrom('roles')
      .select('id')
      .where('key', '=', 'admin')
      .executeTakeFirstOrThrow();
    const userId = newId();
    await db
      .insertInto('users')
      .values({
        id: userId,
        email: 'bench-mail@example.com',
        name: 'Núria Soler',
        password_hash: 'x',
        role_id: role.id,
        created_by: null,
      })
      .execute();
    const auth: AuthContext = {
      userId,
      name: 'Núria Soler',
      email: 'bench-mail@example.com',
      locale: 'es',
      timeZone: 'Europe/Madrid',
      roleId: role.id,
      roleKey: 'admin',
      permissions: SEEDED_ROLES[0]?.permissions as AuthContext['permissions'],
      teamIds: [],
      via: 'api_key',
      sessionId: null,
      csrfToken: null,
    };
    let started = performance.now();
    const generator = createEntityGenerator({ contacts: 1, ownerIds: [userId], e164: true });
    const seeds = (function* () {
      for (let i = 0; i < N; i++) yield generator.entity(i);
    })();
    await bulkLoadEntities(db, seeds, { actorId: userId, validate: false, events: false });
    log(`${kind}: ${N} entities with a contact seeded in ${seconds(performance.now() - started)}`);

    const templateId = newId();
    await db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: 'Bench',
        content: JSON.stringify({ es: TEMPLATE }),
        default_language: 'es',
        created_at: new Date(),
        updated_at: new Date(),
        created_by: userId,
        updated_by: userId,
      })
      .execute();
    const ids = (await db.selectFrom('entities').select('id').orderBy('id').limit(N).execute()).map(
      (r) => r.id,
    );

    started = performance.now();
    const result = await bulkSendEmails(db, auth, { template_id: templateId, entity_ids: ids });
    const bulkMs = performance.now() - started;
    log(
      `${kind}: bulk send to ${ids.length} entities: ${result.queued} rendered and queued, ${result.skipped.length} skipped, in ${seconds(bulkMs)} → ${round((result.queued / bulkMs) * 1000, 0)} mails/s`,
    );

    // The same send as commercial mail: each mail gets its own signed unsubscribe link (and a footer), and the
    // recipients' opt-outs are read twice (before rendering and in the writing transaction).
    await db.updateTable('email_templates').set({ commercial: true }).where('id', '=', templateId).execute();
    started = performance.now();
    const commercial = await bulkSendEmails(db, auth, { template_id: templateId, entity_ids: ids });
    const commercialMs = performance.now() - started;
    log(
      `${kind}: the same as commercial mail: ${commercial.queued} queued in ${seconds(commercialMs)} → ${round((commercial.queued / commercialMs) * 1000, 0)} mails/s (${round(commercialMs / bulkMs, 2)}× the plain send's time)`,
    );

    if (SEND > 0) {
      const sink = await smtpSink();
      // Only SEND of them go out in this measurement; the rest are cancelled.
      await db
        .updateTable('emails')
        .set({ status: 'cancelled' })
        .where('status', '=', 'queued')
        .where('id', 'not in', (eb) =>
          eb.selectFrom('emails').select('id').where('status', '=', 'queued').orderBy('id').limit(SEND),
        )
        .execute();
      started = performance.now();
      const sent = await processEmailOutbox(db, {
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        dataDir,
        limit: SEND,
      });
      const sendMs = performance.now() - started;
      log(
        `${kind}: worker sent ${sent.sent} (${sent.failed} failed) to loopback SMTP in ${seconds(sendMs)} → ${round((sent.sent / sendMs) * 1000, 0)} mails/s (server got ${sink.received()})`,
      );
      closeTransports();
      await sink.close();
    }
  } finally {
    await handle.close();
    await dropTestDatabase(url);
    await rm(dataDir, { recursive: true, force: true });
  }
}

for (const kind of (process.env.BENCH_DB ?? 'pglite,postgres').split(',').map((k) => k.trim())) {
  await run(kind as 'pglite' | 'postgres');
}
