import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser } from '../test/builders.ts';
import { configureSecrets, decryptSecret, encryptSecret, SecretDecryptError } from './secrets.ts';

// Stored secrets: AES-256-GCM with the key from TRATO_SECRET_KEY or a key file made once.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trato-secrets-'));
  dirs.push(dir);
  return dir;
};
const silent = { warn: () => {} };

describe('secrets', () => {
  it('round-trips, with a fresh nonce each time', async () => {
    configureSecrets({ secretKey: randomBytes(32).toString('base64'), dataDir: await tempDir() });
    const a = encryptSecret('contraseña-ñ-€');
    const b = encryptSecret('contraseña-ñ-€');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('contraseña');
    expect(decryptSecret(a)).toBe('contraseña-ñ-€');
    expect(decryptSecret(b)).toBe('contraseña-ñ-€');
  });

  it('detects a changed byte and a different key', async () => {
    configureSecrets({ secretKey: randomBytes(32).toString('hex'), dataDir: await tempDir() });
    const stored = encryptSecret('smtp-password');
    const raw = Buffer.from(stored.slice(3), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(`v1:${raw.toString('base64url')}`)).toThrow(SecretDecryptError);
    configureSecrets({ secretKey: randomBytes(32).toString('hex'), dataDir: await tempDir() });
    expect(() => decryptSecret(stored)).toThrow(/cannot be decrypted/);
  });

  it('passes through values stored before encryption', () => {
    expect(decryptSecret('whsec_plain-old-secret')).toBe('whsec_plain-old-secret');
  });

  it('makes a key file once (mode 0600) when no key is configured, and reuses it', async () => {
    const dir = await tempDir();
    const warnings: string[] = [];
    configureSecrets({ dataDir: dir, log: { warn: (m) => warnings.push(m) } });
    const stored = encryptSecret('imap-password');
    const file = join(dir, 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    const key = await readFile(file, 'utf8');
    configureSecrets({ dataDir: dir, log: silent });
    expect(await readFile(file, 'utf8')).toBe(key);
    expect(decryptSecret(stored)).toBe('imap-password');
    // The same key given through TRATO_SECRET_KEY reads the same secrets.
    configureSecrets({ secretKey: key.trim(), dataDir: await tempDir() });
    expect(decryptSecret(stored)).toBe('imap-password');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => configureSecrets({ secretKey: 'c2hvcnQ=', dataDir: '/nonexistent' })).toThrow(/32 bytes/);
  });

  it('stores webhook secrets encrypted and still signs with them', async () => {
    const ctx = await createTestApp({ TRATO_SECRET_KEY: randomBytes(32).toString('base64') });
    try {
      const admin = await createUser(ctx, { role: 'admin' });
      process.env.TRATO_WEBHOOKS_ALLOW_PRIVATE = '1';
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: admin.headers,
        payload: { url: 'http://127.0.0.1:9/hook', event_types: ['entity.created'] },
      });
      delete process.env.TRATO_WEBHOOKS_ALLOW_PRIVATE;
      expect(res.statusCode).toBe(201);
      const { id, secret } = res.json();
      const row = await ctx.db
        .selectFrom('webhooks')
        .select('secret')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.secret).toMatch(/^v1:/);
      expect(row.secret).not.toContain(secret);
      expect(decryptSecret(row.secret)).toBe(secret);
    } finally {
      await ctx.close();
    }
  });
});
