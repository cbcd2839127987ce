import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Secrets Trato must use again later (SMTP/IMAP passwords, webhook signing secrets) are stored encrypted with
// AES-256-GCM: 'v1:' + base64url(iv ‖ tag ‖ ciphertext). The key comes from TRATO_SECRET_KEY (32 bytes, hex or
// base64) or, when unset, from <data dir>/secret.key, made once with mode 0600. A value without the 'v1:' prefix
// is a row written before encryption and is returned as it is. GCM authenticates: a changed byte or another key
// fails with SecretDecryptError instead of yielding garbage.

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The stored secret cannot be read with this server's key (key changed or lost, or the value was altered). */
export class SecretDecryptError extends Error {
  constructor() {
    super(
      'The stored secret cannot be decrypted with this server’s key (TRATO_SECRET_KEY or <data dir>/secret.key changed): enter the password again',
    );
    this.name = 'SecretDecryptError';
  }
}

interface Logger {
  warn(message: string): void;
}

let currentKey: Buffer | undefined;

/** 64 hex digits or base64/base64url of 32 bytes → the key; anything else throws. */
export function parseSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes (64 hex digits or base64)');
  return key;
}

/**
 * Sets the key from the configuration: TRATO_SECRET_KEY, else <dataDir>/secret.key (created once, 0600, with a
 * warning that it must be kept with the backups). Called when the app is built.
 */
export function configureSecrets(options: {
  secretKey?: string | undefined;
  dataDir: string;
  log?: Logger;
}): void {
  if (options.secretKey) {
    currentKey = parseSecretKey(options.secretKey);
    return;
  }
  const path = join(options.dataDir, 'secret.key');
  try {
    currentKey = parseSecretKey(readFileSync(path, 'utf8'));
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once never overwrite each other's key.
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    (options.log ?? console).warn(
      `TRATO_SECRET_KEY is not set: stored passwords are encrypted with a key made now in ${path}. Keep that file with your backups (or set TRATO_SECRET_KEY to its content); without it the passwords must be entered again.`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  currentKey = parseSecretKey(readFileSync(path, 'utf8'));
}

function key(): Buffer {
  if (!currentKey)
    throw new Error('Secrets are not configured: configureSecrets() runs when the app is built');
  return currentKey;
}

/** Encrypts a secret for storage. */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Is the stored value ciphertext (as opposed to a row written before encryption)? */
export const isEncryptedSecret = (stored: string): boolean => stored.startsWith(PREFIX);

/** The clear secret; a value without the 'v1:' prefix is returned as is. Throws SecretDecryptError. */
export function decryptSecret(stored: string): string {
  if (!isEncryptedSecret(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptError();
  }
}

/**
 * A tag proving Trato made `value` for `purpose` (an unsubscribe link for a mail id): HMAC-SHA256 with the
 * secret key, 128 bits, base64url. Check it with hasValidTag.
 */
export function signedTag(purpose: string, value: string): string {
  return createHmac('sha256', key())
    .update(`${purpose}:${value}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

export function hasValidTag(purpose: string, value: string, tag: string): boolean {
  const expected = Buffer.from(signedTag(purpose, value));
  const given = Buffer.from(tag);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
