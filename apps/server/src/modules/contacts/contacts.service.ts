import type { Contact, VcardImportResult } from '@trato/contracts/contacts';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { ContactRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { escapeLike, parseListQuery } from '../../platform/list-query.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { checkEmails, checkPhones } from '../../platform/validate.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { customFieldMap, listFields, validateCustomValues } from '../fields/fields.service.ts';
import { liveUserIds } from '../users/users.service.ts';
import {
  CONTACT_FIELDS,
  CONTACT_WRITABLE,
  contactSearchText,
  fullName,
  toContact,
} from './contacts.mapper.ts';
import * as repo from './contacts.repository.ts';
import { decodeVcardBytes, parseVcards, serializeVcard } from './vcard.ts';

export type ContactInput = Partial<{
  entity_id: string;
  first_name: string;
  last_name: string | null;
  job_title: string | null;
  department: string | null;
  emails: string[];
  phones: string[];
  is_primary: boolean;
  birthday: string | null;
  language: 'es' | 'ca' | 'en' | null;
  custom: Record<string, unknown>;
}>;

export async function requireVisibleContact(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
) {
  const row = await repo.findVisibleContact(db, auth, id, options);
  if (!row) throw notFound();
  return row;
}

export async function getContact(db: Executor, auth: AuthContext, id: string): Promise<Contact> {
  return toContact(await requireVisibleContact(db, auth, id, { includeDeleted: true }));
}

export async function listContacts(db: Database, auth: AuthContext, query: Record<string, unknown>) {
  const fields = { ...CONTACT_FIELDS, ...customFieldMap(await listFields(db, 'contact'), 'contacts.custom') };
  const list = parseListQuery(query, fields, { sort: 'name', idExpr: sql.ref('contacts.id') });
  const q = typeof query.q === 'string' ? normalizeSearchText(query.q) : '';
  const extra = q ? [sql<boolean>`contacts.search_text like ${`%${escapeLike(q)}%`}`] : [];
  const page = await repo.listContacts(db, auth, list, extra);
  return {
    data: page.rows.map(toContact),
    next_cursor: page.nextCursor,
    ...(page.total !== undefined && { total: page.total }),
  };
}

/** Checks a contact write against the current row (null on create) and returns the columns to set. */
async function resolveContactValues(
  trx: Executor,
  auth: AuthContext,
  input: ContactInput,
  current: ContactRow | null,
) {
  const issues = new IssueCollector();
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input))
    if (value !== undefined && key !== 'custom') values[key] = value;
  if (input.emails) values.emails = checkEmails(input.emails, 'emails', issues);
  if (input.phones) values.phones = checkPhones(input.phones, 'phones', issues);
  if (input.entity_id && input.entity_id !== current?.entity_id) {
    const entity = await requireVisibleEntity(trx, auth, input.entity_id).catch(() => null);
    if (!entity) issues.add('entity_id', 'unknown_entity');
  }
  if (input.custom !== undefined || !current) {
    const [definitions, userIds] = await Promise.all([listFields(trx, 'contact'), liveUserIds(trx)]);
    values.custom = validateCustomValues(definitions, input.custom, current?.custom ?? {}, issues, userIds);
  }
  issues.throwIfAny();
  const merged = { ...current, ...values } as ContactRow;
  values.name_key = normalizeSearchText(fullName(merged));
  values.search_text = contactSearchText(merged);
  return values;
}

export async function createContact(
  db: Database,
  auth: AuthContext,
  input: ContactInput & { entity_id: string; first_name: string },
) {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await createContactIn(trx, auth, id, input);
  });
  return getContact(db, auth, id);
}

export async function createContactIn(
  trx: Executor,
  auth: AuthContext,
  id: string,
  input: ContactInput & { entity_id: string; first_name: string },
) {
  const values = await resolveContactValues(trx, auth, input, null);
  // The first contact of an entity is its primary one unless told otherwise.
  const isPrimary = input.is_primary ?? !(await repo.hasLiveContacts(trx, input.entity_id));
  if (isPrimary) await repo.clearPrimary(trx, input.entity_id, id);
  await trx
    .insertInto('contacts')
    .values({
      id,
      ...(values as { entity_id: string; first_name: string; name_key: string; search_text: string }),
      is_primary: isPrimary,
      custom: JSON.stringify(values.custom ?? {}),
      created_by: auth.userId,
      updated_by: auth.userId,
    })
    .execute();
  await recordEvent(trx, {
    type: 'contact.created',
    object: 'contact',
    objectId: id,
    entityId: input.entity_id,
    actorId: auth.userId,
    changes: {
      ...diffChanges({}, { ...values, is_primary: isPrimary }, CONTACT_WRITABLE),
      name: [null, fullName(values as ContactRow)],
    },
  });
}

export async function updateContact(
  db: Database,
  auth: AuthContext,
  id: string,
  input: ContactInput & { version: number },
) {
  const { version, ...patch } = input;
  await inTransaction(db, async (trx) => {
    const current = await requireVisibleContact(trx, auth, id, { forUpdate: true });
    if (current.version !== version) throw versionConflict(current.version);
    const values = await resolveContactValues(trx, auth, patch, current);
    const entityId = (values.entity_id as string | undefined) ?? current.entity_id;
    if (values.is_primary === true) await repo.clearPrimary(trx, entityId, id);
    if (values.entity_id && values.entity_id !== current.entity_id && values.is_primary === undefined)
      values.is_primary = false;
    const changes = diffChanges(current, values, CONTACT_WRITABLE);
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('contacts')
      .set({
        ...values,
        ...(values.custom !== undefined && { custom: JSON.stringify(values.custom) }),
        version: current.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'contact.updated',
      object: 'contact',
      objectId: id,
      entityId,
      actorId: auth.userId,
      changes: { ...changes, name: [fullName(current), fullName({ ...current, ...values } as ContactRow)] },
    });
  });
  return getContact(db, auth, id);
}

export async function deleteContact(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireVisibleContact(trx, auth, id, { forUpdate: true });
    await trx
      .updateTable('contacts')
      .set({
        deleted_at: new Date(),
        is_primary: false,
        version: current.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'contact.deleted',
      object: 'contact',
      objectId: id,
      entityId: current.entity_id,
      actorId: auth.userId,
      changes: { name: [fullName(current), null] },
    });
  });
}

export async function restoreContact(db: Database, auth: AuthContext, id: string): Promise<Contact> {
  await db.transaction().execute(async (trx) => {
    const current = await requireVisibleContact(trx, auth, id, { forUpdate: true, includeDeleted: true });
    if (!current.deleted_at) return;
    await trx
      .updateTable('contacts')
      .set({
        deleted_at: null,
        version: current.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'contact.restored',
      object: 'contact',
      objectId: id,
      entityId: current.entity_id,
      actorId: auth.userId,
      changes: { name: [null, fullName(current)] },
    });
  });
  return getContact(db, auth, id);
}

export async function contactVcard(
  db: Database,
  auth: AuthContext,
  id: string,
): Promise<{ name: string; body: string }> {
  const row = await requireVisibleContact(db, auth, id);
  const body = serializeVcard({
    id: row.id,
    first_name: row.first_name,
    last_name: row.last_name,
    job_title: row.job_title,
    department: row.department,
    organization: row.entity_name,
    emails: row.emails,
    phones: row.phones,
    language: row.language,
    updated_at: row.updated_at,
  });
  return { name: fullName(row), body };
}

const MAX_CARDS = 1000;

/**
 * Creates a contact for every card in a .vcf file, all in one transaction: a card with an invalid email or
 * phone is reported by index and nothing is written, so the user can fix the file and try again.
 */
export async function importVcards(
  db: Database,
  auth: AuthContext,
  entityId: string,
  bytes: Uint8Array,
): Promise<z.infer<typeof VcardImportResult>> {
  const cards = parseVcards(decodeVcardBytes(bytes));
  if (cards.length === 0)
    throw new AppError('validation_failed', { issues: [{ field: 'file', code: 'invalid_vcard' }] });
  if (cards.length > MAX_CARDS)
    throw new AppError('validation_failed', {
      issues: [{ field: 'file', code: 'too_many', params: { max: MAX_CARDS } }],
    });
  const ids: string[] = [];
  await db.transaction().execute(async (trx) => {
    await requireVisibleEntity(trx, auth, entityId);
    const errors: { field: string; code: string }[] = [];
    for (const [index, card] of cards.entries()) {
      const id = newId();
      const firstName = card.first_name ?? card.full_name.split(' ')[0] ?? card.full_name;
      try {
        await createContactIn(trx, auth, id, {
          entity_id: entityId,
          first_name: (firstName || card.emails[0]?.value || '?').slice(0, 120),
          last_name: card.first_name ? card.last_name : card.full_name.split(' ').slice(1).join(' ') || null,
          job_title: card.job_title?.slice(0, 200) ?? null,
          department: card.department?.slice(0, 200) ?? null,
          emails: card.emails.map((e) => e.value).slice(0, 20),
          phones: card.phones.map((p) => p.value).slice(0, 20),
          birthday: card.birthday,
          language: card.language,
          is_primary: false,
        });
        ids.push(id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const issue of error.issues)
          errors.push({ field: `cards.${index}.${issue.field}`, code: issue.code });
      }
    }
    if (errors.length > 0) throw new AppError('validation_failed', { issues: errors });
  });
  const created = await Promise.all(ids.map((id) => getContact(db, auth, id)));
  return { created, errors: [] };
}
