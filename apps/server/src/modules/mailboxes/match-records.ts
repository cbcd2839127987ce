import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/events.ts';
import { normalizeMessageId } from './parse-message.ts';

// Which records a received mail belongs to: the thread it answers (by Message-ID), a case named in its subject
// ("[REC-2026-00003]"), and the contacts and entities whose addresses appear in From, To and Cc. Every lookup
// goes through an index: emails.message_id (unique), cases.number (unique), and the GIN indexes on
// contacts.emails / entities.emails (addresses are stored lower case, so `emails && array[...]` matches).

export interface RecordLink {
  entity_id: string;
  contact_id: string | null;
  case_id: string | null;
}

export interface ThreadMatch {
  threadId: string;
  /** The live case the thread belongs to (its latest mail with a case), if any. */
  caseId: string | null;
  /** Every record the earlier mails of the thread were linked to. */
  links: RecordLink[];
}

export interface CaseRef {
  id: string;
  entity_id: string;
  contact_id: string | null;
  number: string;
}

/**
 * The thread of the mail this one answers: the one In-Reply-To names, else the newest of References we have
 * (References lists the conversation oldest first).
 */
export async function findThread(
  trx: Executor,
  inReplyTo: string | null,
  references: string[],
): Promise<ThreadMatch | null> {
  const referenced = [...new Set([...(inReplyTo ? [inReplyTo] : []), ...references])];
  if (referenced.length === 0) return null;
  // Stored ids are `<id@host>`; the bare form is looked up too, in case a writer stored it without brackets.
  const bare = referenced.map((id) => id.slice(1, -1));
  const rows = await trx
    .selectFrom('emails')
    .select(['thread_id', 'message_id'])
    .where('message_id', 'in', [...referenced, ...bare])
    .execute();
  if (rows.length === 0) return null;
  const rank = (stored: string) => {
    const id = normalizeMessageId(stored) ?? stored;
    return id === inReplyTo ? Number.MAX_SAFE_INTEGER : references.indexOf(id);
  };
  const best = rows.reduce((a, b) => (rank(b.message_id) > rank(a.message_id) ? b : a));
  const threadId = best.thread_id;
  const [caseRow, links] = await Promise.all([
    trx
      .selectFrom('emails')
      .innerJoin('cases', 'cases.id', 'emails.case_id')
      .select('cases.id')
      .where('emails.thread_id', '=', threadId)
      .where('cases.deleted_at', 'is', null)
      .orderBy('emails.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom('email_links')
      .innerJoin('emails', 'emails.id', 'email_links.email_id')
      .innerJoin('entities', 'entities.id', 'email_links.entity_id')
      .select(['email_links.entity_id', 'email_links.contact_id', 'email_links.case_id'])
      .distinct()
      .where('emails.thread_id', '=', threadId)
      .where('entities.deleted_at', 'is', null)
      .limit(100)
      .execute(),
  ]);
  return { threadId, caseId: caseRow?.id ?? null, links };
}

const CASE_TOKEN = /\[([A-Z][A-Z0-9]{0,15}-\d{4}-\d{3,})\]/gi;

/** Case numbers written in a subject as [PREFIX-YYYY-NNNNN]. */
export function caseNumbersIn(subject: string): string[] {
  return [...new Set([...subject.matchAll(CASE_TOKEN)].map((m) => (m[1] ?? '').toUpperCase()))];
}

/** The first live case whose number appears in the subject. */
export async function findCaseBySubject(trx: Executor, subject: string): Promise<CaseRef | null> {
  const numbers = caseNumbersIn(subject).slice(0, 5);
  if (numbers.length === 0) return null;
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'entity_id', 'contact_id', 'number'])
    .where('number', 'in', numbers)
    .where('deleted_at', 'is', null)
    .execute();
  return numbers.map((n) => rows.find((r) => r.number === n)).find((r) => r !== undefined) ?? null;
}

export async function findCase(trx: Executor, id: string): Promise<CaseRef | null> {
  return (
    (await trx
      .selectFrom('cases')
      .select(['id', 'entity_id', 'contact_id', 'number'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

/** The latest thread a case's mails belong to, so a mail naming the case joins the conversation. */
export async function latestThreadOfCase(trx: Executor, caseId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('emails')
    .select('thread_id')
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.thread_id ?? null;
}

export interface AddressMatches {
  contacts: { id: string; entity_id: string; emails: string[] }[];
  entities: { id: string; emails: string[] }[];
}

/** Live contacts (of live entities) and live entities having one of these lower-case addresses. */
export async function matchAddresses(trx: Executor, addresses: string[]): Promise<AddressMatches> {
  if (addresses.length === 0) return { contacts: [], entities: [] };
  const overlap = (column: string) => sql<SqlBool>`${sql.ref(column)} && ${addresses}::text[]`;
  const [contacts, entities] = await Promise.all([
    trx
      .selectFrom('contacts')
      .innerJoin('entities', 'entities.id', 'contacts.entity_id')
      .select(['contacts.id', 'contacts.entity_id', 'contacts.emails'])
      .where(overlap('contacts.emails'))
      .where('contacts.deleted_at', 'is', null)
      .where('entities.deleted_at', 'is', null)
      .orderBy('contacts.id')
      .limit(200)
      .execute(),
    trx
      .selectFrom('entities')
      .select(['id', 'emails'])
      .where(overlap('entities.emails'))
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(200)
      .execute(),
  ]);
  return { contacts, entities };
}

/** Addresses that are ours (every mail account, and Trato's users): never matched, never a lead. */
export async function ownAddresses(trx: Executor): Promise<Set<string>> {
  const [accounts, users] = await Promise.all([
    trx
      .selectFrom('mail_accounts')
      .select(sql<string>`lower(address)`.as('address'))
      .where('deleted_at', 'is', null)
      .execute(),
    trx.selectFrom('users').select(sql<string>`lower(email)`.as('address')).execute(),
  ]);
  return new Set([...accounts, ...users].map((r) => r.address));
}
