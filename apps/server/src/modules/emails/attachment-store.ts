import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filesRoot } from '../files/files.service.ts';

// Mail attachments live beside uploaded files, content-addressed: files/mail/<2 hex>/<sha256>. The same
// attachment received twice (a thread quoting it, a mail fetched again) is stored once. Bytes are written to a
// temporary name and renamed, so a crash never leaves a half-written file under a real key.

export interface StoredBlob {
  storage_key: string;
  sha256: string;
  size: number;
}

export async function storeAttachment(dataDir: string, content: Buffer): Promise<StoredBlob> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const storageKey = join('mail', sha256.slice(0, 2), sha256);
  const path = join(filesRoot(dataDir), storageKey);
  const exists = await stat(path).then(
    (s) => s.size === content.length,
    () => false,
  );
  if (!exists) {
    await mkdir(join(filesRoot(dataDir), 'mail', sha256.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, content);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
  return { storage_key: storageKey, sha256, size: content.length };
}

/** The path of a stored attachment (for streaming a download). */
export function attachmentPath(dataDir: string, storageKey: string): string {
  return join(filesRoot(dataDir), storageKey);
}
