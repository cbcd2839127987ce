import type { Locale } from '@trato/contracts/common';
import type { Email, EmailAttachment, EmailLink, EmailSummary } from '@trato/contracts/mail';
import type { Selectable } from 'kysely';
import type { EmailsTable } from '../../db/schema.ts';
import { sanitizeEmailHtml } from './email-html.ts';
import { localizeMailError } from './mail-errors.ts';

export type EmailRow = Selectable<EmailsTable> & { creator_name: string | null };
export type EmailSummaryRow = Omit<EmailRow, 'text_body' | 'html_body'> & { snippet_source: string };

export interface AttachmentRow {
  id: string;
  email_id: string;
  filename: string;
  content_type: string;
  size: number;
  inline: boolean;
  content_id: string | null;
}

export interface LinkRow {
  email_id: string;
  entity_id: string;
  entity_name: string;
  contact_id: string | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  case_id: string | null;
  case_number: string | null;
  case_title: string | null;
}

export const attachmentUrl = (emailId: string, attachmentId: string) =>
  `/api/v1/emails/${emailId}/attachments/${attachmentId}`;

const toAttachment = (row: AttachmentRow): EmailAttachment => ({
  id: row.id,
  filename: row.filename,
  content_type: row.content_type,
  size: Number(row.size),
  inline: row.inline,
  download_url: attachmentUrl(row.email_id, row.id),
});

const toLink = (row: LinkRow): EmailLink => ({
  entity: { id: row.entity_id, name: row.entity_name },
  contact: row.contact_id
    ? {
        id: row.contact_id,
        name: [row.contact_first_name, row.contact_last_name].filter(Boolean).join(' ').slice(0, 300),
      }
    : null,
  case: row.case_id ? { id: row.case_id, number: row.case_number ?? '', title: row.case_title ?? '' } : null,
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

function base(
  row: Omit<EmailRow, 'text_body' | 'html_body'>,
  links: LinkRow[],
  attachments: AttachmentRow[],
  locale: Locale,
) {
  return {
    id: row.id,
    direction: row.direction,
    account_id: row.account_id,
    message_id: row.message_id.slice(0, 1000),
    in_reply_to: row.in_reply_to?.slice(0, 1000) ?? null,
    thread_id: row.thread_id,
    from: { name: row.from_name.slice(0, 200), address: row.from_address.slice(0, 254) },
    to: row.to_recipients.slice(0, 500),
    cc: row.cc_recipients.slice(0, 500),
    bcc: row.bcc_recipients.slice(0, 500),
    subject: row.subject.slice(0, 2000),
    template_id: row.template_id,
    status: row.status,
    attempts: Math.min(row.attempts, 1000),
    next_attempt_at: row.status === 'queued' || row.status === 'sending' ? iso(row.next_attempt_at) : null,
    last_error: localizeMailError(row.last_error, locale),
    sent_at: iso(row.sent_at),
    received_at: iso(row.received_at),
    size_bytes: row.size_bytes,
    links: links.slice(0, 100).map(toLink),
    attachments: attachments.slice(0, 500).map(toAttachment),
    created_by: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
    created_at: row.created_at.toISOString(),
  };
}

/** One mail as the API answers it; `locale`: the reader's language (for last_error). */
export function toEmail(
  row: EmailRow,
  links: LinkRow[],
  attachments: AttachmentRow[],
  locale: Locale,
): Email {
  const inline = new Map(
    attachments
      .filter((a) => a.content_id)
      .map((a) => [
        (a.content_id ?? '').replace(/^<|>$/g, '').toLowerCase(),
        attachmentUrl(a.email_id, a.id),
      ]),
  );
  return {
    ...base(row, links, attachments, locale),
    text_body: row.text_body,
    html_body: row.html_body === null ? null : sanitizeEmailHtml(row.html_body, inline),
  };
}

export function toEmailSummary(
  row: EmailSummaryRow,
  links: LinkRow[],
  attachments: AttachmentRow[],
  locale: Locale,
): EmailSummary {
  return {
    ...base(row, links, attachments, locale),
    snippet: row.snippet_source.replace(/\s+/g, ' ').trim().slice(0, 200),
  };
}
