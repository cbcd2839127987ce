import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import {
  loadMergeContext,
  loadMergeContexts,
  loadMergeLookups,
  MERGE_CHUNK,
  renderTemplateById,
} from '../email-templates/template-render.ts';
import { closeTransports } from '../mail-accounts/mail-transport.ts';
import { type OutboxOptions, processEmailOutbox } from './email-worker.ts';
import { localizeMailError, sendErrorOf } from './mail-errors.ts';
import { closedPort, startSilentServer, startTestSmtp, type TestSmtp } from './test-smtp-server.ts';

// Sending mail end to end: the API queues, the worker's pass sends through a real SMTP server on loopback, and
// what arrived is parsed back. Threading, timelines, retries, refusals, limits and visibility.

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let smtp: TestSmtp;
let accountId: string;
let claimTypeId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Núria Soler' });
  agent = await createUser(ctx, { role: 'agent' });
  smtp = await startTestSmtp({ user: 'ventas', password: 'smtp-secret-1' });
  const account = await post(admin, '/api/v1/mail-accounts', {
    kind: 'shared',
    name: 'Ventas',
    address: 'ventas@garrotxa.example.com',
    display_name: 'Ventas Garrotxa',
    smtp_host: '127.0.0.1',
    smtp_port: smtp.port,
    smtp_security: 'none',
    smtp_user: 'ventas',
    smtp_password: 'smtp-secret-1',
    send_enabled: true,
    is_default: true,
  });
  expect(account.statusCode).toBe(201);
  accountId = account.json().id;
  claimTypeId = (
    await ctx.db.selectFrom('case_types').select('id').where('key', '=', 'claim').executeTakeFirstOrThrow()
  ).id;
});

afterAll(async () => {
  closeTransports();
  await smtp.close();
  await ctx.close();
});

beforeEach(() => {
  smtp.refuse = null;
});

function post(user: TestUser, url: string, payload?: object) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: user.headers,
    ...(payload !== undefined && { payload }),
  });
}
const get = (user: TestUser, url: string, lang?: 'es' | 'ca' | 'en') =>
  ctx.app.inject({
    method: 'GET',
    url,
    headers: { ...user.headers, ...(lang && { 'accept-language': lang }) },
  });
/** What the worker stored, before the API puts it into a language. */
const storedError = async (id: string) =>
  (await ctx.db.selectFrom('emails').select('last_error').where('id', '=', id).executeTakeFirstOrThrow())
    .last_error;

const outbox = (options: Partial<OutboxOptions> = {}) =>
  processEmailOutbox(ctx.db, { smtpUrl: undefined, dataDir: ctx.config.dataDir, ...options });

async function aCustomer(user: TestUser = admin, overrides: Record<string, unknown> = {}) {
  const entity = (
    await post(user, '/api/v1/entities', aCompany({ emails: ['info@cliente.example.com'], ...overrides }))
  ).json();
  const contact = (
    await post(user, '/api/v1/contacts', {
      entity_id: entity.id,
      first_name: 'Marta',
      last_name: 'Puig',
      emails: [`marta.${newId().slice(-6)}@cliente.example.com`],
    })
  ).json();
  return { entity, contact };
}

const arrived = (messageId: string) => smtp.received.filter((m) => m.messageId === messageId);

describe('sending from a record', () => {
  it('queues a written mail to the contact, sends it with its Message-ID, and shows it on the timelines', async () => {
    const { entity, contact } = await aCustomer();
    const res = await post(admin, '/api/v1/emails', {
      contact_id: contact.id,
      subject: 'Vuestro pedido',
      html_body: '<p>Hola <b>Marta</b>, <a href="https://example.com/pedido">el pedido</a> ya ha salido.</p>',
    });
    expect(res.statusCode).toBe(202);
    const queued = res.json();
    expect(queued).toMatchObject({
      status: 'queued',
      direction: 'out',
      account_id: accountId,
      from: { name: 'Ventas Garrotxa', address: 'ventas@garrotxa.example.com' },
      to: [{ name: 'Marta Puig', address: contact.emails[0] }],
      thread_id: queued.id,
      links: [{ entity: { id: entity.id }, contact: { id: contact.id, name: 'Marta Puig' }, case: null }],
    });
    expect(queued.message_id).toBe(`<${queued.id}@garrotxa.example.com>`);
    // Text made from the HTML, the link kept.
    expect(queued.text_body).toContain('https://example.com/pedido');

    expect(await outbox()).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = arrived(queued.message_id);
    expect(mail?.parsed.subject).toBe('Vuestro pedido');
    expect(mail?.envelopeTo).toEqual([contact.emails[0]]);
    expect(mail?.parsed.html).toContain('<b>Marta</b>');
    const sent = (await get(admin, `/api/v1/emails/${queued.id}`)).json();
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(sent.sent_at).not.toBeNull();

    for (const url of [`/api/v1/entities/${entity.id}/timeline`, `/api/v1/contacts/${contact.id}/timeline`]) {
      const items = (await get(admin, url)).json().data;
      expect(items.map((i: { type: string }) => i.type)).toEqual(
        expect.arrayContaining(['email.queued', 'email.sent']),
      );
      expect(items.find((i: { type: string }) => i.type === 'email.sent')).toMatchObject({
        object: 'email',
        object_id: queued.id,
        summary: 'Vuestro pedido',
      });
    }
  });

  it('renders a template against the case, threads the customer’s reply answer, and marks the case answered', async () => {
    const { entity, contact } = await aCustomer();
    const kase = (
      await post(admin, '/api/v1/cases', {
        type_id: claimTypeId,
        title: 'Caja rota',
        entity_id: entity.id,
        contact_id: contact.id,
      })
    ).json();
    const templateId = newId();
    await ctx.db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: `Reclamación ${templateId}`,
        content: JSON.stringify({
          es: {
            subject: 'Su reclamación {{ case.number }}',
            html: '<p>Hola {{ contact.first_name }}, le escribe {{ sender.name }}.</p>',
            text: '',
          },
        }),
        default_language: 'es',
        created_by: admin.id,
        updated_by: admin.id,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    // The customer wrote first: a received mail on the case, answered from it.
    const inbound = newId();
    await ctx.db
      .insertInto('emails')
      .values({
        id: inbound,
        direction: 'in',
        message_id: '<queja-1@cliente.example.com>',
        references: ['<origen@cliente.example.com>'],
        thread_id: inbound,
        from_address: contact.emails[0],
        from_name: 'Marta Puig',
        to_recipients: JSON.stringify([{ name: '', address: 'ventas@garrotxa.example.com' }]),
        subject: 'Caja rota',
        text_body: 'La caja llegó rota.',
        status: 'received',
        received_at: new Date(),
        entity_id: entity.id,
        case_id: kase.id,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await ctx.db
      .insertInto('email_links')
      .values({ email_id: inbound, entity_id: entity.id, contact_id: contact.id, case_id: kase.id })
      .execute();

    const res = await post(admin, '/api/v1/emails', { reply_to_email_id: inbound, template_id: templateId });
    expect(res.statusCode).toBe(202);
    const reply = res.json();
    expect(reply).toMatchObject({
      subject: `Re: Su reclamación ${kase.number}`,
      in_reply_to: '<queja-1@cliente.example.com>',
      thread_id: inbound,
      to: [{ address: contact.emails[0] }],
      template_id: templateId,
    });
    expect(reply.links[0]).toMatchObject({ case: { id: kase.id, number: kase.number } });
    expect(reply.text_body).toContain('Hola Marta, le escribe Núria Soler.');

    await outbox();
    const [mail] = arrived(reply.message_id);
    expect(mail?.parsed.inReplyTo).toBe('<queja-1@cliente.example.com>');
    expect(mail?.parsed.references).toEqual([
      '<origen@cliente.example.com>',
      '<queja-1@cliente.example.com>',
    ]);

    const thread = (await get(admin, `/api/v1/emails?thread_id=${inbound}`)).json().data;
    expect(thread.map((e: { id: string }) => e.id)).toEqual([reply.id, inbound]);
    const timeline = (await get(admin, `/api/v1/cases/${kase.id}/timeline`)).json().data;
    expect(
      timeline.some(
        (i: { type: string; object_id: string }) => i.type === 'email.sent' && i.object_id === reply.id,
      ),
    ).toBe(true);
    const answered = await ctx.db
      .selectFrom('cases')
      .select('first_response_at')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(answered.first_response_at).not.toBeNull();
  });

  it('sends the entity’s files as attachments and serves them for download', async () => {
    const { entity } = await aCustomer();
    const upload = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/entities/${entity.id}/files`,
      headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=XX' },
      payload: `--XX\r\nContent-Disposition: form-data; name="file"; filename="oferta.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 oferta\r\n--XX--\r\n`,
    });
    expect(upload.statusCode).toBe(201);
    const res = await post(admin, '/api/v1/emails', {
      entity_id: entity.id,
      subject: 'Oferta',
      text_body: 'Adjunto la oferta.',
      file_ids: [upload.json().id],
    });
    expect(res.statusCode).toBe(202);
    const queued = res.json();
    expect(queued.to).toEqual([{ name: entity.name, address: 'info@cliente.example.com' }]);
    expect(queued.attachments).toMatchObject([
      { filename: 'oferta.pdf', content_type: 'application/pdf', size: 15 },
    ]);
    await outbox();
    const [mail] = arrived(queued.message_id);
    expect(mail?.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['oferta.pdf', '%PDF-1.4 oferta'],
    ]);
    const download = await get(admin, queued.attachments[0].download_url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.body).toBe('%PDF-1.4 oferta');
  });
});

describe('bad input', () => {
  it('answers 422 no_recipient when the record has no address', async () => {
    const entity = (await post(admin, '/api/v1/entities', aCompany())).json();
    const res = await post(admin, '/api/v1/emails', {
      entity_id: entity.id,
      subject: 'Hola',
      text_body: 'Hola',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'to', code: 'no_recipient' })]);
  });

  it('names the invalid address (to.1) and localises the message', async () => {
    const { entity } = await aCustomer();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/emails',
      headers: { ...admin.headers, 'accept-language': 'ca' },
      payload: {
        entity_id: entity.id,
        to: ['bo@example.com', 'no es una adreça'],
        subject: 'x',
        text_body: 'x',
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'to.1' });
    expect(res.json().title).toBe('Alguns camps no són vàlids.');
  });

  it('answers 422 for a template that does not exist and for a mail with neither subject nor body', async () => {
    const { entity } = await aCustomer();
    const unknown = await post(admin, '/api/v1/emails', { entity_id: entity.id, template_id: newId() });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'template_id', code: 'unknown_template' });
    const empty = await post(admin, '/api/v1/emails', { entity_id: entity.id });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors.map((e: { field: string }) => e.field)).toEqual(['subject', 'text_body']);
    const noRecord = await post(admin, '/api/v1/emails', {
      subject: 'x',
      text_body: 'y',
      to: ['a@example.com'],
    });
    expect(noRecord.statusCode).toBe(422);
    expect(noRecord.json().errors[0]).toMatchObject({ field: 'entity_id', code: 'record_required' });
  });

  it('answers 413 when the attachments pass the upload limit', async () => {
    const { entity } = await aCustomer();
    const big = 'x'.repeat(600 * 1024);
    const ids: string[] = [];
    for (const name of ['a.txt', 'b.txt']) {
      const upload = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/entities/${entity.id}/files`,
        headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=XX' },
        payload: `--XX\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${big}\r\n--XX--\r\n`,
      });
      ids.push(upload.json().id);
    }
    const res = await post(admin, '/api/v1/emails', {
      entity_id: entity.id,
      subject: 'Ficheros',
      text_body: 'Van dos.',
      file_ids: ids,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    // A file of another entity cannot be attached.
    const other = await aCustomer();
    const foreign = await post(admin, '/api/v1/emails', {
      entity_id: other.entity.id,
      subject: 'x',
      text_body: 'x',
      file_ids: [ids[0]],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'file_ids.0', code: 'unknown_file' });
  });

  it('answers 404 for a record the caller cannot see, and hides its mail', async () => {
    const { entity } = await aCustomer(admin, { owner_id: admin.id });
    const hidden = await post(agent, '/api/v1/emails', {
      entity_id: entity.id,
      subject: 'x',
      text_body: 'x',
    });
    expect(hidden.statusCode).toBe(404);
    const sent = (
      await post(admin, '/api/v1/emails', { entity_id: entity.id, subject: 'Privado', text_body: 'x' })
    ).json();
    expect((await get(agent, `/api/v1/emails/${sent.id}`)).statusCode).toBe(404);
    const list = (await get(agent, `/api/v1/emails?entity_id=${entity.id}`)).json().data;
    expect(list).toEqual([]);
    const mine = (await get(admin, `/api/v1/emails?entity_id=${entity.id}`)).json().data;
    expect(mine.map((e: { id: string }) => e.id)).toEqual([sent.id]);
    expect(mine[0].snippet).toBe('x');
    await post(admin, `/api/v1/emails/${sent.id}/cancel`);
  });
});

describe('the worker', () => {
  it('fails a mail the server refuses (550) with its words; retry sends it once the server accepts', async () => {
    const { contact } = await aCustomer();
    const queued = (
      await post(admin, '/api/v1/emails', { contact_id: contact.id, subject: 'Rechazo', text_body: 'x' })
    ).json();
    smtp.refuse = { code: 550, message: '5.1.1 Mailbox unavailable' };
    expect(await outbox()).toMatchObject({ sent: 0, failed: 1 });
    const failed = (await get(admin, `/api/v1/emails/${queued.id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(failed.last_error).toContain('550 5.1.1 Mailbox unavailable');
    const events = await ctx.db
      .selectFrom('events')
      .select('type')
      .where('object_id', '=', queued.id)
      .execute();
    expect(events.map((e) => e.type)).toContain('email.failed');

    smtp.refuse = null;
    const retried = await post(admin, `/api/v1/emails/${queued.id}/retry`);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
    await outbox();
    expect((await get(admin, `/api/v1/emails/${queued.id}`)).json()).toMatchObject({ status: 'sent' });
    expect(arrived(queued.message_id)).toHaveLength(1);
    // A sent mail cannot be retried nor cancelled.
    expect((await post(admin, `/api/v1/emails/${queued.id}/retry`)).statusCode).toBe(409);
    expect((await post(admin, `/api/v1/emails/${queued.id}/cancel`)).statusCode).toBe(409);
  });

  it('retries a temporary refusal (451) later, with backoff, and then sends it', async () => {
    const { contact } = await aCustomer();
    const queued = (
      await post(admin, '/api/v1/emails', { contact_id: contact.id, subject: 'Luego', text_body: 'x' })
    ).json();
    smtp.refuse = { code: 451, message: '4.3.0 Try again later' };
    expect(await outbox()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = (await get(admin, `/api/v1/emails/${queued.id}`)).json();
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toContain('451');
    expect(new Date(waiting.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30_000);
    smtp.refuse = null;
    expect(await outbox()).toMatchObject({ sent: 0 });
    const later = new Date(Date.now() + 2 * 60_000);
    expect(await outbox({ now: () => later })).toMatchObject({ sent: 1 });
    expect((await get(admin, `/api/v1/emails/${queued.id}`)).json()).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('retries a server that never answers instead of hanging, and fails after the last try', async () => {
    const silent = await startSilentServer();
    const account = (
      await post(admin, '/api/v1/mail-accounts', {
        kind: 'shared',
        name: 'Mudo',
        address: 'mudo@garrotxa.example.com',
        smtp_host: '127.0.0.1',
        smtp_port: silent.port,
        smtp_security: 'none',
        send_enabled: true,
      })
    ).json();
    try {
      const { contact } = await aCustomer();
      const queued = (
        await post(admin, '/api/v1/emails', {
          account_id: account.id,
          contact_id: contact.id,
          subject: 'Silencio',
          text_body: 'x',
        })
      ).json();
      expect(await outbox({ timeoutMs: 200, maxAttempts: 2 })).toMatchObject({ retried: 1 });
      const waiting = (await get(admin, `/api/v1/emails/${queued.id}`, 'es')).json();
      expect(waiting.status).toBe('queued');
      // Stored as a code with the technical detail; read in the reader's language.
      expect(await storedError(queued.id)).toMatch(/^mail_error\.timeout \{"detail":"ETIMEDOUT: /);
      expect(waiting.last_error).toMatch(/^El servidor de correo no respondió a tiempo \(ETIMEDOUT: .+\)\.$/);
      expect((await get(admin, `/api/v1/emails/${queued.id}`, 'en')).json().last_error).toMatch(
        /^The mail server did not answer in time \(ETIMEDOUT: /,
      );
      const later = new Date(Date.now() + 5 * 60_000);
      expect(await outbox({ timeoutMs: 200, maxAttempts: 2, now: () => later })).toMatchObject({ failed: 1 });
      expect((await get(admin, `/api/v1/emails/${queued.id}`)).json()).toMatchObject({
        status: 'failed',
        attempts: 2,
      });
    } finally {
      await silent.close();
    }
  });

  it('sends again, with the same Message-ID, a mail whose worker died mid-send', async () => {
    const { contact } = await aCustomer();
    const queued = (
      await post(admin, '/api/v1/emails', { contact_id: contact.id, subject: 'Corte', text_body: 'x' })
    ).json();
    // As a killed process leaves it: claimed, its lease over.
    await ctx.db
      .updateTable('emails')
      .set({ status: 'sending', attempts: 1, next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', queued.id)
      .execute();
    expect(await outbox()).toMatchObject({ sent: 1 });
    expect(arrived(queued.message_id)).toHaveLength(1);
    expect((await get(admin, `/api/v1/emails/${queued.id}`)).json()).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('keeps mail queued, saying why, while there is no way to send it', async () => {
    await ctx.db
      .updateTable('mail_accounts')
      .set({ is_default: false })
      .where('id', '=', accountId)
      .execute();
    try {
      const { contact } = await aCustomer();
      const queued = (
        await post(admin, '/api/v1/emails', { contact_id: contact.id, subject: 'Sin SMTP', text_body: 'x' })
      ).json();
      expect(queued.account_id).toBeNull();
      expect(await outbox()).toMatchObject({ sent: 0, failed: 0, held: 1 });
      const held = (await get(admin, `/api/v1/emails/${queued.id}`, 'es')).json();
      expect(held).toMatchObject({ status: 'queued', attempts: 0 });
      expect(await storedError(queued.id)).toBe('mail_error.no_smtp');
      expect(held.last_error).toMatch(/^No hay ninguna forma de enviar correo configurada: .*TRATO_SMTP_URL/);
      const inCatalan = (
        await get(admin, `/api/v1/emails?status=queued&entity_id=${queued.links[0].entity.id}`, 'ca')
      )
        .json()
        .data.find((e: { id: string }) => e.id === queued.id);
      expect(inCatalan.last_error).toMatch(/^No hi ha cap manera d'enviar correu configurada/);
      expect((await get(admin, `/api/v1/emails/${queued.id}`, 'en')).json().last_error).toMatch(
        /^No way to send mail is configured/,
      );
      // Once a sender exists, it goes out through it.
      await ctx.db
        .updateTable('mail_accounts')
        .set({ is_default: true })
        .where('id', '=', accountId)
        .execute();
      expect(await outbox({ now: () => new Date(Date.now() + 2 * 60_000) })).toMatchObject({ sent: 1 });
      expect((await get(admin, `/api/v1/emails/${queued.id}`)).json()).toMatchObject({
        status: 'sent',
        account_id: accountId,
        from: { address: 'ventas@garrotxa.example.com' },
      });
    } finally {
      await ctx.db
        .updateTable('mail_accounts')
        .set({ is_default: true })
        .where('id', '=', accountId)
        .execute();
    }
  });

  it('never sends a cancelled mail', async () => {
    const { contact } = await aCustomer();
    const queued = (
      await post(admin, '/api/v1/emails', { contact_id: contact.id, subject: 'Anulado', text_body: 'x' })
    ).json();
    expect((await post(admin, `/api/v1/emails/${queued.id}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
    });
    await outbox();
    expect(arrived(queued.message_id)).toHaveLength(0);
  });
});

describe('errors in the reader’s language', () => {
  const sendThrough = async (account: { id: string }, subject: string) => {
    const { contact } = await aCustomer();
    return (
      await post(admin, '/api/v1/emails', {
        account_id: account.id,
        contact_id: contact.id,
        subject,
        text_body: 'x',
      })
    ).json();
  };

  it('stores codes for what went wrong on the way and shows them in es, ca and en', async () => {
    const refused = (
      await post(admin, '/api/v1/mail-accounts', {
        kind: 'shared',
        name: 'Cerrado',
        address: 'cerrado@garrotxa.example.com',
        smtp_host: '127.0.0.1',
        smtp_port: await closedPort(),
        smtp_security: 'none',
        send_enabled: true,
      })
    ).json();
    const undecryptable = (
      await post(admin, '/api/v1/mail-accounts', {
        kind: 'shared',
        name: 'Otra clave',
        address: 'otra-clave@garrotxa.example.com',
        smtp_host: '127.0.0.1',
        smtp_port: smtp.port,
        smtp_security: 'none',
        smtp_user: 'ventas',
        smtp_password: 'smtp-secret-1',
        send_enabled: true,
      })
    ).json();
    // As a password encrypted under another server's key reads here.
    await ctx.db
      .updateTable('mail_accounts')
      .set({ smtp_password: `v1:${Buffer.alloc(48, 7).toString('base64url')}` })
      .where('id', '=', undecryptable.id)
      .execute();
    const toClosed = await sendThrough(refused, 'Puerto cerrado');
    const toLocked = await sendThrough(undecryptable, 'Clave perdida');
    expect(await outbox()).toMatchObject({ sent: 0, retried: 2 });

    expect(await storedError(toClosed.id)).toMatch(
      /^mail_error\.connection_refused \{"detail":".*ECONNREFUSED/,
    );
    expect(await storedError(toLocked.id)).toBe('mail_error.cannot_decrypt');
    const read = async (id: string, lang: 'es' | 'ca' | 'en') =>
      (await get(admin, `/api/v1/emails/${id}`, lang)).json().last_error as string;
    expect(await read(toClosed.id, 'es')).toMatch(
      /^El servidor de correo rechazó la conexión \(.*ECONNREFUSED.*\): comprueba el servidor y el puerto\.$/,
    );
    expect(await read(toClosed.id, 'ca')).toMatch(/^El servidor de correu ha rebutjat la connexió \(/);
    expect(await read(toClosed.id, 'en')).toMatch(/^The mail server refused the connection \(/);
    expect(await read(toLocked.id, 'es')).toMatch(/^No se puede descifrar la contraseña guardada/);
    expect(await read(toLocked.id, 'ca')).toMatch(/^No es pot desxifrar la contrasenya desada/);
    expect(await read(toLocked.id, 'en')).toMatch(/^The mail account's stored password cannot be decrypted/);

    // The retry answer is localised too; a retry clears the error.
    const retried = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/emails/${toLocked.id}/cancel`,
      headers: { ...admin.headers, 'accept-language': 'en' },
    });
    expect(retried.json()).toMatchObject({ status: 'cancelled' });
    expect(retried.json().last_error).toMatch(/^The mail account's stored password cannot be decrypted/);
    await post(admin, `/api/v1/emails/${toClosed.id}/cancel`);
  });

  it('keeps what the SMTP server said as it said it, and names the recipients it refused', async () => {
    const { entity, contact } = await aCustomer();
    const queued = (
      await post(admin, '/api/v1/emails', {
        contact_id: contact.id,
        to: [contact.emails[0], 'nadie@cliente.example.com'],
        subject: 'A dos',
        text_body: 'x',
      })
    ).json();
    smtp.refuse = {
      code: 550,
      message: '5.1.1 <nadie@cliente.example.com>: user unknown',
      only: ['nadie@cliente.example.com'],
    };
    expect(await outbox()).toMatchObject({ sent: 1 });
    expect(arrived(queued.message_id)[0]?.envelopeTo).toEqual([contact.emails[0]]);
    const stored = await storedError(queued.id);
    expect(stored).toMatch(/^mail_error\.recipients_refused \{/);
    const es = (await get(admin, `/api/v1/emails/${queued.id}`, 'es')).json();
    expect(es.status).toBe('sent');
    expect(es.last_error).toMatch(
      /^Enviado, pero el servidor rechazó a nadie@cliente\.example\.com: .*550 5\.1\.1 <nadie@cliente\.example\.com>: user unknown/,
    );
    expect((await get(admin, `/api/v1/emails/${queued.id}`, 'en')).json().last_error).toMatch(
      /^Sent, but the server refused nadie@cliente\.example\.com: /,
    );

    // A whole refusal: the server's reply, the same in every language.
    const second = (
      await post(admin, '/api/v1/emails', { entity_id: entity.id, subject: 'Rechazado', text_body: 'x' })
    ).json();
    smtp.refuse = { code: 554, message: '5.7.1 Message rejected as spam' };
    expect(await outbox()).toMatchObject({ failed: 1 });
    for (const lang of ['es', 'ca', 'en'] as const)
      expect((await get(admin, `/api/v1/emails/${second.id}`, lang)).json().last_error).toMatch(
        /^EENVELOPE: 554 5\.7\.1 Message rejected as spam/,
      );
  });

  it('shows text stored before codes, and anything that is not a known code, as it is', () => {
    expect(localizeMailError('Connection closed by the old worker', 'es')).toBe(
      'Connection closed by the old worker',
    );
    expect(localizeMailError('mail_error.something_new {"detail":"x"}', 'en')).toBe(
      'mail_error.something_new {"detail":"x"}',
    );
    // Parameters that do not parse do not lose the message, and are shown as stored.
    expect(localizeMailError('mail_error.timeout {not json}', 'en')).toBe(
      'The mail server did not answer in time ({not json}).',
    );
    expect(localizeMailError(null, 'ca')).toBeNull();
    // Long details are cut so that the stored value stays valid JSON.
    const long = sendErrorOf(Object.assign(new Error('x'.repeat(5000)), { code: 'ETIMEDOUT' }));
    expect(long.length).toBeLessThan(2000);
    expect(localizeMailError(long, 'en')).toMatch(
      /^The mail server did not answer in time \(ETIMEDOUT: x+\)\.$/,
    );
  });
});

describe('reading mail', () => {
  it('sanitises received HTML: no scripts, remote images only on request, inline images from attachments', async () => {
    const { entity } = await aCustomer();
    const id = newId();
    await ctx.db
      .insertInto('emails')
      .values({
        id,
        direction: 'in',
        message_id: `<${id}@cliente.example.com>`,
        thread_id: id,
        from_address: 'x@cliente.example.com',
        subject: 'HTML',
        html_body:
          '<p onclick="steal()">Hola<script>alert(1)</script><img src="https://tracker.example.com/p.gif"><img src="cid:logo@x"><a href="javascript:alert(1)">x</a><span style="background:url(https://t.example.com/)">y</span></p>',
        status: 'received',
        entity_id: entity.id,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await ctx.db
      .insertInto('email_links')
      .values({ email_id: id, entity_id: entity.id, contact_id: null, case_id: null })
      .execute();
    const attachmentId = newId();
    await ctx.db
      .insertInto('email_attachments')
      .values({
        id: attachmentId,
        email_id: id,
        filename: 'logo.png',
        content_type: 'image/png',
        size: 3,
        content_id: '<logo@x>',
        inline: true,
        sha256: 'x',
        storage_key: 'mail/xx/x',
        created_at: new Date(),
      })
      .execute();
    const html = (await get(admin, `/api/v1/emails/${id}`)).json().html_body as string;
    expect(html).not.toMatch(/script|onclick|javascript:|url\(/);
    expect(html).toContain('data-remote-src="https://tracker.example.com/p.gif"');
    expect(html).not.toMatch(/ src="https:/);
    expect(html).toContain(`src="/api/v1/emails/${id}/attachments/${attachmentId}"`);
  });
});

describe('bulk send', () => {
  it('queues one template to many entities in one go, listing those it skips and why', async () => {
    const a = await aCustomer();
    const b = (await post(admin, '/api/v1/entities', aCompany({ emails: ['hola@b.example.com'] }))).json();
    const none = (await post(admin, '/api/v1/entities', aCompany())).json();
    const hiddenFromAgent = (
      await post(admin, '/api/v1/entities', aCompany({ emails: ['h@h.example.com'], owner_id: admin.id }))
    ).json();
    const templateId = newId();
    await ctx.db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: `Campaña ${templateId}`,
        content: JSON.stringify({
          es: {
            subject: 'Novedades para {{ entity.name }}',
            html: '',
            text: 'Hola {{ contact.first_name }}',
          },
        }),
        default_language: 'es',
        created_at: new Date(),
        updated_at: new Date(),
        created_by: admin.id,
        updated_by: admin.id,
      })
      .execute();
    const res = await post(agent, '/api/v1/emails/bulk', {
      template_id: templateId,
      entity_ids: [a.entity.id, b.id, none.id, hiddenFromAgent.id, b.id],
    });
    // The agent sees only the entities of their team: none of these (admin-owned).
    expect(res.statusCode).toBe(202);
    expect(res.json().queued).toBe(0);
    const byAdmin = await post(admin, '/api/v1/emails/bulk', {
      template_id: templateId,
      entity_ids: [a.entity.id, b.id, none.id, b.id],
    });
    expect(byAdmin.json()).toEqual({
      queued: 2,
      skipped: [
        { entity_id: b.id, reason: 'duplicate' },
        { entity_id: none.id, reason: 'no_recipient' },
      ],
    });
    const toA = (await get(admin, `/api/v1/emails?entity_id=${a.entity.id}&status=queued`)).json().data;
    expect(toA[0]).toMatchObject({
      subject: `Novedades para ${a.entity.name}`,
      to: [{ name: 'Marta Puig', address: a.contact.emails[0] }],
      template_id: templateId,
    });
    expect(toA[0].snippet).toBe('Hola Marta');
    const toB = (await get(admin, `/api/v1/emails?entity_id=${b.id}`)).json().data;
    expect(toB[0].to).toEqual([{ name: b.name, address: 'hola@b.example.com' }]);
    const unknown = await post(admin, '/api/v1/emails/bulk', { template_id: newId(), entity_ids: [b.id] });
    expect(unknown.statusCode).toBe(422);
    await outbox();
    expect(arrived(toA[0].message_id)).toHaveLength(1);
  });
});

describe('bulk rendering is single rendering', () => {
  let templateId: string;
  let agentName: string;
  const people: { entityId: string; contactId: string | null; name: string }[] = [];
  let caseId: string;

  beforeAll(async () => {
    for (const field of [
      { object: 'entity', key: 'presupuesto', labels: { es: 'Presupuesto' }, type: 'money' },
      {
        object: 'entity',
        key: 'segmento',
        labels: { es: 'Segmento' },
        type: 'select',
        options: [
          { key: 'pyme', labels: { es: 'Pyme', ca: 'Pime', en: 'SME' } },
          { key: 'grande', labels: { es: 'Gran cuenta', ca: 'Gran compte', en: 'Key account' } },
        ],
      },
      { object: 'entity', key: 'gestor', labels: { es: 'Gestor' }, type: 'user' },
      { object: 'contact', key: 'vip', labels: { es: 'VIP' }, type: 'boolean' },
    ]) {
      const res = await post(admin, '/api/v1/fields', field);
      expect(res.statusCode, res.body).toBe(201);
    }
    agentName = (
      await ctx.db.selectFrom('users').select('name').where('id', '=', agent.id).executeTakeFirstOrThrow()
    ).name;
    const entity = async (overrides: Record<string, unknown>, contact?: Record<string, unknown>) => {
      const e = await post(admin, '/api/v1/entities', aCompany(overrides));
      expect(e.statusCode, e.body).toBe(201);
      let contactId: string | null = null;
      if (contact) {
        const c = await post(admin, '/api/v1/contacts', { entity_id: e.json().id, ...contact });
        expect(c.statusCode, c.body).toBe(201);
        contactId = c.json().id;
      }
      people.push({ entityId: e.json().id, contactId, name: e.json().name });
    };
    await entity(
      { custom: { presupuesto: '1234.5', segmento: 'pyme', gestor: agent.id } },
      { first_name: 'Marta', last_name: 'Puig', emails: ['marta@pyme.example.com'], custom: { vip: true } },
    );
    await entity(
      { owner_id: agent.id, custom: { presupuesto: '99000', segmento: 'grande' } },
      { first_name: 'Pau', emails: ['pau@gran.example.com'], custom: { vip: false } },
    );
    await entity({ emails: ['info@sin-contacto.example.com'] });
    const opportunity = await ctx.db
      .selectFrom('case_types')
      .select('id')
      .where('key', '=', 'opportunity')
      .executeTakeFirstOrThrow();
    const created = await post(admin, '/api/v1/cases', {
      type_id: opportunity.id,
      title: 'Renovación',
      entity_id: people[0]?.entityId,
      amount: '2500.75',
      currency: 'USD',
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    templateId = newId();
    await ctx.db
      .insertInto('email_templates')
      .values({
        id: templateId,
        name: `Presupuesto ${templateId}`,
        content: JSON.stringify({
          es: {
            subject: '{{ entity.name }} · {{ entity.custom.presupuesto | money }}',
            html: '<p>{{ contact.first_name | default: "equipo" }} (VIP: {{ contact.custom.vip }}) · {{ entity.custom.segmento }} · gestor {{ entity.custom.gestor }} · {{ owner.name }} &lt;{{ owner.email }}&gt; · {{ sender.name }} · {{ 1250.5 | money }} · {{ "2026-12-31" | date }}</p>',
            text: '',
          },
          en: {
            subject: '{{ entity.name }}: {{ entity.custom.presupuesto | money }}',
            html: '<p>{{ entity.custom.segmento }} {{ owner.name }}</p>',
            text: 'Dear {{ contact.first_name | default: "team" }}, {{ entity.custom.segmento }}, {{ owner.name }}',
          },
        }),
        default_language: 'es',
        created_at: new Date(),
        updated_at: new Date(),
        created_by: admin.id,
        updated_by: admin.id,
      })
      .execute();
  });

  const stored = (entityId: string) =>
    ctx.db
      .selectFrom('emails')
      .select(['subject', 'html_body', 'text_body', 'language', 'contact_id'])
      .where('entity_id', '=', entityId)
      .where('template_id', '=', templateId)
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();

  for (const language of ['es', 'en'] as const)
    it(`queues, in ${language}, the very mail a single send renders for each record`, async () => {
      const res = await post(admin, '/api/v1/emails/bulk', {
        template_id: templateId,
        entity_ids: people.map((p) => p.entityId),
        language,
      });
      expect(res.json()).toEqual({ queued: 3, skipped: [] });
      for (const person of people) {
        const bulk = await stored(person.entityId);
        const single = await renderTemplateById(
          ctx.db,
          templateId,
          { entityId: person.entityId, contactId: person.contactId, senderUserId: admin.id },
          language,
        );
        expect(bulk).toEqual({
          subject: single.subject,
          html_body: single.html,
          text_body: single.text,
          language,
          contact_id: person.contactId,
        });
      }
      const [first, second, third] = await Promise.all(people.map((p) => stored(p.entityId)));
      if (language === 'es') {
        expect(first?.subject).toBe(`${people[0]?.name} · 1.234,50\u00a0€`);
        expect(first?.html_body).toBe(
          `<p>Marta (VIP: Sí) · Pyme · gestor ${agentName} · Núria Soler &lt;${admin.email}&gt; · Núria Soler · 1.250,50\u00a0€ · 31 de diciembre de 2026</p>`,
        );
        expect(second?.subject).toBe(`${people[1]?.name} · 99.000,00\u00a0€`);
        expect(second?.html_body).toContain(`Pau (VIP: No) · Gran cuenta · gestor  · ${agentName} &lt;`);
        expect(third?.html_body).toMatch(/^<p>equipo \(VIP: \) · {2}· gestor {2}· Núria Soler/);
      } else {
        expect(first?.subject).toBe(`${people[0]?.name}: €1,234.50`);
        expect(first?.text_body).toBe('Dear Marta, SME, Núria Soler');
        expect(second?.text_body).toBe(`Dear Pau, Key account, ${agentName}`);
        expect(third?.text_body).toBe('Dear team, , Núria Soler');
      }
      await ctx.db
        .updateTable('emails')
        .set({ status: 'cancelled' })
        .where('template_id', '=', templateId)
        .execute();
    });

  it('reads many records in a few queries, in order, each as the single loader reads it', async () => {
    const kinds = [
      { entityId: people[0]?.entityId },
      { contactId: people[1]?.contactId },
      { caseId },
      { entityId: people[2]?.entityId, senderUserId: agent.id },
      { entityId: newId() },
    ];
    // More than one chunk, so the order across chunks counts too.
    const refs = Array.from({ length: MERGE_CHUNK * 2 + 7 }, (_, i) => kinds[i % kinds.length] ?? {});
    const lookups = await loadMergeLookups(ctx.db);
    const singles = await Promise.all(kinds.map((r) => loadMergeContext(ctx.db, r, 'es', lookups)));
    const batch = await loadMergeContexts(ctx.db, refs, 'es', lookups);
    expect(batch).toHaveLength(refs.length);
    batch.forEach((context, i) => {
      expect(context).toEqual(singles[i % kinds.length]);
    });
    // The case brings its amount, currency, contact-less entity and owner.
    expect(singles[2]?.values.case).toMatchObject({
      amount: '2500.75',
      currency: 'USD',
      title: 'Renovación',
    });
    expect(singles[2]?.values.entity).toMatchObject({ name: people[0]?.name });
    expect(singles[2]?.values.owner).toMatchObject({ name: 'Núria Soler' });
    expect(singles[3]?.values.sender).toMatchObject({ name: agentName });
    expect(singles[4]?.values.entity).toBeNull();
  });
});
