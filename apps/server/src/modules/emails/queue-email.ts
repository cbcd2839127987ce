import { domainToAscii, validateEmail } from '@trato/contracts/validation/email';
import type { Insertable } from 'kysely';
import type { EmailAttachmentsTable, EmailLinksTable, EmailsTable, StoredAddress } from '../../db/schema.ts';
import { AppError, IssueCollector } from '../../platform/errors.ts';
import { type DomainEvent, type Executor, recordEvents } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { normaliseAddress, optedOutAmong } from '../email-opt-outs/opt-outs.service.ts';
import { chosenSendingAccount, type Sender, sendingAccountFor } from '../mail-accounts/mail-transport.ts';

// The outbox of mail: a mail is queued in the transaction of whatever decided to send it (a user's send, a
// rule, a bulk send), with its Message-ID fixed now, so every later try (after a crash too) sends the very same
// message and a receiver can tell a repeat. The worker (email-worker.ts) sends it.

export interface QueueEmailInput {
  /** The account to send as; default: the sender's own account, else the company default. */
  accountId?: string | null;
  to: { name: string; address: string }[];
  cc?: { name: string; address: string }[];
  bcc?: { name: string; address: string }[];
  subject: string;
  text: string;
  html?: string | null;
  entityId?: string | null;
  contactId?: string | null;
  caseId?: string | null;
  templateId?: string | null;
  language?: string | null;
  /** Threading: In-Reply-To, References and the thread follow this mail; its records are linked too. */
  replyToEmailId?: string | null;
  ruleId?: string | null;
  /** Files of the linked entity, attached. */
  fileIds?: string[];
  /** The mail's id, when chosen before rendering (a commercial mail's unsubscribe link is made for it). */
  id?: string;
  /**
   * From a commercial template: refused (422 opted_out on the recipient) for an address that opted out, sent
   * with List-Unsubscribe headers.
   */
  commercial?: boolean;
}

export interface QueueOptions {
  /** Bodies plus attachments larger than this answer 413. */
  maxBytes?: number;
}

export interface PreparedEmail {
  row: Insertable<EmailsTable>;
  links: EmailLinksTable[];
  attachments: Insertable<EmailAttachmentsTable>[];
  event: DomainEvent;
}

const MAX_REFERENCES = 30;
const CHUNK = 500;

/** No header injection: names and subjects are one line. */
export const oneLine = (value: string, max: number): string =>
  value
    .replaceAll('\0', '')
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, max);

/** Checks and normalises recipients; issues name the field and index (to.2). */
export function checkRecipients(
  field: string,
  list: { name: string; address: string }[] | undefined,
  issues: IssueCollector,
): StoredAddress[] {
  const out: StoredAddress[] = [];
  (list ?? []).forEach((recipient, index) => {
    const checked = validateEmail(recipient.address ?? '');
    if (!checked.ok) issues.add(`${field}.${index}`, 'invalid_email', { code: checked.code });
    else out.push({ name: oneLine(recipient.name ?? '', 200), address: checked.value });
  });
  return out;
}

/** A Message-ID on the sender's domain: <uuid@example.com> (ASCII form of an internationalised domain). */
export function messageIdFor(id: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const ascii = (domain && domainToAscii(domain)) || 'trato.invalid';
  return `<${id}@${/^[a-z0-9.-]+$/.test(ascii) ? ascii : 'trato.invalid'}>`;
}

const REPLY_PREFIX = /^\s*(re|aw|rv|sv|vs|antw|ref)\s*(\[\d+\])?\s*:/i;
export const replySubject = (subject: string): string =>
  REPLY_PREFIX.test(subject) ? subject : `Re: ${subject}`.trim();

interface Links {
  primary: { entityId: string | null; contactId: string | null; caseId: string | null };
  rows: Omit<EmailLinksTable, 'email_id'>[];
}

/** The records a mail belongs to: an entity comes from the contact or case when not given; all must agree. */
export async function resolveLinks(
  trx: Executor,
  input: { entityId?: string | null; contactId?: string | null; caseId?: string | null },
  issues: IssueCollector,
): Promise<Links> {
  const caseRow = input.caseId
    ? await trx
        .selectFrom('cases')
        .select(['id', 'entity_id', 'contact_id'])
        .where('id', '=', input.caseId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (input.caseId && !caseRow) issues.add('case_id', 'unknown_case');
  const contactId = input.contactId ?? caseRow?.contact_id ?? null;
  const contact = contactId
    ? await trx
        .selectFrom('contacts')
        .select(['id', 'entity_id'])
        .where('id', '=', contactId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (input.contactId && !contact) issues.add('contact_id', 'unknown_contact');
  const entityId = input.entityId ?? caseRow?.entity_id ?? contact?.entity_id ?? null;
  if (input.entityId) {
    const entity = await trx
      .selectFrom('entities')
      .select('id')
      .where('id', '=', input.entityId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!entity) issues.add('entity_id', 'unknown_entity');
  }
  if (entityId && contact && contact.entity_id !== entityId)
    issues.add('contact_id', 'contact_entity_mismatch');
  if (entityId && caseRow && caseRow.entity_id !== entityId) issues.add('case_id', 'case_of_other_entity');
  const primary = {
    entityId,
    contactId: contact && contact.entity_id === entityId ? contact.id : null,
    caseId: caseRow?.id ?? null,
  };
  return {
    primary,
    rows: entityId ? [{ entity_id: entityId, contact_id: primary.contactId, case_id: primary.caseId }] : [],
  };
}

const linkKey = (l: Omit<EmailLinksTable, 'email_id'>) =>
  `${l.entity_id}|${l.contact_id ?? ''}|${l.case_id ?? ''}`;

/**
 * Queues one mail in the caller's transaction: the emails row (status queued, due now), its links, its
 * attachments and the event 'email.queued'. Returns its id and Message-ID; the worker sends it.
 */
export async function queueEmailIn(
  trx: Executor,
  actorId: string | null,
  input: QueueEmailInput,
  options: QueueOptions = {},
): Promise<{ id: string; message_id: string }> {
  const prepared = await prepareEmail(trx, actorId, input, options);
  await insertPreparedEmails(trx, [prepared]);
  return { id: prepared.row.id, message_id: prepared.row.message_id };
}

/** Everything queueEmailIn checks and builds, without writing (bulk sends insert many at once). */
export async function prepareEmail(
  trx: Executor,
  actorId: string | null,
  input: QueueEmailInput,
  options: QueueOptions & { sender?: Sender } = {},
): Promise<PreparedEmail> {
  const issues = new IssueCollector();
  const to = checkRecipients('to', input.to, issues);
  const cc = checkRecipients('cc', input.cc, issues);
  const bcc = checkRecipients('bcc', input.bcc, issues);
  if (issues.issues.length === 0 && to.length + cc.length + bcc.length === 0)
    issues.add('to', 'no_recipient');
  if (input.subject.length > 998) issues.add('subject', 'too_long', { max: 998 });
  if (input.commercial) {
    const optedOut = await optedOutAmong(
      trx,
      [...to, ...cc, ...bcc].map((r) => r.address),
    );
    for (const [field, list] of [
      ['to', to],
      ['cc', cc],
      ['bcc', bcc],
    ] as const)
      list.forEach((recipient, index) => {
        if (optedOut.has(normaliseAddress(recipient.address)))
          issues.add(`${field}.${index}`, 'opted_out', { address: recipient.address });
      });
  }

  const parent = input.replyToEmailId
    ? await trx
        .selectFrom('emails')
        .select(['id', 'message_id', 'references', 'thread_id', 'subject'])
        .where('id', '=', input.replyToEmailId)
        .executeTakeFirst()
    : undefined;
  if (input.replyToEmailId && !parent) issues.add('reply_to_email_id', 'unknown_email');
  const links = await resolveLinks(trx, input, issues);
  if (parent) {
    const inherited = await trx
      .selectFrom('email_links')
      .select(['entity_id', 'contact_id', 'case_id'])
      .where('email_id', '=', parent.id)
      .execute();
    const seen = new Set(links.rows.map(linkKey));
    for (const link of inherited) {
      if (seen.has(linkKey(link))) continue;
      seen.add(linkKey(link));
      links.rows.push(link);
    }
    const first = links.rows[0];
    if (!links.primary.entityId && first)
      links.primary = { entityId: first.entity_id, contactId: first.contact_id, caseId: first.case_id };
    if (!links.primary.caseId) links.primary.caseId = inherited.find((l) => l.case_id)?.case_id ?? null;
  }

  let sender = options.sender;
  if (!sender && input.accountId) {
    sender = (await chosenSendingAccount(trx, actorId, input.accountId)) ?? undefined;
    if (!sender) issues.add('account_id', 'unknown_account');
  }
  sender ??= await sendingAccountFor(trx, actorId);

  const id = input.id ?? newId();
  const fileIds = [...new Set(input.fileIds ?? [])];
  const files =
    fileIds.length > 0 && links.primary.entityId
      ? await trx
          .selectFrom('files')
          .select(['id', 'name', 'mime_type', 'size', 'sha256', 'storage_key'])
          .where('id', 'in', fileIds)
          .where('entity_id', '=', links.primary.entityId)
          .where('deleted_at', 'is', null)
          .execute()
      : [];
  fileIds.forEach((fileId, index) => {
    if (!files.some((f) => f.id === fileId)) issues.add(`file_ids.${index}`, 'unknown_file');
  });
  issues.throwIfAny();

  const html = input.html?.trim() ? input.html : null;
  const size =
    Buffer.byteLength(input.text) +
    (html ? Buffer.byteLength(html) : 0) +
    files.reduce((sum, f) => sum + Number(f.size), 0);
  if (options.maxBytes !== undefined && size > options.maxBytes)
    throw new AppError('payload_too_large', {
      params: { max: `${Math.round(options.maxBytes / 1048576)} MB` },
    });

  const subjectBase = oneLine(input.subject || parent?.subject || '', 998);
  const subject = parent ? replySubject(subjectBase) : subjectBase;
  const messageId = messageIdFor(id, sender.from.address);
  const now = new Date();
  const row: Insertable<EmailsTable> = {
    id,
    direction: 'out',
    account_id: sender.accountId,
    message_id: messageId,
    in_reply_to: parent?.message_id ?? null,
    references: parent ? [...parent.references, parent.message_id].slice(-MAX_REFERENCES) : [],
    thread_id: parent?.thread_id ?? id,
    from_address: sender.from.address,
    from_name: oneLine(sender.from.name, 200),
    to_recipients: JSON.stringify(to),
    cc_recipients: JSON.stringify(cc),
    bcc_recipients: JSON.stringify(bcc),
    subject,
    text_body: input.text,
    html_body: html,
    template_id: input.templateId ?? null,
    language: input.language ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    size_bytes: size,
    entity_id: links.primary.entityId,
    contact_id: links.primary.contactId,
    case_id: links.primary.caseId,
    rule_id: input.ruleId ?? null,
    unsubscribe: input.commercial ?? false,
    created_at: now,
    updated_at: now,
    created_by: actorId,
  };
  return {
    row,
    links: links.rows.map((l) => ({ ...l, email_id: id })),
    attachments: files.map((f) => ({
      id: newId(),
      email_id: id,
      filename: f.name,
      content_type: f.mime_type,
      size: Number(f.size),
      content_id: null,
      inline: false,
      sha256: f.sha256,
      storage_key: f.storage_key,
      created_at: now,
    })),
    event: queuedEvent(row, actorId, to),
  };
}

export function queuedEvent(
  row: Pick<
    Insertable<EmailsTable>,
    'id' | 'subject' | 'entity_id' | 'contact_id' | 'case_id' | 'template_id' | 'rule_id'
  >,
  actorId: string | null,
  to: StoredAddress[],
): DomainEvent {
  return {
    type: 'email.queued',
    object: 'email',
    objectId: row.id,
    entityId: row.entity_id ?? null,
    actorId,
    changes: {
      summary: row.subject ?? '',
      to: to.slice(0, 20).map((r) => r.address),
      contact_id: row.contact_id ?? null,
      case_id: row.case_id ?? null,
      template_id: row.template_id ?? null,
      rule_id: row.rule_id ?? null,
    },
  };
}

/** Inserts prepared mails with multi-row statements, CHUNK rows at a time, in the caller's transaction. */
export async function insertPreparedEmails(trx: Executor, prepared: PreparedEmail[]): Promise<void> {
  for (let start = 0; start < prepared.length; start += CHUNK) {
    const chunk = prepared.slice(start, start + CHUNK);
    await trx
      .insertInto('emails')
      .values(chunk.map((p) => p.row))
      .execute();
    const links = chunk.flatMap((p) => p.links);
    if (links.length > 0) await trx.insertInto('email_links').values(links).execute();
    const attachments = chunk.flatMap((p) => p.attachments);
    if (attachments.length > 0) await trx.insertInto('email_attachments').values(attachments).execute();
    await recordEvents(
      trx,
      chunk.map((p) => p.event),
    );
  }
}
