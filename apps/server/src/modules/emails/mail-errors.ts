import type { Locale } from '@trato/contracts/common';
import { translator } from '../../platform/i18n.ts';
import { describeMailError } from '../mail-accounts/mail-transport.ts';

// What emails.last_error holds. The worker's own conditions are stored as a stable code (`mail_error.timeout`,
// optionally followed by a space and JSON parameters: `mail_error.timeout {"detail":"ETIMEDOUT: …"}`), which the
// API puts into the reader's language (es/ca/en, keys mail_error.* in the contracts' catalogues). What an SMTP
// server answered (a 4xx/5xx reply) is stored as the server said it, and shown as it is: it is the server's
// wording, the one its admin can look up. Rows written before codes (plain text) are shown as they are too.
// The IMAP poller stores mailbox_state.last_error the same way (codes message_skipped, imap_*).

export const MAIL_ERROR_CODES = [
  'no_smtp',
  'account_unusable',
  'cannot_decrypt',
  'timeout',
  'connection_refused',
  'host_not_found',
  'connection_failed',
  'tls_failed',
  'auth_failed',
  'send_failed',
  'recipients_refused',
  // Receiving (mailbox_state.last_error, written by the IMAP poller).
  'message_skipped',
  'imap_auth_failed',
  'imap_timeout',
  'imap_connection_refused',
  'imap_host_not_found',
  'imap_tls_failed',
  'imap_connection_failed',
  'imap_folder_not_found',
  'imap_failed',
] as const;
export type MailErrorCode = (typeof MAIL_ERROR_CODES)[number];

const PREFIX = 'mail_error.';
const MAX = 2000;
const STORED = /^mail_error\.([a-z_]+)(?: (\{[\s\S]*\}))?$/;

/** The stored form of one of the worker's own conditions: the code, and its parameters when it has any. */
export function mailErrorCode(code: MailErrorCode, params?: Record<string, string>): string {
  if (!params || Object.keys(params).length === 0) return `${PREFIX}${code}`;
  // Long details are cut before encoding, so the stored value stays valid JSON within the column's limit.
  const cut = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.slice(0, 600)]));
  return `${PREFIX}${code} ${JSON.stringify(cut)}`;
}

/**
 * A failed SMTP conversation → what is stored: the server's own reply when it answered (4xx/5xx), else the code
 * of what went wrong on the way (no answer in time, refused connection, unknown host, TLS, …) with the technical
 * detail (nodemailer's code and message) as a parameter.
 */
export function sendErrorOf(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const detail = describeMailError(error);
  if (typeof e.responseCode === 'number') return detail.slice(0, MAX);
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.code === 'ETIMEDOUT' || /\btimed? ?out\b/i.test(message)) return mailErrorCode('timeout', { detail });
  if (/ECONNREFUSED/.test(message) || e.code === 'ECONNREFUSED')
    return mailErrorCode('connection_refused', { detail });
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(message))
    return mailErrorCode('host_not_found', { detail });
  if (e.code === 'ETLS') return mailErrorCode('tls_failed', { detail });
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') return mailErrorCode('auth_failed', { detail });
  if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || /ECONNRESET|EPIPE/.test(message))
    return mailErrorCode('connection_failed', { detail });
  return mailErrorCode('send_failed', { detail });
}

/** The stored last_error in the reader's language; text that is not one of the codes comes back as it is. */
export function localizeMailError(stored: string | null, locale: Locale): string | null {
  if (stored === null) return null;
  const match = STORED.exec(stored);
  if (!match || !(MAIL_ERROR_CODES as readonly string[]).includes(match[1] as string))
    return stored.slice(0, MAX);
  let params: Record<string, unknown> = { detail: '', recipients: '' };
  if (match[2]) {
    try {
      const parsed = JSON.parse(match[2]);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = { ...params, ...parsed };
    } catch {
      // Parameters that do not parse are shown as they are: nothing stored is hidden from the reader.
      params.detail = match[2];
    }
  }
  const text = translator(locale)(`${PREFIX}${match[1]}`, {
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    defaultValue: stored,
  });
  return String(text).slice(0, MAX);
}
