import type { Me } from '@trato/contracts/auth';
import type { Locale } from '@trato/contracts/common';
import type { Database } from '../../db/connection.ts';
import {
  type AuthContext,
  burnPasswordCheck,
  createSession,
  deleteSession,
  generateApiKey,
  hashPassword,
  storedPermissions,
  verifyPassword,
} from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffChanges, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';

export async function login(
  db: Database,
  input: { email: string; password: string },
  userAgent: string | null,
) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new AppError('invalid_credentials');
  }
  if (!(await verifyPassword(user.password_hash, input.password)) || !user.active)
    throw new AppError('invalid_credentials');
  const session = await createSession(db, user.id, userAgent?.slice(0, 500) ?? null);
  await db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
  const me = await loadMe(db, user.id, session.csrfToken);
  return { token: session.token, me };
}

export async function logout(db: Database, auth: AuthContext): Promise<void> {
  if (auth.sessionId) await deleteSession(db, auth.sessionId);
}

export async function me(db: Database, auth: AuthContext): Promise<Me> {
  return loadMe(db, auth.userId, auth.csrfToken ?? '');
}

async function loadMe(db: Database, userId: string, csrfToken: string): Promise<Me> {
  const user = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.locale',
      'users.time_zone',
      'roles.id as role_id',
      'roles.key as role_key',
      'roles.permissions',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const teams = await db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_members.user_id', '=', userId)
    .where('teams.deleted_at', 'is', null)
    .orderBy('teams.name')
    .execute();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale as Locale | null,
    time_zone: user.time_zone,
    role: {
      id: user.role_id,
      key: user.role_key,
      permissions: storedPermissions(user.permissions),
    },
    teams,
    csrf_token: csrfToken,
  };
}

export async function updateMe(
  db: Database,
  auth: AuthContext,
  input: { name?: string | undefined; locale?: Locale | null | undefined; time_zone?: string | undefined },
): Promise<Me> {
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone)) {
    throw new AppError('validation_failed', { issues: [{ field: 'time_zone', code: 'invalid_value' }] });
  }
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .select(['name', 'locale', 'time_zone', 'version'])
      .where('id', '=', auth.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.locale !== undefined && { locale: input.locale }),
      ...(input.time_zone !== undefined && { time_zone: input.time_zone }),
    };
    const changes = diffChanges(current, patch, ['name', 'locale', 'time_zone']);
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('users')
      .set({ ...patch, version: current.version + 1, updated_at: new Date() })
      .where('id', '=', auth.userId)
      .execute();
    await recordEvent(trx, {
      type: 'user.updated',
      object: 'user',
      objectId: auth.userId,
      entityId: null,
      actorId: auth.userId,
      changes,
    });
  });
  return loadMe(db, auth.userId, auth.csrfToken ?? '');
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function changePassword(
  db: Database,
  auth: AuthContext,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.current_password))) {
    throw new AppError('validation_failed', {
      issues: [{ field: 'current_password', code: 'wrong_password' }],
    });
  }
  const passwordHash = await hashPassword(input.new_password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date() })
      .where('id', '=', auth.userId)
      .execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', auth.userId);
    if (auth.sessionId) others = others.where('id', '!=', auth.sessionId);
    await others.execute();
  });
}

const toApiKey = (row: {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
  expires_at: row.expires_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

export async function listApiKeys(db: Database, auth: AuthContext) {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', auth.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toApiKey);
}

export async function createApiKey(
  db: Database,
  auth: AuthContext,
  input: { name: string; expires_at?: string | null | undefined },
) {
  const generated = generateApiKey();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: newId(),
      user_id: auth.userId,
      name: input.name,
      prefix: generated.prefix,
      key_hash: generated.hash,
      expires_at: input.expires_at ? new Date(input.expires_at) : null,
    })
    .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
  return { ...toApiKey(row), key: generated.key };
}

export async function revokeApiKey(db: Database, auth: AuthContext, keyId: string): Promise<void> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', keyId)
    .where('user_id', '=', auth.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound();
}
