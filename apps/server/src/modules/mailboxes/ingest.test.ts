import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { attachmentPath } from '../emails/attachment-store.ts';
import { ingestRawMessage } from './ingest.ts';
import {
  buildMail,
  caseTypeId,
  createMailbox,
  customerWithContact,
  linksOf,
  type MailSpec,
  post,
} from './test-support.ts';

// Receiving, without IMAP: raw messages straight into ingestRawMessage. The shared corpus parses to what its
// upstream projects assert; matching, threading, leads and cases behave as a salesperson expects.
// (imap-poller.test.ts drives the same through a real dovecot.)

const CORPUS = new URL('../../../../../../shared/testdata/email_messages/', import.meta.url).pathname;

let ctx: TestContext;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
});
afterAll(async () => ctx.close());

const ingest = (account: Awaited<ReturnType<typeof createMailbox>>, raw: Buffer, meta = {}) =>
  ingestRawMessage(ctx.db, ctx.config.dataDir, account, raw, meta);

async function emailById(id: string) {
  return ctx.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
async function attachmentsOf(emailId: string) {
  return ctx.db
    .selectFrom('email_attachments')
    .selectAll()
    .where('email_id', '=', emailId)
    .orderBy('id')
    .execute();
}
const stored = (storageKey: string) => readFileSync(attachmentPath(ctx.config.dataDir, storageKey));
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the shared corpus parses to what upstream asserts', () => {
  const expectations = JSON.parse(
    readFileSync(join(CORPUS, 'expectations_from_test_assertions.json'), 'utf8'),
  );
  const folderOf = (project: string) =>
    project.startsWith('postal-mime') ? 'postal-mime' : 'nodemailer-mailparser';
  const cases: [string, string, Record<string, unknown>][] = [];
  for (const [project, files] of Object.entries(expectations)) {
    if (project.startsWith('_')) continue;
    for (const [file, expected] of Object.entries(files as Record<string, Record<string, unknown>>))
      cases.push([folderOf(project), file, expected]);
  }

  it('lists the fixtures', () => expect(cases.length).toBe(7));

  for (const [folder, file, expected] of cases) {
    it(`${folder}/${file}`, async () => {
      const account = await createMailbox(ctx);
      const raw = readFileSync(join(CORPUS, folder, file));
      const { emailId, created } = await ingest(account, raw);
      expect(created).toBe(true);
      const email = await emailById(emailId);
      const attachments = await attachmentsOf(emailId);

      // Every stored attachment is on disk with the size and checksum recorded, and downloads whole.
      for (const a of attachments) {
        const bytes = stored(a.storage_key);
        expect(bytes.length).toBe(a.size);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
      }
      const shown = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/emails/${emailId}`,
        headers: admin.headers,
      });
      expect(shown.statusCode).toBe(200);
      expect(shown.json().attachments).toHaveLength(attachments.length);
      for (const a of attachments) {
        const download = await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/emails/${emailId}/attachments/${a.id}`,
          headers: admin.headers,
        });
        expect(download.statusCode).toBe(200);
        expect(download.rawPayload.length).toBe(a.size);
      }
      if ('subject' in expected) expect(email.subject).toBe(expected.subject);
      if ('text' in expected) expect(squeeze(email.text_body)).toBe(squeeze(String(expected.text)));
      if ('html' in expected) expect(squeeze(email.html_body ?? '')).toBe(squeeze(String(expected.html)));
      if (expected.html_nonempty) expect(email.html_body?.length).toBeGreaterThan(100);
      if ('to' in expected) expect(email.to_recipients).toEqual(expected.to);
      if ('attachments_count' in expected)
        expect(attachments).toHaveLength(Number(expected.attachments_count));
      if ('attachments[2].checksum_md5' in expected)
        expect(md5(stored(attachments[2]!.storage_key))).toBe(expected['attachments[2].checksum_md5']);
      if ('html_contains' in expected) {
        // Upstream inlines cid: images as data: URIs; we keep the cid: link and store the image as an inline
        // attachment with that Content-ID (the emails API serves it). Same image, same bytes.
        const cid = /src="cid:([^"]+)"/.exec(email.html_body ?? '')?.[1];
        const image = attachments.find((a) => a.content_id === cid);
        expect(image?.inline).toBe(true);
        const dataUri = `data:${image!.content_type};base64,${stored(image!.storage_key).toString('base64')}`;
        expect(dataUri.startsWith(String(expected.html_contains))).toBe(true);
      }
      if (expected['attachments[0].method'] === 'REQUEST') {
        // The invitation part and the .ics file: the same calendar, METHOD:REQUEST.
        const [first, second] = attachments.map((a) => stored(a.storage_key));
        expect(first!.toString('utf8')).toMatch(/^METHOD:REQUEST\r?$/m);
        expect(first!.equals(second!)).toBe(true);
      }
    });
  }

  it('the nodemailer fixture has its sender and named attachments', async () => {
    const account = await createMailbox(ctx);
    const raw = readFileSync(join(CORPUS, 'nodemailer-mailparser/test/fixtures/nodemailer.eml'));
    const { emailId } = await ingest(account, raw);
    const email = await emailById(emailId);
    expect([email.from_name, email.from_address]).toEqual(['Andris Kreata', 'andris@kreata.ee']);
    expect(email.text_body).toContain('Hello to myself!');
    expect((await attachmentsOf(emailId)).map((a) => a.filename)).toEqual([
      'attachment-1',
      'image.png',
      'nyan cat ✔.gif',
      'notes.txt',
    ]);
  });

  it('ingests every .eml of the corpus, malformed ones included, without throwing', async () => {
    const account = await createMailbox(ctx);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.eml')) files.push(path);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const file of files) {
      try {
        const { emailId } = await ingest(account, readFileSync(file));
        const row = await emailById(emailId);
        expect(row.status).toBe('received');
        // What was stored fits the API's contract: the mail opens.
        const shown = await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/emails/${emailId}`,
          headers: admin.headers,
        });
        if (shown.statusCode !== 200) throw new Error(`GET ${shown.statusCode}: ${shown.body.slice(0, 200)}`);
      } catch (error) {
        failures.push(`${file}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // The same files again: every one is already there.
    const again = await Promise.all(files.slice(0, 20).map((f) => ingest(account, readFileSync(f))));
    expect(again.every((r) => !r.created)).toBe(true);
  });
});

describe('a received mail', () => {
  it('is stored once per Message-ID, and a mail without one is recognised by its bytes', async () => {
    const account = await createMailbox(ctx);
    const raw = await buildMail({
      from: 'pau@cliente.example.org',
      messageId: '<same-1@cliente.example.org>',
    });
    const first = await ingest(account, raw);
    const second = await ingest(account, raw);
    expect(first.created).toBe(true);
    expect(second).toEqual({ emailId: first.emailId, created: false });

    const bare = Buffer.from('From: pau@cliente.example.org\r\nSubject: sin id\r\n\r\nHola\r\n');
    const a = await ingest(account, bare);
    const b = await ingest(account, bare);
    expect(b).toEqual({ emailId: a.emailId, created: false });
    expect((await emailById(a.emailId)).message_id).toMatch(/^<[0-9a-f]{64}@trato\.invalid>$/);
  });

  it('our own outgoing mail coming back through the mailbox is not a second record', async () => {
    const account = await createMailbox(ctx);
    const { entityId } = await customerWithContact(ctx, admin, 'compras@eco.example.org');
    const outId = newId();
    await ctx.db
      .insertInto('emails')
      .values({
        id: outId,
        direction: 'out',
        message_id: '<out-1@trato.example.com>',
        thread_id: outId,
        from_address: account.address,
        subject: 'Presupuesto',
        status: 'sent',
        entity_id: entityId,
      })
      .execute();
    const raw = await buildMail({
      from: account.address,
      to: 'compras@eco.example.org',
      messageId: '<out-1@trato.example.com>',
    });
    expect(await ingest(account, raw)).toEqual({ emailId: outId, created: false });
  });

  it('is linked to the contacts and entities of its sender and recipients, never to our own addresses', async () => {
    const account = await createMailbox(ctx, { address: 'ventas@trato.example.com' });
    const sender = await customerWithContact(ctx, admin, 'laia@dental.example.org', 'Dental Sants');
    const copied = await post(ctx, admin, '/api/v1/entities', {
      kind: 'company',
      name: 'Gestoría Arnau',
      emails: ['info@gestoria.example.org'],
    });
    // A contact with the mailbox's own address must not catch every mail.
    await customerWithContact(ctx, admin, 'ventas@trato.example.com', 'Nosotros mismos');
    const raw = await buildMail({
      from: '"Laia Ferrer" <Laia@Dental.example.org>',
      to: 'ventas@trato.example.com',
      cc: ['INFO@gestoria.example.org', 'nadie@desconocido.example.org'],
      subject: 'Cita del martes',
    });
    const { emailId } = await ingest(account, raw);
    const email = await emailById(emailId);
    expect(email).toMatchObject({
      direction: 'in',
      status: 'received',
      entity_id: sender.entityId,
      contact_id: sender.contactId,
      from_address: 'Laia@dental.example.org',
      from_name: 'Laia Ferrer',
      subject: 'Cita del martes',
    });
    expect(await linksOf(ctx, emailId)).toEqual(
      expect.arrayContaining([
        { entity_id: sender.entityId, contact_id: sender.contactId, case_id: null },
        { entity_id: copied.id, contact_id: null, case_id: null },
      ]),
    );
    expect(await linksOf(ctx, emailId)).toHaveLength(2);
    const event = await ctx.db
      .selectFrom('events')
      .selectAll()
      .where('object_id', '=', emailId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'email.received', object: 'email', entity_id: sender.entityId });
    expect(event.changes).toMatchObject({
      summary: 'Cita del martes',
      from: 'Laia@dental.example.org',
      account_id: account.id,
      case_id: null,
    });
  });

  it('a reply to a mail of a case lands on that case, in the same thread', async () => {
    const account = await createMailbox(ctx);
    const customer = await customerWithContact(ctx, admin, 'marc@taller.example.org', 'Taller Marc');
    const claim = await post(ctx, admin, '/api/v1/cases', {
      type_id: await caseTypeId(ctx, 'claim'),
      title: 'Pieza rota',
      entity_id: customer.entityId,
      contact_id: customer.contactId,
    });
    const outId = newId();
    await ctx.db
      .insertInto('emails')
      .values({
        id: outId,
        direction: 'out',
        message_id: `<${outId}@trato.example.com>`,
        thread_id: outId,
        from_address: account.address,
        subject: `[${claim.number}] Pieza rota`,
        status: 'sent',
        entity_id: customer.entityId,
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
    // The customer answers from another address that matches nobody: the thread still says where it goes.
    const reply = await buildMail({
      from: 'marc.personal@gmail.com',
      subject: `Re: [${claim.number}] Pieza rota`,
      inReplyTo: `<${outId}@trato.example.com>`,
      references: [`<${outId}@trato.example.com>`],
    });
    const { emailId } = await ingest({ ...account, unknown_sender: 'create_lead' }, reply);
    const email = await emailById(emailId);
    expect(email).toMatchObject({ thread_id: outId, case_id: claim.id, entity_id: customer.entityId });
    expect(await linksOf(ctx, emailId)).toEqual([
      { entity_id: customer.entityId, contact_id: customer.contactId, case_id: claim.id },
    ]);
    // Known conversation: no lead was made for the unknown address.
    const everyAddress = (await ctx.db.selectFrom('contacts').select('emails').execute()).flatMap(
      (c) => c.emails,
    );
    expect(everyAddress).not.toContain('marc.personal@gmail.com');

    // References stripped, case number in the subject: still the case, still the thread.
    const stripped = await buildMail({
      from: 'marc@taller.example.org',
      subject: `RE: [${claim.number.toLowerCase()}] ¿novedades?`,
    });
    const again = await emailById((await ingest(account, stripped)).emailId);
    expect(again).toMatchObject({ thread_id: outId, case_id: claim.id, contact_id: customer.contactId });
  });

  it('from an unknown sender creates a lead and its contact only when the mailbox says so', async () => {
    const ignoring = await createMailbox(ctx);
    const before = await ctx.db.selectFrom('entities').select('id').execute();
    const { emailId } = await ingest(
      ignoring,
      await buildMail({ from: '"Núria Vidal" <nuria@fusteria-vidal.example.org>', subject: 'Presupuesto' }),
    );
    expect((await emailById(emailId)).entity_id).toBeNull();
    expect(await ctx.db.selectFrom('entities').select('id').execute()).toHaveLength(before.length);

    const leads = await createMailbox(ctx, { unknown_sender: 'create_lead' });
    const company = await emailById(
      (
        await ingest(
          leads,
          await buildMail({
            from: '"Núria Vidal" <nuria@ventas.fusteria-vidal.cat>',
            subject: 'Presupuesto',
          }),
        )
      ).emailId,
    );
    const entity = await ctx.db
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', company.entity_id!)
      .executeTakeFirstOrThrow();
    expect(entity).toMatchObject({
      kind: 'company',
      name: 'Fusteria Vidal',
      roles: ['lead'],
      source: 'email',
      owner_id: null,
    });
    const contact = await ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', company.contact_id!)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      entity_id: entity.id,
      first_name: 'Núria',
      last_name: 'Vidal',
      emails: ['nuria@ventas.fusteria-vidal.cat'],
    });
    const events = await ctx.db
      .selectFrom('events')
      .select('type')
      .where('entity_id', '=', entity.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['entity.created', 'contact.created', 'email.received']);

    // A free-mail sender is a person; the second mail from them finds the contact made by the first.
    const first = await emailById(
      (await ingest(leads, await buildMail({ from: 'jordi.soler@gmail.com', subject: 'Info' }))).emailId,
    );
    const person = await ctx.db
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', first.entity_id!)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ kind: 'person', name: 'Jordi Soler', emails: ['jordi.soler@gmail.com'] });
    const second = await emailById(
      (await ingest(leads, await buildMail({ from: 'jordi.soler@gmail.com', subject: 'Info 2' }))).emailId,
    );
    expect(second).toMatchObject({ entity_id: person.id, contact_id: first.contact_id });

    // A machine's mail (auto-reply, bounce, newsletter) never makes a lead.
    const machines: MailSpec[] = [
      { from: 'mailer-daemon@correo.example.org' },
      { from: 'ana@agencia.example.org', headers: { 'Auto-Submitted': 'auto-replied' } },
      {
        from: 'news@tienda.example.org',
        headers: { 'List-Unsubscribe': '<https://tienda.example.org/baja>' },
      },
    ];
    for (const spec of machines) {
      const mail = await emailById((await ingest(leads, await buildMail(spec))).emailId);
      expect([spec.from, mail.entity_id]).toEqual([spec.from, null]);
    }
  });

  it('a personal mailbox gives the leads and cases it makes to its user', async () => {
    const agent = await createUser(ctx, { role: 'agent' });
    const mine = await createMailbox(ctx, {
      unknown_sender: 'create_lead',
      user_id: agent.id,
      open_case_type_id: await caseTypeId(ctx, 'incident'),
    });
    const email = await emailById(
      (await ingest(mine, await buildMail({ from: 'oriol@hotel-mar.example.org', subject: 'Wifi caído' })))
        .emailId,
    );
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${email.case_id}`,
      headers: agent.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Wifi caído', owner: { id: agent.id } });
    const lead = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/entities/${email.entity_id}`,
      headers: agent.headers,
    });
    expect(lead.json()).toMatchObject({ owner_id: agent.id, roles: ['lead'] });
  });

  it('on a mailbox that opens cases, a new thread opens one and the replies land on it', async () => {
    const claimType = await caseTypeId(ctx, 'claim');
    const claims = await createMailbox(ctx, {
      address: 'reclamaciones@trato.example.com',
      open_case_type_id: claimType,
    });
    const customer = await customerWithContact(ctx, admin, 'pilar@bodega.example.org', 'Bodega Pilar');
    const first = await buildMail({
      from: 'pilar@bodega.example.org',
      to: 'reclamaciones@trato.example.com',
      subject: 'Botellas rotas en el pedido 4411',
      text: 'Llegaron 6 botellas rotas.\n\nPilar',
      messageId: '<claim-start@bodega.example.org>',
    });
    const opened = await emailById((await ingest(claims, first)).emailId);
    const claim = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${opened.case_id}`,
      headers: admin.headers,
    });
    expect(claim.json()).toMatchObject({
      title: 'Botellas rotas en el pedido 4411',
      description: 'Llegaron 6 botellas rotas.\n\nPilar',
      priority: 'normal',
      entity: { id: customer.entityId },
      contact: { id: customer.contactId },
    });
    expect(claim.json().number).toMatch(/^REC-\d{4}-\d{5}$/);
    expect(await linksOf(ctx, opened.id)).toEqual([
      { entity_id: customer.entityId, contact_id: customer.contactId, case_id: opened.case_id },
    ]);
    const event = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('object_id', '=', opened.id)
      .executeTakeFirstOrThrow();
    expect(event.changes).toMatchObject({ case_id: opened.case_id });

    const reply = await emailById(
      (
        await ingest(
          claims,
          await buildMail({
            from: 'pilar@bodega.example.org',
            subject: 'Re: Botellas rotas en el pedido 4411',
            inReplyTo: '<claim-start@bodega.example.org>',
            references: ['<claim-start@bodega.example.org>'],
          }),
        )
      ).emailId,
    );
    expect(reply).toMatchObject({ case_id: opened.case_id, thread_id: opened.thread_id });
    const count = await ctx.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_id', '=', customer.entityId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('when the case cannot be opened (its type was switched off), the mail is still stored and the reason logged', async () => {
    const typeId = await caseTypeId(ctx, 'service_request');
    await ctx.db.updateTable('case_types').set({ active: false }).where('id', '=', typeId).execute();
    const box = await createMailbox(ctx, { unknown_sender: 'create_lead', open_case_type_id: typeId });
    const warnings: string[] = [];
    const { emailId, created } = await ingest(
      box,
      await buildMail({ from: 'rosa@floristeria-rosa.cat', subject: 'Instalación' }),
      { log: { warn: (m: string) => warnings.push(m) } },
    );
    expect(created).toBe(true);
    const email = await emailById(emailId);
    expect(email.case_id).toBeNull();
    expect(email.entity_id).not.toBeNull();
    expect(
      await ctx.db.selectFrom('cases').select('id').where('entity_id', '=', email.entity_id!).execute(),
    ).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/case for a new thread could not be opened/)]);
    await ctx.db.updateTable('case_types').set({ active: true }).where('id', '=', typeId).execute();
  });

  it('too big to download: recorded with its headers and a note, in the mailbox user’s language', async () => {
    const account = await createMailbox(ctx);
    const headers = Buffer.from(
      'From: "Obra Nova" <planos@obranova.example.org>\r\nTo: ventas@trato.example.com\r\nSubject: Planos definitivos\r\nMessage-ID: <big-1@obranova.example.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\n',
    );
    const { emailId } = await ingest(account, headers, {
      omitted: { size: 50 * 1024 * 1024, limit: 25 * 1024 * 1024 },
      locale: 'ca',
    });
    const email = await emailById(emailId);
    expect(email).toMatchObject({
      subject: 'Planos definitivos',
      from_address: 'planos@obranova.example.org',
    });
    expect(email.size_bytes).toBe(50 * 1024 * 1024);
    expect(email.text_body).toContain('50 MB');
    expect(email.text_body).toContain('25 MB');
    expect(email.text_body).toMatch(/no descarregat/);
  });

  it('a message nothing can parse is still stored with what its headers say', async () => {
    const account = await createMailbox(ctx);
    const garbage = Buffer.concat([
      Buffer.from(
        'Subject: =?utf-8?B?w4lz?= roto\r\nFrom: <raro@extra.example.org>\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      ),
      Buffer.from([0, 0xff, 0xfe, 0, 0x80]),
      Buffer.from('\u0000%%%\r\n'),
    ]);
    const { emailId, created } = await ingest(account, garbage);
    expect(created).toBe(true);
    const email = await emailById(emailId);
    expect(email.subject).toBe('És roto');
    expect(email.from_address).toBe('raro@extra.example.org');
    expect(email.text_body).not.toContain('\u0000');
  });

  it('is dated by the mail server’s arrival time, and never in the future when the sender’s clock is off', async () => {
    const account = await createMailbox(ctx);
    const arrived = new Date('2026-03-02T10:00:00Z');
    const onTime = await ingest(account, await buildMail({ from: 'a@cliente.example.org' }), {
      internalDate: arrived,
    });
    expect((await emailById(onTime.emailId)).received_at).toEqual(arrived);

    const future = new Date(Date.now() + 3 * 3600_000);
    const before = Date.now();
    const late = await ingest(account, await buildMail({ from: 'a@cliente.example.org', date: future }));
    const receivedAt = (await emailById(late.emailId)).received_at!.getTime();
    expect(receivedAt).toBeGreaterThanOrEqual(before);
    expect(receivedAt).toBeLessThan(future.getTime());
  });
});
