import { createHash } from 'node:crypto';
import type { Locale } from '@trato/contracts/common';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { insertCaseIn } from '../cases/cases.service.ts';
import { type StoredBlob, storeAttachment } from '../emails/attachment-store.ts';
import { mailboxActor } from './mailbox-actor.ts';
import {
  type CaseRef,
  findCase,
  findCaseBySubject,
  findThread,
  latestThreadOfCase,
  matchAddresses,
  ownAddresses,
  type RecordLink,
} from './match-records.ts';
import { type MessageAttachment, type ParsedMessage, parseMessage } from './parse-message.ts';
import { createLeadFromSender, leadAddress } from './unknown-sender.ts';

// One received message → one `emails` row (direction 'in', status 'received') with its links, attachments and
// 'email.received' event, all in one transaction. Idempotent by Message-ID: the same message fetched again, or
// our own outgoing mail coming back through a mailbox, finds its row and writes nothing.

/** The mailbox a message came through: what it does with unknown senders and new threads. */
export interface IngestAccount {
  id: string;
  address: string;
  unknown_sender: 'ignore' | 'create_lead';
  open_case_type_id: string | null;
  /** The owner of a personal mailbox: the leads and cases it creates are theirs. Shared: unassigned. */
  user_id?: string | null;
}

export interface IngestMeta {
  uid?: number;
  /** When the IMAP server received it (INTERNALDATE): the date when the Date header is missing or absurd. */
  internalDate?: Date | null;
  /** Too big to download: `raw` holds the headers only, and the body is replaced by a note saying so. */
  omitted?: { size: number; limit: number };
  /** The language of that note (the mailbox user's); Spanish by default. */
  locale?: Locale;
  log?: { warn(message: string): void };
}

export interface IngestResult {
  emailId: string;
  created: boolean;
}

const MAX_LINKS = 100;
const DESCRIPTION_CHARS = 4000;

const EXTENSIONS: Record<string, string> = {
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'application/ics': 'ics',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'application/zip': 'zip',
  'application/x-gzip': 'gz',
  'application/gzip': 'gz',
};

/** A name for a part that has none, so the download is not called "undefined". */
function attachmentName(attachment: MessageAttachment, index: number): string {
  if (attachment.filename) return attachment.filename;
  const extension = EXTENSIONS[attachment.contentType.toLowerCase()];
  return `attachment-${index + 1}${extension ? `.${extension}` : ''}`;
}

function megabytes(bytes: number, locale: Locale): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

/** Runs `work` inside a savepoint: when it fails, what it wrote is undone and the mail is stored without it. */
async function optionally<T>(
  trx: Executor,
  name: string,
  work: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<T | null> {
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint ${sql.raw(name)}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
    onError(error);
    return null;
  }
}

/**
 * Stores one received message (raw RFC 5322 bytes) from a mailbox: parsed, threaded, matched to contacts and
 * entities, a lead created for an unknown sender and a case opened for a new thread when the mailbox says so.
 * Never throws for a malformed message (what can be read is stored); throws only when the database does.
 */
export async function ingestRawMessage(
  db: Database,
  dataDir: string,
  account: IngestAccount,
  raw: Buffer,
  meta: IngestMeta = {},
): Promise<IngestResult> {
  const parsed = await parseMessage(raw);
  if (meta.omitted) {
    const locale = meta.locale ?? DEFAULT_LOCALE;
    parsed.text = translator(locale)('mail.inbound.body_not_downloaded', {
      size: megabytes(meta.omitted.size, locale),
      limit: megabytes(meta.omitted.limit, locale),
    });
    parsed.html = null;
    parsed.attachments = [];
  }
  // Without a Message-ID, the hash of the bytes stands in: fetching the same message again still dedupes.
  const messageId = parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@trato.invalid>`;
  const existing = await findEmailIdByMessageId(db, messageId);
  if (existing) return { emailId: existing, created: false };

  // Files first (content-addressed, so a rollback or a retry leaves at worst an unreferenced copy).
  const blobs: StoredBlob[] = [];
  for (const attachment of parsed.attachments) blobs.push(await storeAttachment(dataDir, attachment.content));

  const emailId = newId();
  const created = await db
    .transaction()
    .execute((trx) => writeReceivedEmail(trx, emailId, messageId, account, parsed, blobs, raw, meta));
  if (created) return { emailId, created: true };
  return { emailId: (await findEmailIdByMessageId(db, messageId)) ?? emailId, created: false };
}

async function findEmailIdByMessageId(db: Executor, messageId: string): Promise<string | null> {
  const row = await db
    .selectFrom('emails')
    .select('id')
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function writeReceivedEmail(
  trx: Executor,
  emailId: string,
  messageId: string,
  account: IngestAccount,
  parsed: ParsedMessage,
  blobs: StoredBlob[],
  raw: Buffer,
  meta: IngestMeta,
): Promise<boolean> {
  const warn = (message: string, error: unknown) =>
    (meta.log ?? console).warn(
      `${message} (mailbox ${account.address}, ${messageId}): ${error instanceof Error ? error.message : String(error)}`,
    );

  // Where it belongs: the thread it answers (and that thread's case), or a case named in the subject.
  const thread = await findThread(trx, parsed.inReplyTo, parsed.references);
  let caseRef: CaseRef | null = thread?.caseId ? await findCase(trx, thread.caseId) : null;
  let threadId = thread?.threadId ?? null;
  if (!caseRef) {
    const named = await findCaseBySubject(trx, parsed.subject);
    if (named) {
      caseRef = named;
      threadId ??= await latestThreadOfCase(trx, named.id);
    }
  }

  const inserted = await trx
    .insertInto('emails')
    .values({
      id: emailId,
      direction: 'in',
      account_id: account.id,
      message_id: messageId,
      in_reply_to: parsed.inReplyTo,
      references: parsed.references,
      thread_id: threadId ?? emailId,
      from_address: parsed.from?.address ?? '',
      from_name: parsed.from?.name ?? '',
      to_recipients: JSON.stringify(parsed.to),
      cc_recipients: JSON.stringify(parsed.cc),
      reply_to: parsed.replyTo,
      subject: parsed.subject,
      text_body: parsed.text,
      html_body: parsed.html,
      status: 'received',
      received_at: receivedAt(parsed.date, meta.internalDate),
      size_bytes: meta.omitted?.size ?? raw.length,
      imap_uid: meta.uid ?? null,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;

  // Who it is from and to: contacts and entities by address (ours left out).
  const own = await ownAddresses(trx);
  own.add(account.address.toLowerCase());
  const sender = parsed.from?.address.toLowerCase() ?? null;
  const addresses = [
    ...new Set(
      [parsed.from, ...parsed.to, ...parsed.cc].flatMap((a) => (a ? [a.address.toLowerCase()] : [])),
    ),
  ].filter((a) => !own.has(a));
  const matches = await matchAddresses(trx, addresses);

  const links: RecordLink[] = [];
  const hasLink = (entityId: string, contactId: string | null) =>
    links.some((l) => l.entity_id === entityId && (contactId === null || l.contact_id === contactId));
  const senderContacts = matches.contacts.filter((c) => sender !== null && c.emails.includes(sender));
  const contactOf = (entityId: string) =>
    senderContacts.find((c) => c.entity_id === entityId) ??
    matches.contacts.find((c) => c.entity_id === entityId);
  if (caseRef)
    links.push({
      entity_id: caseRef.entity_id,
      contact_id: contactOf(caseRef.entity_id)?.id ?? caseRef.contact_id,
      case_id: caseRef.id,
    });
  for (const link of thread?.links ?? [])
    if (
      !links.some(
        (l) =>
          l.entity_id === link.entity_id && l.contact_id === link.contact_id && l.case_id === link.case_id,
      )
    )
      links.push(link);
  for (const contact of [...senderContacts, ...matches.contacts])
    if (!hasLink(contact.entity_id, contact.id))
      links.push({ entity_id: contact.entity_id, contact_id: contact.id, case_id: null });
  for (const entity of matches.entities)
    if (!hasLink(entity.id, null)) links.push({ entity_id: entity.id, contact_id: null, case_id: null });

  let senderContactId = senderContacts[0]?.id ?? null;
  let leadCreated = false;
  // Nobody we know, nothing it answers: a lead, when the mailbox says so (never for a machine's mail).
  if (links.length === 0 && account.unknown_sender === 'create_lead' && !parsed.automated && parsed.from) {
    const address = leadAddress(parsed.from, own);
    const from = parsed.from;
    const lead = address
      ? await optionally(
          trx,
          'mail_lead',
          () => createLeadFromSender(trx, from, address, account.user_id ?? null),
          (error) => warn('Received mail: no lead could be created for the unknown sender', error),
        )
      : null;
    if (lead) {
      links.push({ entity_id: lead.entityId, contact_id: lead.contactId, case_id: null });
      senderContactId = lead.contactId;
      leadCreated = true;
    }
  }

  const primaryEntityId =
    caseRef?.entity_id ??
    senderContacts[0]?.entity_id ??
    (leadCreated ? links[0]?.entity_id : undefined) ??
    matches.entities.find((e) => sender !== null && e.emails.includes(sender))?.id ??
    links[0]?.entity_id ??
    null;

  // A new conversation on a mailbox that opens cases (claims@ → a claim): a case on the sender's entity.
  if (!thread && !caseRef && account.open_case_type_id && primaryEntityId) {
    const typeId = account.open_case_type_id;
    const contactId =
      (senderContactId &&
      links.find((l) => l.contact_id === senderContactId && l.entity_id === primaryEntityId)
        ? senderContactId
        : contactOf(primaryEntityId)?.id) ?? null;
    const opened = await optionally(
      trx,
      'mail_case',
      () =>
        insertCaseIn(trx, mailboxActor(account.user_id ?? null), {
          type_id: typeId,
          title: (
            parsed.subject.trim() || translator(meta.locale ?? DEFAULT_LOCALE)('mail.inbound.no_subject')
          ).slice(0, 300),
          entity_id: primaryEntityId,
          contact_id: contactId,
          owner_id: account.user_id ?? null,
          priority: 'normal',
          description: parsed.text.trim().slice(0, DESCRIPTION_CHARS) || null,
        }),
      (error) => warn('Received mail: the case for a new thread could not be opened', error),
    );
    if (opened) {
      caseRef = { id: opened.id, entity_id: primaryEntityId, contact_id: contactId, number: opened.number };
      const own = links.find(
        (l) => l.entity_id === primaryEntityId && l.contact_id === contactId && !l.case_id,
      );
      if (own) own.case_id = opened.id;
      else links.unshift({ entity_id: primaryEntityId, contact_id: contactId, case_id: opened.id });
    }
  }

  const primaryContactId =
    (senderContactId && links.some((l) => l.contact_id === senderContactId && l.entity_id === primaryEntityId)
      ? senderContactId
      : links.find((l) => l.entity_id === primaryEntityId && l.contact_id)?.contact_id) ?? null;
  await trx
    .updateTable('emails')
    .set({ entity_id: primaryEntityId, contact_id: primaryContactId, case_id: caseRef?.id ?? null })
    .where('id', '=', emailId)
    .execute();
  const kept = links.slice(0, MAX_LINKS);
  if (kept.length > 0)
    await trx
      .insertInto('email_links')
      .values(kept.map((l) => ({ email_id: emailId, ...l })))
      .execute();
  if (blobs.length > 0)
    await trx
      .insertInto('email_attachments')
      .values(
        parsed.attachments.map((attachment, i) => ({
          id: newId(),
          email_id: emailId,
          filename: attachmentName(attachment, i),
          content_type: attachment.contentType,
          size: blobs[i]!.size,
          content_id: attachment.contentId,
          inline: attachment.inline,
          sha256: blobs[i]!.sha256,
          storage_key: blobs[i]!.storage_key,
        })),
      )
      .execute();
  await recordEvent(trx, {
    type: 'email.received',
    object: 'email',
    objectId: emailId,
    entityId: primaryEntityId,
    actorId: null,
    changes: {
      summary: parsed.subject,
      from: parsed.from?.address ?? '',
      account_id: account.id,
      case_id: caseRef?.id ?? null,
      ...(leadCreated && { lead_created: true }),
      ...(meta.omitted && { body_omitted: true }),
    },
  });
  return true;
}

/**
 * When the mail arrived: the IMAP server's own arrival time (its clock, not the sender's) when there is one, else
 * the Date header. Never in the future: a sender's clock or time zone that is off must not show "in 3 hours".
 */
export function receivedAt(
  dateHeader: Date | null | undefined,
  internalDate: Date | null | undefined,
  now = new Date(),
): Date {
  const at = internalDate ?? dateHeader ?? now;
  return Number.isNaN(at.getTime()) || at > now ? now : at;
}
