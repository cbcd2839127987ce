import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateEntityRequest } from '@trato/contracts/entities';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Database, type DatabaseKind, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { hashPassword } from '../platform/auth.ts';
import { newId } from '../platform/ids.ts';
import type { App } from '../platform/module.ts';
import { ensureBaseData } from '../setup/bootstrap.ts';
import { createTestDatabaseUrl, dropTestDatabase } from './database.ts';

export interface TestContext {
  app: App;
  db: Database;
  dbKind: DatabaseKind;
  config: Config;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  cookie: string;
  csrf: string;
  /** Ready for app.inject: the session cookie and the CSRF token. */
  headers: Record<string, string>;
}

/**
 * A real app on a fresh database: in-memory PGlite, or a new database on TEST_DATABASE_URL's server.
 * Migrated, with base roles and pick lists, files in a temporary directory, uploads limited to 1 MB.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const url = await createTestDatabaseUrl();
  const handle = await openDatabase(url ? { url } : {});
  await migrateToLatest(handle.db);
  await ensureBaseData(handle.db);
  const dataDir = await mkdtemp(join(tmpdir(), 'trato-test-'));
  const config = loadConfig({ TRATO_DATA_DIR: dataDir, TRATO_DEMO: '0', TRATO_MAX_UPLOAD_MB: '1', ...env });
  const app = await buildApp({ db: handle.db, dbKind: handle.kind, config }, { serveWeb: false });
  return {
    app,
    db: handle.db,
    dbKind: handle.kind,
    config,
    async close() {
      await app.close();
      await handle.close();
      await dropTestDatabase(url);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let userCount = 0;
// One hash for every test user: argon2id is slow on purpose, and tests make many users.
let sharedHash: Promise<string> | undefined;
const TEST_PASSWORD = 'correct horse battery staple';

/** Inserts a user with the given role and team memberships, then signs in through the real login route. */
export async function createUser(
  ctx: TestContext,
  options: {
    role: 'admin' | 'manager' | 'agent' | (string & {});
    email?: string;
    name?: string;
    teamIds?: string[];
  },
): Promise<TestUser> {
  userCount++;
  const email = options.email ?? `user${userCount}-${options.role}@example.com`;
  const name = options.name ?? `${options.role} ${userCount}`;
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const role = await ctx.db
    .selectFrom('roles')
    .select('id')
    .where('key', '=', options.role)
    .executeTakeFirstOrThrow();
  const id = newId();
  await ctx.db
    .insertInto('users')
    .values({
      id,
      email,
      name,
      password_hash: await sharedHash,
      role_id: role.id,
      locale: null,
      created_by: null,
    })
    .execute();
  for (const teamId of options.teamIds ?? []) {
    await ctx.db.insertInto('team_members').values({ team_id: teamId, user_id: id }).execute();
  }
  return signIn(ctx, { id, email, name, password: TEST_PASSWORD });
}

let signInCount = 0;

export async function signIn(
  ctx: TestContext,
  user: { id: string; email: string; name: string; password: string },
): Promise<TestUser> {
  signInCount++;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    // Each sign-in from its own address: the login allows 10 attempts a minute per address.
    remoteAddress: `10.99.${Math.floor(signInCount / 250) % 250}.${(signInCount % 250) + 1}`,
  });
  if (res.statusCode !== 200)
    throw new Error(`login failed for ${user.email}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  const csrf = res.json().csrf_token as string;
  return { ...user, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A team with these members (replacing nothing: memberships are added). */
export async function createTeam(ctx: TestContext, name: string, memberIds: string[]): Promise<string> {
  const id = newId();
  await ctx.db.insertInto('teams').values({ id, name, created_by: null }).execute();
  for (const userId of memberIds)
    await ctx.db.insertInto('team_members').values({ team_id: id, user_id: userId }).execute();
  return id;
}

let entityCount = 0;
const COMPANY_NAMES = [
  'Distribuciones Garrotxa',
  'Talleres Ebro',
  'Vins del Priorat',
  'Cooperativa Agrícola del Segrià',
  'Gestoría Llobregat',
];
const CITIES = ['Olot', 'Zaragoza', 'Falset', 'Lleida', 'Cornellà de Llobregat'];

export function aCompany(overrides: Partial<CreateEntityRequest> = {}): CreateEntityRequest {
  entityCount++;
  const i = entityCount % COMPANY_NAMES.length;
  return {
    kind: 'company',
    name: `${COMPANY_NAMES[i]} ${entityCount}, S.L.`,
    city: CITIES[i] ?? null,
    country: 'ES',
    ...overrides,
  };
}

export function aPerson(overrides: Partial<CreateEntityRequest> = {}): CreateEntityRequest {
  entityCount++;
  return { kind: 'person', name: `Marta Puig ${entityCount}`, city: 'Girona', country: 'ES', ...overrides };
}
