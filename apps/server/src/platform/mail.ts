import { type Kysely, sql } from 'kysely';
import { createTransport } from 'nodemailer';
import type { DB } from '../db/schema.ts';
import { newId } from './ids.ts';

// Outgoing mail is a table queue: a change writes its mail into mail_queue in its own transaction, and a worker
// sends it with retries. Not pg-boss (yet): PGlite has a single connection, which a job library's long-held
// locks and listeners would starve; moving the queue onto pg-boss is issue 5's call, and only the worker below
// would change (queueMails keeps its shape).

export const DEFAULT_MAIL_FROM = 'Trato <no-reply@localhost>';
/** Tries before a mail is marked failed (kept, with its last error, for an admin to see). */
export const MAX_MAIL_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
// A claimed mail is not picked again for this long: if the process dies mid-send, it is retried after it.
const CLAIM_LEASE_SECONDS = 600;
const POLL_MS = 5_000;

export interface Mailbox {
  name: string;
  address: string;
}

/** One outgoing message as nodemailer takes it (without `from`, which the sender config gives). */
export interface QueuedMessage {
  to: Mailbox[];
  subject: string;
  text: string;
  replyTo?: Mailbox;
  /** The iCalendar part (text/calendar; method=…), shown by mail clients as an invitation. */
  icalEvent?: { method: string; filename: string; content: string };
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** What the worker needs from a transport; nodemailer's fits, tests may pass their own. */
export interface MailTransport {
  sendMail(message: Record<string, unknown>): Promise<{ messageId?: string }>;
  close?(): void;
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// The configured sender, for code that writes mail inside a transaction without the config at hand (an
// invitation's ORGANIZER when the action has no user). Set from the config when the app is built.
let configuredSender = DEFAULT_MAIL_FROM;

let configuredPublicUrl = 'http://localhost:3000';

export function configureMailSender(from: string, publicUrl?: string): void {
  configuredSender = from;
  if (publicUrl) configuredPublicUrl = publicUrl;
}

/** Where links in mail point (TRATO_PUBLIC_URL, else this server on localhost). */
export function publicUrl(): string {
  return configuredPublicUrl;
}

/** The sender mail goes out as (TRATO_MAIL_FROM). */
export function mailSender(): Mailbox {
  return parseMailbox(configuredSender);
}

/** 'Name <a@b>' or 'a@b' → { name, address }. */
export function parseMailbox(value: string): Mailbox {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(value);
  if (match) return { name: (match[1] ?? '').trim(), address: (match[2] ?? '').trim() };
  return { name: '', address: value.trim() };
}

export interface MailToQueue {
  kind: string;
  object: string;
  objectId: string;
  actorId: string | null;
  message: QueuedMessage;
}

/** Queues mails in the caller's transaction, in one statement: they are sent only if the change commits. */
export async function queueMails(trx: Kysely<DB>, mails: MailToQueue[]): Promise<void> {
  if (mails.length === 0) return;
  await trx
    .insertInto('mail_queue')
    .values(
      mails.map((mail) => ({
        id: newId(),
        kind: mail.kind,
        object: mail.object,
        object_id: mail.objectId,
        recipients: mail.message.to.map((r) => r.address),
        message: JSON.stringify(mail.message),
        created_by: mail.actorId,
      })),
    )
    .execute();
}

/** An SMTP transport for smtp://user:pass@host:port (STARTTLS when offered) or smtps://… */
export function createSmtpTransport(url: string): MailTransport {
  return createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/** Delay before the next try after `attempts` failed ones: 1, 2, 4, 8… minutes (mail and webhooks alike). */
export const retryDelayMs = (attempts: number, firstMs = FIRST_RETRY_MS): number =>
  firstMs * 2 ** Math.max(0, attempts - 1);

/**
 * One pass of the worker: sends due mail one by one until none is left (or `limit`). Each mail is claimed in
 * one short statement (`for update skip locked`, so several workers never take the same row; PGlite's single
 * connection is never held during the SMTP conversation), then marked sent, or rescheduled with its error.
 */
export async function processMailQueue(
  db: Kysely<DB>,
  transport: MailTransport,
  options: { from: string; limit?: number },
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const from = parseMailbox(options.from);
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const claimed = await sql<{ id: string; attempts: number; message: QueuedMessage }>`
      update mail_queue
      set attempts = attempts + 1,
          next_attempt_at = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
      where id = (
        select id from mail_queue
        where status = 'pending' and next_attempt_at <= now()
        order by next_attempt_at, id
        limit 1
        for update skip locked)
      returning id, attempts, message`.execute(db);
    const mail = claimed.rows[0];
    if (!mail) break;
    try {
      const info = await transport.sendMail({
        ...mail.message,
        from,
        // A stable Message-ID: a resend after a crash is recognisable as the same message.
        messageId: `<${mail.id}@${from.address.split('@')[1] ?? 'localhost'}>`,
      });
      await db
        .updateTable('mail_queue')
        .set({ status: 'sent', sent_at: new Date(), message_id: info.messageId ?? null, last_error: null })
        .where('id', '=', mail.id)
        .execute();
      result.sent++;
    } catch (error) {
      const gaveUp = mail.attempts >= MAX_MAIL_ATTEMPTS;
      await db
        .updateTable('mail_queue')
        .set({
          status: gaveUp ? 'failed' : 'pending',
          last_error: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
          next_attempt_at: new Date(Date.now() + retryDelayMs(mail.attempts)),
        })
        .where('id', '=', mail.id)
        .execute();
      result.failed++;
    }
  }
  return result;
}

export interface MailWorker {
  /** Runs one pass now (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Polls mail_queue every few seconds and sends what is due. Without an SMTP URL nothing is sent: mail stays
 * queued (never dropped) and a warning says so once.
 */
export function startMailWorker(options: {
  db: Kysely<DB>;
  smtpUrl: string | undefined;
  from: string;
  log: Logger;
  transport?: MailTransport;
}): MailWorker {
  const { db, log } = options;
  if (!options.smtpUrl && !options.transport) {
    log.warn('TRATO_SMTP_URL is not set: outgoing mail (calendar invitations) stays queued until it is.');
    return { tick: async () => {}, stop: async () => {} };
  }
  const transport = options.transport ?? createSmtpTransport(options.smtpUrl ?? '');
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = (): Promise<void> => {
    running ??= processMailQueue(db, transport, { from: options.from })
      .then(({ sent, failed }) => {
        if (sent > 0 || failed > 0) log.info(`Mail queue: ${sent} sent, ${failed} failed (will retry)`);
      })
      .catch((error: unknown) => log.error(`Mail queue: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, POLL_MS);
    timer.unref();
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close?.();
    },
  };
}
