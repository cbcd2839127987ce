import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRATO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  TRATO_ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  TRATO_ADMIN_PASSWORD: z.string().min(10).optional(),
  TRATO_DEMO: booleanFlag.default(true),
  TRATO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRATO_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(25),
  TRATO_SECURE_COOKIES: booleanFlag.default(false),
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated); none by default. */
  TRATO_TRUSTED_PROXIES: z.string().max(1000).optional(),
  /** Outgoing mail server, e.g. smtp://user:pass@127.0.0.1:2525 (smtps:// for TLS); unset = mail stays queued. */
  TRATO_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { message: 'expected smtp://… or smtps://…' })
    .optional(),
  /** The address people reach Trato at (https://crm.example.com), for links that leave the app (calendar
   * feeds); unset = the address of the request. */
  TRATO_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'expected http(s)://host[/path]' })
    .optional(),
  /** The sender of outgoing mail: 'Name <address>' or an address. */
  TRATO_MAIL_FROM: z.string().min(3).max(320).default('Trato <no-reply@localhost>'),
  /** The key that encrypts stored secrets (mail passwords, webhook secrets): 32 bytes, base64 or hex. Unset =
   * a key file <data dir>/secret.key is made once (keep it with the backups). */
  TRATO_SECRET_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
      message: 'expected 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    })
    .optional(),
  /** How long a mail being sent or a webhook being delivered is left to its worker before another may take it
   * again (the worker's process died). Longer than any one send can take. */
  TRATO_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(600),
  /** Received mails larger than this (MB) are recorded with their headers only, not downloaded. */
  TRATO_MAIL_MAX_MB: z.coerce.number().int().min(1).max(1024).default(25),
  /** How often the automation engine reads new events (ms); short in browser tests. */
  TRATO_AUTOMATION_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminEmail: string;
  adminPassword: string | undefined;
  demo: boolean;
  logLevel: string;
  maxUploadBytes: number;
  secureCookies: boolean;
  trustedProxies: string[];
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  secretKey: string | undefined;
  jobLeaseSeconds: number;
  mailMaxBytes: number;
  automationPollMs: number;
}

/** Reads the environment once, at start-up; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.TRATO_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    adminEmail: c.TRATO_ADMIN_EMAIL,
    adminPassword: c.TRATO_ADMIN_PASSWORD,
    demo: c.TRATO_DEMO,
    logLevel: c.TRATO_LOG_LEVEL,
    maxUploadBytes: c.TRATO_MAX_UPLOAD_MB * 1024 * 1024,
    secureCookies: c.TRATO_SECURE_COOKIES,
    trustedProxies: (c.TRATO_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    smtpUrl: c.TRATO_SMTP_URL,
    mailFrom: c.TRATO_MAIL_FROM,
    publicUrl: c.TRATO_PUBLIC_URL?.replace(/\/+$/, ''),
    secretKey: c.TRATO_SECRET_KEY,
    jobLeaseSeconds: c.TRATO_JOB_LEASE_SECONDS,
    mailMaxBytes: c.TRATO_MAIL_MAX_MB * 1024 * 1024,
    automationPollMs: c.TRATO_AUTOMATION_POLL_MS,
  };
}
