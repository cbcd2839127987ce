import type { EmailAddress } from '@trato/contracts/mail';
import type { Email, EmailSummary } from './emails.api';

/** "Ana López <ana@example.com>", or the bare address when there is no name. */
export const formatAddress = (a: EmailAddress) =>
  a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address;

/** Names where there are names ("Ana López, info@acme.es"), for one line. */
export const shortAddresses = (list: EmailAddress[]) => list.map((a) => a.name || a.address).join(', ');

/** "Re: Presupuesto", without piling up "Re: Re:" (nor the Spanish "RE:", "Fwd:" kept as it is). */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  return /^(re|aw|rv|sv)\s*:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** Who a reply goes to: the sender of a received mail; the recipients of one we sent. */
export const replyRecipients = (email: Pick<EmailSummary, 'direction' | 'from' | 'to'>): string[] =>
  email.direction === 'in' ? [email.from.address] : email.to.map((a) => a.address);

/** The records a reply is filed under: the first link of the mail it answers. */
export function replyLinks(email: Pick<Email, 'links'>) {
  const link = email.links[0];
  return {
    entityId: link?.entity.id,
    contactId: link?.contact?.id ?? undefined,
    caseId: link?.case?.id ?? undefined,
  };
}

/** The instant that matters for a mail: when it was received or sent, else when it was written. */
export const emailTime = (email: Pick<EmailSummary, 'received_at' | 'sent_at' | 'created_at'>) =>
  email.received_at ?? email.sent_at ?? email.created_at;

/** Quotes a mail's text under a reply, as mail clients do ("> "). */
export function quoted(email: Pick<Email, 'text_body' | 'from'>, intro: string): string {
  const body = email.text_body.trim();
  if (!body) return '';
  const lines = body.split(/\r?\n/).map((line) => `> ${line}`);
  return `\n\n${intro}\n${lines.join('\n')}`;
}
