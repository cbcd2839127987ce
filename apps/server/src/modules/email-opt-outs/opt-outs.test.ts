import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { processAutomationEvents } from '../automation/engine.ts';
import { processEmailOutbox } from '../emails/email-worker.ts';
import { startTestSmtp, type TestSmtp } from '../emails/test-smtp-server.ts';
import { closeTransports } from '../mail-accounts/mail-transport.ts';

// Commercial mail and opting out of it: a commercial template carries an unsubscribe link (where the template
// puts {{ unsubscribe_url }}, else in a footer in the mail's language) and List-Unsubscribe headers; the link's
// page asks to confirm, the button (or the mail client's one-click POST) records the opt-out with an event on
// the contact; from then on no commercial template reaches that address: bulk sends skip it, a mail written
// from a record is refused on that recipient, a rule's send is skipped. Plain mail still goes.

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let smtp: TestSmtp;

beforeAll(async () => {
  ctx = await createTestApp({ TRATO_PUBLIC_URL: 'https://crm.garrotxa.example.com' });
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent' });
  smtp = await startTestSmtp();
  const account = await send(admin, 'POST', '/api/v1/mail-accounts', {
    kind: 'shared',
    name: 'Marketing',
    address: 'hola@garrotxa.example.com',
    display_name: 'Distribucions Garrotxa',
    smtp_host: '127.0.0.1',
    smtp_port: smtp.port,
    smtp_security: 'none',
    send_enabled: true,
    is_default: true,
  });
  expect(account.statusCode, account.body).toBe(201);
  await send(admin, 'PUT', '/api/v1/company', { version: 0, name: 'Distribucions Garrotxa' });
});

afterAll(async () => {
  closeTransports();
  await smtp.close();
  await ctx.close();
});

function send(user: TestUser, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, lang = 'es') {
  return ctx.app.inject({
    method,
    url,
    headers: { ...user.headers, 'accept-language': lang },
    ...(payload !== undefined && { payload }),
  });
}
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });
const outbox = () => processEmailOutbox(ctx.db, { smtpUrl: undefined, dataDir: ctx.config.dataDir });
/** The recipient's side: no session, no CSRF token. */
const visit = (method: 'GET' | 'POST', link: string, form?: string) =>
  ctx.app.inject({
    method,
    url: new URL(link).pathname,
    headers: {
      'accept-language': 'en',
      ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    ...(form !== undefined && { payload: form }),
  });

async function aTemplate(content: Record<string, unknown>, commercial = true) {
  const res = await send(admin, 'POST', '/api/v1/email-templates', {
    name: `Boletín ${newId()}`,
    content,
    commercial,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; commercial: boolean };
}

async function aCustomer(language: 'es' | 'ca' = 'ca') {
  const entity = (await send(admin, 'POST', '/api/v1/entities', aCompany({ owner_id: agent.id }))).json();
  const address = `jordi.${newId().slice(-8)}@client.example.com`;
  const contact = (
    await send(admin, 'POST', '/api/v1/contacts', {
      entity_id: entity.id,
      first_name: 'Jordi',
      last_name: 'Puig',
      emails: [address],
      language,
    })
  ).json();
  return { entity, contact, address };
}

const LINK = /https:\/\/crm\.garrotxa\.example\.com\/api\/v1\/unsubscribe\/[\w.-]+/;
const optOutsOf = async (address: string) =>
  (await get(admin, `/api/v1/email-opt-outs?address=${encodeURIComponent(address)}`)).json().data;

describe('commercial mail', () => {
  it('is sent with a footer link in the recipient’s language and List-Unsubscribe headers; the link unsubscribes', async () => {
    const template = await aTemplate({
      es: { subject: 'Novedades de otoño', html: '<p>Hola {{ contact.first_name }}</p>', text: '' },
      ca: { subject: 'Novetats de tardor', html: '<p>Hola {{ contact.first_name }}</p>', text: '' },
    });
    expect(template.commercial).toBe(true);
    const { entity, contact, address } = await aCustomer('ca');
    const bulk = await send(admin, 'POST', '/api/v1/emails/bulk', {
      template_id: template.id,
      entity_ids: [entity.id],
    });
    expect(bulk.json()).toEqual({ queued: 1, skipped: [] });
    await outbox();
    const mail = smtp.received.find((m) => m.envelopeTo.includes(address));
    expect(mail?.parsed.subject).toBe('Novetats de tardor');
    const link = mail?.parsed.text?.match(LINK)?.[0] as string;
    expect(mail?.parsed.text).toContain('Aquest correu te l’envia Distribucions Garrotxa; si no vols rebre');
    expect(mail?.parsed.html).toContain(`<a href="${link}">dona’t de baixa</a>`);
    const headers = mail?.raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    expect(headers).toContain(`\nList-Unsubscribe: <${link}>`);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    // A link scanner opening the page unsubscribes nobody: the page asks, in the mail's language.
    const page = await visit('GET', link);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(`<html lang="ca">`);
    expect(page.body).toContain(
      `Vols deixar de rebre comunicacions comercials de Distribucions Garrotxa a ${address}?`,
    );
    expect(await optOutsOf(address)).toEqual([]);

    const done = await visit('POST', link, 'confirm=1');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain(
      `Fet: Distribucions Garrotxa no t’enviarà més comunicacions comercials a ${address}.`,
    );
    expect(await optOutsOf(address)).toMatchObject([{ address, source: 'link', created_by: null }]);
    // Again: nothing new, the same answer.
    expect((await visit('POST', link, 'confirm=1')).statusCode).toBe(200);
    const timeline = (await get(admin, `/api/v1/contacts/${contact.id}/timeline`)).json().data;
    expect(timeline.filter((e: { type: string }) => e.type === 'contact.email_opted_out')).toMatchObject([
      { summary: address, changes: { address, source: 'link' } },
    ]);

    // From now on the bulk send skips it, and says why.
    const again = await send(admin, 'POST', '/api/v1/emails/bulk', {
      template_id: template.id,
      entity_ids: [entity.id],
    });
    expect(again.json()).toEqual({ queued: 0, skipped: [{ entity_id: entity.id, reason: 'opted_out' }] });
  });

  it('takes the mail client’s one-click POST (RFC 8058) and refuses a made-up link', async () => {
    const template = await aTemplate({
      es: { subject: 'Ofertas', html: '', text: 'Hola {{ contact.first_name }}' },
    });
    const { entity, address } = await aCustomer('es');
    await send(admin, 'POST', '/api/v1/emails/bulk', { template_id: template.id, entity_ids: [entity.id] });
    await outbox();
    const mail = smtp.received.find((m) => m.envelopeTo.includes(address));
    const link = mail?.parsed.text?.match(LINK)?.[0] as string;
    expect(mail?.parsed.text).toMatch(/^Hola Jordi\n\n-- \nEste correo te lo envía Distribucions Garrotxa; /);

    const [emailId, tag] = new URL(link).pathname.split('/').at(-1)!.split('.');
    const forged = await visit('POST', link.replace(String(emailId), newId()), 'List-Unsubscribe=One-Click');
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('This unsubscribe link is not valid');
    expect((await visit('GET', link.replace(String(tag), 'AAAAAAAAAAAAAAAAAAAAAA'))).statusCode).toBe(404);
    expect(await optOutsOf(address)).toEqual([]);

    const oneClick = await visit('POST', link, 'List-Unsubscribe=One-Click');
    expect(oneClick.statusCode).toBe(200);
    expect(await optOutsOf(address)).toMatchObject([{ address, source: 'one_click' }]);
  });

  it('puts the link where the template asks for it, and adds no footer then', async () => {
    const template = await aTemplate({
      es: {
        subject: 'Boletín',
        html: '<p>Hola</p><p><a href="{{ unsubscribe_url }}">Baja</a></p>',
        text: 'Hola. Baja: {{ unsubscribe_url }}',
      },
    });
    const { contact } = await aCustomer('es');
    const res = await send(admin, 'POST', '/api/v1/emails', {
      contact_id: contact.id,
      template_id: template.id,
    });
    expect(res.statusCode, res.body).toBe(202);
    const stored = await ctx.db
      .selectFrom('emails')
      .select(['id', 'text_body', 'html_body', 'unsubscribe'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.unsubscribe).toBe(true);
    expect(stored.text_body).toMatch(
      new RegExp(
        `^Hola\\. Baja: https://crm\\.garrotxa\\.example\\.com/api/v1/unsubscribe/${stored.id}\\.[\\w-]{22}$`,
      ),
    );
    expect(stored.html_body).not.toContain('Este correo te lo envía');
    expect(stored.html_body?.match(LINK)).toHaveLength(1);
  });
});

describe('a commercial mail edited after its preview', () => {
  it('gets its own link in place of the preview’s, and the footer back when the user took it out', async () => {
    const template = await aTemplate({
      es: { subject: 'Ofertas', html: '', text: 'Hola {{ contact.first_name }}' },
    });
    const { contact } = await aCustomer('es');
    const preview = await send(admin, 'POST', '/api/v1/email-templates/preview', {
      template_id: template.id,
      contact_id: contact.id,
    });
    expect(preview.json().text).toMatch(/\/api\/v1\/unsubscribe\/preview$/);
    const stored = async (text: string) => {
      const res = await send(admin, 'POST', '/api/v1/emails', {
        contact_id: contact.id,
        template_id: template.id,
        text_body: text,
      });
      expect(res.statusCode, res.body).toBe(202);
      return ctx.db
        .selectFrom('emails')
        .select(['id', 'text_body'])
        .where('id', '=', res.json().id)
        .executeTakeFirstOrThrow();
    };
    const kept = await stored(
      preview.json().text.replace('Hola Jordi', 'Hola Jordi, te escribo por la feria'),
    );
    expect(kept.text_body).toContain('te escribo por la feria');
    expect(kept.text_body).not.toContain('/unsubscribe/preview');
    expect(kept.text_body.match(LINK)?.[0]).toContain(`/unsubscribe/${kept.id}.`);
    expect(kept.text_body.match(new RegExp(LINK, 'g'))).toHaveLength(1);
    const cut = await stored('Hola Jordi, sin pie');
    expect(cut.text_body).toMatch(
      /^Hola Jordi, sin pie\n\n-- \nEste correo te lo envía Distribucions Garrotxa; /,
    );
    expect(cut.text_body.match(LINK)?.[0]).toContain(`/unsubscribe/${cut.id}.`);
  });
});

describe('after opting out', () => {
  it('refuses a commercial template to that address from a record, and still sends plain mail', async () => {
    const { contact, address } = await aCustomer('es');
    const optOut = await send(agent, 'PUT', '/api/v1/email-opt-outs', { address: address.toUpperCase() });
    expect(optOut.statusCode, optOut.body).toBe(200);
    expect(optOut.json()).toMatchObject({ address, source: 'user', created_by: { id: agent.id } });

    const commercial = await aTemplate({ es: { subject: 'Promoción', html: '', text: 'Promo' } });
    const refused = await send(admin, 'POST', '/api/v1/emails', {
      contact_id: contact.id,
      template_id: commercial.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        field: 'to.0',
        code: 'opted_out',
        message: `${address} se dio de baja de las comunicaciones comerciales: no se le puede enviar una plantilla comercial.`,
      },
    ]);
    const plain = await aTemplate({ es: { subject: 'Tu pedido', html: '', text: 'Ya ha salido' } }, false);
    expect(
      (await send(admin, 'POST', '/api/v1/emails', { contact_id: contact.id, template_id: plain.id }))
        .statusCode,
    ).toBe(202);
    expect(
      (
        await send(admin, 'POST', '/api/v1/emails', {
          contact_id: contact.id,
          subject: 'Hola',
          text_body: 'Hola',
        })
      ).statusCode,
    ).toBe(202);
  });

  it('skips a rule’s commercial mail and logs why', async () => {
    const template = await aTemplate({ es: { subject: 'Bienvenida', html: '', text: 'Bienvenida' } });
    const rule = await send(admin, 'POST', '/api/v1/automation-rules', {
      name: `Bienvenida ${newId()}`,
      trigger: { type: 'record_created', object: 'contact' },
      conditions: [],
      actions: [{ type: 'send_template', template_id: template.id, to: 'contact' }],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const address = `baja.${newId().slice(-8)}@client.example.com`;
    await send(admin, 'PUT', '/api/v1/email-opt-outs', { address });
    const entity = (await send(admin, 'POST', '/api/v1/entities', aCompany())).json();
    await send(admin, 'POST', '/api/v1/contacts', {
      entity_id: entity.id,
      first_name: 'Ona',
      emails: [address],
    });
    await processAutomationEvents(ctx.db, { settleMs: 0 });
    const runs = (await get(admin, `/api/v1/automation-rules/${rule.json().id}/runs`)).json().data;
    expect(runs[0].outcome).toEqual([{ type: 'send_template', status: 'skipped', detail: 'opted_out' }]);
    const queued = await ctx.db
      .selectFrom('emails')
      .select('id')
      .where('template_id', '=', template.id)
      .execute();
    expect(queued).toEqual([]);
    await ctx.db
      .updateTable('automation_rules')
      .set({ active: false })
      .where('id', '=', rule.json().id)
      .execute();
  });

  it('only an administrator opts an address back in, and the contact’s timeline says so', async () => {
    const { contact, address } = await aCustomer('es');
    await send(agent, 'PUT', '/api/v1/email-opt-outs', { address });
    const path = `/api/v1/email-opt-outs/${encodeURIComponent(address)}`;
    expect((await send(agent, 'DELETE', path)).statusCode).toBe(403);
    expect((await send(admin, 'DELETE', path)).statusCode).toBe(204);
    expect(await optOutsOf(address)).toEqual([]);
    expect((await send(admin, 'DELETE', path)).statusCode).toBe(404);
    const types = (await get(admin, `/api/v1/contacts/${contact.id}/timeline`))
      .json()
      .data.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t.startsWith('contact.email_opted'))).toEqual([
      'contact.email_opted_in',
      'contact.email_opted_out',
    ]);
  });

  it('answers a bad address with the field and why', async () => {
    const res = await send(admin, 'PUT', '/api/v1/email-opt-outs', { address: 'no es un correo' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0], res.body).toMatchObject({ field: 'address', code: 'invalid_email' });
  });
});
