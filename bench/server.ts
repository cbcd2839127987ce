/*
 * The server the benchmark loads, in its own process: what `main.ts start` does once the database is migrated
 * and seeded (the benchmark has done both): config from the environment, openDatabase, buildApp, listen.
 * A separate entry point so that a `pkill -f main.ts` aimed at a development server elsewhere spares it.
 */
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/connection.ts';

const config = loadConfig();
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const app = await buildApp(
  { db: handle.db, dbKind: handle.kind, config },
  { logger: { level: config.logLevel } },
);
const shutdown = async (signal: string) => {
  console.log(`bench server: ${signal}, shutting down`);
  await app.close();
  await handle.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
await app.listen({ port: config.port, host: config.host });
console.log(`bench server listening on ${config.host}:${config.port} (${handle.kind})`);
