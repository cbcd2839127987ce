import type { Locale } from '@trato/contracts/common';
import type { CreateMailAccountRequest, MailAccount, UpdateMailAccountRequest } from '@trato/contracts/mail';
import type { Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { MailAccountsTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  AppError,
  IssueCollector,
  isUniqueViolation,
  notFound,
  versionConflict,
} from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { encryptSecret } from '../../platform/secrets.ts';
import { requireType } from '../cases/case-types.service.ts';
import { localizeMailError } from '../emails/mail-errors.ts';
import { existingUserIds } from '../users/users.service.ts';

// Mail accounts: the company's shared senders and mailboxes (ventas@, claims@), configured by an admin, and
// each user's own personal account, which that user may manage too. Passwords are write-only: stored encrypted,
// never answered back (only whether one is set).

export type MailAccountRow = Selectable<MailAccountsTable>;

type AccountListRow = MailAccountRow & {
  user_name: string | null;
  last_polled_at: Date | null;
  mailbox_error: string | null;
  mailbox_error_at: Date | null;
  has_mailbox: boolean;
};

/** The account as the API shows it; the mailbox's last error in the reader's language. */
export function toMailAccount(row: AccountListRow, locale: Locale): MailAccount {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    display_name: row.display_name,
    kind: row.kind,
    user: row.user_id ? { id: row.user_id, name: row.user_name ?? '' } : null,
    smtp_host: row.smtp_host,
    smtp_port: row.smtp_port,
    smtp_security: row.smtp_security,
    smtp_user: row.smtp_user,
    smtp_password_set: Boolean(row.smtp_password),
    imap_host: row.imap_host,
    imap_port: row.imap_port,
    imap_security: row.imap_security,
    imap_user: row.imap_user,
    imap_password_set: Boolean(row.imap_password),
    imap_folder: row.imap_folder,
    send_enabled: row.send_enabled,
    receive_enabled: row.receive_enabled,
    is_default: row.is_default,
    unknown_sender: row.unknown_sender,
    open_case_type_id: row.open_case_type_id,
    active: row.active,
    mailbox: row.has_mailbox
      ? {
          last_polled_at: row.last_polled_at?.toISOString() ?? null,
          last_error: localizeMailError(row.mailbox_error, locale),
          last_error_at: row.mailbox_error_at?.toISOString() ?? null,
        }
      : null,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function selectAccounts(db: Executor) {
  return db
    .selectFrom('mail_accounts')
    .leftJoin('users', 'users.id', 'mail_accounts.user_id')
    .leftJoin('mailbox_state', 'mailbox_state.account_id', 'mail_accounts.id')
    .selectAll('mail_accounts')
    .select([
      'users.name as user_name',
      'mailbox_state.last_polled_at',
      'mailbox_state.last_error as mailbox_error',
      'mailbox_state.last_error_at as mailbox_error_at',
    ])
    .select((eb) => eb('mailbox_state.account_id', 'is not', null).as('has_mailbox'))
    .where('mail_accounts.deleted_at', 'is', null);
}

/** May this caller change the account? Admins any; a user their own personal account. */
const canManage = (auth: AuthContext, row: Pick<MailAccountRow, 'kind' | 'user_id'>) =>
  auth.permissions.configure || (row.kind === 'personal' && row.user_id === auth.userId);

/**
 * Admins see every account. Others see their own personal accounts and the active shared senders they may send
 * as (the compose screen offers them).
 */
export async function listMailAccounts(
  db: Database,
  auth: AuthContext,
  locale: Locale,
): Promise<MailAccount[]> {
  let query = selectAccounts(db).orderBy('mail_accounts.name').orderBy('mail_accounts.id').limit(500);
  if (!auth.permissions.configure)
    query = query.where((eb) =>
      eb.or([
        eb('mail_accounts.user_id', '=', auth.userId),
        eb.and([
          eb('mail_accounts.kind', '=', 'shared'),
          eb('mail_accounts.send_enabled', '=', true),
          eb('mail_accounts.active', '=', true),
        ]),
      ]),
    );
  return (await query.execute()).map((row) => toMailAccount(row as AccountListRow, locale));
}

/** The account if the caller may manage it; 404 otherwise (someone else's account is not revealed). */
export async function requireManagedAccount(
  db: Executor,
  auth: AuthContext,
  id: string,
  forUpdate = false,
): Promise<MailAccountRow> {
  let query = db.selectFrom('mail_accounts').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || !canManage(auth, row)) throw notFound();
  return row;
}

export async function getMailAccount(
  db: Executor,
  auth: AuthContext,
  id: string,
  locale: Locale,
): Promise<MailAccount> {
  await requireManagedAccount(db, auth, id);
  const row = await selectAccounts(db).where('mail_accounts.id', '=', id).executeTakeFirstOrThrow();
  return toMailAccount(row as AccountListRow, locale);
}

type Settings = Omit<
  MailAccountRow,
  'id' | 'created_at' | 'updated_at' | 'created_by' | 'updated_by' | 'deleted_at' | 'version'
>;

const DEFAULTS: Omit<Settings, 'name' | 'address' | 'kind' | 'user_id'> = {
  display_name: '',
  smtp_host: null,
  smtp_port: null,
  smtp_security: 'starttls',
  smtp_user: null,
  smtp_password: null,
  imap_host: null,
  imap_port: null,
  imap_security: 'tls',
  imap_user: null,
  imap_password: null,
  imap_folder: 'INBOX',
  send_enabled: false,
  receive_enabled: false,
  is_default: false,
  unknown_sender: 'ignore',
  open_case_type_id: null,
  active: true,
};

const SETTING_FIELDS = [
  'name',
  'address',
  'display_name',
  'kind',
  'user_id',
  'smtp_host',
  'smtp_port',
  'smtp_security',
  'smtp_user',
  'imap_host',
  'imap_port',
  'imap_security',
  'imap_user',
  'imap_folder',
  'send_enabled',
  'receive_enabled',
  'is_default',
  'unknown_sender',
  'open_case_type_id',
  'active',
] as const;

type Input = Partial<CreateMailAccountRequest>;

/** The input over the current settings; passwords: undefined keeps, null or '' clears, text is encrypted. */
function merge(current: Settings, input: Input): Settings {
  const next = { ...current };
  for (const field of SETTING_FIELDS) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  for (const field of ['smtp_password', 'imap_password'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    next[field] = value ? encryptSecret(value) : null;
  }
  if (next.kind === 'shared') next.user_id = null;
  return next;
}

/** Checks a whole account as it would be stored; throws 422 with every field at fault. */
async function checkSettings(trx: Executor, auth: AuthContext, next: Settings): Promise<void> {
  const issues = new IssueCollector();
  if (next.kind === 'personal') {
    if (!next.user_id) issues.add('user_id', 'required');
    else if (!auth.permissions.configure && next.user_id !== auth.userId)
      issues.add('user_id', 'not_own_account');
    else if (!(await existingUserIds(trx, [next.user_id])).has(next.user_id))
      issues.add('user_id', 'unknown_user');
  } else if (!auth.permissions.configure)
    throw new AppError('forbidden', { params: { action: 'configure' } });
  if (next.send_enabled) {
    if (!next.smtp_host) issues.add('smtp_host', 'required');
    if (!next.smtp_port) issues.add('smtp_port', 'required');
  }
  if (next.receive_enabled) {
    if (!next.imap_host) issues.add('imap_host', 'required');
    if (!next.imap_port) issues.add('imap_port', 'required');
    if (!next.imap_user) issues.add('imap_user', 'required');
    if (!next.imap_password) issues.add('imap_password', 'required');
  }
  if (next.is_default) {
    if (next.kind !== 'shared') issues.add('is_default', 'default_must_be_shared');
    else if (!next.send_enabled) issues.add('is_default', 'default_must_send');
  }
  if (next.open_case_type_id) {
    const type = await requireType(trx, next.open_case_type_id).catch(() => null);
    if (!type) issues.add('open_case_type_id', 'unknown_case_type');
  }
  issues.throwIfAny();
}

const addressTaken = () =>
  new AppError('conflict', { issues: [{ field: 'address', code: 'address_taken' }] });

async function assertAddressFree(trx: Executor, address: string, exceptId: string | null): Promise<void> {
  let query = trx
    .selectFrom('mail_accounts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['address']), '=', address.toLowerCase()))
    .where('deleted_at', 'is', null);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw addressTaken();
}

/** The one default sender: setting it here unsets the previous one, in the same transaction. */
async function clearOtherDefault(trx: Executor, auth: AuthContext, exceptId: string): Promise<void> {
  const previous = await trx
    .updateTable('mail_accounts')
    .set({ is_default: false, updated_at: new Date(), updated_by: auth.userId })
    .where('is_default', '=', true)
    .where('deleted_at', 'is', null)
    .where('id', '<>', exceptId)
    .returning(['id', 'version'])
    .execute();
  for (const row of previous) {
    await trx
      .updateTable('mail_accounts')
      .set({ version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, {
      type: 'mail_account.updated',
      object: 'mail_account',
      objectId: row.id,
      entityId: null,
      actorId: auth.userId,
      changes: { is_default: [true, false] },
    });
  }
}

/** What a change looks like in the events: passwords only as "changed", never their value. */
function accountChanges(before: Settings | null, after: Settings): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const a = before ? before[field] : null;
    const b = after[field];
    if (before === null ? b !== null && b !== '' : a !== b) changes[field] = [a ?? null, b ?? null];
  }
  for (const field of ['smtp_password', 'imap_password'] as const)
    if ((before?.[field] ?? null) !== after[field]) changes[`${field}_changed`] = true;
  changes.summary = after.address;
  return changes;
}

export async function createMailAccount(
  db: Database,
  auth: AuthContext,
  input: CreateMailAccountRequest,
  locale: Locale,
): Promise<MailAccount> {
  const id = newId();
  const kind = input.kind;
  const next = merge(
    {
      ...DEFAULTS,
      name: input.name,
      address: input.address,
      kind,
      user_id: kind === 'personal' ? (input.user_id ?? auth.userId) : null,
    },
    input,
  );
  try {
    await db.transaction().execute(async (trx) => {
      await checkSettings(trx, auth, next);
      await assertAddressFree(trx, next.address, null);
      if (next.is_default) await clearOtherDefault(trx, auth, id);
      const now = new Date();
      await trx
        .insertInto('mail_accounts')
        .values({
          ...next,
          id,
          created_at: now,
          updated_at: now,
          created_by: auth.userId,
          updated_by: auth.userId,
        })
        .execute();
      await recordEvent(trx, {
        type: 'mail_account.created',
        object: 'mail_account',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes: accountChanges(null, next),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'mail_accounts_address_idx')) throw addressTaken();
    throw error;
  }
  return getMailAccount(db, auth, id, locale);
}

export async function updateMailAccount(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateMailAccountRequest,
  locale: Locale,
): Promise<MailAccount> {
  try {
    await db.transaction().execute(async (trx) => {
      const current = await requireManagedAccount(trx, auth, id, true);
      if (current.version !== input.version) throw versionConflict(current.version);
      const next = merge(current, input);
      await checkSettings(trx, auth, next);
      if (next.address.toLowerCase() !== current.address.toLowerCase())
        await assertAddressFree(trx, next.address, id);
      const changes = accountChanges(current, next);
      if (Object.keys(changes).length <= 1) return;
      if (next.is_default && !current.is_default) await clearOtherDefault(trx, auth, id);
      const set: Updateable<MailAccountsTable> = {
        ...next,
        version: current.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      };
      await trx.updateTable('mail_accounts').set(set).where('id', '=', id).execute();
      await recordEvent(trx, {
        type: 'mail_account.updated',
        object: 'mail_account',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'mail_accounts_address_idx')) throw addressTaken();
    throw error;
  }
  return getMailAccount(db, auth, id, locale);
}

/** Soft delete: the account stops sending and polling; mail already sent or received through it stays. */
export async function deleteMailAccount(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireManagedAccount(trx, auth, id, true);
    const now = new Date();
    await trx
      .updateTable('mail_accounts')
      .set({
        deleted_at: now,
        active: false,
        is_default: false,
        version: current.version + 1,
        updated_at: now,
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'mail_account.deleted',
      object: 'mail_account',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { summary: current.address },
    });
  });
}
