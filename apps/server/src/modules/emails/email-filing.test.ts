import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { ingestRawMessage } from '../mailboxes/ingest.ts';
import {
  buildMail,
  caseTypeId,
  createMailbox,
  customerWithContact,
  linksOf,
} from '../mailboxes/test-support.ts';

// Filing by hand the mail no rule caught: under a record, under a new lead made from the sender, or under a
// new case opened from it — the whole conversation with it, each in one transaction, on the timelines.

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let mailbox: Awaited<ReturnType<typeof createMailbox>>;
let claimTypeId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Núria Soler' });
  agent = await createUser(ctx, { role: 'agent', name: 'Pau Vidal' });
  mailbox = await createMailbox(ctx, { address: 'ventas@trato.example.com' });
  claimTypeId = await caseTypeId(ctx, 'claim');
});
afterAll(async () => ctx.close());

const inject = (user: TestUser, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: user.headers, ...(payload !== undefined && { payload }) });

async function create(user: TestUser, url: string, payload: object) {
  const res = await inject(user, 'POST', url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

let mails = 0;

/** A received mail no contact matched (from a sender nobody has). */
async function unfiledMail(
  spec: { from?: string; subject?: string; text?: string; account?: typeof mailbox } = {},
) {
  mails++;
  const messageId = `<m-${mails}-${Math.random().toString(36).slice(2)}@desconocido.example.org>`;
  // A new sender each time: once one becomes a contact, the mailbox files its mail by itself.
  const from = spec.from ?? `Jordi Roca <jordi.roca.${mails}@talleres-ebro.es>`;
  const raw = await buildMail({
    from,
    subject: spec.subject ?? 'Presupuesto de mantenimiento',
    text: spec.text ?? 'Hola, necesitamos un presupuesto para el mantenimiento de las tres naves.',
    messageId,
  });
  const { emailId } = await ingestRawMessage(ctx.db, ctx.config.dataDir, spec.account ?? mailbox, raw);
  return { emailId, messageId, from };
}

async function replyTo(first: { messageId: string; from: string }) {
  const raw = await buildMail({
    from: first.from,
    subject: 'RE: Presupuesto de mantenimiento',
    text: 'Os adjunto los planos.',
    inReplyTo: first.messageId,
    references: [first.messageId],
  });
  return (await ingestRawMessage(ctx.db, ctx.config.dataDir, mailbox, raw)).emailId;
}

const emailRow = (id: string) =>
  ctx.db
    .selectFrom('emails')
    .select(['entity_id', 'contact_id', 'case_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

async function timelineTypes(user: TestUser, url: string, emailId: string) {
  const res = await inject(user, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as { type: string; object_id: string }[])
    .filter((e) => e.object_id === emailId)
    .map((e) => e.type);
}

async function unfiledIds(user: TestUser) {
  const res = await inject(user, 'GET', '/api/v1/emails?unlinked=true&limit=200');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as { id: string }[]).map((e) => e.id);
}

describe('filing a received mail under a record', () => {
  it('files it under an entity and contact, shows it on their timelines, and lists it as unfiled no longer', async () => {
    const { emailId } = await unfiledMail();
    expect(await linksOf(ctx, emailId)).toEqual([]);
    expect(await unfiledIds(admin)).toContain(emailId);
    const filedList = await inject(admin, 'GET', '/api/v1/emails?unlinked=false&limit=200');
    expect(filedList.json().data.map((e: { id: string }) => e.id)).not.toContain(emailId);

    const entity = await create(admin, '/api/v1/entities', aCompany());
    const contact = await create(admin, '/api/v1/contacts', { entity_id: entity.id, first_name: 'Jordi' });
    const res = await inject(admin, 'POST', `/api/v1/emails/${emailId}/links`, {
      entity_id: entity.id,
      contact_id: contact.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      filed: 1,
      entity_id: entity.id,
      contact_id: contact.id,
      case: null,
      email: { id: emailId, links: [{ entity: { id: entity.id }, contact: { id: contact.id } }] },
    });
    // The mail's own records are filled (replies and templates follow them).
    expect(await emailRow(emailId)).toEqual({ entity_id: entity.id, contact_id: contact.id, case_id: null });
    // On both timelines: the mail as received, and who filed it.
    for (const url of [`/api/v1/entities/${entity.id}/timeline`, `/api/v1/contacts/${contact.id}/timeline`])
      expect(await timelineTypes(admin, url, emailId)).toEqual(['email.linked', 'email.received']);
    expect(await unfiledIds(admin)).not.toContain(emailId);

    // Filed again: nothing new, no second event.
    const again = await inject(admin, 'POST', `/api/v1/emails/${emailId}/links`, { contact_id: contact.id });
    expect(again.json().filed).toBe(0);
    expect(await linksOf(ctx, emailId)).toHaveLength(1);
    expect(await timelineTypes(admin, `/api/v1/entities/${entity.id}/timeline`, emailId)).toHaveLength(2);
  });

  it('completes the link it has with a case of the same entity instead of adding a second one', async () => {
    const { emailId } = await unfiledMail();
    const entity = await create(admin, '/api/v1/entities', aCompany());
    await inject(admin, 'POST', `/api/v1/emails/${emailId}/links`, { entity_id: entity.id });
    const opened = await create(admin, '/api/v1/cases', {
      type_id: claimTypeId,
      title: 'Reclamación',
      entity_id: entity.id,
    });
    const res = await inject(admin, 'POST', `/api/v1/emails/${emailId}/links`, { case_id: opened.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().entity_id).toBe(entity.id);
    expect(await linksOf(ctx, emailId)).toEqual([
      { entity_id: entity.id, contact_id: null, case_id: opened.id },
    ]);
    expect((await emailRow(emailId)).case_id).toBe(opened.id);
    expect(await timelineTypes(admin, `/api/v1/cases/${opened.id}/timeline`, emailId)).toContain(
      'email.received',
    );
  });

  it('files the whole conversation with thread: true, and only that mail without it', async () => {
    const first = await unfiledMail();
    const reply = await replyTo(first);
    const entity = await create(admin, '/api/v1/entities', aCompany());
    const one = await inject(admin, 'POST', `/api/v1/emails/${reply}/links`, { entity_id: entity.id });
    expect(one.json().filed).toBe(1);
    expect(await linksOf(ctx, first.emailId)).toEqual([]);
    const other = await create(admin, '/api/v1/entities', aCompany());
    const all = await inject(admin, 'POST', `/api/v1/emails/${reply}/links`, {
      entity_id: other.id,
      thread: true,
    });
    expect(all.json().filed).toBe(2);
    expect(await linksOf(ctx, first.emailId)).toEqual([
      { entity_id: other.id, contact_id: null, case_id: null },
    ]);
    expect(await linksOf(ctx, reply)).toHaveLength(2);
    // The reply keeps the entity it was filed under first as its own.
    expect((await emailRow(reply)).entity_id).toBe(entity.id);
  });

  it('unfiles it from an entity: links gone, its own records moved to what it keeps, unfiled again', async () => {
    const first = await unfiledMail();
    const reply = await replyTo(first);
    const a = await create(admin, '/api/v1/entities', aCompany());
    const b = await create(admin, '/api/v1/entities', aCompany());
    await inject(admin, 'POST', `/api/v1/emails/${first.emailId}/links`, { entity_id: a.id, thread: true });
    await inject(admin, 'POST', `/api/v1/emails/${first.emailId}/links`, { entity_id: b.id });

    const res = await inject(admin, 'DELETE', `/api/v1/emails/${first.emailId}/links/${a.id}?thread=true`);
    expect(res.statusCode, res.body).toBe(204);
    expect(await linksOf(ctx, first.emailId)).toEqual([{ entity_id: b.id, contact_id: null, case_id: null }]);
    expect((await emailRow(first.emailId)).entity_id).toBe(b.id);
    expect(await linksOf(ctx, reply)).toEqual([]);
    expect(await emailRow(reply)).toEqual({ entity_id: null, contact_id: null, case_id: null });
    expect(await unfiledIds(admin)).toContain(reply);
    expect(await timelineTypes(admin, `/api/v1/entities/${a.id}/timeline`, first.emailId)).toContain(
      'email.unlinked',
    );
    // Unfiling what is not filed there changes nothing.
    expect((await inject(admin, 'DELETE', `/api/v1/emails/${reply}/links/${a.id}`)).statusCode).toBe(204);
  });

  it('a mail the mailbox filed by itself leaves the timeline it is unfiled from (the unfiling stays as a note)', async () => {
    const customer = await customerWithContact(ctx, admin, `marta.${mails}@forns-puig.example.org`);
    const { emailId } = await unfiledMail({ from: `Marta Puig <marta.${mails}@forns-puig.example.org>` });
    const timeline = `/api/v1/entities/${customer.entityId}/timeline`;
    expect(await timelineTypes(admin, timeline, emailId)).toEqual(['email.received']);

    const res = await inject(admin, 'DELETE', `/api/v1/emails/${emailId}/links/${customer.entityId}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(await timelineTypes(admin, timeline, emailId)).toEqual(['email.unlinked']);
    expect(await timelineTypes(admin, `/api/v1/contacts/${customer.contactId}/timeline`, emailId)).toEqual(
      [],
    );
  });
});

describe('bad input and visibility', () => {
  it('answers 422 naming the field for a record that does not fit', async () => {
    const { emailId } = await unfiledMail();
    const entity = await create(admin, '/api/v1/entities', aCompany());
    const other = await create(admin, '/api/v1/entities', aCompany());
    const contact = await create(admin, '/api/v1/contacts', { entity_id: other.id, first_name: 'Ana' });
    const cases = [
      [{}, 'entity_id', 'record_required'],
      [{ entity_id: entity.id, contact_id: contact.id }, 'contact_id', 'contact_entity_mismatch'],
      [{ case_id: '01900000-0000-7000-8000-000000000000' }, 'case_id', 'unknown_case'],
      [{ entity_id: '01900000-0000-7000-8000-000000000000' }, 'entity_id', 'unknown_entity'],
      [{ entity_id: 'nope' }, 'entity_id', undefined],
    ] as const;
    for (const [body, field, code] of cases) {
      const res = await inject(admin, 'POST', `/api/v1/emails/${emailId}/links`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field, ...(code && { code }) });
    }
    expect(await linksOf(ctx, emailId)).toEqual([]);
  });

  it('shows a shared mailbox’s unfiled mail to the team to sort out; filed mail follows its records', async () => {
    // Nothing is filed: an agent sees it and files it under a customer of theirs.
    const { emailId } = await unfiledMail();
    expect((await inject(agent, 'GET', `/api/v1/emails/${emailId}`)).statusCode).toBe(200);
    expect(await unfiledIds(agent)).toContain(emailId);
    const own = await create(agent, '/api/v1/entities', aCompany());
    const filed = await inject(agent, 'POST', `/api/v1/emails/${emailId}/links`, { entity_id: own.id });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(await unfiledIds(agent)).not.toContain(emailId);

    // Filed under a record the agent cannot see, it is hidden from them like that record.
    const other = await unfiledMail();
    const hidden = await create(admin, '/api/v1/entities', aCompany());
    await inject(admin, 'POST', `/api/v1/emails/${other.emailId}/links`, { entity_id: hidden.id });
    expect((await inject(agent, 'GET', `/api/v1/emails/${other.emailId}`)).statusCode).toBe(404);
    expect(
      (await inject(agent, 'POST', `/api/v1/emails/${other.emailId}/lead`, { kind: 'company' })).statusCode,
    ).toBe(404);
    // And an entity the agent cannot see is not a place to file anything.
    const third = await unfiledMail();
    const refused = await inject(agent, 'POST', `/api/v1/emails/${third.emailId}/links`, {
      entity_id: hidden.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'entity_id', code: 'unknown_entity' });
    expect(await linksOf(ctx, third.emailId)).toEqual([]);
  });

  it('keeps another user’s personal mailbox to that user', async () => {
    const colleague = await createUser(ctx, { role: 'agent', name: 'Laia Mas' });
    const personal = await createMailbox(ctx, { address: 'laia@trato.example.com', user_id: colleague.id });
    const theirs = await unfiledMail({ account: personal });
    expect(await unfiledIds(colleague)).toContain(theirs.emailId);
    expect(await unfiledIds(agent)).not.toContain(theirs.emailId);
    expect((await inject(agent, 'GET', `/api/v1/emails/${theirs.emailId}`)).statusCode).toBe(404);
  });
});

describe('a lead from the sender', () => {
  it('suggests a company named after the domain and the sender as its contact, then creates both and files the thread', async () => {
    const first = await unfiledMail({ from: 'Jordi Roca <jordi.roca@talleres-ebro.es>' });
    const reply = await replyTo(first);
    const suggestion = await inject(admin, 'GET', `/api/v1/emails/${reply}/lead`);
    expect(suggestion.statusCode, suggestion.body).toBe(200);
    expect(suggestion.json()).toMatchObject({
      kind: 'company',
      name: 'Talleres Ebro',
      contact: { first_name: 'Jordi', last_name: 'Roca' },
      email: 'jordi.roca@talleres-ebro.es',
      known_contacts: [],
    });

    const made = await create(admin, `/api/v1/emails/${reply}/lead`, {
      kind: 'company',
      name: 'Talleres Ebro, S.A.',
    });
    expect(made.filed).toBe(2);
    const entity = (await inject(admin, 'GET', `/api/v1/entities/${made.entity_id}`)).json();
    expect(entity).toMatchObject({ kind: 'company', name: 'Talleres Ebro, S.A.', roles: ['lead'] });
    expect(entity.owner?.id ?? entity.owner_id).toBe(admin.id);
    const contact = (await inject(admin, 'GET', `/api/v1/contacts/${made.contact_id}`)).json();
    expect(contact).toMatchObject({
      first_name: 'Jordi',
      last_name: 'Roca',
      emails: ['jordi.roca@talleres-ebro.es'],
    });
    for (const id of [first.emailId, reply])
      expect(await linksOf(ctx, id)).toEqual([
        { entity_id: made.entity_id, contact_id: made.contact_id, case_id: null },
      ]);
    const types = (await inject(admin, 'GET', `/api/v1/entities/${made.entity_id}/timeline`))
      .json()
      .data.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['entity.created', 'contact.created', 'email.linked', 'email.received']),
    );
    // Now the address is known: a second lead would be a duplicate, and the suggestion says so.
    const known = (await inject(admin, 'GET', `/api/v1/emails/${reply}/lead`)).json();
    expect(known.known_contacts).toEqual([
      {
        id: made.contact_id,
        name: 'Jordi Roca',
        entity: { id: made.entity_id, name: 'Talleres Ebro, S.A.' },
      },
    ]);
  });

  it('makes a person of a free-mail sender, with the names the user typed', async () => {
    const { emailId } = await unfiledMail({ from: 'maria.garcia.88@gmail.com' });
    const suggestion = (await inject(admin, 'GET', `/api/v1/emails/${emailId}/lead`)).json();
    expect(suggestion).toMatchObject({ kind: 'person', contact: { first_name: 'Maria' } });
    const made = await create(admin, `/api/v1/emails/${emailId}/lead`, {
      kind: 'person',
      contact: { first_name: 'María', last_name: 'García Pons' },
    });
    const entity = (await inject(admin, 'GET', `/api/v1/entities/${made.entity_id}`)).json();
    expect(entity).toMatchObject({
      kind: 'person',
      name: 'María García Pons',
      emails: ['maria.garcia.88@gmail.com'],
    });
  });

  it('refuses a sent mail (the sender is us) and bad names, writing nothing', async () => {
    const before = await ctx.db
      .selectFrom('entities')
      .select(ctx.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const entity = await create(
      admin,
      '/api/v1/entities',
      aCompany({ emails: ['compras@cliente.example.com'] }),
    );
    const sent = await inject(admin, 'POST', '/api/v1/emails', {
      entity_id: entity.id,
      subject: 'Oferta',
      text_body: 'Adjunto la oferta.',
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const res = await inject(admin, 'POST', `/api/v1/emails/${sent.json().id}/lead`, { kind: 'company' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'from', code: 'sender_unusable' });

    const { emailId } = await unfiledMail();
    const bad = await inject(admin, 'POST', `/api/v1/emails/${emailId}/lead`, {
      kind: 'company',
      contact: { first_name: '' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('contact.first_name');
    const wrongKind = await inject(admin, 'POST', `/api/v1/emails/${emailId}/lead`, { kind: 'robot' });
    expect(wrongKind.json().errors[0].field).toBe('kind');
    const after = await ctx.db
      .selectFrom('entities')
      .select(ctx.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect(await linksOf(ctx, emailId)).toEqual([]);
  });
});

describe('a case from the mail', () => {
  it('opens a claim titled with the subject, described with the text, files the thread, and the next reply lands on it', async () => {
    const first = await unfiledMail({
      subject: 'RE: Fwd: Avería en la cámara frigorífica',
      text: 'La cámara 2 no enfría desde ayer.\nUrgente.',
    });
    const entity = await create(admin, '/api/v1/entities', aCompany());
    const contact = await create(admin, '/api/v1/contacts', { entity_id: entity.id, first_name: 'Jordi' });
    await inject(admin, 'POST', `/api/v1/emails/${first.emailId}/links`, {
      entity_id: entity.id,
      contact_id: contact.id,
    });
    const made = await create(admin, `/api/v1/emails/${first.emailId}/case`, {
      type_id: claimTypeId,
      priority: 'high',
    });
    expect(made.case.number).toMatch(/^REC-\d{4}-\d{5}$/);
    const opened = (await inject(admin, 'GET', `/api/v1/cases/${made.case.id}`)).json();
    expect(opened).toMatchObject({
      title: 'Avería en la cámara frigorífica',
      description: 'La cámara 2 no enfría desde ayer.\nUrgente.',
      priority: 'high',
      entity: { id: entity.id },
      contact: { id: contact.id },
    });
    expect(await linksOf(ctx, first.emailId)).toEqual([
      { entity_id: entity.id, contact_id: contact.id, case_id: made.case.id },
    ]);
    expect(await timelineTypes(admin, `/api/v1/cases/${made.case.id}/timeline`, first.emailId)).toEqual([
      'email.linked',
      'email.linked',
      'email.received',
    ]);
    // The customer answers the thread: the mailbox puts the answer on the case.
    const reply = await replyTo(first);
    expect((await emailRow(reply)).case_id).toBe(made.case.id);
  });

  it('needs an entity for a mail filed nowhere, and a type that exists; writes nothing otherwise', async () => {
    const { emailId } = await unfiledMail();
    const count = async () =>
      Number(
        (await ctx.db.selectFrom('cases').select(ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
      );
    const before = await count();
    const noEntity = await inject(admin, 'POST', `/api/v1/emails/${emailId}/case`, { type_id: claimTypeId });
    expect(noEntity.statusCode).toBe(422);
    expect(noEntity.json().errors[0]).toMatchObject({ field: 'entity_id', code: 'required' });
    const entity = await create(admin, '/api/v1/entities', aCompany());
    const noType = await inject(admin, 'POST', `/api/v1/emails/${emailId}/case`, {
      type_id: '01900000-0000-7000-8000-000000000000',
      entity_id: entity.id,
    });
    expect(noType.statusCode).toBe(422);
    expect(noType.json().errors[0].field).toBe('type_id');
    expect(await count()).toBe(before);
    expect(await linksOf(ctx, emailId)).toEqual([]);

    // Given the entity, it opens, titled as asked.
    const made = await create(admin, `/api/v1/emails/${emailId}/case`, {
      type_id: claimTypeId,
      entity_id: entity.id,
      title: 'Mantenimiento naves',
    });
    expect(await linksOf(ctx, emailId)).toEqual([
      { entity_id: entity.id, contact_id: null, case_id: made.case.id },
    ]);
    expect(made.email.links[0].case).toMatchObject({ id: made.case.id, title: 'Mantenimiento naves' });
  });
});
