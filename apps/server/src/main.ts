import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { startAutomationEngine } from './modules/automation/engine.ts';
import { startSlaWorker } from './modules/cases/sla.ts';
import { startEmailWorker } from './modules/emails/email-worker.ts';
import { startForecastSnapshotWorker } from './modules/forecast/forecast-snapshots.ts';
import { startMailboxPoller } from './modules/mailboxes/imap-poller.ts';
import { startWebhookDispatcher } from './modules/webhooks/webhook-dispatch.ts';
import { startMailWorker } from './platform/mail.ts';
import { ensureBaseData, ensureFirstAdmin } from './setup/bootstrap.ts';
import { loadDemoData } from './setup/demo-data.ts';

/** Command line: `start` (migrate, bootstrap, serve), `migrate`, `seed` (demo data into an empty database). */
async function main(command: string): Promise<void> {
  const config = loadConfig();
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const { db, kind } = handle;
  const applied = await migrateToLatest(db);
  if (applied.length > 0) console.log(`Migrations applied: ${applied.join(', ')}`);
  if (command === 'migrate') return handle.close();

  await ensureBaseData(db);
  const admin = await ensureFirstAdmin(db, { email: config.adminEmail, password: config.adminPassword });
  if (admin.created) {
    console.log(`\nFirst administrator: ${admin.email}`);
    if (admin.generatedPassword) console.log(`Generated password (shown once): ${admin.generatedPassword}\n`);
  }
  if ((admin.created && config.demo) || command === 'seed') {
    const loaded = await loadDemoData(db);
    if (loaded)
      console.log(
        `Demo data loaded: ${loaded.entities} entities, ${loaded.contacts} contacts, ${loaded.users} users, ${loaded.actions} actions, ${loaded.cases} cases, ${loaded.products} products, ${loaded.emails} emails, ${loaded.emailTemplates} email templates, ${loaded.automationRules} automation rules`,
      );
  }
  if (command === 'seed') return handle.close();

  const app = await buildApp({ db, dbKind: kind, config }, { logger: { level: config.logLevel } });
  const mailWorker = startMailWorker({ db, smtpUrl: config.smtpUrl, from: config.mailFrom, log: app.log });
  const slaWorker = startSlaWorker({ db, log: app.log });
  const snapshotWorker = startForecastSnapshotWorker({ db, log: app.log });
  const mailboxPoller = startMailboxPoller({
    db,
    dataDir: config.dataDir,
    log: app.log,
    maxMessageBytes: config.mailMaxBytes,
  });
  const webhookDispatcher = startWebhookDispatcher({
    db,
    log: app.log,
    dispatch: { leaseSeconds: config.jobLeaseSeconds },
  });
  const automationEngine = startAutomationEngine({ db, log: app.log, pollMs: config.automationPollMs });
  const emailWorker = startEmailWorker({ db, config, log: app.log });
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await mailWorker.stop();
    await slaWorker.stop();
    await snapshotWorker.stop();
    await mailboxPoller.stop();
    await webhookDispatcher.stop();
    await automationEngine.stop();
    await emailWorker.stop();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `Trato is running at http://${config.host}:${config.port} (database: ${kind}${kind === 'pglite' ? `, ${config.dataDir}` : ''})`,
  );
}

const command = process.argv[2] ?? 'start';
if (!['start', 'migrate', 'seed'].includes(command)) {
  console.error(`Unknown command "${command}". Use: start | migrate | seed`);
  process.exit(2);
}
main(command).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
