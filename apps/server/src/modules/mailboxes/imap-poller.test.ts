import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { SecretDecryptError } from '../../platform/secrets.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { type Dovecot, dovecotMissing, startDovecot } from '../../test/dovecot.ts';
import { localizeMailError } from '../emails/mail-errors.ts';
import {
  imapErrorOf,
  MAX_MESSAGE_ATTEMPTS,
  type MailboxPoller,
  type MailboxPollerOptions,
  startMailboxPoller,
} from './imap-poller.ts';
import { ingestRawMessage } from './ingest.ts';
import {
  buildMail,
  caseTypeId,
  createMailbox,
  customerWithContact,
  emailsOf,
  linksOf,
  post,
} from './test-support.ts';

// Receiving through a real IMAP server: a throwaway dovecot on loopback, messages APPENDed as delivery would,
// the poller driven pass by pass with tick() (and, for IDLE, left to wait on the server).

const missing = dovecotMissing();
if (missing) console.warn(missing);

const CORPUS = new URL('../../../../../../shared/testdata/email_messages/', import.meta.url).pathname;

describe('mailbox errors', () => {
  it('are stored as codes with the server’s words, and read in each language', () => {
    const cases: [unknown, RegExp, string][] = [
      [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
        /^mail_error\.imap_connection_refused /,
        'rechazó la conexión',
      ],
      [
        Object.assign(new Error('Failed to receive greeting'), { code: 'GREETING_TIMEOUT' }),
        /^mail_error\.imap_timeout /,
        'no respondió a tiempo',
      ],
      [
        Object.assign(new Error('getaddrinfo ENOTFOUND imap.nowhere'), { code: 'ENOTFOUND' }),
        /^mail_error\.imap_host_not_found /,
        'No se encuentra',
      ],
      [
        Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
        /^mail_error\.imap_tls_failed /,
        'conexión segura',
      ],
      [
        Object.assign(new Error('Connection not available'), { code: 'NoConnection' }),
        /^mail_error\.imap_connection_failed /,
        'Se cortó',
      ],
      [
        Object.assign(new Error('Command failed'), {
          serverResponseCode: 'NONEXISTENT',
          responseText: "Mailbox doesn't exist: Pedidos",
        }),
        /^mail_error\.imap_folder_not_found /,
        'La carpeta «Pedidos» no existe',
      ],
      [new Error('something odd'), /^mail_error\.imap_failed /, 'No se pudo leer el buzón (something odd).'],
      [new SecretDecryptError(), /^mail_error\.cannot_decrypt$/, 'No se puede descifrar'],
    ];
    for (const [error, stored, spanish] of cases) {
      const code = imapErrorOf(error, 'Pedidos');
      expect(code).toMatch(stored);
      expect(localizeMailError(code, 'es')).toContain(spanish);
      for (const lang of ['ca', 'en'] as const) {
        const text = localizeMailError(code, lang);
        expect(text).not.toMatch(/mail_error|\{\{/);
      }
    }
  });
});

describe.skipIf(missing !== null)('IMAP mailboxes (dovecot)', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let imap: Dovecot;
  const logs: string[] = [];
  const log = {
    info: (m: string) => logs.push(`info ${m}`),
    warn: (m: string) => logs.push(`warn ${m}`),
    error: (m: string) => logs.push(`error ${m}`),
  };
  const pollers: MailboxPoller[] = [];

  beforeAll(async () => {
    [ctx, imap] = await Promise.all([createTestApp(), startDovecot()]);
    admin = await createUser(ctx, { role: 'admin' });
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await imap?.stop();
    await ctx?.close();
  });

  function poller(options: Partial<MailboxPollerOptions> = {}) {
    const started = startMailboxPoller({
      db: ctx.db,
      dataDir: ctx.config.dataDir,
      log,
      pollIntervalMs: 0,
      idle: false,
      ...options,
    });
    pollers.push(started);
    return started;
  }

  let userCount = 0;
  /** A dovecot user and the Trato mailbox reading it. */
  async function mailbox(spec: Parameters<typeof createMailbox>[1] = {}) {
    userCount++;
    const user = `buzon${userCount}`;
    await imap.addUser(user, `clave-${userCount}`);
    const account = await createMailbox(ctx, {
      address: `${user}@trato.example.com`,
      imap: { host: imap.host, port: imap.port, user, password: `clave-${userCount}` },
      ...spec,
    });
    return { ...account, user };
  }

  async function state(accountId: string) {
    const row = await ctx.db
      .selectFrom('mailbox_state')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { ...row, last_uid: Number(row.last_uid), uidvalidity: String(row.uidvalidity) };
  }

  /** The account as the accounts screen reads it, in one language. */
  async function account(accountId: string, lang: 'es' | 'ca' | 'en') {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/mail-accounts/${accountId}`,
      headers: { ...admin.headers, 'accept-language': lang },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('mails delivered to the mailbox arrive linked to their contact, once each', async () => {
    const box = await mailbox();
    const customer = await customerWithContact(ctx, admin, 'laia@dental-sants.example.org');
    const first = await buildMail({
      from: '"Laia Ferrer" <laia@dental-sants.example.org>',
      to: box.address,
      subject: 'Pedido de guantes',
      attachments: [{ filename: 'pedido.csv', content: 'ref;uds\nG-12;400\n' }],
    });
    await imap.append(box.user, first);
    await imap.append(
      box.user,
      await buildMail({ from: 'laia@dental-sants.example.org', subject: 'Otra cosa' }),
    );
    // The same message delivered twice (a forward rule, a resend) is one record.
    await imap.append(box.user, first);

    const p = poller();
    await p.tick();
    const emails = await emailsOf(ctx, box.id);
    expect(emails.map((e) => [e.subject, Number(e.imap_uid)])).toEqual([
      ['Pedido de guantes', 1],
      ['Otra cosa', 2],
    ]);
    expect(emails[0]).toMatchObject({ entity_id: customer.entityId, contact_id: customer.contactId });
    expect(await linksOf(ctx, emails[0]!.id)).toEqual([
      { entity_id: customer.entityId, contact_id: customer.contactId, case_id: null },
    ]);
    const attachment = await ctx.db
      .selectFrom('email_attachments')
      .selectAll()
      .where('email_id', '=', emails[0]!.id)
      .executeTakeFirstOrThrow();
    expect(attachment).toMatchObject({ filename: 'pedido.csv', size: 17 });
    expect(await state(box.id)).toMatchObject({ last_uid: 3, folder: 'INBOX', last_error: null });
    expect((await state(box.id))!.last_polled_at).not.toBeNull();

    // Nothing new: a second pass stores nothing; a new mail is picked up by the next.
    await p.tick();
    expect(await emailsOf(ctx, box.id)).toHaveLength(2);
    await imap.append(
      box.user,
      await buildMail({ from: 'laia@dental-sants.example.org', subject: 'Tercera' }),
    );
    await p.tick();
    expect((await emailsOf(ctx, box.id)).map((e) => e.subject)).toContain('Tercera');
    expect(Number((await state(box.id))!.last_uid)).toBe(4);
  });

  it('a customer’s reply to a mail sent from a case lands on that case', async () => {
    const box = await mailbox();
    const customer = await customerWithContact(ctx, admin, 'marc@taller-marc.example.org', 'Taller Marc');
    const claim = await post(ctx, admin, '/api/v1/cases', {
      type_id: await caseTypeId(ctx, 'claim'),
      title: 'Pieza defectuosa',
      entity_id: customer.entityId,
      contact_id: customer.contactId,
    });
    const outId = newId();
    const messageId = `<${outId}@trato.example.com>`;
    await ctx.db
      .insertInto('emails')
      .values({
        id: outId,
        direction: 'out',
        account_id: box.id,
        message_id: messageId,
        thread_id: outId,
        from_address: box.address,
        subject: 'Sobre su reclamación',
        status: 'sent',
        entity_id: customer.entityId,
        contact_id: customer.contactId,
        case_id: claim.id,
      })
      .execute();
    await ctx.db
      .insertInto('email_links')
      .values({
        email_id: outId,
        entity_id: customer.entityId,
        contact_id: customer.contactId,
        case_id: claim.id,
      })
      .execute();
    await imap.append(
      box.user,
      await buildMail({
        from: 'marc@taller-marc.example.org',
        to: box.address,
        subject: 'Re: Sobre su reclamación',
        inReplyTo: messageId,
        references: [messageId],
      }),
    );
    await poller().tick();
    const [reply] = await emailsOf(ctx, box.id);
    expect(reply).toMatchObject({ case_id: claim.id, thread_id: outId, contact_id: customer.contactId });
    const timeline = await ctx.db
      .selectFrom('email_links')
      .select('email_id')
      .where('case_id', '=', claim.id)
      .execute();
    expect(timeline.map((l) => l.email_id)).toEqual(expect.arrayContaining([outId, reply!.id]));
  });

  it('claims@ opens a claim for a new conversation, and the replies land on it', async () => {
    const claims = await mailbox({ open_case_type_id: await caseTypeId(ctx, 'claim') });
    const customer = await customerWithContact(ctx, admin, 'pilar@bodega-pilar.example.org', 'Bodega Pilar');
    await imap.append(
      claims.user,
      await buildMail({
        from: 'pilar@bodega-pilar.example.org',
        to: claims.address,
        subject: 'Cajas abolladas',
        text: 'Tres cajas llegaron abolladas.',
        messageId: '<cajas@bodega-pilar.example.org>',
      }),
    );
    await imap.append(
      claims.user,
      await buildMail({
        from: 'pilar@bodega-pilar.example.org',
        to: claims.address,
        subject: 'Re: Cajas abolladas',
        text: 'Adjunto fotos.',
        inReplyTo: '<cajas@bodega-pilar.example.org>',
        references: ['<cajas@bodega-pilar.example.org>'],
      }),
    );
    await poller().tick();
    const [opening, reply] = await emailsOf(ctx, claims.id);
    expect(opening!.case_id).not.toBeNull();
    expect(reply!.case_id).toBe(opening!.case_id);
    const cases = await ctx.db
      .selectFrom('cases')
      .innerJoin('case_types', 'case_types.id', 'cases.type_id')
      .select(['cases.id', 'cases.title', 'case_types.key', 'cases.contact_id'])
      .where('cases.entity_id', '=', customer.entityId)
      .execute();
    expect(cases).toEqual([
      { id: opening!.case_id, title: 'Cajas abolladas', key: 'claim', contact_id: customer.contactId },
    ]);
  });

  it('an unknown sender becomes a lead with its contact when the mailbox says so, and nothing otherwise', async () => {
    const leads = await mailbox({ unknown_sender: 'create_lead' });
    const ignoring = await mailbox();
    const mail = await buildMail({
      from: '"Eva Roig" <eva@roig-arquitectes.cat>',
      subject: 'Presupuesto reforma',
    });
    await imap.append(leads.user, mail);
    await imap.append(ignoring.user, await buildMail({ from: 'quim@desconegut.cat', subject: 'Hola' }));
    await poller().tick();

    const [fromLead] = await emailsOf(ctx, leads.id);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/entities/${fromLead!.entity_id}`,
      headers: admin.headers,
    });
    expect(res.json()).toMatchObject({ kind: 'company', name: 'Roig Arquitectes', roles: ['lead'] });
    const contacts = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/contacts?filter[entity_id][eq]=${fromLead!.entity_id}`,
      headers: admin.headers,
    });
    expect(contacts.json().data).toEqual([
      expect.objectContaining({ first_name: 'Eva', last_name: 'Roig', emails: ['eva@roig-arquitectes.cat'] }),
    ]);

    const [ignored] = await emailsOf(ctx, ignoring.id);
    expect(ignored).toMatchObject({ subject: 'Hola', entity_id: null, contact_id: null });
    const everyAddress = (await ctx.db.selectFrom('contacts').select('emails').execute()).flatMap(
      (c) => c.emails,
    );
    expect(everyAddress).not.toContain('quim@desconegut.cat');
  });

  it('a malformed message between two good ones never blocks them', async () => {
    const box = await mailbox();
    await imap.append(box.user, await buildMail({ from: 'a@proveedor.example.org', subject: 'Antes' }));
    await imap.append(
      box.user,
      readFileSync(`${CORPUS}stalwart-mail-parser/resources/eml/malformed/001.eml`),
    );
    await imap.append(
      box.user,
      Buffer.from('Subject: roto\r\nContent-Type: multipart/mixed; boundary="\r\n\r\n--\u0000\u00ff\r\n'),
    );
    await imap.append(box.user, await buildMail({ from: 'a@proveedor.example.org', subject: 'Después' }));
    await poller().tick();
    const subjects = (await emailsOf(ctx, box.id)).map((e) => e.subject);
    expect(subjects[0]).toBe('Antes');
    expect(subjects.at(-1)).toBe('Después');
    expect(subjects).toHaveLength(4);
    expect(await state(box.id)).toMatchObject({ last_uid: 4, last_error: null });
  });

  it('a message that cannot be stored is skipped after a few tries, and the ones after it arrive', async () => {
    const box = await mailbox();
    await imap.append(box.user, await buildMail({ from: 'b@proveedor.example.org', subject: 'Uno' }));
    await imap.append(box.user, await buildMail({ from: 'b@proveedor.example.org', subject: 'Veneno' }));
    await imap.append(box.user, await buildMail({ from: 'b@proveedor.example.org', subject: 'Tres' }));
    let hours = 0;
    const p = poller({
      now: () => new Date(Date.now() + 3_600_000 * ++hours),
      ingest: async (db, dataDir, account, raw, meta) => {
        if (raw.includes('Subject: Veneno')) throw new Error('disco lleno');
        return ingestRawMessage(db, dataDir, account, raw, meta);
      },
    });
    for (let i = 0; i < MAX_MESSAGE_ATTEMPTS; i++) await p.tick();
    expect((await emailsOf(ctx, box.id)).map((e) => e.subject)).toEqual(['Uno', 'Tres']);
    const after = await state(box.id);
    expect(after).toMatchObject({ last_uid: 3 });
    // Stored as a code with the technical detail; the accounts screen reads it in the reader's language.
    expect(after!.last_error).toBe(
      'mail_error.message_skipped {"uid":"2","tries":"3","detail":"disco lleno"}',
    );
    expect((await account(box.id, 'es')).mailbox.last_error).toBe(
      'El mensaje UID 2 se saltó tras 3 intentos de guardarlo (disco lleno); sigue en el buzón.',
    );
    expect(logs.some((l) => l.startsWith('error') && l.includes('UID 2 skipped'))).toBe(true);
    // A later pass that goes well keeps the note: the message is still not stored.
    await p.tick();
    expect((await state(box.id))!.last_error).toMatch(/^mail_error\.message_skipped /);
  });

  it('a 50 MB message is recorded without its body and the mailbox goes on', async () => {
    const box = await mailbox();
    const line = `${'x'.repeat(998)}\r\n`;
    const big = Buffer.from(
      `From: "Obra Nova" <planos@obranova.example.org>\r\nTo: ${box.address}\r\nSubject: Planos (50 MB)\r\nMessage-ID: <planos-50@obranova.example.org>\r\nContent-Type: text/plain\r\n\r\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`,
    );
    await imap.append(box.user, big);
    await imap.append(
      box.user,
      await buildMail({ from: 'c@proveedor.example.org', subject: 'Detrás del grande' }),
    );
    await poller().tick();
    const [large, small] = await emailsOf(ctx, box.id);
    expect(large).toMatchObject({ subject: 'Planos (50 MB)', from_address: 'planos@obranova.example.org' });
    expect(large!.size_bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(large!.text_body).toMatch(/^Mensaje de 50 MB no descargado: supera el límite de 25 MB/);
    expect(small!.subject).toBe('Detrás del grande');
  });

  it('a folder whose UIDVALIDITY changed is read again without duplicating what was stored', async () => {
    const box = await mailbox({});
    await ctx.db
      .updateTable('mail_accounts')
      .set({ imap_folder: 'Pedidos' })
      .where('id', '=', box.id)
      .execute();
    const one = await buildMail({ from: 'd@proveedor.example.org', subject: 'Pedido 1' });
    const two = await buildMail({ from: 'd@proveedor.example.org', subject: 'Pedido 2' });
    await imap.append(box.user, one, { folder: 'Pedidos' });
    await imap.append(box.user, two, { folder: 'Pedidos' });
    const p = poller();
    await p.tick();
    const before = await state(box.id);
    expect(before).toMatchObject({ folder: 'Pedidos', last_uid: 2 });

    await p.stop();
    await imap.recreateFolder(box.user, 'Pedidos');
    await imap.append(box.user, two, { folder: 'Pedidos' });
    await imap.append(box.user, await buildMail({ from: 'd@proveedor.example.org', subject: 'Pedido 3' }), {
      folder: 'Pedidos',
    });
    await poller().tick();
    const after = await state(box.id);
    expect(String(after!.uidvalidity)).not.toBe(String(before!.uidvalidity));
    expect(Number(after!.last_uid)).toBe(2);
    expect((await emailsOf(ctx, box.id)).map((e) => e.subject)).toEqual(['Pedido 1', 'Pedido 2', 'Pedido 3']);
  });

  it('a refused login is recorded for the accounts screen and retried later, not in a loop', async () => {
    const box = await mailbox();
    const { encryptSecret } = await import('../../platform/secrets.ts');
    await ctx.db
      .updateTable('mail_accounts')
      .set({ imap_password: encryptSecret('equivocada') })
      .where('id', '=', box.id)
      .execute();
    await imap.append(box.user, await buildMail({ from: 'e@proveedor.example.org', subject: 'Esperando' }));
    let clock = Date.now();
    const p = poller({ now: () => new Date(clock) });
    await p.tick();
    const failed = await state(box.id);
    expect(failed!.last_error).toMatch(/^mail_error\.imap_auth_failed \{"detail":"AUTHENTICATIONFAILED/);
    expect(failed!.last_error_at).not.toBeNull();
    // The accounts screen says so in the reader's language, with the server's own words.
    expect((await account(box.id, 'es')).mailbox.last_error).toMatch(
      /^El servidor de correo entrante \(IMAP\) no aceptó el usuario o la contraseña \(AUTHENTICATIONFAILED: .*Authentication failed.*\)\.$/,
    );
    expect((await account(box.id, 'en')).mailbox.last_error).toMatch(
      /^The incoming mail server \(IMAP\) did not accept the user name or password \(AUTHENTICATIONFAILED: /,
    );
    const listed = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/mail-accounts',
      headers: { ...admin.headers, 'accept-language': 'en' },
    });
    expect(listed.json().data.find((a: { id: string }) => a.id === box.id).mailbox.last_error).toMatch(
      /^The incoming mail server \(IMAP\) did not accept/,
    );

    // Fixed in the accounts screen: the next pass inside the retry delay does not try; after it, it does.
    await ctx.db
      .updateTable('mail_accounts')
      .set({ imap_password: encryptSecret(`clave-${userCount}`), version: 2 })
      .where('id', '=', box.id)
      .execute();
    await p.tick();
    expect(await emailsOf(ctx, box.id)).toHaveLength(0);
    clock += 60_000;
    await p.tick();
    expect((await emailsOf(ctx, box.id)).map((e) => e.subject)).toEqual(['Esperando']);
    expect(await state(box.id)).toMatchObject({ last_error: null, last_error_at: null });
  });

  it('with IDLE, a mail delivered while connected arrives without waiting for the next pass', async () => {
    const box = await mailbox();
    await imap.append(box.user, await buildMail({ from: 'f@proveedor.example.org', subject: 'Primero' }));
    const p = poller({ idle: true, pollIntervalMs: 0 });
    await p.tick();
    expect(await emailsOf(ctx, box.id)).toHaveLength(1);

    await imap.append(box.user, await buildMail({ from: 'f@proveedor.example.org', subject: 'Al momento' }));
    // No tick: only the server's IDLE notification can bring it. Generous wait, no timing asserted.
    const deadline = Date.now() + 30_000;
    let subjects: string[] = [];
    while (Date.now() < deadline) {
      subjects = (await emailsOf(ctx, box.id)).map((e) => e.subject);
      if (subjects.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(subjects).toEqual(['Primero', 'Al momento']);
    await p.stop();
  });

  it('a mailbox added on the accounts screen is read at once, not at the next periodic pass', async () => {
    userCount++;
    const user = `buzon${userCount}`;
    await imap.addUser(user, 'clave-nueva-1');
    await imap.append(user, await buildMail({ from: 'g@proveedor.example.org', subject: 'Ya estaba' }));
    // No periodic pass and no tick: only saving the account can start the read.
    poller({ pollIntervalMs: 0 });
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/mail-accounts',
      headers: admin.headers,
      payload: {
        name: 'Compras',
        address: `${user}@trato.example.com`,
        kind: 'shared',
        imap_host: imap.host,
        imap_port: imap.port,
        imap_security: 'none',
        imap_user: user,
        imap_password: 'clave-nueva-1',
        receive_enabled: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const accountId = created.json().id as string;
    const deadline = Date.now() + 30_000;
    let subjects: string[] = [];
    while (Date.now() < deadline) {
      subjects = (await emailsOf(ctx, accountId)).map((e) => e.subject);
      if (subjects.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(subjects).toEqual(['Ya estaba']);
  });
});
