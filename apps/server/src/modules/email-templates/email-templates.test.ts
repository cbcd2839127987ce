import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import {
  compileTemplate,
  loadMergeContext,
  loadMergeLookups,
  renderCompiled,
  renderTemplateById,
} from './template-render.ts';

let ctx: TestContext;
let admin: TestUser;
let ana: TestUser; // agent, team North
let carla: TestUser; // agent, team South
let entityId: string;
let contactId: string;
let caseId: string;
let carlaEntityId: string;

type Res = { statusCode: number; body: string; json(): any };
const send = (
  user: TestUser,
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  lang = 'es',
) =>
  ctx.app.inject({
    method,
    url,
    headers: { ...user.headers, 'accept-language': lang },
    ...(payload !== undefined && { payload: payload as object }),
  }) as Promise<Res>;
const get = (user: TestUser, url: string, lang = 'es') =>
  ctx.app.inject({
    method: 'GET',
    url,
    headers: { ...user.headers, 'accept-language': lang },
  }) as Promise<Res>;
const preview = (user: TestUser, body: Record<string, unknown>, lang = 'es') =>
  send(user, 'POST', '/api/v1/email-templates/preview', body, lang);
const issues = (res: Res) => (res.json().errors ?? []).map((e: any) => `${e.field} ${e.code}`);

const part = (subject: string, html = '', text = '') => ({ subject, html, text });
let templateCount = 0;
async function createTemplate(content: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  templateCount++;
  const res = await send(admin, 'POST', '/api/v1/email-templates', {
    name: `Plantilla ${templateCount}`,
    content,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const eventsOf = (id: string) =>
  ctx.db
    .selectFrom('events')
    .select(['type', 'actor_id'])
    .where('object_id', '=', id)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Admin Trato' });
  const north = await createTeam(ctx, 'North', []);
  const south = await createTeam(ctx, 'South', []);
  ana = await createUser(ctx, {
    role: 'agent',
    name: 'Ana Soler',
    email: 'ana@trato.test',
    teamIds: [north],
  });
  carla = await createUser(ctx, { role: 'agent', name: 'Carla', teamIds: [south] });
  entityId = (
    await send(ana, 'POST', '/api/v1/entities', aCompany({ name: 'Talleres Muñoz', city: 'Olot' }))
  ).json().id;
  contactId = (
    await send(ana, 'POST', '/api/v1/contacts', {
      entity_id: entityId,
      first_name: 'Iñaki',
      last_name: 'Muñoz',
      emails: ['inaki@tallermunoz.es'],
    })
  ).json().id;
  const opportunity = await ctx.db
    .selectFrom('case_types')
    .select('id')
    .where('key', '=', 'opportunity')
    .executeTakeFirstOrThrow();
  const created = await send(ana, 'POST', '/api/v1/cases', {
    type_id: opportunity.id,
    title: 'Renovación de licencias',
    entity_id: entityId,
    contact_id: contactId,
    amount: '1234.5',
    currency: 'EUR',
    expected_close: '2026-12-15',
  });
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  carlaEntityId = (await send(carla, 'POST', '/api/v1/entities', aCompany({ name: 'Gestoría Sur' }))).json()
    .id;
});
afterAll(async () => ctx.close());

describe('email templates: create, list, change, delete', () => {
  it('saves a template per language, lists it and records who did what', async () => {
    const res = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'Bienvenida',
      description: 'Primer correo a un cliente nuevo',
      content: {
        es: part('Hola {{ contact.first_name }}', '<p>Bienvenido a {{ company.name }}</p>'),
        en: part('Hello {{ contact.first_name }}', '', 'Welcome to {{ company.name }}'),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const template = res.json();
    expect(template).toMatchObject({
      name: 'Bienvenida',
      default_language: 'es',
      languages: ['es', 'en'],
      active: true,
      version: 1,
      warnings: [],
      created_by: { id: admin.id, name: 'Admin Trato' },
    });
    expect(template.content.ca).toBeUndefined();

    const list = (await get(ana, '/api/v1/email-templates')).json().data;
    expect(list.find((t: any) => t.id === template.id)).toMatchObject({
      name: 'Bienvenida',
      subject: 'Hola {{ contact.first_name }}',
      languages: ['es', 'en'],
    });
    expect((await get(ana, `/api/v1/email-templates/${template.id}`)).json().content.en.text).toBe(
      'Welcome to {{ company.name }}',
    );

    const changed = await send(admin, 'PATCH', `/api/v1/email-templates/${template.id}`, {
      version: 1,
      active: false,
      default_language: 'en',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ active: false, default_language: 'en', version: 2 });
    const stale = await send(admin, 'PATCH', `/api/v1/email-templates/${template.id}`, {
      version: 1,
      name: 'Otro',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    // Inactive templates are not offered when writing a mail.
    const offered = (await get(ana, '/api/v1/email-templates?active=true')).json().data;
    expect(offered.some((t: any) => t.id === template.id)).toBe(false);

    expect((await send(admin, 'DELETE', `/api/v1/email-templates/${template.id}`)).statusCode).toBe(204);
    expect((await get(admin, `/api/v1/email-templates/${template.id}`)).statusCode).toBe(404);
    expect(
      (await get(admin, '/api/v1/email-templates')).json().data.some((t: any) => t.id === template.id),
    ).toBe(false);
    expect((await eventsOf(template.id)).map((e) => e.type)).toEqual([
      'email_template.created',
      'email_template.updated',
      'email_template.deleted',
    ]);
    // The name is free again once the template is deleted.
    await createTemplate({ es: part('Otra vez', 'Hola') }, { name: 'bienvenida' });
  });

  it('refuses a second template with the same name, whatever the case', async () => {
    await createTemplate({ es: part('Uno', 'x') }, { name: 'Seguimiento de oferta' });
    const res = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'SEGUIMIENTO DE OFERTA',
      content: { es: part('Dos', 'y') },
    });
    expect(res.statusCode).toBe(409);
    expect(issues(res)).toEqual(['name name_taken']);
  });

  it('lets only configuring roles write templates; everybody signed in reads them', async () => {
    const res = await send(ana, 'POST', '/api/v1/email-templates', {
      name: 'Mía',
      content: { es: part('x') },
    });
    expect(res.statusCode).toBe(403);
    expect((await get(ana, '/api/v1/email-templates')).statusCode).toBe(200);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/email-templates' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers clear 4xx for bad input and unknown templates', async () => {
    const noLanguage = await send(admin, 'POST', '/api/v1/email-templates', { name: 'Vacía', content: {} });
    expect(noLanguage.statusCode).toBe(422);
    expect(issues(noLanguage)).toEqual(['content language_required']);

    const blank = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'En blanco',
      content: { ca: part('  ', '', '') },
    });
    expect(blank.statusCode).toBe(422);
    expect(issues(blank)).toEqual(['content.ca.subject required', 'content.ca.html body_required']);

    const wrongDefault = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'Sin inglés',
      content: { es: part('Hola', 'x') },
      default_language: 'en',
    });
    expect(wrongDefault.statusCode).toBe(422);
    expect(issues(wrongDefault)).toEqual(['default_language language_missing']);

    const unknown = '0190f0f0-0000-7000-8000-000000000000';
    expect((await get(admin, `/api/v1/email-templates/${unknown}`)).statusCode).toBe(404);
    expect(
      (await send(admin, 'PATCH', `/api/v1/email-templates/${unknown}`, { version: 1 })).statusCode,
    ).toBe(404);
    expect((await send(admin, 'DELETE', `/api/v1/email-templates/${unknown}`)).statusCode).toBe(404);
    expect((await get(admin, '/api/v1/email-templates/not-a-uuid')).statusCode).toBe(422);
  });
});

describe('a template with a syntax error', () => {
  const broken =
    '<p>Hola {{ contact.first_name }}</p>\n<p>Su pedido:</p>\n<p>{% if case.amount %}{{ case.amount | money }}</p>';

  it('is never saved: 422 with the line and column, in the caller language', async () => {
    const before = (await get(admin, '/api/v1/email-templates')).json().data.length;
    const es = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'Rota',
      content: { es: part('Pedido', broken) },
    });
    expect(es.statusCode).toBe(422);
    const [error] = es.json().errors;
    expect(error).toMatchObject({ field: 'content.es.html', code: 'template_syntax' });
    expect(error.message).toMatch(/^Error de sintaxis en la línea 3, columna 4: /);

    const en = await send(
      admin,
      'POST',
      '/api/v1/email-templates',
      { name: 'Rota', content: { es: part('Pedido {{ contact.first_name', 'ok') } },
      'en',
    );
    expect(en.statusCode).toBe(422);
    expect(en.json().errors[0].field).toBe('content.es.subject');
    expect(en.json().errors[0].message).toMatch(/^Syntax error on line 1, column 8: /);

    expect((await get(admin, '/api/v1/email-templates')).json().data.length).toBe(before);
  });

  it('is not saved over a good template either, and the good one stays as it was', async () => {
    const good = await createTemplate({ es: part('Hola', '<p>Bien</p>') });
    const res = await send(admin, 'PATCH', `/api/v1/email-templates/${good.id}`, {
      version: good.version,
      content: { es: part('Hola', '<p>Bien</p>'), ca: part('Hola', '{% for %}') },
    });
    expect(res.statusCode).toBe(422);
    expect(issues(res)).toEqual(['content.ca.html template_syntax']);
    const stored = (await get(admin, `/api/v1/email-templates/${good.id}`)).json();
    expect(stored).toMatchObject({ version: good.version, languages: ['es'] });
  });

  it('shows in the preview of unsaved content too', async () => {
    const res = await preview(
      ana,
      { content: { ca: part('Hola', 'a\n  {{ entity.name | no_such_filter }}') } },
      'ca',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'content.ca.html', code: 'template_syntax' });
    expect(res.json().errors[0].message).toMatch(
      /^Error de sintaxi a la línia 2, columna 3: .*no_such_filter/,
    );
  });
});

describe('merge fields', () => {
  it('warns about a field that does not exist, and stops once the admin creates it', async () => {
    const template = await createTemplate({
      es: part('Hola {{ contact.custom.apodo }}', '<p>{{ entity.name }} {{ entity.custom.rating }}</p>'),
    });
    expect(template.warnings).toEqual([
      {
        field: 'contact.custom.apodo',
        message_key: 'template_warning.unknown_field',
        location: 'content.es.subject',
        message: 'El campo contact.custom.apodo no existe: se mostrará vacío.',
      },
      expect.objectContaining({ field: 'entity.custom.rating', location: 'content.es.html' }),
    ]);
    const field = await send(admin, 'POST', '/api/v1/fields', {
      object: 'contact',
      key: 'apodo',
      labels: { es: 'Apodo', ca: 'Sobrenom', en: 'Nickname' },
      type: 'text',
    });
    expect(field.statusCode, field.body).toBe(201);
    const again = (await get(admin, `/api/v1/email-templates/${template.id}`)).json();
    expect(again.warnings.map((w: any) => w.field)).toEqual(['entity.custom.rating']);

    const catalogue = (await get(ana, '/api/v1/email-templates/fields')).json();
    const contact = catalogue.objects.find((o: any) => o.key === 'contact');
    expect(contact.fields).toContainEqual(
      expect.objectContaining({
        path: 'contact.first_name',
        snippet: '{{ contact.first_name }}',
        custom: false,
      }),
    );
    expect(contact.fields).toContainEqual(
      expect.objectContaining({
        path: 'contact.custom.apodo',
        labels: { es: 'Apodo', ca: 'Sobrenom', en: 'Nickname' },
        custom: true,
      }),
    );
    const kase = catalogue.objects.find((o: any) => o.key === 'case');
    expect(kase.fields).toContainEqual(
      expect.objectContaining({ path: 'case.amount', kind: 'money', snippet: '{{ case.amount | money }}' }),
    );
  });

  it('renders a real case: amounts as money in es, ca and en, labels in the language', async () => {
    const content = {
      subject: '{{ case.number }} · {{ case.title }}',
      html: '<p>{{ contact.first_name }}, {{ entity.name }} ({{ entity.city }})</p><p>{{ case.amount | money }} · {{ case.status }} · {{ case.expected_close | date }}</p><p>{{ sender.name }} / {{ owner.email }}</p>',
      text: '',
    };
    const expected = {
      es: ['1.234,50\u00a0€', 'Nueva', '15 de diciembre de 2026'],
      ca: ['1.234,50\u00a0€', 'Nova', '15 de desembre del 2026'],
      en: ['€1,234.50', 'New', '15 December 2026'],
    } as const;
    for (const language of ['es', 'ca', 'en'] as const) {
      const res = await preview(ana, { content: { [language]: content }, language, case_id: caseId });
      expect(res.statusCode, res.body).toBe(200);
      const mail = res.json();
      const [money, status, close] = expected[language];
      expect(mail.language).toBe(language);
      expect(mail.subject).toMatch(/^OPP-\d{4}-\d{5} · Renovación de licencias$/);
      expect(mail.html).toContain('<p>Iñaki, Talleres Muñoz (Olot)</p>');
      expect(mail.html).toContain(`<p>${money} · ${status} · ${close}</p>`);
      // The sender is the one previewing; the owner is the case's.
      expect(mail.html).toContain('<p>Ana Soler / ana@trato.test</p>');
      // No text part written: it is made from the HTML.
      expect(mail.text).toContain(`${money} · ${status} · ${close}`);
      expect(mail.warnings).toEqual([]);
    }
  });

  it('renders missing values empty and says so in the preview', async () => {
    const res = await preview(ana, {
      content: { es: part('Hola', '<p>[{{ contact.phone }}] [{{ case.title }}] [{{ entity.name }}]</p>') },
      contact_id: contactId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().html).toBe('<p>[] [] [Talleres Muñoz]</p>');
    expect(res.json().warnings).toEqual([
      {
        field: 'contact.phone',
        message_key: 'template_warning.empty_value',
        message: 'El campo contact.phone está vacío en este registro: se mostrará vacío.',
      },
      expect.objectContaining({ field: 'case', message_key: 'template_warning.no_record' }),
    ]);
    expect(res.json().warnings[1].message).toContain('«Expediente»');
  });
});

describe('a safe renderer', () => {
  it('escapes record values in the HTML part, not in the subject or the text part', async () => {
    const hostile = (
      await send(ana, 'POST', '/api/v1/entities', aCompany({ name: '<script>alert("x")</script> & Co' }))
    ).json().id;
    const res = await preview(ana, {
      content: { es: part('Para {{ entity.name }}', '<h1>{{ entity.name }}</h1>', 'Para {{ entity.name }}') },
      entity_id: hostile,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().html).toBe('<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co</h1>');
    expect(res.json().text).toBe('Para <script>alert("x")</script> & Co');
    expect(res.json().subject).toBe('Para <script>alert("x")</script> & Co');
  });

  it('executes no code and reads no files', async () => {
    const res = await preview(ana, {
      content: {
        es: part(
          'x',
          '[{{ constructor }}][{{ entity.constructor.name }}][{{ entity.name.constructor }}][{{ __proto__ }}][{{ entity.name.size }}]',
        ),
      },
      entity_id: entityId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().html).toBe('[][][][][14]');
    for (const tag of [
      "{% include '/etc/passwd' %}",
      "{% render '/etc/passwd' %}",
      "{% layout '/etc/passwd' %}",
    ]) {
      const read = await preview(ana, { content: { es: part('x', tag) } });
      expect(read.statusCode).toBe(422);
      expect(read.json().errors[0]).toMatchObject({ field: 'content.es.html', code: 'template_syntax' });
      expect(read.body).not.toContain('root:');
    }
  });

  it('stops a template that would run away, with a 422 and not a crash', async () => {
    const res = await send(admin, 'POST', '/api/v1/email-templates', {
      name: 'Bucle',
      content: { es: part('x', '{% for i in (1..100000000) %}{{ i }}{% endfor %}') },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'content.es.html', code: 'template_render' });
  });

  it('keeps the subject on one line', async () => {
    const res = await preview(ana, {
      content: { es: part('Hola\r\nBcc: x@evil.test {{ entity.name }}', 'x') },
      entity_id: entityId,
    });
    expect(res.json().subject).toBe('Hola Bcc: x@evil.test Talleres Muñoz');
  });
});

describe('preview', () => {
  it('falls back to the default language when the asked one is missing', async () => {
    const template = await createTemplate(
      { es: part('Hola {{ contact.first_name }}', 'es'), en: part('Hi {{ contact.first_name }}', 'en') },
      { default_language: 'en' },
    );
    const ca = await preview(ana, { template_id: template.id, language: 'ca', contact_id: contactId });
    expect(ca.json()).toMatchObject({ language: 'en', subject: 'Hi Iñaki' });
    const es = await preview(ana, { template_id: template.id, language: 'es', contact_id: contactId });
    expect(es.json()).toMatchObject({ language: 'es', subject: 'Hola Iñaki' });
  });

  it('only renders records the caller may see (404 otherwise) and wants a template or content', async () => {
    const template = await createTemplate({ es: part('Hola {{ entity.name }}', 'x') });
    const hidden = await preview(ana, { template_id: template.id, entity_id: carlaEntityId });
    expect(hidden.statusCode).toBe(404);
    const own = await preview(carla, { template_id: template.id, entity_id: carlaEntityId });
    expect(own.json().subject).toBe('Hola Gestoría Sur');
    expect((await preview(carla, { template_id: template.id, case_id: caseId })).statusCode).toBe(404);
    const missing = await preview(ana, { template_id: '0190f0f0-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    const both = await preview(ana, { template_id: template.id, content: { es: part('x') } });
    expect(both.statusCode).toBe(422);
    expect(issues(both)).toEqual(['template_id template_or_content']);
  });
});

describe('rendering for the senders (mail out, automation)', () => {
  it('renders a saved template in the recipient language when the contact has one', async () => {
    const field = await send(admin, 'POST', '/api/v1/fields', {
      object: 'contact',
      key: 'idioma',
      labels: { es: 'Idioma' },
      type: 'select',
      options: [
        { key: 'ca', labels: { es: 'Catalán' } },
        { key: 'en', labels: { es: 'Inglés' } },
      ],
    });
    expect(field.statusCode, field.body).toBe(201);
    const contact = await send(ana, 'POST', '/api/v1/contacts', {
      entity_id: entityId,
      first_name: 'Jordi',
      custom: { idioma: 'ca' },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const template = await createTemplate({
      es: part('Hola {{ contact.first_name }}', '<p>{{ case.amount | money }}</p>'),
      ca: part('Bon dia {{ contact.first_name }}', '<p>{{ case.amount | money }}</p>'),
    });
    const mail = await renderTemplateById(ctx.db, template.id, { contactId: contact.json().id, caseId });
    expect(mail).toMatchObject({
      language: 'ca',
      subject: 'Bon dia Jordi',
      html: '<p>1.234,50\u00a0€</p>',
      text: '1.234,50\u00a0€',
    });
    const asked = await renderTemplateById(ctx.db, template.id, { contactId: contact.json().id }, 'es');
    expect(asked.subject).toBe('Hola Jordi');
    await expect(
      renderTemplateById(ctx.db, '0190f0f0-0000-7000-8000-000000000000', {}),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('parses once and renders per record', async () => {
    const compiled = compileTemplate({
      subject: '{{ entity.name }}',
      html: '<b>{{ contact.name }}</b>',
      text: '',
    });
    const lookups = await loadMergeLookups(ctx.db);
    const first = await renderCompiled(
      compiled,
      await loadMergeContext(ctx.db, { contactId }, 'es', lookups),
    );
    const second = await renderCompiled(
      compiled,
      await loadMergeContext(ctx.db, { entityId: carlaEntityId }, 'en', lookups),
    );
    expect(first).toMatchObject({ subject: 'Talleres Muñoz', html: '<b>Iñaki Muñoz</b>', language: 'es' });
    expect(second).toMatchObject({ subject: 'Gestoría Sur', html: '<b></b>', language: 'en' });
    expect(second.warnings).toEqual([{ field: 'contact', message_key: 'template_warning.no_record' }]);
  });
});
