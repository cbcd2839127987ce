import type { Note } from '@trato/contracts/records';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';

type NoteOut = z.infer<typeof Note>;
const excerpt = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);

async function loadNote(db: Executor, noteId: string) {
  return db
    .selectFrom('notes')
    .leftJoin('users', 'users.id', 'notes.created_by')
    .selectAll('notes')
    .select('users.name as author_name')
    .where('notes.id', '=', noteId)
    .where('notes.deleted_at', 'is', null)
    .executeTakeFirst();
}

function toNote(row: NonNullable<Awaited<ReturnType<typeof loadNote>>>): NoteOut {
  return {
    id: row.id,
    entity_id: row.entity_id,
    contact_id: row.contact_id,
    body: row.body,
    author: row.created_by ? { id: row.created_by, name: row.author_name ?? '' } : null,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function listNotes(db: Database, auth: AuthContext, entityId: string): Promise<NoteOut[]> {
  await requireVisibleEntity(db, auth, entityId, { includeDeleted: true });
  const rows = await db
    .selectFrom('notes')
    .leftJoin('users', 'users.id', 'notes.created_by')
    .selectAll('notes')
    .select('users.name as author_name')
    .where('notes.entity_id', '=', entityId)
    .where('notes.deleted_at', 'is', null)
    .orderBy('notes.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(toNote);
}

export async function createNote(
  db: Database,
  auth: AuthContext,
  entityId: string,
  input: { body: string; contact_id?: string | null | undefined },
): Promise<NoteOut> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await requireVisibleEntity(trx, auth, entityId);
    if (input.contact_id) {
      const contact = await requireVisibleContact(trx, auth, input.contact_id).catch(() => null);
      if (!contact || contact.entity_id !== entityId)
        throw new AppError('validation_failed', {
          issues: [{ field: 'contact_id', code: 'unknown_contact' }],
        });
    }
    await trx
      .insertInto('notes')
      .values({
        id,
        entity_id: entityId,
        contact_id: input.contact_id ?? null,
        body: input.body,
        created_by: auth.userId,
      })
      .execute();
    await recordEvent(trx, {
      type: 'note.created',
      object: 'note',
      objectId: id,
      entityId,
      actorId: auth.userId,
      changes: { summary: excerpt(input.body), contact_id: input.contact_id ?? null },
    });
  });
  return toNote((await loadNote(db, id))!);
}

/** A note can be changed or removed by its author, or by someone allowed to edit the entity and configure. */
async function requireOwnNote(trx: Executor, auth: AuthContext, noteId: string) {
  const note = await trx
    .selectFrom('notes')
    .selectAll()
    .where('id', '=', noteId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!note) throw notFound();
  await requireVisibleEntity(trx, auth, note.entity_id);
  if (note.created_by !== auth.userId && !auth.permissions.configure) throw new AppError('forbidden');
  return note;
}

export async function updateNote(
  db: Database,
  auth: AuthContext,
  noteId: string,
  input: { version: number; body: string },
): Promise<NoteOut> {
  await db.transaction().execute(async (trx) => {
    const note = await requireOwnNote(trx, auth, noteId);
    if (note.version !== input.version) throw versionConflict(note.version);
    await trx
      .updateTable('notes')
      .set({ body: input.body, version: note.version + 1, updated_at: new Date() })
      .where('id', '=', noteId)
      .execute();
    await recordEvent(trx, {
      type: 'note.updated',
      object: 'note',
      objectId: noteId,
      entityId: note.entity_id,
      actorId: auth.userId,
      changes: {
        summary: excerpt(input.body),
        body: [excerpt(note.body), excerpt(input.body)],
        contact_id: note.contact_id,
      },
    });
  });
  return toNote((await loadNote(db, noteId))!);
}

export async function deleteNote(db: Database, auth: AuthContext, noteId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const note = await requireOwnNote(trx, auth, noteId);
    await trx.updateTable('notes').set({ deleted_at: new Date() }).where('id', '=', noteId).execute();
    await recordEvent(trx, {
      type: 'note.deleted',
      object: 'note',
      objectId: noteId,
      entityId: note.entity_id,
      actorId: auth.userId,
      changes: { summary: excerpt(note.body), contact_id: note.contact_id },
    });
  });
}
