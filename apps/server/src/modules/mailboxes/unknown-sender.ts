import { validateEmail } from '@trato/contracts/validation/email';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { checkUrl } from '../../platform/validate.ts';
import { createContactIn } from '../contacts/contacts.service.ts';
import { insertNewEntity } from '../entities/entities.service.ts';
import { activeKeys } from '../pick-lists/pick-lists.service.ts';
import { mailboxActor } from './mailbox-actor.ts';
import type { MessageAddress } from './parse-message.ts';

// A mail from an address no contact or entity has, on a mailbox set to create leads: a lead entity and its
// contact, written through the entities and contacts services (same checks, same events as the API). A sender
// at a company domain makes a company named after the domain; at a free-mail provider, a person.

const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.es',
  'hotmail.fr',
  'hotmail.it',
  'hotmail.co.uk',
  'outlook.com',
  'outlook.es',
  'live.com',
  'live.es',
  'msn.com',
  'yahoo.com',
  'yahoo.es',
  'yahoo.fr',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'gmx.com',
  'gmx.es',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'tutanota.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'mail.com',
  'fastmail.com',
  'hey.com',
  'telefonica.net',
  'movistar.es',
  'terra.es',
  'orange.es',
  'orange.fr',
  'wanadoo.es',
  'wanadoo.fr',
  'free.fr',
  'libero.it',
  'qq.com',
  '163.com',
]);

export const isFreeMailDomain = (domain: string): boolean => FREE_MAIL.has(domain.toLowerCase());

const capitalise = (word: string) => (word ? word[0]!.toLocaleUpperCase('es') + word.slice(1) : word);

/** "ventas.talleres-ebro.es" → "Talleres Ebro": the registrable label, words capitalised. */
export function companyNameFromDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.').filter(Boolean);
  // The label before the public suffix: two-letter second levels (co.uk, com.es) count as suffix too.
  const suffixLength =
    labels.length >= 3 && /^(co|com|org|net|gob|gov|edu|ac)$/.test(labels[labels.length - 2]!) ? 2 : 1;
  const label = labels[labels.length - 1 - suffixLength] ?? labels[0] ?? domain;
  return label.split(/[-_]+/).filter(Boolean).map(capitalise).join(' ') || domain;
}

/** A person's name from the display name, else from the address ("joan.puig@x" → "Joan Puig"). */
export function personName(sender: MessageAddress): { first: string; last: string | null; full: string } {
  const display = sender.name
    .replace(/["'<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const usable = display && !display.includes('@') ? display : '';
  const fromLocal = (sender.address.split('@')[0] ?? '')
    .replace(/\+.*$/, '')
    .split(/[._-]+/)
    .filter((w) => w && !/^\d+$/.test(w))
    .map(capitalise)
    .join(' ');
  const full = (usable || fromLocal || sender.address).slice(0, 200);
  // "Puig, Joan" is written surname first.
  const comma = full.indexOf(',');
  if (comma > 0) {
    const last = full.slice(0, comma).trim();
    const first = full.slice(comma + 1).trim();
    if (first && last)
      return { first: first.slice(0, 120), last: last.slice(0, 200), full: `${first} ${last}` };
  }
  const space = full.indexOf(' ');
  if (space < 0) return { first: full.slice(0, 120), last: null, full };
  return { first: full.slice(0, space).slice(0, 120), last: full.slice(space + 1).slice(0, 200), full };
}

/** Can this sender become a lead? A valid address that is not ours. */
export function leadAddress(sender: MessageAddress | null, own: Set<string>): string | null {
  if (!sender) return null;
  const result = validateEmail(sender.address);
  if (!result.ok) return null;
  const address = result.value.toLowerCase();
  return own.has(address) ? null : address;
}

/** What a user filing a mail by hand changes from what the sender suggests (see `suggestLead`). */
export interface LeadChoices {
  /** Who creates it: a user (the mail's "Crear potencial"); default the mailbox. */
  actor?: AuthContext;
  kind?: 'company' | 'person';
  name?: string;
  contact?: { first_name: string; last_name: string | null };
}

/** The lead a sender suggests: a company named after a company domain, a person at a free-mail provider. */
export function suggestLead(sender: MessageAddress, address: string) {
  const domain = address.split('@')[1] ?? '';
  const person = personName({ name: sender.name, address });
  const kind: 'company' | 'person' = isFreeMailDomain(domain) ? 'person' : 'company';
  return {
    kind,
    name: kind === 'person' ? person.full : companyNameFromDomain(domain).slice(0, 200),
    contact: { first_name: person.first, last_name: person.last },
  };
}

/**
 * Creates the lead entity (role 'lead', source 'email' when that option exists) and its contact, owned by the
 * mailbox's user for a personal mailbox and unassigned for a shared one (or as `choices` say). Returns their ids.
 */
export async function createLeadFromSender(
  trx: Executor,
  sender: MessageAddress,
  address: string,
  ownerId: string | null,
  choices: LeadChoices = {},
): Promise<{ entityId: string; contactId: string }> {
  const auth = choices.actor ?? mailboxActor(ownerId);
  const domain = address.split('@')[1] ?? '';
  const suggested = suggestLead(sender, address);
  const kind = choices.kind ?? suggested.kind;
  const lists = await activeKeys(trx);
  const common = {
    roles: lists.get('entity_roles')?.has('lead') ? ['lead'] : [],
    owner_id: ownerId,
    ...(lists.get('source')?.has('email') && { source: 'email' }),
  };
  const entityId = newId();
  if (kind === 'person') {
    await insertNewEntity(trx, auth, entityId, {
      ...common,
      kind: 'person',
      name:
        choices.name ??
        (choices.contact
          ? [choices.contact.first_name, choices.contact.last_name].filter(Boolean).join(' ')
          : personName({ name: sender.name, address }).full),
      emails: [address],
    });
  } else {
    const web = isFreeMailDomain(domain) ? null : checkUrl(domain, 'web', new IssueCollector());
    await insertNewEntity(trx, auth, entityId, {
      ...common,
      kind: 'company',
      name: choices.name ?? companyNameFromDomain(domain).slice(0, 200),
      ...(web && { web }),
    });
  }
  const contact = choices.contact ?? suggested.contact;
  const contactId = newId();
  await createContactIn(trx, auth, contactId, {
    entity_id: entityId,
    first_name: contact.first_name,
    last_name: contact.last_name,
    emails: [address],
  });
  return { entityId, contactId };
}
