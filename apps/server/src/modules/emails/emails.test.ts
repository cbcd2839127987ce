import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { closeTransports } from '../mail-accounts/mail-transport.ts';
import { type OutboxOptions, processEmailOutbox } from './email-worker.ts';
import { startSilentServer, startTestSmtp, type TestSmtp } from './test-smtp-server.ts';

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
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

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
      const waiting = (await get(admin, `/api/v1/emails/${queued.id}`)).json();
      expect(waiting.status).toBe('queued');
      expect(waiting.last_error).toMatch(/ETIMEDOUT|timeout/i);
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
      const held = (await get(admin, `/api/v1/emails/${queued.id}`)).json();
      expect(held).toMatchObject({ status: 'queued', attempts: 0 });
      expect(held.last_error).toMatch(/TRATO_SMTP_URL/);
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
