import type { MailConnectionTest, MailSenderList } from '@trato/contracts/mail';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Executor } from '../../platform/events.ts';
import { type Mailbox, type MailTransport, mailSender } from '../../platform/mail.ts';
import { decryptSecret } from '../../platform/secrets.ts';
import { type MailAccountRow, requireManagedAccount } from './mail-accounts.service.ts';

// Which account a mail goes out through, and the SMTP transports to send with. The sender of a user's mail is
// their own personal send-enabled account, else the company default (a shared account), else TRATO_SMTP_URL
// with TRATO_MAIL_FROM. Transports are pooled (one open SMTP connection per account, reused mail after mail)
// and rebuilt when the account's settings change (its version).

/** Timeouts of a send: a server that accepts the connection and then says nothing is given up on. */
const SEND_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Who a mail is from and the account it goes out through (null: the server's TRATO_SMTP_URL). */
export interface Sender {
  accountId: string | null;
  from: Mailbox;
}

const usable = (db: Executor) =>
  db
    .selectFrom('mail_accounts')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('active', '=', true)
    .where('send_enabled', '=', true);

const senderOf = (row: MailAccountRow, fallbackName: string): Sender => ({
  accountId: row.id,
  from: { name: row.display_name || fallbackName, address: row.address },
});

/**
 * The account a user's mail goes out through: their own personal send-enabled account, else the default shared
 * one, else none (the server's TRATO_SMTP_URL and TRATO_MAIL_FROM).
 */
export async function sendingAccountFor(db: Executor, userId: string | null): Promise<Sender> {
  if (userId) {
    const own = await usable(db)
      .where('kind', '=', 'personal')
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .executeTakeFirst();
    if (own) {
      const user = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      return senderOf(own, user?.name ?? '');
    }
  }
  const shared = await usable(db).where('is_default', '=', true).executeTakeFirst();
  if (shared) return senderOf(shared, shared.name);
  return { accountId: null, from: mailSender() };
}

/**
 * The sender for an explicitly chosen account: one the user may send as (a shared send-enabled account, or their
 * own personal one). Null when there is no such account.
 */
export async function chosenSendingAccount(
  db: Executor,
  userId: string | null,
  accountId: string,
): Promise<Sender | null> {
  const row = await usable(db).where('id', '=', accountId).executeTakeFirst();
  if (!row) return null;
  if (row.kind === 'shared') return senderOf(row, row.name);
  if (!userId || row.user_id !== userId) return null;
  const user = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return senderOf(row, user?.name ?? '');
}

/**
 * The accounts a user may send from (the rule chosenSendingAccount applies): the active send-enabled shared ones
 * and their own personal one, and what their mail goes out as when they choose none (sendingAccountFor).
 */
export async function sendersFor(db: Executor, userId: string): Promise<MailSenderList> {
  const [rows, fallback] = await Promise.all([
    usable(db)
      .where((eb) =>
        eb.or([eb('kind', '=', 'shared'), eb.and([eb('kind', '=', 'personal'), eb('user_id', '=', userId)])]),
      )
      // The caller's own account first ('personal' < 'shared'), then the shared ones by name.
      .orderBy('kind')
      .orderBy('name')
      .orderBy('id')
      .limit(500)
      .execute(),
    sendingAccountFor(db, userId),
  ]);
  return {
    data: rows.map((row) => ({
      id: row.id,
      name: row.name,
      address: row.address,
      display_name: row.display_name,
      kind: row.kind,
      is_default: row.is_default,
    })),
    default_account_id: fallback.accountId,
    default_from: fallback.from,
  };
}

function smtpOptions(row: MailAccountRow): SMTPTransport.Options {
  const password = row.smtp_password ? decryptSecret(row.smtp_password) : null;
  return {
    host: row.smtp_host ?? '',
    port: row.smtp_port ?? 587,
    secure: row.smtp_security === 'tls',
    // 'starttls' means the password never crosses the wire in clear: the upgrade is required, not opportunistic.
    requireTLS: row.smtp_security === 'starttls',
    ignoreTLS: row.smtp_security === 'none',
    ...(row.smtp_user ? { auth: { user: row.smtp_user, pass: password ?? '' } } : {}),
  };
}

interface CachedTransport {
  key: string;
  transport: MailTransport;
}
const transports = new Map<string, CachedTransport>();

/** Closes every pooled transport (the worker's stop). */
export function closeTransports(): void {
  for (const cached of transports.values()) cached.transport.close?.();
  transports.clear();
}

export type TransportChoice =
  | { ok: true; transport: MailTransport; from: Mailbox | null; accountId: string | null }
  | { ok: false; reason: 'no_smtp' | 'account_unusable' | 'cannot_decrypt'; message: string };

/**
 * The pooled transport for an account (null: the default account, else TRATO_SMTP_URL). `from` is the account's
 * address when the mail was queued without one and an account now carries it; null keeps the stored sender.
 */
export async function getAccountTransport(
  db: Executor,
  accountId: string | null,
  fallback: { smtpUrl: string | undefined; timeoutMs?: number },
): Promise<TransportChoice> {
  const timeouts = fallback.timeoutMs
    ? {
        connectionTimeout: fallback.timeoutMs,
        greetingTimeout: fallback.timeoutMs,
        socketTimeout: fallback.timeoutMs,
      }
    : SEND_TIMEOUTS;
  let row: MailAccountRow | undefined;
  if (accountId) {
    row = await usable(db).where('id', '=', accountId).executeTakeFirst();
    if (!row)
      return {
        ok: false,
        reason: 'account_unusable',
        message:
          'The mail account is switched off, deleted or no longer sends: choose another sender and retry',
      };
  } else row = await usable(db).where('is_default', '=', true).executeTakeFirst();
  if (row) {
    const key = `${row.id}:${row.version}:${timeouts.socketTimeout}`;
    const cached = transports.get(row.id);
    if (cached?.key === key)
      return {
        ok: true,
        transport: cached.transport,
        from: accountId ? null : senderOf(row, row.name).from,
        accountId: row.id,
      };
    let options: SMTPTransport.Options;
    try {
      options = smtpOptions(row);
    } catch (error) {
      return { ok: false, reason: 'cannot_decrypt', message: (error as Error).message };
    }
    cached?.transport.close?.();
    const transport = createTransport({ ...options, ...timeouts, pool: true, maxConnections: 1 });
    transports.set(row.id, { key, transport });
    return { ok: true, transport, from: accountId ? null : senderOf(row, row.name).from, accountId: row.id };
  }
  if (!fallback.smtpUrl)
    return {
      ok: false,
      reason: 'no_smtp',
      message:
        'No way to send mail is configured: add a default mail account (Administration → Mail accounts) or set TRATO_SMTP_URL. The mail stays queued and goes out once one is.',
    };
  const key = `config:${fallback.smtpUrl}:${timeouts.socketTimeout}`;
  const cached = transports.get('config');
  if (cached?.key === key) return { ok: true, transport: cached.transport, from: null, accountId: null };
  cached?.transport.close?.();
  const transport = createTransport({
    url: fallback.smtpUrl,
    ...timeouts,
    pool: true,
    maxConnections: 1,
  });
  transports.set('config', { key, transport });
  return { ok: true, transport, from: null, accountId: null };
}

// ── Test connection ─────────────────────────────────────────────────────────

/** Error → the words a mail admin recognises: the code (ECONNREFUSED, ETIMEDOUT, EAUTH) and the server's reply. */
export function describeMailError(error: unknown): string {
  const e = error as { code?: string; response?: string; responseText?: string; message?: string };
  const parts = [e.code, e.response ?? e.responseText ?? e.message].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  const text = [...new Set(parts)].join(': ');
  return (text || String(error)).slice(0, 2000);
}

async function testSmtp(row: MailAccountRow, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  const serverLines: string[] = [];
  const capture = (entry: { tnx?: string }, message: unknown) => {
    if (entry?.tnx === 'server' && typeof message === 'string') serverLines.push(message.trim());
  };
  const noop = () => {};
  let options: SMTPTransport.Options;
  try {
    options = smtpOptions(row);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const transport = createTransport({
    ...options,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    transactionLog: true,
    logger: { level: noop, trace: noop, debug: capture, info: noop, warn: noop, error: noop, fatal: noop },
  } as SMTPTransport.Options);
  try {
    await transport.verify();
    const greeting = serverLines.find((line) => line.startsWith('220')) ?? '';
    const last = serverLines.at(-1) ?? '';
    return {
      ok: true,
      message: [greeting, last !== greeting ? last : ''].filter(Boolean).join(' · ').slice(0, 2000),
    };
  } catch (error) {
    return { ok: false, message: describeMailError(error) };
  } finally {
    transport.close();
  }
}

async function testImap(row: MailAccountRow, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  let password: string;
  try {
    password = row.imap_password ? decryptSecret(row.imap_password) : '';
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const client = new ImapFlow({
    host: row.imap_host ?? '',
    port: row.imap_port ?? 993,
    secure: row.imap_security === 'tls',
    doSTARTTLS: row.imap_security === 'starttls' ? true : row.imap_security === 'none' ? false : undefined,
    auth: { user: row.imap_user ?? '', pass: password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  // A connection error after connect() settled must not become an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    const found = await client.status(row.imap_folder, { messages: true, unseen: true });
    const status = found || { messages: 0, unseen: 0 };
    return {
      ok: true,
      message: `OK ${row.imap_user}@${row.imap_host}: ${row.imap_folder} ${status.messages ?? 0} messages, ${status.unseen ?? 0} unseen`,
    };
  } catch (error) {
    return { ok: false, message: describeMailError(error) };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Tries each configured side (SMTP when it has a host, IMAP when it has a host) and reports the servers' answers. */
export async function testMailAccount(
  db: Database,
  auth: AuthContext,
  id: string,
  options: { timeoutMs?: number } = {},
): Promise<MailConnectionTest> {
  const row = await requireManagedAccount(db, auth, id);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const [smtp, imap] = await Promise.all([
    row.smtp_host && row.smtp_port ? testSmtp(row, timeoutMs) : null,
    row.imap_host && row.imap_port ? testImap(row, timeoutMs) : null,
  ]);
  return { smtp, imap };
}
