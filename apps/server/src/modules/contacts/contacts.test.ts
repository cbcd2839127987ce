import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { parseVcards } from './vcard.ts';

const SAMPLES = new URL(
  '../../../../../../shared/testdata/ical_vcard/ez-vcard/src/test/resources/ezvcard/io/text/',
  import.meta.url,
);

let ctx: TestContext;
let admin: TestUser;
let entityId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  entityId = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: aCompany({ name: 'Cal Pons SL' }),
      headers: admin.headers,
    })
  ).json().id;
});
afterAll(async () => ctx.close());

const post = (url: string, payload: unknown, user = admin) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: user.headers });
const get = (url: string, user = admin) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

/** Uploads a .vcf to the test entity's contacts. */
function importVcard(name: string, content: string | Buffer, type?: string) {
  const { body, contentType } = multipart(name, content, type);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/entities/${entityId}/contacts/import-vcard`,
    payload: body,
    headers: { ...admin.headers, 'content-type': contentType },
  });
}

function multipart(name: string, content: string | Buffer, type = 'text/vcard') {
  const boundary = '----trato-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('contacts of an entity', () => {
  it('makes the first contact primary, and only one primary at a time', async () => {
    const first = (
      await post('/api/v1/contacts', {
        entity_id: entityId,
        first_name: 'Núria',
        last_name: 'Pons',
        emails: ['nuria@calpons.cat'],
      })
    ).json();
    expect(first.is_primary).toBe(true);
    const second = (
      await post('/api/v1/contacts', {
        entity_id: entityId,
        first_name: 'Pere',
        last_name: 'Pons',
        is_primary: true,
      })
    ).json();
    expect(second.is_primary).toBe(true);
    const list = (await get(`/api/v1/contacts?filter[entity_id][eq]=${entityId}&sort=first_name`)).json()
      .data;
    expect(
      list.map((c: { first_name: string; is_primary: boolean }) => [c.first_name, c.is_primary]),
    ).toEqual([
      ['Núria', false],
      ['Pere', true],
    ]);
  });

  it('refuses a contact for an entity the user cannot see, naming the field', async () => {
    const south = await createUser(ctx, { role: 'agent' });
    const north = await createUser(ctx, { role: 'agent' });
    await createTeam(ctx, 'Sur', [south.id]);
    await createTeam(ctx, 'Norte', [north.id]);
    const hidden = (await post('/api/v1/entities', aCompany({ name: 'Oculta SL' }), south)).json();
    const contact = (
      await post('/api/v1/contacts', { entity_id: hidden.id, first_name: 'Oculto' }, south)
    ).json();
    const res = await post('/api/v1/contacts', { entity_id: hidden.id, first_name: 'Intruso' }, north);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'entity_id', code: 'unknown_entity' });
    expect((await get(`/api/v1/contacts/${contact.id}`, north)).statusCode).toBe(404);
    expect(
      (await get('/api/v1/contacts?limit=500', north)).json().data.map((c: { id: string }) => c.id),
    ).not.toContain(contact.id);
    expect((await get(`/api/v1/contacts/${contact.id}/vcard`, north)).statusCode).toBe(404);
  });

  it('records contact changes on the entity timeline', async () => {
    const contact = (
      await post('/api/v1/contacts', { entity_id: entityId, first_name: 'Jana', job_title: 'Compras' })
    ).json();
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      payload: { version: 1, job_title: 'Dirección de compras' },
      headers: admin.headers,
    });
    const timeline = (await get(`/api/v1/entities/${entityId}/timeline?objects=contact`)).json().data;
    expect(timeline[0]).toMatchObject({
      type: 'contact.updated',
      object_id: contact.id,
      changes: { job_title: ['Compras', 'Dirección de compras'] },
    });
    const own = (await get(`/api/v1/contacts/${contact.id}/timeline`)).json().data;
    expect(own.map((t: { type: string }) => t.type)).toEqual(['contact.updated', 'contact.created']);
  });
});

describe('dates and export', () => {
  it('keeps a birthday as the calendar day, in the list and on its own', async () => {
    const contact = (
      await post('/api/v1/contacts', { entity_id: entityId, first_name: 'Montse', birthday: '1980-02-29' })
    ).json();
    expect(contact.birthday).toBe('1980-02-29');
    const list = await get(`/api/v1/contacts?filter[entity_id][eq]=${entityId}&limit=100`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.find((c: { id: string }) => c.id === contact.id).birthday).toBe('1980-02-29');
  });

  it('exports the contact list as CSV with the chosen columns', async () => {
    await post('/api/v1/contacts', {
      entity_id: entityId,
      first_name: 'Quim',
      last_name: 'Torras',
      emails: ['quim@calpons.cat', 'q@t.cat'],
    });
    const res = await get(`/api/v1/contacts/export.csv?q=torras&columns=full_name,entity_name,emails`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      '\uFEFFfull_name,entity_name,emails\r\nQuim Torras,Cal Pons SL,quim@calpons.cat; q@t.cat\r\n',
    );
    const bad = await get('/api/v1/contacts/export.csv?columns=password');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'columns', code: 'unknown_field' });
  });
});

describe('vCard', () => {
  it('exports a contact as vCard 4.0 that reads back with the same fields', async () => {
    const contact = (
      await post('/api/v1/contacts', {
        entity_id: entityId,
        first_name: 'Àlex',
        last_name: 'Muñoz; García, Jr.',
        job_title: 'Director comercial',
        emails: ['alex@calpons.cat'],
        phones: ['612 34 56 78'],
        language: 'ca',
      })
    ).json();
    const res = await get(`/api/v1/contacts/${contact.id}/vcard`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/vcard');
    expect(res.body).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    const [card] = parseVcards(res.body);
    expect(card).toMatchObject({
      first_name: 'Àlex',
      last_name: 'Muñoz; García, Jr.',
      organization: 'Cal Pons SL',
      job_title: 'Director comercial',
      emails: [expect.objectContaining({ value: 'alex@calpons.cat' })],
      phones: [expect.objectContaining({ value: expect.stringContaining('+34612345678') })],
      language: 'ca',
    });
  });

  it('imports the language a card prefers as the language to write to the contact in', async () => {
    const text = [
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jordi Puig\r\nLANG;PREF=1:ca\r\nLANG;PREF=2:es\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anne Martin\r\nLANG:fr\r\nEND:VCARD\r\n',
    ].join('\r\n');
    const res = await importVcard('langs.vcf', text);
    expect(res.statusCode).toBe(201);
    expect(res.json().created.map((c: { language: string | null }) => c.language)).toEqual(['ca', null]);
  });

  it('imports every card of a Gmail export as contacts of the entity', async () => {
    const res = await importVcard('gmail-list.vcf', readFileSync(new URL('gmail-list.vcf', SAMPLES)));
    expect(res.statusCode).toBe(201);
    const names = res
      .json()
      .created.map((c: { full_name: string; emails: string[] }) => `${c.full_name} <${c.emails[0]}>`);
    expect(names).toEqual([
      'Arnold Smith <asmithk@gmail.com>',
      'Chris Beatle <chrisy55d@yahoo.com>',
      'Doug White <dwhite@gmail.com>',
    ]);
  });

  it('imports nothing from a file with a bad card, and says which card and field', async () => {
    const before = (await get(`/api/v1/contacts?filter[entity_id][eq]=${entityId}&include_total=true`)).json()
      .total;
    const text =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bien\r\nEMAIL:bien@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mal\r\nEMAIL:mal@@example\r\nEND:VCARD\r\n';
    const res = await importVcard('two.vcf', text);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'cards.1.emails.0', code: 'invalid_email' });
    expect(
      (await get(`/api/v1/contacts?filter[entity_id][eq]=${entityId}&include_total=true`)).json().total,
    ).toBe(before);
  });

  it('refuses a file that holds no vCard', async () => {
    const res = await importVcard('notes.txt', 'hello', 'text/plain');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'file', code: 'invalid_vcard' });
  });
});
