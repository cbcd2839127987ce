import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Permissions } from '@trato/contracts/auth';
import type { Locale } from '@trato/contracts/common';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import { AppError } from './errors.ts';

export interface AuthContext {
  userId: string;
  name: string;
  email: string;
  locale: Locale | null;
  timeZone: string;
  roleId: string;
  roleKey: string;
  permissions: Permissions;
  teamIds: string[];
  via: 'session' | 'api_key';
  sessionId: string | null;
  csrfToken: string | null;
}

export const SESSION_COOKIE = 'trato_session';
export const SESSION_DAYS = 14;
const API_KEY_PREFIX = 'trato_';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (stored: string, password: string) =>
  verify(stored, password).catch(() => false);

// Verified against when the email is unknown, so the response takes as long as for a real user.
let dummyHash: string | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= await hashPassword('not-a-real-password-1234');
  await verifyPassword(dummyHash, password);
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new API key: the secret is returned once; only its hash is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const key = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: sha256(key) };
}

export async function createSession(db: Database, userId: string, userAgent: string | null) {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      user_agent: userAgent,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  forgetCachedAuth();
}

// Who is behind a session or key, remembered for a few seconds: every request needs it, and it changes
// rarely. Writes to users, roles, teams, sessions and keys clear it (see app.ts); another process may see such
// a change up to AUTH_CACHE_MS late.
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;
const authCache = new Map<string, { auth: AuthContext; until: number }>();

export function forgetCachedAuth(): void {
  authCache.clear();
}

/** Loads the user behind a session cookie or a Bearer API key; null when neither is valid. */
export async function authenticate(
  db: Database,
  credentials: { sessionToken?: string | undefined; bearer?: string | undefined },
): Promise<AuthContext | null> {
  const secret = credentials.bearer ?? credentials.sessionToken;
  if (!secret) return null;
  const key = sha256(secret);
  const cached = authCache.get(key);
  if (cached && cached.until > Date.now()) return cached.auth;
  const auth = credentials.bearer
    ? await authenticateApiKey(db, credentials.bearer)
    : await authenticateSession(db, secret);
  if (auth) {
    if (authCache.size >= AUTH_CACHE_MAX) authCache.delete(authCache.keys().next().value as string);
    authCache.set(key, { auth, until: Date.now() + AUTH_CACHE_MS });
  } else authCache.delete(key);
  return auth;
}

async function authenticateSession(db: Database, token: string): Promise<AuthContext | null> {
  const sessionId = sha256(token);
  const row = await userQuery(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select(['sessions.csrf_token'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  return row ? { ...toContext(row), via: 'session', sessionId, csrfToken: row.csrf_token } : null;
}

async function authenticateApiKey(db: Database, key: string): Promise<AuthContext | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const row = await userQuery(db)
    .innerJoin('api_keys', 'api_keys.user_id', 'users.id')
    .select(['api_keys.id as key_id', 'api_keys.last_used_at'])
    .where('api_keys.key_hash', '=', sha256(key))
    .where('api_keys.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', new Date())]))
    .executeTakeFirst();
  if (!row) return null;
  // Touch last_used_at at most once a minute, so a busy integration does not write on every request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', row.key_id).execute();
  }
  return { ...toContext(row), via: 'api_key', sessionId: null, csrfToken: null };
}

/** The active user with role and live teams, in one query: every request pays for it. */
function userQuery(db: Database) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.locale',
      'users.time_zone',
      'users.role_id',
      'roles.key as role_key',
      'roles.permissions',
    ])
    .select(
      sql<
        string[]
      >`array(select tm.team_id from team_members tm join teams t on t.id = tm.team_id and t.deleted_at is null where tm.user_id = users.id)`.as(
        'team_ids',
      ),
    )
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null);
}

type UserRow = {
  id: string;
  name: string;
  email: string;
  locale: string | null;
  time_zone: string;
  role_id: string;
  role_key: string;
  permissions: unknown;
  team_ids: string[];
};

/**
 * A role's stored permissions, with the objects added by later versions filled in with no rights (a role
 * written before cases existed has no `cases` entry unless a migration or an admin gave it one).
 */
export function storedPermissions(value: unknown): Permissions {
  return Permissions.parse(value);
}

function toContext(user: UserRow): Omit<AuthContext, 'via' | 'sessionId' | 'csrfToken'> {
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    locale: (user.locale as Locale | null) ?? null,
    timeZone: user.time_zone,
    roleId: user.role_id,
    roleKey: user.role_key,
    permissions: storedPermissions(user.permissions),
    teamIds: user.team_ids,
  };
}

export function requireAuth(auth: AuthContext | null): AuthContext {
  if (!auth) throw new AppError('unauthenticated');
  return auth;
}
