import { createHash } from 'node:crypto';
import { type AddressObject, type EmailAddress, type ParsedMail, simpleParser } from 'mailparser';
import { textFromHtml } from '../../platform/html-text.ts';

// A received message, read as far as it can be read. mailparser does the MIME work; what comes out is cut to
// the limits the emails API declares (a value past them would fail the response schema on every read) and
// cleaned of NUL characters (PostgreSQL refuses them in text). A message mailparser cannot read at all still
// yields its raw headers (subject, sender, Message-ID) and its body as text: a mailbox never stops on one mail.

export const LIMITS = {
  subject: 2000,
  name: 200,
  address: 254,
  recipients: 500,
  messageId: 1000,
  references: 100,
  text: 10_000_000,
  html: 20_000_000,
  filename: 255,
  contentType: 200,
  contentId: 1000,
  attachments: 500,
} as const;

export interface MessageAddress {
  name: string;
  address: string;
}

export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** The Content-ID without angle brackets, for `cid:` references in the HTML body. */
  contentId: string | null;
  inline: boolean;
}

export interface ParsedMessage {
  /** Normalised `<id@host>`; null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MessageAddress | null;
  to: MessageAddress[];
  cc: MessageAddress[];
  replyTo: string | null;
  subject: string;
  text: string;
  /** As received (the emails API sanitises it on output); null for a text-only mail. */
  html: string | null;
  date: Date | null;
  attachments: MessageAttachment[];
  /** Sent by a machine (bounce, auto-reply, list or bulk mail): never a reason to create a lead. */
  automated: boolean;
  /** False when mailparser failed and only the raw headers could be read. */
  complete: boolean;
}

/** Without NUL characters or lone surrogates (PostgreSQL refuses both) and cut to `max`. */
export const clean = (value: string, max: number): string =>
  value.replaceAll('\u0000', '').slice(0, max).toWellFormed();

/** `<id@host>`, whatever the header looked like; too long an id is replaced by its hash (still stable). */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.replaceAll('\u0000', '').trim();
  const inner = trimmed.replace(/^<+/, '').replace(/>+$/, '').trim();
  if (!inner || /\s/.test(inner)) return null;
  const id = `<${inner}>`;
  return id.length <= LIMITS.messageId
    ? id
    : `<${createHash('sha256').update(id).digest('hex')}@trato.invalid>`;
}

/** The ids of a References / In-Reply-To header (`<a@x> <b@y>`), normalised, in order. */
export function messageIdList(value: string | string[] | undefined | null): string[] {
  const parts = Array.isArray(value) ? value : value ? [value] : [];
  const ids: string[] = [];
  for (const part of parts) {
    const found = part.match(/<[^<>\s]+>/g) ?? part.split(/\s+/);
    for (const candidate of found) {
      const id = normalizeMessageId(candidate);
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function flatten(list: EmailAddress[], out: MessageAddress[]): void {
  for (const item of list) {
    if (item.group) flatten(item.group, out);
    else if (item.address) {
      const address = clean(item.address.trim(), LIMITS.address);
      if (address && !out.some((a) => a.address.toLowerCase() === address.toLowerCase()))
        out.push({ name: clean((item.name ?? '').trim(), LIMITS.name), address });
    }
  }
}

function addresses(field: AddressObject | AddressObject[] | undefined): MessageAddress[] {
  const out: MessageAddress[] = [];
  for (const object of Array.isArray(field) ? field : field ? [field] : []) flatten(object.value ?? [], out);
  return out.slice(0, LIMITS.recipients);
}

const headerText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value)
    return String((value as { value: unknown }).value);
  return '';
};

// A machine's mail: RFC 3834 Auto-Submitted, Precedence bulk/junk/list, mailing lists, delivery reports, and
// the usual no-reply and daemon senders.
function isAutomated(mail: ParsedMail, from: MessageAddress | null): boolean {
  const auto = headerText(mail.headers.get('auto-submitted')).toLowerCase();
  if (auto && auto !== 'no') return true;
  if (/^(bulk|junk|list)$/i.test(headerText(mail.headers.get('precedence')).trim())) return true;
  // mailparser gathers List-Id, List-Unsubscribe… under one 'list' header.
  if (['list', 'list-id', 'list-unsubscribe'].some((h) => mail.headers.has(h))) return true;
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  if (contentType?.value?.toLowerCase() === 'multipart/report') return true;
  const local = from?.address.split('@')[0]?.toLowerCase() ?? '';
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+._-].*)?$/.test(local);
}

/** Plain text for an HTML-only mail: what a list snippet, search and the description of a case read. */
function readableText(html: string): string {
  try {
    return textFromHtml(html.slice(0, 2_000_000), 'reading');
  } catch {
    return '';
  }
}

function reasonableDate(date: Date | undefined): Date | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1980 && date.getTime() <= Date.now() + 86_400_000 ? date : null;
}

function fromMailparser(mail: ParsedMail): ParsedMessage {
  const from = addresses(mail.from)[0] ?? null;
  const html = typeof mail.html === 'string' && mail.html ? clean(mail.html, LIMITS.html) : null;
  const text = mail.text ? clean(mail.text, LIMITS.text) : html ? clean(readableText(html), LIMITS.text) : '';
  const attachments = mail.attachments.slice(0, LIMITS.attachments).map(
    (a): MessageAttachment => ({
      filename: clean(a.filename ?? '', LIMITS.filename),
      contentType: clean(a.contentType || 'application/octet-stream', LIMITS.contentType),
      content: a.content,
      contentId: a.cid ? clean(a.cid.replace(/^<|>$/g, ''), LIMITS.contentId) : null,
      inline: a.contentDisposition === 'inline' || Boolean(a.related && a.cid),
    }),
  );
  return {
    messageId: normalizeMessageId(mail.messageId),
    inReplyTo: messageIdList(mail.inReplyTo)[0] ?? null,
    references: messageIdList(mail.references).slice(-LIMITS.references),
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo)[0]?.address ?? null,
    subject: clean(mail.subject ?? '', LIMITS.subject),
    text,
    html,
    date: reasonableDate(mail.date),
    attachments,
    automated: isAutomated(mail, from),
    complete: true,
  };
}

const PARSER_OPTIONS = {
  // cid: references stay in the HTML (the attachments carry their Content-ID), not inlined as data: URIs.
  keepCidLinks: true,
  // A bounce's delivery report is an attachment one can download, not text glued to the body.
  keepDeliveryStatus: true,
  skipTextToHtml: true,
} as const;

/** The header block of a raw message, unfolded: `name` (lower case) → raw value (first occurrence). */
function rawHeaders(raw: Buffer): Map<string, string> {
  const text = raw.subarray(0, 256 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** Last resort for a message mailparser cannot read: raw headers and the body as UTF-8 text. */
function fromRawHeaders(raw: Buffer): ParsedMessage {
  const headers = rawHeaders(raw);
  const text = raw.toString('utf8');
  const bodyStart = text.search(/\r?\n\r?\n/);
  const fromHeader = headers.get('from') ?? '';
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(fromHeader);
  const bare = /([^\s<>"]+@[^\s<>"]+)/.exec(fromHeader);
  const address = (angle?.[1] ?? bare?.[1] ?? '').trim();
  const name = angle ? fromHeader.slice(0, angle.index).replace(/"/g, '').trim() : '';
  const date = headers.get('date');
  return {
    messageId: normalizeMessageId(headers.get('message-id')),
    inReplyTo: messageIdList(headers.get('in-reply-to'))[0] ?? null,
    references: messageIdList(headers.get('references')).slice(-LIMITS.references),
    from: address ? { name: clean(name, LIMITS.name), address: clean(address, LIMITS.address) } : null,
    to: [],
    cc: [],
    replyTo: null,
    subject: clean(headers.get('subject') ?? '', LIMITS.subject),
    text: bodyStart >= 0 ? clean(text.slice(bodyStart).trim(), 1_000_000) : '',
    html: null,
    date: reasonableDate(date ? new Date(date) : undefined),
    attachments: [],
    automated: headers.has('auto-submitted') && !/^no$/i.test(headers.get('auto-submitted') ?? ''),
    complete: false,
  };
}

/** Reads a raw RFC 5322 message. Never throws: an unreadable one gives what its raw headers say. */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  try {
    return fromMailparser(await simpleParser(raw, PARSER_OPTIONS));
  } catch {
    // The body may be what breaks the parser: the headers alone get decoded (encoded words, charsets).
    try {
      const headerEnd = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
      const fallback = fromRawHeaders(raw);
      if (headerEnd < 0) return fallback;
      const headersOnly = fromMailparser(
        await simpleParser(
          Buffer.concat([raw.subarray(0, headerEnd), Buffer.from('\r\n\r\n')]),
          PARSER_OPTIONS,
        ),
      );
      return { ...headersOnly, text: fallback.text, complete: false };
    } catch {
      return fromRawHeaders(raw);
    }
  }
}
