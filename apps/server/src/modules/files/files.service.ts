import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';

// Types a browser would render (and run scripts in) are served as plain downloads instead.
const INLINE_SAFE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/;

export const filesRoot = (dataDir: string) => join(dataDir, 'files');

function toFile(row: {
  id: string;
  entity_id: string;
  contact_id: string | null;
  name: string;
  mime_type: string;
  size: number;
  created_by: string | null;
  uploader_name: string | null;
  created_at: Date;
}) {
  return {
    id: row.id,
    entity_id: row.entity_id,
    contact_id: row.contact_id,
    name: row.name,
    mime_type: row.mime_type,
    size: Number(row.size),
    uploaded_by: row.created_by ? { id: row.created_by, name: row.uploader_name ?? '' } : null,
    created_at: row.created_at.toISOString(),
    download_url: `/api/v1/files/${row.id}`,
  };
}

function selectFiles(db: Executor) {
  return db
    .selectFrom('files')
    .leftJoin('users', 'users.id', 'files.created_by')
    .selectAll('files')
    .select('users.name as uploader_name')
    .where('files.deleted_at', 'is', null);
}

export async function listFiles(db: Database, auth: AuthContext, entityId: string) {
  await requireVisibleEntity(db, auth, entityId, { includeDeleted: true });
  const rows = await selectFiles(db)
    .where('files.entity_id', '=', entityId)
    .orderBy('files.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map(toFile);
}

/** Safe file name for storage listings and Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch !== '"' && (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, 255);
  return cleaned || 'file';
}

/**
 * Streams an upload to disk (hashing it on the way) under the data directory, then records it in one
 * transaction; if anything fails, the stored bytes are removed so no orphan is left.
 */
export async function uploadFile(
  db: Database,
  auth: AuthContext,
  dataDir: string,
  entityId: string,
  upload: {
    filename: string;
    mimetype: string;
    file: Readable & { truncated?: boolean };
    contactId: string | null;
  },
) {
  await requireVisibleEntity(db, auth, entityId);
  const id = newId();
  const storageKey = join(id.slice(0, 2), id);
  const path = join(filesRoot(dataDir), storageKey);
  await mkdir(join(filesRoot(dataDir), id.slice(0, 2)), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      upload.file,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      createWriteStream(path),
    );
    if (upload.file.truncated) throw new AppError('payload_too_large', { params: { max: 'limit' } });
    await db.transaction().execute(async (trx) => {
      await requireVisibleEntity(trx, auth, entityId);
      if (upload.contactId) {
        const contact = await requireVisibleContact(trx, auth, upload.contactId).catch(() => null);
        if (!contact || contact.entity_id !== entityId)
          throw new AppError('validation_failed', {
            issues: [{ field: 'contact_id', code: 'unknown_contact' }],
          });
      }
      const name = cleanFileName(upload.filename);
      await trx
        .insertInto('files')
        .values({
          id,
          entity_id: entityId,
          contact_id: upload.contactId,
          name,
          mime_type: upload.mimetype.slice(0, 200) || 'application/octet-stream',
          size,
          sha256: hash.digest('hex'),
          storage_key: storageKey,
          created_by: auth.userId,
        })
        .execute();
      await recordEvent(trx, {
        type: 'file.uploaded',
        object: 'file',
        objectId: id,
        entityId,
        actorId: auth.userId,
        changes: { summary: name, size, contact_id: upload.contactId },
      });
    });
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  const row = await selectFiles(db).where('files.id', '=', id).executeTakeFirstOrThrow();
  return toFile(row);
}

/** Only someone who can see the file's entity can download it. */
export async function openFile(db: Database, auth: AuthContext, dataDir: string, fileId: string) {
  const row = await selectFiles(db).where('files.id', '=', fileId).executeTakeFirst();
  if (!row) throw notFound();
  await requireVisibleEntity(db, auth, row.entity_id, { includeDeleted: true });
  const path = join(filesRoot(dataDir), row.storage_key);
  await stat(path).catch(() => {
    throw notFound();
  });
  return {
    name: row.name,
    size: Number(row.size),
    contentType: INLINE_SAFE.test(row.mime_type) ? row.mime_type : 'application/octet-stream',
    stream: createReadStream(path),
  };
}

export async function deleteFile(db: Database, auth: AuthContext, fileId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('files')
      .selectAll()
      .where('id', '=', fileId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    await requireVisibleEntity(trx, auth, row.entity_id);
    if (row.created_by !== auth.userId && !auth.permissions.configure) throw new AppError('forbidden');
    await trx.updateTable('files').set({ deleted_at: new Date() }).where('id', '=', fileId).execute();
    await recordEvent(trx, {
      type: 'file.deleted',
      object: 'file',
      objectId: fileId,
      entityId: row.entity_id,
      actorId: auth.userId,
      changes: { summary: row.name, contact_id: row.contact_id },
    });
  });
}
