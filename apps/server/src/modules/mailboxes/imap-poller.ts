import type { Locale } from '@trato/contracts/common';
import { LOCALES } from '@trato/contracts/common';
import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { decryptSecret, SecretDecryptError } from '../../platform/secrets.ts';
import { mailErrorCode } from '../emails/mail-errors.ts';
import { type IngestAccount, ingestRawMessage } from './ingest.ts';

// Receiving mail: every active mailbox with receiving on keeps one IMAP connection open. A pass (tick) connects
// what is not connected, then fetches the messages whose UID is above the last one stored (mailbox_state), in
// UID order, one at a time, moving last_uid past each as soon as it is stored: a crash re-fetches at most the
// message in flight, and the Message-ID dedupe absorbs it. Between passes the connection IDLEs, so a new mail
// is fetched the moment the server announces it; the periodic pass is the fallback (and the reconnect).
// The mailbox is opened read-only: flags stay as the people reading it in their mail client left them.
// A message that cannot be stored after a few tries is skipped (logged, recorded as the mailbox's last
// error): one bad mail never blocks the ones behind it. A message above the size limit is stored with its
// headers only and a note. Connection problems are recorded in mailbox_state (the accounts screen shows them)
// and retried with a growing delay.

export interface MailboxPollerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface MailboxPollerOptions {
  db: Database;
  dataDir: string;
  log: MailboxPollerLogger;
  /** Larger messages are recorded with their headers only (TRATO_MAIL_MAX_MB); 25 MB by default. */
  maxMessageBytes?: number;
  /** The periodic pass; 60 s by default. 0 = none (tests call tick()). */
  pollIntervalMs?: number;
  /** Messages whose size is asked in one FETCH. */
  batchSize?: number;
  /** Wait on the server (IDLE) between passes; true by default. */
  idle?: boolean;
  /** Per connection attempt and per command. */
  timeoutMs?: number;
  /** The clock for retry delays (tests move it). */
  now?: () => Date;
  /** Stores one message; ingestRawMessage unless a test needs it to fail. */
  ingest?: typeof ingestRawMessage;
}

export interface MailboxPoller {
  /** One pass over every receiving mailbox: connect where needed, fetch what is new. */
  tick(): Promise<void>;
  /** Fetches one mailbox now (what an IDLE notification does); resolves when it is up to date. */
  sync(accountId: string): Promise<void>;
  stop(): Promise<void>;
}

/** Tries to store one message before it is skipped. */
export const MAX_MESSAGE_ATTEMPTS = 3;
/** Reconnection delay after consecutive failures: 30 s, 1 min, 2 min… up to 15 min. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 15 * 60_000;
/** The stored form of a skipped message's note, which stays until another error replaces it. */
const SKIPPED = mailErrorCode('message_skipped');

type AccountRow = {
  id: string;
  address: string;
  user_id: string | null;
  unknown_sender: 'ignore' | 'create_lead';
  open_case_type_id: string | null;
  imap_host: string;
  imap_port: number | null;
  imap_security: 'tls' | 'starttls' | 'none';
  imap_user: string | null;
  imap_password: string | null;
  imap_folder: string;
  version: number;
  locale: string | null;
};

interface Session {
  client: ImapFlow;
  /** Changes when the account's settings do: the connection is made again. */
  fingerprint: string;
  account: AccountRow;
  closed: boolean;
}

/** What the server said, as an administrator can act on it. */
export function describeImapError(error: unknown): string {
  const e = error as {
    code?: string;
    responseText?: string;
    serverResponseCode?: string;
    authenticationFailed?: boolean;
    message?: string;
  };
  const parts = [
    e.authenticationFailed ? 'AUTHENTICATIONFAILED' : e.serverResponseCode,
    e.code,
    e.responseText ?? e.message,
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return ([...new Set(parts)].join(': ') || String(error)).replaceAll('\u0000', '').slice(0, 2000);
}

const TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);
const CUT = new Set([
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * A failed connection or pass → what mailbox_state.last_error stores: a code the accounts screen reads in the
 * reader's language (emails/mail-errors.ts), with the server's own words as the detail.
 */
export function imapErrorOf(error: unknown, folder: string): string {
  if (error instanceof SecretDecryptError) return mailErrorCode('cannot_decrypt');
  const e = error as { code?: string; serverResponseCode?: string; authenticationFailed?: boolean };
  const detail = describeImapError(error);
  const code = e.code ?? '';
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED')
    return mailErrorCode('imap_auth_failed', { detail });
  if (TIMEOUTS.has(code)) return mailErrorCode('imap_timeout', { detail });
  if (code === 'ECONNREFUSED') return mailErrorCode('imap_connection_refused', { detail });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return mailErrorCode('imap_host_not_found', { detail });
  if (/^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code))
    return mailErrorCode('imap_tls_failed', { detail });
  if (CUT.has(code)) return mailErrorCode('imap_connection_failed', { detail });
  if (e.serverResponseCode === 'NONEXISTENT')
    return mailErrorCode('imap_folder_not_found', { folder, detail });
  return mailErrorCode('imap_failed', { detail });
}

const fingerprintOf = (a: AccountRow) =>
  [a.version, a.imap_host, a.imap_port, a.imap_security, a.imap_user, a.imap_password, a.imap_folder].join(
    '\u0001',
  );

async function receivingAccounts(db: Database): Promise<AccountRow[]> {
  return (await db
    .selectFrom('mail_accounts')
    .leftJoin('users', 'users.id', 'mail_accounts.user_id')
    .select([
      'mail_accounts.id',
      'mail_accounts.address',
      'mail_accounts.user_id',
      'mail_accounts.unknown_sender',
      'mail_accounts.open_case_type_id',
      'mail_accounts.imap_host',
      'mail_accounts.imap_port',
      'mail_accounts.imap_security',
      'mail_accounts.imap_user',
      'mail_accounts.imap_password',
      'mail_accounts.imap_folder',
      'mail_accounts.version',
      'users.locale',
    ])
    .where('mail_accounts.active', '=', true)
    .where('mail_accounts.receive_enabled', '=', true)
    .where('mail_accounts.deleted_at', 'is', null)
    .where('mail_accounts.imap_host', 'is not', null)
    .orderBy('mail_accounts.id')
    .execute()) as AccountRow[];
}

async function recordError(db: Database, account: AccountRow, message: string, at: Date): Promise<void> {
  await db
    .insertInto('mailbox_state')
    .values({ account_id: account.id, folder: account.imap_folder, last_error: message, last_error_at: at })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({ last_error: message, last_error_at: at, updated_at: at }),
    )
    .execute();
}

const pollers = new Set<() => void>();

/**
 * A mailbox was added or its settings changed: the pollers of this process look now (retrying at once an account
 * that was waiting out an error) instead of at their next periodic pass.
 */
export function wakeMailboxPollers(): void {
  for (const wake of pollers) wake();
}

export function startMailboxPoller(options: MailboxPollerOptions): MailboxPoller {
  const { db, dataDir, log } = options;
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  const batchSize = options.batchSize ?? 50;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const idle = options.idle ?? true;
  const now = options.now ?? (() => new Date());
  const ingest = options.ingest ?? ingestRawMessage;

  const sessions = new Map<string, Session>();
  /** Per account: the running pass, and whether another was asked for meanwhile. */
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  /** `${account}:${uid}` → failed tries to store that message. */
  const messageFailures = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  const closeSession = async (accountId: string) => {
    const session = sessions.get(accountId);
    if (!session) return;
    sessions.delete(accountId);
    session.closed = true;
    await Promise.race([
      session.client.logout().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
    session.client.close();
  };

  async function openSession(account: AccountRow): Promise<Session> {
    const existing = sessions.get(account.id);
    if (
      existing &&
      !existing.closed &&
      existing.client.usable &&
      existing.fingerprint === fingerprintOf(account)
    ) {
      existing.account = account;
      return existing;
    }
    if (existing) await closeSession(account.id);
    const password = account.imap_password ? decryptSecret(account.imap_password) : '';
    const client = new ImapFlow({
      host: account.imap_host,
      port: account.imap_port ?? (account.imap_security === 'tls' ? 993 : 143),
      secure: account.imap_security === 'tls',
      doSTARTTLS:
        account.imap_security === 'starttls' ? true : account.imap_security === 'none' ? false : undefined,
      auth: { user: account.imap_user ?? account.address, pass: password },
      logger: false,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      // IDLE is renewed every 4 minutes, well inside the socket timeout and the RFC's 29 minutes.
      maxIdleTime: 4 * 60_000,
      disableAutoIdle: !idle,
    });
    const session: Session = { client, fingerprint: fingerprintOf(account), account, closed: false };
    // Errors after connect() settled arrive as events: they end the session, the next pass reconnects.
    client.on('error', (error: unknown) => {
      if (!session.closed) log.warn(`Mailbox ${account.address}: ${describeImapError(error)}`);
    });
    client.on('close', () => {
      session.closed = true;
      if (sessions.get(account.id) === session) sessions.delete(account.id);
    });
    client.on('exists', (data: { count: number; prevCount: number }) => {
      if (!session.closed && data.count > data.prevCount) void sync(account.id);
    });
    try {
      await client.connect();
      await client.mailboxOpen(account.imap_folder, { readOnly: true });
    } catch (error) {
      session.closed = true;
      client.close();
      throw error;
    }
    sessions.set(account.id, session);
    return session;
  }

  /** Reads (or starts) where this mailbox's polling stands; a new folder or UIDVALIDITY starts again at 0. */
  async function startingUid(account: AccountRow, uidValidity: string): Promise<number> {
    const state = await db
      .selectFrom('mailbox_state')
      .select(['folder', 'uidvalidity', 'last_uid'])
      .where('account_id', '=', account.id)
      .executeTakeFirst();
    if (state && state.folder === account.imap_folder && String(state.uidvalidity) === uidValidity)
      return Number(state.last_uid);
    if (state?.uidvalidity != null)
      log.info(
        `Mailbox ${account.address}: ${state.folder === account.imap_folder ? 'UIDVALIDITY changed' : 'folder changed'}, reading ${account.imap_folder} again from the start (known messages are not duplicated)`,
      );
    await db
      .insertInto('mailbox_state')
      .values({ account_id: account.id, folder: account.imap_folder, uidvalidity: uidValidity, last_uid: 0 })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          folder: account.imap_folder,
          uidvalidity: uidValidity,
          last_uid: 0,
          updated_at: new Date(),
        }),
      )
      .execute();
    return 0;
  }

  const advance = (accountId: string, uid: number) =>
    db
      .updateTable('mailbox_state')
      .set({ last_uid: sql`greatest(last_uid, ${uid})`, updated_at: new Date() })
      .where('account_id', '=', accountId)
      .execute();

  const databaseReachable = () =>
    sql`select 1`
      .execute(db)
      .then(() => true)
      .catch(() => false);

  /** Fetches and stores every message above last_uid, in UID order. */
  async function fetchNew(session: Session): Promise<number> {
    const { client, account } = session;
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`${account.imap_folder} is not open`);
    const lastUid = await startingUid(account, String(mailbox.uidValidity));
    if (mailbox.exists === 0) return 0;
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    // `n:*` always includes the highest UID, even when it is below n.
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    const ingestAccount: IngestAccount = {
      id: account.id,
      address: account.address,
      unknown_sender: account.unknown_sender,
      open_case_type_id: account.open_case_type_id,
      user_id: account.user_id,
    };
    const locale = (LOCALES as readonly string[]).includes(account.locale ?? '')
      ? (account.locale as Locale)
      : undefined;
    let stored = 0;
    for (let i = 0; i < uids.length && !stopped; i += batchSize) {
      const batch = uids.slice(i, i + batchSize);
      const sizes = new Map<number, { size: number; internalDate: Date | null }>();
      for (const message of await client.fetchAll(
        batch.join(','),
        { uid: true, size: true, internalDate: true },
        { uid: true },
      )) {
        const date = message.internalDate ? new Date(message.internalDate) : null;
        sizes.set(message.uid, { size: message.size ?? 0, internalDate: date });
      }
      for (const uid of batch) {
        if (stopped) break;
        const info = sizes.get(uid);
        // Gone since the search (expunged): nothing to store.
        if (!info) {
          await advance(account.id, uid);
          continue;
        }
        const tooLarge = info.size > maxBytes;
        const message = await client.fetchOne(
          String(uid),
          tooLarge ? { uid: true, headers: true } : { uid: true, source: true },
          { uid: true },
        );
        const raw = message ? (tooLarge ? message.headers : message.source) : undefined;
        if (!raw) {
          await advance(account.id, uid);
          continue;
        }
        const key = `${account.id}:${uid}`;
        try {
          const result = await ingest(db, dataDir, ingestAccount, raw, {
            uid,
            internalDate: info.internalDate,
            ...(tooLarge && { omitted: { size: info.size, limit: maxBytes } }),
            ...(locale && { locale }),
            log,
          });
          if (result.created) stored++;
          messageFailures.delete(key);
        } catch (error) {
          // A database that is down is not the message's fault: stop here and try again later.
          if (!(await databaseReachable())) throw error;
          const tries = (messageFailures.get(key) ?? 0) + 1;
          messageFailures.set(key, tries);
          if (tries < MAX_MESSAGE_ATTEMPTS) throw error;
          messageFailures.delete(key);
          const detail = describeImapError(error);
          log.error(`Mailbox ${account.address}: message UID ${uid} skipped after ${tries} tries: ${detail}`);
          await recordError(
            db,
            account,
            mailErrorCode('message_skipped', { uid: String(uid), tries: String(tries), detail }),
            now(),
          );
        }
        await advance(account.id, uid);
      }
    }
    return stored;
  }

  async function runPass(accountId: string, known?: AccountRow): Promise<void> {
    const account = known ?? (await receivingAccounts(db)).find((a) => a.id === accountId);
    if (!account) return closeSession(accountId);
    const failure = failures.get(account.id);
    let session = sessions.get(account.id);
    if (failure && failure.retryAt > now().getTime() && !session) return;
    try {
      session = await openSession(account);
      const stored = await fetchNew(session);
      if (stored > 0) log.info(`Mailbox ${account.address}: ${stored} new message${stored === 1 ? '' : 's'}`);
      const at = now();
      await db
        .updateTable('mailbox_state')
        .set({ last_polled_at: at, updated_at: at })
        .where('account_id', '=', account.id)
        .execute();
      // A connection problem is over once a pass succeeds; a skipped message's note stays.
      await db
        .updateTable('mailbox_state')
        .set({ last_error: null, last_error_at: null })
        .where('account_id', '=', account.id)
        .where('last_error', 'is not', null)
        .where('last_error', 'not like', `${SKIPPED}%`)
        .execute();
      failures.delete(account.id);
      // Wait for the server's news: a new message ends the IDLE with an 'exists' event.
      if (idle && !session.closed && !stopped)
        session.client.idle().catch(() => {
          /* ends when the next command or the close breaks it */
        });
    } catch (error) {
      const message = describeImapError(error);
      const stored = imapErrorOf(error, account.imap_folder);
      const count = (failure?.count ?? 0) + 1;
      const delay = Math.min(RETRY_BASE_MS * 2 ** (count - 1), RETRY_MAX_MS);
      failures.set(account.id, { count, retryAt: now().getTime() + delay });
      log.warn(`Mailbox ${account.address}: ${message} (retrying in ${Math.round(delay / 1000)} s)`);
      await closeSession(account.id);
      await recordError(db, account, stored, now()).catch((e: unknown) =>
        log.error(`Mailbox ${account.address}: could not record the error: ${describeImapError(e)}`),
      );
    }
  }

  /** One pass per account at a time; a request during a pass makes one more pass after it. */
  function sync(accountId: string, known?: AccountRow): Promise<void> {
    const current = running.get(accountId);
    if (current) {
      again.add(accountId);
      return current;
    }
    const pass: Promise<void> = (async () => {
      try {
        do {
          again.delete(accountId);
          await runPass(accountId, known);
          known = undefined;
        } while (again.has(accountId) && !stopped);
      } finally {
        running.delete(accountId);
      }
    })();
    running.set(accountId, pass);
    return pass;
  }

  async function tickOnce(): Promise<void> {
    const accounts = await receivingAccounts(db);
    const ids = new Set(accounts.map((a) => a.id));
    for (const id of [...sessions.keys()]) if (!ids.has(id)) await closeSession(id);
    await Promise.all(accounts.map((account) => sync(account.id, account)));
  }

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    ticking ??= tickOnce()
      .catch((error: unknown) => log.error(`Mailboxes: ${describeImapError(error)}`))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };

  const interval = options.pollIntervalMs ?? 60_000;
  const schedule = (delay: number) => {
    if (stopped || interval <= 0) return;
    timer = setTimeout(() => {
      void tick().then(() => schedule(interval));
    }, delay);
    timer.unref();
  };
  schedule(Math.min(interval, 2_000));
  const wake = () => {
    failures.clear();
    void tick();
  };
  pollers.add(wake);

  return {
    tick,
    sync: (accountId) => sync(accountId),
    async stop() {
      stopped = true;
      pollers.delete(wake);
      clearTimeout(timer);
      await Promise.race([
        Promise.allSettled([ticking, ...running.values()]),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
      await Promise.all([...sessions.keys()].map(closeSession));
    },
  };
}
