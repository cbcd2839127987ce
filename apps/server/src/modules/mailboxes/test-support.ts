import MailComposer from 'nodemailer/lib/mail-composer';
import { newId } from '../../platform/ids.ts';
import type { TestContext, TestUser } from '../../test/builders.ts';

// Builders shared by the mailbox tests: real MIME messages (nodemailer's composer) and mailbox rows.

export interface MailSpec {
  from: string;
  to?: string | string[];
  cc?: string | string[];
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer | string; contentType?: string; cid?: string }[];
}

let mailCount = 0;

/** A raw RFC 5322 message, as a mail client would send it. */
export async function buildMail(spec: MailSpec): Promise<Buffer> {
  mailCount++;
  return new MailComposer({
    from: spec.from,
    to: spec.to ?? 'ventas@trato.example.com',
    cc: spec.cc,
    subject: spec.subject ?? `Consulta ${mailCount}`,
    text: spec.text ?? `Hola, os escribo por el pedido ${mailCount}.`,
    html: spec.html,
    messageId: spec.messageId ?? `<test-${mailCount}-${newId()}@cliente.example.org>`,
    inReplyTo: spec.inReplyTo,
    references: spec.references,
    date: spec.date ?? new Date('2026-03-02T09:30:00Z'),
    headers: spec.headers,
    attachments: spec.attachments,
  })
    .compile()
    .build();
}

export interface AccountSpec {
  address?: string;
  unknown_sender?: 'ignore' | 'create_lead';
  open_case_type_id?: string | null;
  user_id?: string | null;
  imap?: { host: string; port: number; user: string; password: string };
  receive_enabled?: boolean;
}

/** A mail account row as the accounts screen would save it (password encrypted when the app set a key). */
export async function createMailbox(ctx: TestContext, spec: AccountSpec = {}) {
  const { encryptSecret } = await import('../../platform/secrets.ts');
  const id = newId();
  const address = spec.address ?? `buzon-${id.slice(-8)}@trato.example.com`;
  await ctx.db
    .insertInto('mail_accounts')
    .values({
      id,
      name: address,
      address,
      kind: spec.user_id ? 'personal' : 'shared',
      user_id: spec.user_id ?? null,
      imap_host: spec.imap?.host ?? null,
      imap_port: spec.imap?.port ?? null,
      imap_security: 'none',
      imap_user: spec.imap?.user ?? null,
      imap_password: spec.imap ? encryptSecret(spec.imap.password) : null,
      receive_enabled: spec.receive_enabled ?? Boolean(spec.imap),
      unknown_sender: spec.unknown_sender ?? 'ignore',
      open_case_type_id: spec.open_case_type_id ?? null,
      created_by: null,
      updated_by: null,
    })
    .execute();
  return {
    id,
    address,
    unknown_sender: spec.unknown_sender ?? 'ignore',
    open_case_type_id: spec.open_case_type_id ?? null,
    user_id: spec.user_id ?? null,
  } as const;
}

export async function post<T = any>(
  ctx: TestContext,
  user: TestUser,
  url: string,
  payload: unknown,
): Promise<T> {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: user.headers,
  });
  if (res.statusCode >= 300) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** An entity with one contact having this address. */
export async function customerWithContact(
  ctx: TestContext,
  admin: TestUser,
  email: string,
  name = 'Clínica Dental Sants',
): Promise<{ entityId: string; contactId: string }> {
  const entity = await post(ctx, admin, '/api/v1/entities', { kind: 'company', name, roles: ['customer'] });
  const contact = await post(ctx, admin, '/api/v1/contacts', {
    entity_id: entity.id,
    first_name: 'Laia',
    last_name: 'Ferrer',
    emails: [email],
  });
  return { entityId: entity.id, contactId: contact.id };
}

export async function caseTypeId(ctx: TestContext, key: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('case_types')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function emailsOf(ctx: TestContext, accountId: string) {
  return ctx.db.selectFrom('emails').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function linksOf(ctx: TestContext, emailId: string) {
  return ctx.db
    .selectFrom('email_links')
    .select(['entity_id', 'contact_id', 'case_id'])
    .where('email_id', '=', emailId)
    .execute();
}
