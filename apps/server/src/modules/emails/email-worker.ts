import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import type { StoredAddress } from '../../db/schema.ts';
import { recordEvent } from '../../platform/events.ts';
import { retryDelayMs } from '../../platform/mail.ts';
import { recordCaseFirstResponse } from '../cases/cases.service.ts';
import { unsubscribeUrl } from '../email-opt-outs/opt-outs.service.ts';
import { closeTransports, describeMailError, getAccountTransport } from '../mail-accounts/mail-transport.ts';
import { attachmentPath } from './attachment-store.ts';
import { mailErrorCode, sendErrorOf } from './mail-errors.ts';

// The outbox worker. One mail at a time per worker:
// 1. claim: one statement moves a due queued row to 'sending' with a lease (`for update skip locked`: two
//    workers never take the same row; PGlite's one connection is never held during the SMTP conversation);
// 2. send it with the Message-ID fixed when it was queued;
// 3. right after the server's 250, one short transaction marks it sent (with its event), before anything else.
// If the process dies between the server's 250 and step 3, the row stays 'sending' until its lease ends, then
// goes out again with the same Message-ID: SMTP cannot make that window zero (RFC 1047), so at most the one
// mail in flight per worker is repeated, and a receiver can tell the repeat by its Message-ID.
// A 5xx answer fails the mail at once with the server's words; a 4xx, a timeout or a refused connection is
// retried with backoff (1, 2, 4… minutes) until MAX_EMAIL_ATTEMPTS, then failed. Nothing is dropped: a failed
// mail stays visible with its error and can be retried. last_error holds the server's reply as it said it, or
// a stable code for the worker's own conditions (mail-errors.ts) that the API puts into the reader's language.

export const MAX_EMAIL_ATTEMPTS = 8;
const POLL_MS = 2_000;
const NO_SMTP_RECHECK_MS = 60_000;

export interface OutboxOptions {
  smtpUrl: string | undefined;
  dataDir: string;
  /** How long a claimed mail is left to this worker (TRATO_JOB_LEASE_SECONDS). */
  leaseSeconds?: number;
  /** Mails per pass at most. */
  limit?: number;
  maxAttempts?: number;
  /** First retry delay (then doubled); platform/mail.ts's 1 minute by default. */
  retryDelay?: (attempts: number) => number;
  /** SMTP connection, greeting and socket timeouts (10/10/30 s by default). */
  timeoutMs?: number;
  /** The clock (tests move it to make retries due). */
  now?: () => Date;
}

interface Claimed {
  id: string;
  account_id: string | null;
  message_id: string;
  in_reply_to: string | null;
  references: string[];
  from_address: string;
  from_name: string;
  to_recipients: StoredAddress[];
  cc_recipients: StoredAddress[];
  bcc_recipients: StoredAddress[];
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
  entity_id: string | null;
  contact_id: string | null;
  case_id: string | null;
  unsubscribe: boolean;
  has_attachments: boolean;
}

/** A server's 5xx: it will say the same next time. */
const isPermanent = (error: unknown): boolean => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

async function claimNext(db: Database, now: Date, leaseSeconds: number): Promise<Claimed | undefined> {
  const lease = new Date(now.getTime() + leaseSeconds * 1000);
  const claimed = await sql<Claimed>`
    update emails
    set status = 'sending', attempts = attempts + 1, next_attempt_at = ${lease}, updated_at = ${now}
    where id = (
      select id from emails
      where status = 'queued' and next_attempt_at <= ${now}
      order by next_attempt_at, id
      limit 1
      for update skip locked)
    returning id, account_id, message_id, in_reply_to, "references", from_address, from_name, to_recipients,
      cc_recipients, bcc_recipients, reply_to, subject, text_body, html_body, attempts, entity_id, contact_id,
      case_id, unsubscribe, exists (select 1 from email_attachments a where a.email_id = emails.id) as has_attachments`.execute(
    db,
  );
  return claimed.rows[0];
}

/** Mails whose worker died mid-send (lease over) go back to the queue, keeping their Message-ID and tries. */
export async function recoverAbandonedSends(db: Database, now: Date = new Date()): Promise<number> {
  const result = await db
    .updateTable('emails')
    .set({ status: 'queued', updated_at: now })
    .where('direction', '=', 'out')
    .where('status', '=', 'sending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function markSent(
  db: Database,
  mail: Claimed,
  info: { rejected?: unknown[]; rejectedErrors?: unknown[] },
  sentVia: { accountId: string | null; from: { name: string; address: string } | null },
  now: Date,
): Promise<void> {
  const rejected = (info.rejected ?? []).map((r) =>
    typeof r === 'string' ? r : ((r as { address?: string }).address ?? ''),
  );
  const detail =
    rejected.length > 0
      ? mailErrorCode('recipients_refused', {
          recipients: rejected.join(', '),
          detail: (info.rejectedErrors ?? []).map(describeMailError).join('; '),
        })
      : null;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('emails')
      .set({
        status: 'sent',
        sent_at: now,
        next_attempt_at: null,
        last_error: detail,
        updated_at: now,
        ...(sentVia.from && {
          account_id: sentVia.accountId,
          from_address: sentVia.from.address,
          from_name: sentVia.from.name,
        }),
      })
      .where('id', '=', mail.id)
      .execute();
    await recordEvent(trx, {
      type: 'email.sent',
      object: 'email',
      objectId: mail.id,
      entityId: mail.entity_id,
      actorId: null,
      changes: {
        summary: mail.subject,
        to: mail.to_recipients.slice(0, 20).map((r) => r.address),
        contact_id: mail.contact_id,
        case_id: mail.case_id,
        ...(detail && { rejected }),
      },
    });
    if (mail.case_id) await recordCaseFirstResponse(trx, mail.case_id, now);
  });
}

async function markFailedOrRetry(
  db: Database,
  mail: Claimed,
  message: string,
  permanent: boolean,
  options: Required<Pick<OutboxOptions, 'maxAttempts' | 'retryDelay'>>,
  now: Date,
): Promise<'failed' | 'retry'> {
  const gaveUp = permanent || mail.attempts >= options.maxAttempts;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('emails')
      .set({
        status: gaveUp ? 'failed' : 'queued',
        last_error: message.slice(0, 2000),
        next_attempt_at: gaveUp ? null : new Date(now.getTime() + options.retryDelay(mail.attempts)),
        updated_at: now,
      })
      .where('id', '=', mail.id)
      .execute();
    if (gaveUp)
      await recordEvent(trx, {
        type: 'email.failed',
        object: 'email',
        objectId: mail.id,
        entityId: mail.entity_id,
        actorId: null,
        changes: {
          summary: mail.subject,
          error: message.slice(0, 2000),
          contact_id: mail.contact_id,
          case_id: mail.case_id,
        },
      });
  });
  return gaveUp ? 'failed' : 'retry';
}

/** Without any way to send, the mail goes back as it was (no try counted), with the reason for all to see. */
async function holdUnsendable(db: Database, mail: Claimed, message: string, now: Date): Promise<void> {
  const later = new Date(now.getTime() + NO_SMTP_RECHECK_MS);
  await db
    .updateTable('emails')
    .set({
      status: 'queued',
      attempts: mail.attempts - 1,
      last_error: message,
      next_attempt_at: later,
      updated_at: now,
    })
    .where('id', '=', mail.id)
    .execute();
  // Every other mail waiting for the default sender is in the same case: one statement, not one pass each.
  await db
    .updateTable('emails')
    .set({ last_error: message, next_attempt_at: later, updated_at: now })
    .where('status', '=', 'queued')
    .where('direction', '=', 'out')
    .where('account_id', 'is', null)
    .where('next_attempt_at', '<=', now)
    .execute();
}

/** One pass: sends due mail one by one until none is left or `limit`. */
export async function processEmailOutbox(
  db: Database,
  options: OutboxOptions,
): Promise<{ sent: number; failed: number; retried: number; held: number }> {
  const result = { sent: 0, failed: 0, retried: 0, held: 0 };
  const clock = options.now ?? (() => new Date());
  const retry = {
    maxAttempts: options.maxAttempts ?? MAX_EMAIL_ATTEMPTS,
    retryDelay: options.retryDelay ?? retryDelayMs,
  };
  await recoverAbandonedSends(db, clock());
  for (let i = 0; i < (options.limit ?? 500); i++) {
    const mail = await claimNext(db, clock(), options.leaseSeconds ?? 600);
    if (!mail) break;
    const choice = await getAccountTransport(db, mail.account_id, {
      smtpUrl: options.smtpUrl,
      ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    });
    if (!choice.ok) {
      // choice.message is the English sentence for logs; the mail keeps the code.
      if (choice.reason === 'no_smtp') {
        await holdUnsendable(db, mail, mailErrorCode('no_smtp'), clock());
        result.held++;
      } else if (
        (await markFailedOrRetry(db, mail, mailErrorCode(choice.reason), false, retry, clock())) === 'failed'
      )
        result.failed++;
      else result.retried++;
      continue;
    }
    const from = choice.from ?? { name: mail.from_name, address: mail.from_address };
    const attachments = mail.has_attachments
      ? (
          await db
            .selectFrom('email_attachments')
            .select(['filename', 'content_type', 'content_id', 'inline', 'storage_key'])
            .where('email_id', '=', mail.id)
            .orderBy('id')
            .execute()
        ).map((a) => ({
          filename: a.filename,
          contentType: a.content_type,
          path: attachmentPath(options.dataDir, a.storage_key),
          ...(a.content_id && { cid: a.content_id.replace(/^<|>$/g, '') }),
          ...(a.inline && { contentDisposition: 'inline' as const }),
        }))
      : [];
    let info: { rejected?: unknown[]; rejectedErrors?: unknown[] };
    try {
      info = (await choice.transport.sendMail({
        messageId: mail.message_id,
        from,
        to: mail.to_recipients,
        cc: mail.cc_recipients,
        bcc: mail.bcc_recipients,
        ...(mail.reply_to && { replyTo: mail.reply_to }),
        ...(mail.in_reply_to && { inReplyTo: mail.in_reply_to }),
        ...(mail.references.length > 0 && { references: mail.references }),
        // Commercial mail: the client's own unsubscribe button, one POST without a page (RFC 2369, RFC 8058).
        ...(mail.unsubscribe && {
          list: { unsubscribe: unsubscribeUrl(mail.id) },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }),
        subject: mail.subject,
        text: mail.text_body,
        ...(mail.html_body && { html: mail.html_body }),
        ...(attachments.length > 0 && { attachments }),
      })) as typeof info;
    } catch (error) {
      const outcome = await markFailedOrRetry(
        db,
        mail,
        sendErrorOf(error),
        isPermanent(error),
        retry,
        clock(),
      );
      if (outcome === 'failed') result.failed++;
      else result.retried++;
      continue;
    }
    await markSent(db, mail, info, { accountId: choice.accountId, from: choice.from }, clock());
    result.sent++;
  }
  return result;
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EmailWorker {
  /** Runs passes now until nothing is due (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<() => void>();

/** Tells the workers of this process that mail was just queued (they would see it at their next poll anyway). */
export function wakeEmailWorkers(): void {
  for (const wake of running) wake();
}

/** Sends what is due at start, then polls the outbox every two seconds (and when woken). */
export function startEmailWorker(options: {
  db: Database;
  config: Pick<Config, 'smtpUrl' | 'dataDir' | 'jobLeaseSeconds'>;
  log: Logger;
  pollMs?: number;
}): EmailWorker {
  const { db, config, log } = options;
  let current: Promise<void> | undefined;
  let stopped = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let warnedNoSmtp = false;

  const pass = async () => {
    for (;;) {
      const result = await processEmailOutbox(db, {
        smtpUrl: config.smtpUrl,
        dataDir: config.dataDir,
        leaseSeconds: config.jobLeaseSeconds,
      });
      if (result.sent > 0 || result.failed > 0 || result.retried > 0)
        log.info(`Mail: ${result.sent} sent, ${result.failed} failed, ${result.retried} to retry`);
      if (result.held > 0 && !warnedNoSmtp) {
        warnedNoSmtp = true;
        log.warn(
          'Mail is queued but no way to send it is configured (a default mail account or TRATO_SMTP_URL)',
        );
      }
      if (stopped || result.sent + result.failed + result.retried + result.held < 500) break;
    }
  };
  const tick = (): Promise<void> => {
    if (current) {
      again = true;
      return current;
    }
    current = pass()
      .catch((error: unknown) => log.error(`Mail: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        current = undefined;
        if (again && !stopped) {
          again = false;
          void tick();
        }
      });
    return current;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, options.pollMs ?? POLL_MS);
    timer.unref();
  };
  const wake = () => void tick();
  running.add(wake);
  schedule();
  // A pass at once: mail a stopped (or killed) process left queued goes out now, not at the first poll.
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      running.delete(wake);
      clearTimeout(timer);
      await current;
      closeTransports();
    },
  };
}
