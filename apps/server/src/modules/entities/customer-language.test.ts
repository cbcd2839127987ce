import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { renderTemplateById } from '../email-templates/template-render.ts';

// The language a customer is written to: a column of entities and contacts, set through the API, filterable
// in the lists, and the one a template is rendered in (asked > contact's > entity's > template default).

let ctx: TestContext;
let admin: TestUser;

type Res = { statusCode: number; body: string; json(): any };
const send = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  ctx.app.inject({ method, url, payload: payload as object, headers: admin.headers }) as Promise<Res>;
const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: admin.headers }) as Promise<Res>;
const issues = (res: Res) => (res.json().errors ?? []).map((e: any) => `${e.field} ${e.code}`);

async function customer(
  entityLanguage: string | null,
  contact: { first_name: string; language?: string | null; email?: string },
) {
  const entity = await send('POST', '/api/v1/entities', aCompany({ language: entityLanguage } as object));
  expect(entity.statusCode, entity.body).toBe(201);
  const created = await send('POST', '/api/v1/contacts', {
    entity_id: entity.json().id,
    first_name: contact.first_name,
    emails: [
      contact.email ?? `${contact.first_name.toLowerCase()}@${entity.json().id.slice(0, 8)}.example.com`,
    ],
    ...(contact.language !== undefined && { language: contact.language }),
  });
  expect(created.statusCode, created.body).toBe(201);
  return { entity: entity.json(), contact: created.json() };
}

let templateId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  const template = await send('POST', '/api/v1/email-templates', {
    name: 'Novetats / Novedades',
    default_language: 'es',
    content: {
      es: { subject: 'Hola {{ contact.first_name }}', html: '<p>Novedades</p>', text: 'Novedades' },
      ca: { subject: 'Bon dia {{ contact.first_name }}', html: '<p>Novetats</p>', text: 'Novetats' },
    },
  });
  expect(template.statusCode, template.body).toBe(201);
  templateId = template.json().id;
});
afterAll(async () => ctx.close());

describe('the language column', () => {
  it('is set, changed and cleared on entities and contacts, and recorded on the timeline', async () => {
    const { entity, contact } = await customer('ca', { first_name: 'Jordi', language: 'en' });
    expect(entity.language).toBe('ca');
    expect(contact.language).toBe('en');
    expect((await get(`/api/v1/entities/${entity.id}`)).json().language).toBe('ca');

    const changed = await send('PATCH', `/api/v1/entities/${entity.id}`, { version: 1, language: 'es' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().language).toBe('es');
    const cleared = await send('PATCH', `/api/v1/contacts/${contact.id}`, { version: 1, language: null });
    expect(cleared.json().language).toBeNull();
    const untouched = await send('PATCH', `/api/v1/entities/${entity.id}`, { version: 2, city: 'Olot' });
    expect(untouched.json().language).toBe('es');

    const event = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('object_id', '=', entity.id)
      .where('type', '=', 'entity.updated')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(event.changes).toEqual({ language: ['ca', 'es'] });
  });

  it('refuses a language it does not know, naming the field (422)', async () => {
    const entity = await send('POST', '/api/v1/entities', aCompany({ language: 'fr' } as object));
    expect(entity.statusCode).toBe(422);
    expect(issues(entity)).toEqual(['language invalid_option']);
    const { contact } = await customer(null, { first_name: 'Pau' });
    const bad = await send('PATCH', `/api/v1/contacts/${contact.id}`, { version: 1, language: 'CA' });
    expect(bad.statusCode).toBe(422);
    expect(issues(bad)).toEqual(['language invalid_option']);
    // The database refuses it too, whoever writes.
    await expect(
      ctx.db
        .updateTable('contacts')
        .set({ language: 'fr' as 'es' })
        .where('id', '=', contact.id)
        .execute(),
    ).rejects.toThrow(/contacts_language_check/);
  });

  it('filters the entity and contact lists by language', async () => {
    const catalan = await customer('ca', { first_name: 'Montse', language: 'ca' });
    const spanish = await customer('es', { first_name: 'Lucía', language: 'es' });
    const unknown = await customer(null, { first_name: 'Anna' });
    const ids = (res: Res) => res.json().data.map((r: { id: string }) => r.id);

    const ca = await get('/api/v1/entities?filter[language][eq]=ca&limit=200');
    expect(ca.statusCode, ca.body).toBe(200);
    expect(ids(ca)).toContain(catalan.entity.id);
    expect(ids(ca)).not.toContain(spanish.entity.id);
    expect(ca.json().data.every((e: { language: string }) => e.language === 'ca')).toBe(true);
    const none = await get('/api/v1/entities?filter[language][empty]=true&limit=200');
    expect(ids(none)).toContain(unknown.entity.id);
    expect(ids(none)).not.toContain(catalan.entity.id);

    const contacts = await get('/api/v1/contacts?filter[language][in]=es,en&limit=200');
    expect(contacts.statusCode, contacts.body).toBe(200);
    expect(ids(contacts)).toContain(spanish.contact.id);
    expect(ids(contacts)).not.toContain(catalan.contact.id);
    expect(ids(contacts)).not.toContain(unknown.contact.id);
  });
});

describe('templates in the customer language', () => {
  it('a bulk send renders each customer in theirs: Catalan to the Catalan one, Spanish to the Spanish one', async () => {
    const catalan = await customer('ca', { first_name: 'Núria' });
    const spanish = await customer('es', { first_name: 'Carmen' });
    // The contact's own language wins over the entity's.
    const mixed = await customer('es', { first_name: 'Oriol', language: 'ca' });
    const unknown = await customer(null, { first_name: 'Marc' });
    const res = await send('POST', '/api/v1/emails/bulk', {
      template_id: templateId,
      entity_ids: [catalan.entity.id, spanish.entity.id, mixed.entity.id, unknown.entity.id],
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ queued: 4, skipped: [] });
    const queued = await ctx.db
      .selectFrom('emails')
      .select(['entity_id', 'subject', 'language', 'text_body'])
      .where('template_id', '=', templateId)
      .execute();
    const of = (entityId: string) => queued.find((m) => m.entity_id === entityId);
    expect(of(catalan.entity.id)).toMatchObject({ subject: 'Bon dia Núria', language: 'ca' });
    expect(of(catalan.entity.id)?.text_body).toContain('Novetats');
    expect(of(spanish.entity.id)).toMatchObject({ subject: 'Hola Carmen', language: 'es' });
    expect(of(spanish.entity.id)?.text_body).toContain('Novedades');
    expect(of(mixed.entity.id)).toMatchObject({ subject: 'Bon dia Oriol', language: 'ca' });
    // No language known: the template's default.
    expect(of(unknown.entity.id)).toMatchObject({ subject: 'Hola Marc', language: 'es' });
  });

  it('renders one mail in the asked language, else the contact’s, else the entity’s, else the default', async () => {
    const catalan = await customer('ca', { first_name: 'Laia' });
    expect((await renderTemplateById(ctx.db, templateId, { entityId: catalan.entity.id })).language).toBe(
      'ca',
    );
    const viaContact = await renderTemplateById(ctx.db, templateId, { contactId: catalan.contact.id });
    expect(viaContact).toMatchObject({ language: 'ca', subject: 'Bon dia Laia' });
    const asked = await renderTemplateById(ctx.db, templateId, { contactId: catalan.contact.id }, 'es');
    expect(asked).toMatchObject({ language: 'es', subject: 'Hola Laia' });
    // English asked or preferred, but the template has none: its default.
    const english = await customer('ca', { first_name: 'John', language: 'en' });
    expect((await renderTemplateById(ctx.db, templateId, { contactId: english.contact.id })).language).toBe(
      'es',
    );
  });
});
