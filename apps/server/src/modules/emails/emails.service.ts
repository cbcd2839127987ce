import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Locale } from '@trato/contracts/common';
import type { Email, EmailList, SendEmailRequest } from '@trato/contracts/mail';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { StoredAddress } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { textFromHtml } from '../../platform/html-text.ts';
import { DEFAULT_LOCALE } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { can, ownerScope } from '../../platform/permissions.ts';
import { requireVisibleCase } from '../cases/cases.service.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { keepUnsubscribeLink, renderTemplateById } from '../email-templates/template-render.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { attachmentPath } from './attachment-store.ts';
import { wakeEmailWorkers } from './email-worker.ts';
import {
  type AttachmentRow,
  type EmailRow,
  type EmailSummaryRow,
  type LinkRow,
  toEmail,
  toEmailSummary,
} from './emails.mapper.ts';
import { queueEmailIn } from './queue-email.ts';

export { type QueueEmailInput, queueEmailIn } from './queue-email.ts';

// Mail as users see it: send from a record (written or from a template), the list and one mail with its
// thread links and attachments, retry and cancel. A mail is visible to whoever can see one of the entities it
// is linked to, to the user who sent it, and to the owner of the personal mailbox it came through (so mail
// no rule filed can be filed by hand).

/** Who sees a mail, as a SQL condition on `alias` (null: everyone, the caller sees every entity). */
export function visibleEmails(auth: AuthContext, alias = 'emails'): RawBuilder<SqlBool> | null {
  const scope = ownerScope(auth, 'entities', 'e.owner_id');
  if (!scope) return null;
  const email = (column: string) => sql.ref(`${alias}.${column}`);
  // Mail a shared mailbox received that nothing is filed under yet is the team's to sort out: whoever may
  // create entities (file it, make a lead of it) sees it. Filed mail follows the records it is filed under.
  const unfiledShared = can(auth, 'entities', 'create')
    ? sql`or (${email('direction')} = 'in'
        and not exists (select 1 from email_links l where l.email_id = ${email('id')})
        and exists (select 1 from mail_accounts a where a.id = ${email('account_id')} and a.kind = 'shared'))`
    : sql``;
  return sql<SqlBool>`(${email('created_by')} = ${auth.userId} or exists (
    select 1 from email_links l join entities e on e.id = l.entity_id
    where l.email_id = ${email('id')} and ${scope}) or exists (
    select 1 from mail_accounts a where a.id = ${email('account_id')} and a.user_id = ${auth.userId})
    ${unfiledShared})`;
}

function selectEmails(db: Executor) {
  return db.selectFrom('emails').leftJoin('users', 'users.id', 'emails.created_by');
}

/** The mail row if the caller may see it; 404 otherwise. */
export async function requireVisibleEmail(db: Executor, auth: AuthContext, id: string): Promise<EmailRow> {
  let query = selectEmails(db)
    .selectAll('emails')
    .select('users.name as creator_name')
    .where('emails.id', '=', id);
  const scope = visibleEmails(auth);
  if (scope) query = query.where(scope);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

async function linksOf(db: Executor, ids: string[]): Promise<Map<string, LinkRow[]>> {
  const map = new Map<string, LinkRow[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('email_links as l')
    .innerJoin('entities as e', 'e.id', 'l.entity_id')
    .leftJoin('contacts as c', 'c.id', 'l.contact_id')
    .leftJoin('cases as k', 'k.id', 'l.case_id')
    .select([
      'l.email_id',
      'l.entity_id',
      'e.name as entity_name',
      'l.contact_id',
      'c.first_name as contact_first_name',
      'c.last_name as contact_last_name',
      'l.case_id',
      'k.number as case_number',
      'k.title as case_title',
    ])
    .where('l.email_id', 'in', ids)
    .execute();
  for (const row of rows) map.set(row.email_id, [...(map.get(row.email_id) ?? []), row]);
  return map;
}

async function attachmentsOf(db: Executor, ids: string[]): Promise<Map<string, AttachmentRow[]>> {
  const map = new Map<string, AttachmentRow[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('email_attachments')
    .select(['id', 'email_id', 'filename', 'content_type', 'size', 'inline', 'content_id'])
    .where('email_id', 'in', ids)
    .orderBy('id')
    .execute();
  for (const row of rows) map.set(row.email_id, [...(map.get(row.email_id) ?? []), row]);
  return map;
}

/** The reader's language: the request's (Accept-Language, else the user's), else the user's setting. */
const localeOf = (auth: AuthContext, locale: Locale | undefined): Locale =>
  locale ?? auth.locale ?? DEFAULT_LOCALE;

export async function getEmail(db: Executor, auth: AuthContext, id: string, locale?: Locale): Promise<Email> {
  const row = await requireVisibleEmail(db, auth, id);
  const [links, attachments] = await Promise.all([linksOf(db, [id]), attachmentsOf(db, [id])]);
  return toEmail(row, links.get(id) ?? [], attachments.get(id) ?? [], localeOf(auth, locale));
}

export type EmailListQuery = {
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
  direction?: 'out' | 'in' | undefined;
  entity_id?: string | undefined;
  contact_id?: string | undefined;
  case_id?: string | undefined;
  thread_id?: string | undefined;
  /** 'true': filed under no record; 'false': filed under at least one. */
  unlinked?: 'true' | 'false' | undefined;
};

/** Newest first, by keyset on the id (UUIDv7: time order). Filters by status, direction, record, thread, filed. */
export async function listEmails(
  db: Database,
  auth: AuthContext,
  query: EmailListQuery,
  locale?: Locale,
): Promise<z.infer<typeof EmailList>> {
  if (query.cursor !== undefined && !isUuid(query.cursor))
    throw new AppError('validation_failed', { issues: [{ field: 'cursor', code: 'invalid_cursor' }] });
  let select = selectEmails(db)
    .select([
      'emails.id',
      'emails.direction',
      'emails.account_id',
      'emails.message_id',
      'emails.in_reply_to',
      'emails.references',
      'emails.thread_id',
      'emails.from_address',
      'emails.from_name',
      'emails.to_recipients',
      'emails.cc_recipients',
      'emails.bcc_recipients',
      'emails.reply_to',
      'emails.subject',
      'emails.template_id',
      'emails.language',
      'emails.status',
      'emails.attempts',
      'emails.next_attempt_at',
      'emails.last_error',
      'emails.sent_at',
      'emails.received_at',
      'emails.size_bytes',
      'emails.entity_id',
      'emails.contact_id',
      'emails.case_id',
      'emails.rule_id',
      'emails.imap_uid',
      'emails.created_at',
      'emails.updated_at',
      'emails.created_by',
      'users.name as creator_name',
      sql<string>`left(emails.text_body, 400)`.as('snippet_source'),
    ])
    .orderBy('emails.id', 'desc')
    .limit(query.limit + 1);
  const scope = visibleEmails(auth);
  if (scope) select = select.where(scope);
  if (query.cursor) select = select.where('emails.id', '<', query.cursor);
  if (query.status) select = select.where('emails.status', '=', query.status as EmailRow['status']);
  if (query.direction) select = select.where('emails.direction', '=', query.direction);
  if (query.thread_id) select = select.where('emails.thread_id', '=', query.thread_id);
  if (query.unlinked) {
    const filed = sql<SqlBool>`exists (select 1 from email_links l where l.email_id = emails.id)`;
    select = select.where(query.unlinked === 'true' ? sql<SqlBool>`not ${filed}` : filed);
  }
  for (const [field, column] of [
    ['entity_id', 'entity_id'],
    ['contact_id', 'contact_id'],
    ['case_id', 'case_id'],
  ] as const) {
    const value = query[field];
    if (value)
      select = select.where('emails.id', 'in', (eb) =>
        eb
          .selectFrom('email_links')
          .select('email_links.email_id')
          .where(`email_links.${column}`, '=', value),
      );
  }
  const rows = (await select.execute()) as EmailSummaryRow[];
  const page = rows.slice(0, query.limit);
  const ids = page.map((r) => r.id);
  const [links, attachments] = await Promise.all([linksOf(db, ids), attachmentsOf(db, ids)]);
  return {
    data: page.map((row) =>
      toEmailSummary(row, links.get(row.id) ?? [], attachments.get(row.id) ?? [], localeOf(auth, locale)),
    ),
    next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

const contactName = (c: { first_name: string; last_name: string | null }) =>
  [c.first_name, c.last_name].filter(Boolean).join(' ');

/** Recipients when none are given: the reply's other side, else the contact's first email, else the entity's. */
async function defaultRecipients(
  db: Executor,
  auth: AuthContext,
  input: SendEmailRequest,
  parent: EmailRow | null,
): Promise<StoredAddress[]> {
  if (parent) {
    if (parent.direction === 'in') return [{ name: parent.from_name, address: parent.from_address }];
    return parent.to_recipients;
  }
  if (input.contact_id) {
    const contact = await requireVisibleContact(db, auth, input.contact_id);
    const address = contact.emails[0];
    if (address) return [{ name: contactName(contact), address }];
  }
  if (input.case_id && !input.contact_id) {
    const found = await requireVisibleCase(db, auth, input.case_id);
    if (found.contact_id) {
      const contact = await requireVisibleContact(db, auth, found.contact_id).catch(() => null);
      const address = contact?.emails[0];
      if (contact && address) return [{ name: contactName(contact), address }];
    }
  }
  const entityId =
    input.entity_id ??
    (input.case_id ? (await requireVisibleCase(db, auth, input.case_id)).entity_id : null) ??
    (input.contact_id ? (await requireVisibleContact(db, auth, input.contact_id)).entity_id : null);
  if (entityId) {
    const entity = await requireVisibleEntity(db, auth, entityId);
    const address = entity.emails[0];
    if (address) return [{ name: entity.name, address }];
  }
  return [];
}

/**
 * POST /emails: checks the caller sees every linked record, renders the template (the subject and bodies given
 * win: the user edited the preview), picks the recipients, queues it and wakes the worker. Answers the mail.
 */
export async function sendEmail(
  db: Database,
  auth: AuthContext,
  input: SendEmailRequest,
  options: { maxBytes: number; locale?: Locale },
): Promise<Email> {
  if (input.entity_id) await requireVisibleEntity(db, auth, input.entity_id);
  if (input.contact_id) await requireVisibleContact(db, auth, input.contact_id);
  if (input.case_id) await requireVisibleCase(db, auth, input.case_id);
  const parent = input.reply_to_email_id
    ? await requireVisibleEmail(db, auth, input.reply_to_email_id)
    : null;

  let subject = input.subject ?? '';
  let html = input.html_body ?? null;
  let text = input.text_body ?? '';
  let language: string | null = input.language ?? null;
  let commercial = false;
  const emailId = newId();
  if (input.template_id) {
    const rendered = await renderTemplateById(
      db,
      input.template_id,
      {
        entityId: input.entity_id ?? parent?.entity_id ?? null,
        contactId: input.contact_id ?? parent?.contact_id ?? null,
        caseId: input.case_id ?? parent?.case_id ?? null,
        senderUserId: auth.userId,
      },
      input.language,
      emailId,
    ).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found')
        throw new AppError('validation_failed', {
          issues: [{ field: 'template_id', code: 'unknown_template' }],
        });
      throw error;
    });
    subject = input.subject ?? rendered.subject;
    if (input.html_body === undefined && input.text_body === undefined) {
      html = rendered.html || null;
      text = rendered.text;
    }
    language = rendered.language;
    commercial = rendered.commercial === true;
    if (commercial && (input.html_body !== undefined || input.text_body !== undefined))
      ({ html, text } = await keepUnsubscribeLink(
        db,
        { html: html ?? '', text, language: rendered.language },
        emailId,
      ));
  } else {
    const issues: { field: string; code: string }[] = [];
    if (!subject && !parent) issues.push({ field: 'subject', code: 'required' });
    if (!text.trim() && !html?.trim()) issues.push({ field: 'text_body', code: 'required' });
    if (issues.length > 0) throw new AppError('validation_failed', { issues });
  }
  if (!text.trim() && html) text = textFromHtml(html);

  const to = input.to?.length
    ? input.to.map((address) => ({ name: '', address }))
    : await defaultRecipients(db, auth, input, parent);
  if (to.length === 0 && !input.cc?.length && !input.bcc?.length)
    throw new AppError('validation_failed', { issues: [{ field: 'to', code: 'no_recipient' }] });

  const queued = await db.transaction().execute((trx) =>
    queueEmailIn(
      trx,
      auth.userId,
      {
        accountId: input.account_id ?? null,
        to,
        cc: (input.cc ?? []).map((address) => ({ name: '', address })),
        bcc: (input.bcc ?? []).map((address) => ({ name: '', address })),
        subject,
        text,
        html,
        entityId: input.entity_id ?? null,
        contactId: input.contact_id ?? null,
        caseId: input.case_id ?? null,
        templateId: input.template_id ?? null,
        language,
        replyToEmailId: parent?.id ?? null,
        fileIds: input.file_ids ?? [],
        id: emailId,
        commercial,
      },
      { maxBytes: options.maxBytes },
    ),
  );
  wakeEmailWorkers();
  return getEmail(db, auth, queued.id, options.locale);
}

const stateConflict = (status: string) =>
  new AppError('conflict', { issues: [{ field: 'status', code: `email_${status}` }], params: { status } });

/** A failed or cancelled mail goes back to the queue, due now, its tries counted afresh. */
export async function retryEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  locale?: Locale,
): Promise<Email> {
  await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    const updated = await trx
      .updateTable('emails')
      .set({
        status: 'queued',
        attempts: 0,
        next_attempt_at: new Date(),
        last_error: null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('direction', '=', 'out')
      .where('status', 'in', ['failed', 'cancelled'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict(row.status);
    await recordEvent(trx, {
      type: 'email.retried',
      object: 'email',
      objectId: id,
      entityId: row.entity_id,
      actorId: auth.userId,
      changes: {
        summary: row.subject,
        status: [row.status, 'queued'],
        contact_id: row.contact_id,
        case_id: row.case_id,
      },
    });
  });
  wakeEmailWorkers();
  return getEmail(db, auth, id, locale);
}

/** A queued or failed mail is not sent. One being sent right now cannot be stopped (409). */
export async function cancelEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  locale?: Locale,
): Promise<Email> {
  await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    const updated = await trx
      .updateTable('emails')
      .set({ status: 'cancelled', next_attempt_at: null, updated_at: new Date() })
      .where('id', '=', id)
      .where('direction', '=', 'out')
      .where('status', 'in', ['queued', 'failed'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict(row.status);
    await recordEvent(trx, {
      type: 'email.cancelled',
      object: 'email',
      objectId: id,
      entityId: row.entity_id,
      actorId: auth.userId,
      changes: {
        summary: row.subject,
        status: [row.status, 'cancelled'],
        contact_id: row.contact_id,
        case_id: row.case_id,
      },
    });
  });
  return getEmail(db, auth, id, locale);
}

// Types a browser would render (and run scripts in) are served as plain downloads instead.
const INLINE_SAFE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/;

/** An attachment of a mail the caller can see, as a stream. */
export async function openAttachment(
  db: Database,
  auth: AuthContext,
  dataDir: string,
  emailId: string,
  attachmentId: string,
) {
  await requireVisibleEmail(db, auth, emailId);
  const row = await db
    .selectFrom('email_attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('email_id', '=', emailId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const path = attachmentPath(dataDir, row.storage_key);
  await stat(path).catch(() => {
    throw notFound();
  });
  const safe = INLINE_SAFE.test(row.content_type);
  return {
    filename: row.filename,
    size: Number(row.size),
    contentType: safe ? row.content_type : 'application/octet-stream',
    inline: safe,
    stream: createReadStream(path),
  };
}
