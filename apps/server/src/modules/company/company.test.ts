import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSender } from '../../platform/mail.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { renderTemplateById } from '../email-templates/template-render.ts';

// The company profile (Administración → Empresa): read by everyone, changed by those who configure, checked
// like an entity (NIF/CIF), versioned, and what templates show as {{ company.* }}.

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;

type Res = { statusCode: number; body: string; json(): any };
const put = (user: TestUser, payload: unknown, lang = 'es') =>
  ctx.app.inject({
    method: 'PUT',
    url: '/api/v1/company',
    payload: payload as object,
    headers: { ...user.headers, 'accept-language': lang },
  }) as Promise<Res>;
const get = (user: TestUser) =>
  ctx.app.inject({ method: 'GET', url: '/api/v1/company', headers: user.headers }) as Promise<Res>;
const issues = (res: Res) => (res.json().errors ?? []).map((e: any) => `${e.field} ${e.code}`);

const PROFILE = {
  name: 'Distribucions Garrotxa',
  legal_name: 'Distribucions Garrotxa, S.L.',
  tax_id: 'b-12345674',
  email: 'Hola@Garrotxa.example.com',
  phone: '972 26 11 22',
  web: 'garrotxa.example.com',
  address: 'Carrer Major, 12',
  city: 'Olot',
  postal_code: '17800',
};

let templateId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent' });
  const template = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/email-templates',
    headers: admin.headers,
    payload: {
      name: 'Firma',
      content: {
        es: {
          subject: 'Saludos de {{ company.name }}',
          html: '',
          text: '{{ company.legal_name }} · {{ company.tax_id }} · {{ company.address }}, {{ company.postal_code }} {{ company.city }} · {{ company.phone }} · {{ company.email }} · {{ company.web }}',
        },
      },
    },
  });
  expect(template.statusCode, template.body).toBe(201);
  templateId = template.json().id;
});
afterAll(async () => ctx.close());

describe('company profile', () => {
  it('is empty (version 0) until saved; templates then use the sender name', async () => {
    const res = await get(agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: null, tax_id: null, version: 0, updated_at: null });
    const mail = await renderTemplateById(ctx.db, templateId, {});
    const sender = mailSender();
    expect(sender.name || sender.address).not.toBe('');
    expect(mail.subject).toBe(`Saludos de ${sender.name || sender.address}`);
  });

  it('is saved by an admin, read by everyone, and rendered as {{ company.* }}', async () => {
    expect((await put(agent, { version: 0, ...PROFILE })).statusCode).toBe(403);
    const saved = await put(admin, { version: 0, ...PROFILE });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      name: 'Distribucions Garrotxa',
      tax_id: 'B12345674',
      email: 'hola@garrotxa.example.com',
      phone: '972 26 11 22',
      web: 'https://garrotxa.example.com',
      version: 1,
      updated_by: admin.id,
    });
    expect((await get(agent)).json()).toEqual(saved.json());

    const mail = await renderTemplateById(ctx.db, templateId, {});
    expect(mail.subject).toBe('Saludos de Distribucions Garrotxa');
    expect(mail.text).toBe(
      'Distribucions Garrotxa, S.L. · B12345674 · Carrer Major, 12, 17800 Olot · 972 26 11 22 · hola@garrotxa.example.com · https://garrotxa.example.com',
    );
    expect(mail.warnings).toEqual([]);

    const events = await ctx.db
      .selectFrom('events')
      .select(['changes', 'actor_id'])
      .where('type', '=', 'company.updated')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_id: admin.id,
      changes: { name: [null, 'Distribucions Garrotxa'], city: [null, 'Olot'] },
    });
  });

  it('refuses a stale version (409) and replaces the whole profile on a current one', async () => {
    const stale = await put(admin, { version: 0, ...PROFILE, name: 'Otra' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const current = (await get(admin)).json().version;
    const replaced = await put(admin, { version: current, name: 'Garrotxa', city: 'Girona' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({
      name: 'Garrotxa',
      city: 'Girona',
      tax_id: null,
      web: null,
      version: current + 1,
    });
    expect((await renderTemplateById(ctx.db, templateId, {})).subject).toBe('Saludos de Garrotxa');
  });

  it('names the field at fault: a bad NIF/CIF, email, phone or web, a missing name, too long a city', async () => {
    const version = (await get(admin)).json().version;
    const badCif = await put(admin, { version, ...PROFILE, tax_id: 'B12345675' }, 'ca');
    expect(badCif.statusCode).toBe(422);
    expect(issues(badCif)).toEqual(['tax_id invalid_tax_id_checksum']);
    expect(badCif.json().errors[0].message).toMatch(/NIF/);
    const bad = await put(admin, {
      version,
      ...PROFILE,
      tax_id: '12345678A',
      email: 'no es correu',
      phone: 'abc',
      web: 'not a url',
    });
    expect(issues(bad).sort()).toEqual([
      'email invalid_email',
      'phone invalid_phone',
      'tax_id invalid_tax_id_checksum',
      'web invalid_url',
    ]);
    const noName = await put(admin, { version, ...PROFILE, name: '  ' });
    expect(issues(noName)).toEqual(['name required']);
    const long = await put(admin, { version, ...PROFILE, city: 'x'.repeat(121) });
    expect(long.statusCode).toBe(422);
    expect(issues(long)[0]).toMatch(/^city /);
    // Nothing of that was stored.
    expect((await get(admin)).json()).toMatchObject({ name: 'Garrotxa', version });
  });
});
