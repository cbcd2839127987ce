import { z } from 'zod';
import { CASE_PRIORITIES } from './cases.ts';
import { id, isoDateTime, listResponse, optionalText, text, UserRef, Version } from './common.ts';
import { emailSchema } from './validation/email.ts';

// Mail accounts (/api/v1/mail-accounts) and emails (/api/v1/emails). Issue 5 §1, §3, §4.

export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export const MAIL_ACCOUNT_KINDS = ['shared', 'personal'] as const;
export const UNKNOWN_SENDER_RULES = ['ignore', 'create_lead'] as const;

const Host = text(253).refine((s) => /^[a-z0-9.-]+$/i.test(s) && s.length > 0, {
  params: { code: 'invalid_host' },
  message: 'invalid_host',
});
const Port = z.number().int().min(1).max(65535);

/** A mail account as the API shows it: passwords never come back, only whether one is set. */
export const MailAccount = z.object({
  id,
  name: z.string().max(200),
  address: z.string().max(254),
  display_name: z.string().max(200),
  kind: z.enum(MAIL_ACCOUNT_KINDS),
  user: UserRef,
  smtp_host: z.string().max(253).nullable(),
  smtp_port: Port.nullable(),
  smtp_security: z.enum(MAIL_SECURITY),
  smtp_user: z.string().max(320).nullable(),
  smtp_password_set: z.boolean(),
  imap_host: z.string().max(253).nullable(),
  imap_port: Port.nullable(),
  imap_security: z.enum(MAIL_SECURITY),
  imap_user: z.string().max(320).nullable(),
  imap_password_set: z.boolean(),
  imap_folder: z.string().max(200),
  send_enabled: z.boolean(),
  receive_enabled: z.boolean(),
  /** The company sender: mail from users without an account of their own goes out through it. */
  is_default: z.boolean(),
  /** What a mail from an address matching no contact does: nothing, or a new lead entity with its contact. */
  unknown_sender: z.enum(UNKNOWN_SENDER_RULES),
  /** Each new thread received here opens a case of this type (claims@ → claim); replies land on that case. */
  open_case_type_id: id.nullable(),
  active: z.boolean(),
  /** Where polling stands: last poll, last error (in the reader's language, quoting the server's own words). */
  mailbox: z
    .object({
      last_polled_at: isoDateTime.nullable(),
      last_error: z.string().max(2000).nullable(),
      last_error_at: isoDateTime.nullable(),
    })
    .nullable(),
  version: Version,
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type MailAccount = z.infer<typeof MailAccount>;

const accountFields = {
  name: text(200).pipe(z.string().min(1)),
  address: emailSchema,
  display_name: text(200).optional(),
  smtp_host: Host.nullish(),
  smtp_port: Port.nullish(),
  smtp_security: z.enum(MAIL_SECURITY).optional(),
  smtp_user: optionalText(320),
  /** Write-only. Omit to keep the stored one; null clears it. */
  smtp_password: z.string().max(1000).nullish(),
  imap_host: Host.nullish(),
  imap_port: Port.nullish(),
  imap_security: z.enum(MAIL_SECURITY).optional(),
  imap_user: optionalText(320),
  imap_password: z.string().max(1000).nullish(),
  imap_folder: text(200).optional(),
  send_enabled: z.boolean().optional(),
  receive_enabled: z.boolean().optional(),
  is_default: z.boolean().optional(),
  unknown_sender: z.enum(UNKNOWN_SENDER_RULES).optional(),
  open_case_type_id: id.nullish(),
  active: z.boolean().optional(),
};

export const CreateMailAccountRequest = z.strictObject({
  ...accountFields,
  kind: z.enum(MAIL_ACCOUNT_KINDS),
  /** The owner of a personal account. */
  user_id: id.nullish(),
});
export type CreateMailAccountRequest = z.infer<typeof CreateMailAccountRequest>;

export const UpdateMailAccountRequest = z
  .strictObject({ version: Version, ...accountFields })
  .partial()
  .required({ version: true });
export type UpdateMailAccountRequest = z.infer<typeof UpdateMailAccountRequest>;

/** POST /mail-accounts/{id}/test: each side that is configured is tried, and the server's own answer shown. */
export const MailConnectionTest = z.object({
  smtp: z.object({ ok: z.boolean(), message: z.string().max(2000) }).nullable(),
  imap: z.object({ ok: z.boolean(), message: z.string().max(2000) }).nullable(),
});
export type MailConnectionTest = z.infer<typeof MailConnectionTest>;

export const MailAccountList = z.object({ data: z.array(MailAccount).max(500) });

/** An account the caller may send from (GET /mail-accounts/senders): what the compose screen's "From" offers. */
export const MailSender = z.object({
  id,
  name: z.string().max(200),
  address: z.string().max(254),
  display_name: z.string().max(200),
  kind: z.enum(MAIL_ACCOUNT_KINDS),
  /** The company sender (for users without an account of their own). */
  is_default: z.boolean(),
});
export type MailSender = z.infer<typeof MailSender>;

/**
 * The active send-enabled shared accounts and the caller's own personal one, and what a mail sent without
 * account_id goes out as: that account (default_account_id), or the server's own sender (null).
 */
export const MailSenderList = z.object({
  data: z.array(MailSender).max(500),
  default_account_id: id.nullable(),
  default_from: z.object({ name: z.string().max(200), address: z.string().max(254) }),
});
export type MailSenderList = z.infer<typeof MailSenderList>;

// ── Emails ──────────────────────────────────────────────────────────────────

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled', 'received'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const EmailAddress = z.object({ name: z.string().max(200), address: z.string().max(254) });
export type EmailAddress = z.infer<typeof EmailAddress>;

export const EmailAttachment = z.object({
  id,
  filename: z.string().max(255),
  content_type: z.string().max(200),
  size: z.number().int().min(0),
  inline: z.boolean(),
  download_url: z.string().max(300),
});
export type EmailAttachment = z.infer<typeof EmailAttachment>;

export const EmailLink = z.object({
  entity: z.object({ id, name: z.string().max(300) }),
  contact: z.object({ id, name: z.string().max(300) }).nullable(),
  case: z.object({ id, number: z.string().max(50), title: z.string().max(300) }).nullable(),
});
export type EmailLink = z.infer<typeof EmailLink>;

export const Email = z.object({
  id,
  direction: z.enum(['out', 'in']),
  account_id: id.nullable(),
  message_id: z.string().max(1000),
  in_reply_to: z.string().max(1000).nullable(),
  thread_id: id,
  from: EmailAddress,
  to: z.array(EmailAddress).max(500),
  cc: z.array(EmailAddress).max(500),
  bcc: z.array(EmailAddress).max(500),
  subject: z.string().max(2000),
  text_body: z.string().max(10_000_000),
  /** Sanitised HTML (no scripts, no remote loads without consent); null for text-only mail. */
  html_body: z.string().max(20_000_000).nullable(),
  template_id: id.nullable(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int().min(0).max(1000),
  next_attempt_at: isoDateTime.nullable(),
  last_error: z.string().max(2000).nullable(),
  sent_at: isoDateTime.nullable(),
  received_at: isoDateTime.nullable(),
  size_bytes: z.number().int().min(0),
  links: z.array(EmailLink).max(100),
  attachments: z.array(EmailAttachment).max(500),
  created_by: UserRef,
  created_at: isoDateTime,
});
export type Email = z.infer<typeof Email>;

/** A row of a list: the bodies left out. */
export const EmailSummary = Email.omit({ text_body: true, html_body: true }).extend({
  snippet: z.string().max(300),
});
export type EmailSummary = z.infer<typeof EmailSummary>;
export const EmailList = listResponse(EmailSummary);

export const EmailListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  status: z.enum(EMAIL_STATUSES).optional(),
  direction: z.enum(['out', 'in']).optional(),
  entity_id: id.optional(),
  contact_id: id.optional(),
  case_id: id.optional(),
  thread_id: id.optional(),
  /** 'true': only mail filed under no record (received mail no rule caught, waiting to be filed by hand). */
  unlinked: z.enum(['true', 'false']).optional(),
});

/**
 * POST /emails: write (subject + body) or pick a template (rendered against the linked records), and send.
 * At least one of entity_id, contact_id, case_id; recipients default to the contact's (or entity's) email.
 */
export const SendEmailRequest = z
  .strictObject({
    account_id: id.optional(),
    entity_id: id.optional(),
    contact_id: id.optional(),
    case_id: id.optional(),
    to: z.array(emailSchema).max(100).optional(),
    cc: z.array(emailSchema).max(100).optional(),
    bcc: z.array(emailSchema).max(100).optional(),
    template_id: id.optional(),
    language: z.enum(['es', 'ca', 'en']).optional(),
    subject: text(998).optional(),
    text_body: z.string().max(1_000_000).optional(),
    html_body: z.string().max(5_000_000).optional(),
    /** Replying to this email: threading headers (In-Reply-To, References) and the thread follow. */
    reply_to_email_id: id.optional(),
    /** Files of the entity sent as attachments. */
    file_ids: z.array(id).max(20).optional(),
  })
  .refine((r) => Boolean(r.entity_id || r.contact_id || r.case_id || r.reply_to_email_id), {
    params: { code: 'record_required' },
    message: 'record_required',
    path: ['entity_id'],
  });
export type SendEmailRequest = z.infer<typeof SendEmailRequest>;

/** POST /emails/bulk: one template to many entities (each to its primary contact with an email, else the entity's). */
export const BulkSendEmailRequest = z.strictObject({
  template_id: id,
  entity_ids: z.array(id).min(1).max(10_000),
  language: z.enum(['es', 'ca', 'en']).optional(),
  account_id: id.optional(),
});
export type BulkSendEmailRequest = z.infer<typeof BulkSendEmailRequest>;

export const BULK_SKIP_REASONS = ['not_found', 'no_recipient', 'duplicate', 'opted_out'] as const;

/** Queued in one transaction; the entities left out, each with why (hidden or unknown, no address, opted out). */
export const BulkSendEmailResult = z.object({
  queued: z.number().int().min(0).max(10_000),
  skipped: z.array(z.object({ entity_id: id, reason: z.enum(BULK_SKIP_REASONS) })).max(10_000),
});
export type BulkSendEmailResult = z.infer<typeof BulkSendEmailResult>;

// ── Filing a mail by hand ───────────────────────────────────────────────────

const recordRequired = {
  params: { code: 'record_required' },
  message: 'record_required',
  path: ['entity_id'],
};

/**
 * POST /emails/{id}/links: file a mail under a record (an entity, and optionally one of its contacts or cases).
 * The entity may be left out when a contact or case is given (it is theirs). `thread`: every mail of the
 * conversation (that the caller can see) is filed too.
 */
export const FileEmailRequest = z
  .strictObject({
    entity_id: id.optional(),
    contact_id: id.nullish(),
    case_id: id.nullish(),
    thread: z.boolean().optional(),
  })
  .refine((r) => Boolean(r.entity_id || r.contact_id || r.case_id), recordRequired);
export type FileEmailRequest = z.infer<typeof FileEmailRequest>;

/** DELETE /emails/{id}/links/{entityId}?thread=true: unfile it (and its thread) from that entity. */
export const UnfileEmailQuery = z.object({ thread: z.enum(['true', 'false']).optional() });

export const LEAD_KINDS = ['company', 'person'] as const;

/**
 * POST /emails/{id}/lead: a new lead entity (role lead) and its contact, from the sender of a received mail;
 * the mail (and, unless `thread` is false, its thread) filed under them. Left out: what the sender suggests.
 */
export const LeadFromEmailRequest = z.strictObject({
  kind: z.enum(LEAD_KINDS),
  name: text(200).pipe(z.string().min(1)).optional(),
  contact: z
    .strictObject({
      first_name: text(120).pipe(z.string().min(1)),
      last_name: optionalText(200),
    })
    .optional(),
  thread: z.boolean().optional(),
});
export type LeadFromEmailRequest = z.input<typeof LeadFromEmailRequest>;

/** GET /emails/{id}/lead: what "Crear potencial" is prefilled with, from the sender's name and domain. */
export const LeadSuggestion = z.object({
  kind: z.enum(LEAD_KINDS),
  name: z.string().max(200),
  contact: z.object({ first_name: z.string().max(120), last_name: z.string().max(200).nullable() }),
  email: z.string().max(254),
  /** Contacts that already have this address (the lead may be a duplicate of one of them). */
  known_contacts: z
    .array(z.object({ id, name: z.string().max(300), entity: z.object({ id, name: z.string().max(200) }) }))
    .max(20),
});
export type LeadSuggestion = z.infer<typeof LeadSuggestion>;

/**
 * POST /emails/{id}/case: a case from the mail — title the subject, description the start of its text — on
 * the given entity or the one the mail is filed under; the mail (and, unless `thread` is false, its thread)
 * filed under the case.
 */
export const CaseFromEmailRequest = z.strictObject({
  type_id: id,
  title: text(300).pipe(z.string().min(1)).optional(),
  entity_id: id.optional(),
  contact_id: id.nullish(),
  owner_id: id.nullish(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  thread: z.boolean().optional(),
});
export type CaseFromEmailRequest = z.input<typeof CaseFromEmailRequest>;

/** What filing, a lead or a case answer: the mail as it is now, and the records made. */
export const FiledEmail = z.object({
  email: Email,
  /** How many mails were filed (the thread's included). */
  filed: z.number().int().min(0).max(10_000),
  entity_id: id.nullable(),
  contact_id: id.nullable(),
  case: z.object({ id, number: z.string().max(50) }).nullable(),
});
export type FiledEmail = z.infer<typeof FiledEmail>;

// ── Opting out of commercial mail ───────────────────────────────────────────

export const OPT_OUT_SOURCES = ['link', 'one_click', 'user'] as const;

/**
 * An address that asked for no more commercial mail: by the link in a mail (`link`), by the mail client's
 * unsubscribe button (`one_click`, RFC 8058) or by a user who was told so (`user`). Templates marked commercial
 * are never sent to it.
 */
export const EmailOptOut = z.object({
  address: z.string().max(254),
  source: z.enum(OPT_OUT_SOURCES),
  /** The mail whose link was used. */
  email_id: id.nullable(),
  created_by: UserRef,
  created_at: isoDateTime,
});
export type EmailOptOut = z.infer<typeof EmailOptOut>;

/** GET /email-opt-outs?address=a&address=b: which of these addresses opted out (at most 100 asked). */
export const EmailOptOutQuery = z.object({
  address: z
    .union([z.string().max(320), z.array(z.string().max(320)).max(100)])
    .transform((a) => (Array.isArray(a) ? a : [a])),
});
export const EmailOptOutList = z.object({ data: z.array(EmailOptOut).max(100) });

/** PUT /email-opt-outs: a user records that this address wants no commercial mail. */
export const CreateEmailOptOutRequest = z.strictObject({ address: emailSchema });
export type CreateEmailOptOutRequest = z.infer<typeof CreateEmailOptOutRequest>;
