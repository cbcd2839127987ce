import type { Locale } from '@trato/contracts/common';
import type {
  CaseFromEmailRequest,
  FiledEmail,
  FileEmailRequest,
  LeadFromEmailRequest,
  LeadSuggestion,
} from '@trato/contracts/mail';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n.ts';
import { assertCan, ownerScope } from '../../platform/permissions.ts';
import { insertCaseIn, linkableCase } from '../cases/cases.service.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { ownAddresses } from '../mailboxes/match-records.ts';
import { createLeadFromSender, leadAddress, suggestLead } from '../mailboxes/unknown-sender.ts';
import type { EmailRow } from './emails.mapper.ts';
import { getEmail, requireVisibleEmail, visibleEmails } from './emails.service.ts';

// Filing a mail by hand: what a salesperson does with the mail no rule caught. Under a record the caller
// sees (POST /emails/{id}/links), under a new lead made from its sender (…/lead), or under a new case opened
// from it (…/case); the whole conversation with it unless told otherwise. Each is one transaction: the
// email_links rows (never twice the same), the mail's own entity/contact/case filled when empty, and an
// 'email.linked' event on the mail — every record it is filed under shows it on its timeline.

const MAX_THREAD = 1000;
const DESCRIPTION_CHARS = 4000;

export interface FileTarget {
  entity_id: string;
  contact_id: string | null;
  case_id: string | null;
}

const invalid = (field: string, code: string) =>
  new AppError('validation_failed', { issues: [{ field, code }] });

/** The mail, and with `thread` the other mails of its conversation the caller can see (oldest first). */
async function mailsToFile(trx: Executor, auth: AuthContext, row: EmailRow, thread: boolean) {
  if (!thread) return [row.id];
  let query = trx
    .selectFrom('emails')
    .select('emails.id')
    .where('emails.thread_id', '=', row.thread_id)
    .orderBy('emails.id')
    .limit(MAX_THREAD);
  const scope = visibleEmails(auth);
  if (scope) query = query.where(scope);
  const ids = (await query.execute()).map((r) => r.id);
  return ids.includes(row.id) ? ids : [row.id, ...ids];
}

/**
 * Files the mails under the target in the caller's transaction: a link that already covers it is kept, one
 * that only lacks the contact or case is completed, otherwise a new link is added. The mail's own entity,
 * contact and case (which replies and templates follow) are filled when empty. Answers how many mails changed.
 */
export async function fileEmailsIn(trx: Executor, emailIds: string[], target: FileTarget): Promise<number> {
  if (emailIds.length === 0) return 0;
  const existing = await trx
    .selectFrom('email_links')
    .select(['email_id', 'entity_id', 'contact_id', 'case_id'])
    .where('email_id', 'in', emailIds)
    .where('entity_id', '=', target.entity_id)
    .execute();
  const fits = (have: string | null, want: string | null) => want === null || have === want;
  const fillable = (have: string | null, want: string | null) => have === null || have === want;
  let changed = 0;
  for (const emailId of emailIds) {
    const links = existing.filter((l) => l.email_id === emailId);
    if (links.some((l) => fits(l.contact_id, target.contact_id) && fits(l.case_id, target.case_id))) continue;
    const partial = links.find(
      (l) => fillable(l.contact_id, target.contact_id) && fillable(l.case_id, target.case_id),
    );
    if (partial) {
      let update = trx
        .updateTable('email_links')
        .set({
          contact_id: partial.contact_id ?? target.contact_id,
          case_id: partial.case_id ?? target.case_id,
        })
        .where('email_id', '=', emailId)
        .where('entity_id', '=', target.entity_id);
      update = partial.contact_id
        ? update.where('contact_id', '=', partial.contact_id)
        : update.where('contact_id', 'is', null);
      update = partial.case_id
        ? update.where('case_id', '=', partial.case_id)
        : update.where('case_id', 'is', null);
      await update.execute();
    } else {
      await trx
        .insertInto('email_links')
        .values({ email_id: emailId, ...target })
        .execute();
    }
    changed++;
  }
  // The mail's own records: an unfiled mail takes the target's; one on this entity gains its missing contact;
  // any mail without a case takes the target's (so replies land on it).
  await trx
    .updateTable('emails')
    .set({
      contact_id: sql`case when entity_id is null or entity_id = ${target.entity_id}::uuid
        then coalesce(contact_id, ${target.contact_id}::uuid) else contact_id end`,
      entity_id: sql`coalesce(entity_id, ${target.entity_id}::uuid)`,
      case_id: sql`coalesce(case_id, ${target.case_id}::uuid)`,
      updated_at: new Date(),
    })
    .where('id', 'in', emailIds)
    .execute();
  return changed;
}

/** The record a mail is filed under, checked: each one visible and live, the contact and case of the entity. */
async function resolveTarget(
  trx: Executor,
  auth: AuthContext,
  input: {
    entity_id?: string | undefined;
    contact_id?: string | null | undefined;
    case_id?: string | null | undefined;
  },
): Promise<FileTarget> {
  let entityId = input.entity_id ?? null;
  if (input.case_id) {
    const found = await linkableCase(trx, auth, input.case_id);
    if (!found) throw invalid('case_id', 'unknown_case');
    if (entityId && found.entity_id !== entityId) throw invalid('case_id', 'case_of_other_entity');
    entityId = found.entity_id;
  }
  if (input.contact_id) {
    const contact = await requireVisibleContact(trx, auth, input.contact_id).catch(() => null);
    if (!contact) throw invalid('contact_id', 'unknown_contact');
    if (entityId && contact.entity_id !== entityId) throw invalid('contact_id', 'contact_entity_mismatch');
    entityId = contact.entity_id;
  }
  if (!entityId) throw invalid('entity_id', 'record_required');
  const entity = await requireVisibleEntity(trx, auth, entityId).catch(() => null);
  if (!entity) throw invalid('entity_id', 'unknown_entity');
  return { entity_id: entityId, contact_id: input.contact_id ?? null, case_id: input.case_id ?? null };
}

async function recordFiled(
  trx: Executor,
  auth: AuthContext,
  row: EmailRow,
  target: FileTarget,
  filed: number,
  extra: Record<string, unknown> = {},
) {
  await recordEvent(trx, {
    type: 'email.linked',
    object: 'email',
    objectId: row.id,
    entityId: target.entity_id,
    actorId: auth.userId,
    changes: {
      summary: row.subject,
      entity_id: target.entity_id,
      contact_id: target.contact_id,
      case_id: target.case_id,
      emails: filed,
      ...extra,
    },
  });
}

async function answer(
  db: Database,
  auth: AuthContext,
  id: string,
  target: FileTarget,
  filed: number,
  caseNumber: string | null,
  locale?: Locale,
): Promise<FiledEmail> {
  return {
    email: await getEmail(db, auth, id, locale),
    filed,
    entity_id: target.entity_id,
    contact_id: target.contact_id,
    case: target.case_id ? { id: target.case_id, number: caseNumber ?? '' } : null,
  };
}

/** POST /emails/{id}/links: files the mail (and its thread, with `thread`) under a record the caller sees. */
export async function fileEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  input: FileEmailRequest,
  locale?: Locale,
): Promise<FiledEmail> {
  const { target, filed } = await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    const target = await resolveTarget(trx, auth, input);
    const filed = await fileEmailsIn(trx, await mailsToFile(trx, auth, row, input.thread ?? false), target);
    if (filed > 0) await recordFiled(trx, auth, row, target, filed);
    return { target, filed };
  });
  return answer(db, auth, id, target, filed, null, locale);
}

/**
 * DELETE /emails/{id}/links/{entityId}: the mail (and its thread, with `thread`) no longer filed under that
 * entity, nor its contacts and cases; the mail's own records move to another link it keeps, or none.
 */
export async function unfileEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  entityId: string,
  thread: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    await requireVisibleEntity(trx, auth, entityId, { includeDeleted: true });
    const ids = await mailsToFile(trx, auth, row, thread);
    const removed = await trx
      .deleteFrom('email_links')
      .where('email_id', 'in', ids)
      .where('entity_id', '=', entityId)
      .returning(['email_id', 'case_id'])
      .execute();
    if (removed.length === 0) return;
    const touched = [...new Set(removed.map((r) => r.email_id))];
    const removedCases = new Set(removed.flatMap((r) => (r.case_id ? [r.case_id] : [])));
    const [mails, kept] = await Promise.all([
      trx
        .selectFrom('emails')
        .select(['id', 'entity_id', 'contact_id', 'case_id'])
        .where('id', 'in', touched)
        .execute(),
      trx
        .selectFrom('email_links')
        .select(['email_id', 'entity_id', 'contact_id', 'case_id'])
        .where('email_id', 'in', touched)
        .execute(),
    ]);
    for (const mail of mails) {
      const links = kept.filter((l) => l.email_id === mail.id);
      const entityGone = mail.entity_id === entityId;
      const caseGone = mail.case_id !== null && removedCases.has(mail.case_id);
      if (!entityGone && !caseGone) continue;
      const next = links[0];
      await trx
        .updateTable('emails')
        .set({
          ...(entityGone && { entity_id: next?.entity_id ?? null, contact_id: next?.contact_id ?? null }),
          ...(caseGone && { case_id: links.find((l) => l.case_id)?.case_id ?? null }),
          updated_at: new Date(),
        })
        .where('id', '=', mail.id)
        .execute();
    }
    await recordEvent(trx, {
      type: 'email.unlinked',
      object: 'email',
      objectId: id,
      entityId,
      actorId: auth.userId,
      changes: { summary: row.subject, entity_id: entityId, emails: touched.length },
    });
  });
}

/** The sender of a received mail, when it can become a lead: a valid address that is not one of ours. */
async function leadSender(trx: Executor, row: EmailRow) {
  const sender = { name: row.from_name, address: row.from_address };
  const address = row.direction === 'in' ? leadAddress(sender, await ownAddresses(trx)) : null;
  if (!address) throw invalid('from', 'sender_unusable');
  return { sender, address };
}

/** GET /emails/{id}/lead: the lead its sender suggests, and the contacts the caller sees with that address. */
export async function leadSuggestion(db: Database, auth: AuthContext, id: string): Promise<LeadSuggestion> {
  const row = await requireVisibleEmail(db, auth, id);
  const { sender, address } = await leadSender(db, row);
  let known = db
    .selectFrom('contacts as c')
    .innerJoin('entities as e', 'e.id', 'c.entity_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'e.id as entity_id', 'e.name as entity_name'])
    .where(sql<boolean>`c.emails && ${[address]}::text[]`)
    .where('c.deleted_at', 'is', null)
    .where('e.deleted_at', 'is', null)
    .orderBy('c.id')
    .limit(20);
  const scope = ownerScope(auth, 'entities', 'e.owner_id');
  if (scope) known = known.where(scope);
  const suggested = suggestLead(sender, address);
  return {
    ...suggested,
    email: address,
    known_contacts: (await known.execute()).map((c) => ({
      id: c.id,
      name: [c.first_name, c.last_name].filter(Boolean).join(' ').slice(0, 300),
      entity: { id: c.entity_id, name: c.entity_name },
    })),
  };
}

/**
 * POST /emails/{id}/lead: a lead entity and its contact from the sender (the service the mailboxes' unknown-
 * sender rule uses, acting as the caller, who owns them), and the mail and its thread filed under them.
 */
export async function leadFromEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  input: LeadFromEmailRequest,
  locale?: Locale,
): Promise<FiledEmail> {
  assertCan(auth, 'entities', 'create');
  assertCan(auth, 'contacts', 'create');
  const { target, filed } = await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    const { sender, address } = await leadSender(trx, row);
    const lead = await createLeadFromSender(trx, sender, address, auth.userId, {
      actor: auth,
      kind: input.kind,
      ...(input.name && { name: input.name }),
      ...(input.contact && {
        contact: { first_name: input.contact.first_name, last_name: input.contact.last_name ?? null },
      }),
    });
    const target = { entity_id: lead.entityId, contact_id: lead.contactId, case_id: null };
    const filed = await fileEmailsIn(trx, await mailsToFile(trx, auth, row, input.thread ?? true), target);
    await recordFiled(trx, auth, row, target, filed, { lead_created: true });
    return { target, filed };
  });
  return answer(db, auth, id, target, filed, null, locale);
}

/** "RE: RV: Fwd: Avería" → "Avería": a case is about the matter, not the reply. */
export const caseTitleOf = (subject: string) =>
  subject.replace(/^(\s*(re|rv|fw|fwd|tr|aw|wg|enc|resp)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();

/**
 * POST /emails/{id}/case: a case of the chosen type on the given entity (else the one the mail is filed
 * under), its title the subject and its description the start of the text, through the cases service; the
 * mail and its thread filed under it.
 */
export async function caseFromEmail(
  db: Database,
  auth: AuthContext,
  id: string,
  input: CaseFromEmailRequest,
  locale?: Locale,
): Promise<FiledEmail> {
  assertCan(auth, 'cases', 'create');
  const { target, filed, number } = await db.transaction().execute(async (trx) => {
    const row = await requireVisibleEmail(trx, auth, id);
    const links = await trx
      .selectFrom('email_links')
      .select(['entity_id', 'contact_id'])
      .where('email_id', '=', row.id)
      .execute();
    const entityId = input.entity_id ?? row.entity_id ?? links[0]?.entity_id ?? null;
    if (!entityId) throw invalid('entity_id', 'required');
    const contactId =
      input.contact_id !== undefined
        ? input.contact_id
        : ((row.entity_id === entityId ? row.contact_id : null) ??
          links.find((l) => l.entity_id === entityId && l.contact_id)?.contact_id ??
          null);
    const title =
      input.title ??
      (caseTitleOf(row.subject) ||
        row.subject.trim() ||
        translator(locale ?? auth.locale ?? DEFAULT_LOCALE)('mail.inbound.no_subject'));
    const opened = await insertCaseIn(trx, auth, {
      type_id: input.type_id,
      title: title.slice(0, 300),
      entity_id: entityId,
      contact_id: contactId,
      ...(input.owner_id !== undefined && { owner_id: input.owner_id }),
      priority: input.priority ?? 'normal',
      description: row.text_body.trim().slice(0, DESCRIPTION_CHARS) || null,
    });
    const target = { entity_id: entityId, contact_id: contactId, case_id: opened.id };
    const filed = await fileEmailsIn(trx, await mailsToFile(trx, auth, row, input.thread ?? true), target);
    await recordFiled(trx, auth, row, target, filed, { case_number: opened.number });
    return { target, filed, number: opened.number };
  });
  return answer(db, auth, id, target, filed, number, locale);
}
