import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { readDate, readDecimal, readWholeNumber } from './import-values.ts';

let ctx: TestContext;
let admin: TestUser;
let ana: TestUser; // agent, owner in the fixtures
let outsider: TestUser; // agent with no team: sees only their own entities
let types: Record<string, string>;
let entities: Record<string, string>;
let products: Record<string, string>;
let contactId: string;
let teamId: string;

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(name: string, type: string, content: Buffer | string) {
  const boundary = '----trato-import-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  user: TestUser,
  name: string,
  content: Buffer | string,
  options: { dryRun?: boolean; type?: string; language?: string } = {},
) {
  const { body, contentType } = multipart(name, options.type ?? CSV_TYPE, content);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/imports/cases?dry_run=${options.dryRun ?? true}`,
    payload: body,
    headers: {
      ...user.headers,
      'content-type': contentType,
      'accept-language': options.language ?? 'es',
    },
  });
}

const get = (user: TestUser, url: string, language = 'es') =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, 'accept-language': language } });

type Issue = {
  sheet: string;
  row: number;
  case_ref: string | null;
  field: string;
  code: string;
  message: string;
};
/** Issues as "row case_ref field code" lines, easy to compare. */
const issueLines = (result: { issues: Issue[] }) =>
  result.issues.map((i) => `${i.row} ${i.case_ref ?? '-'} ${i.field} ${i.code}`);

async function countCases(): Promise<number> {
  const row = await ctx.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function caseByTitle(title: string) {
  const row = await ctx.db.selectFrom('cases').select('id').where('title', '=', title).executeTakeFirst();
  if (!row) return null;
  return (await get(admin, `/api/v1/cases/${row.id}`)).json();
}

/** A CSV (comma separated) with a record column and the given columns. */
const csv = (header: string, ...rows: string[]) => `${[header, ...rows].join('\n')}\n`;
const HEADER =
  'record,case_ref,type,title,entity_code,status,amount,currency,probability,expected_close,referrer_code,product_code,quantity,unit_price,discount_pct,tax_rate';

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  ana = await createUser(ctx, { role: 'agent', email: 'ana.comercial@example.com', name: 'Ana' });
  outsider = await createUser(ctx, { role: 'agent', name: 'Otto' });
  teamId = await createTeam(ctx, 'Ventas Norte', [ana.id]);
  const typeRows = await ctx.db.selectFrom('case_types').select(['id', 'key']).execute();
  types = Object.fromEntries(typeRows.map((t) => [t.key, t.id]));
  const entity = async (code: string, name: string, roles: string[] = ['customer']) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: aCompany({ name, code, roles }),
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  entities = {
    'C-100': await entity('C-100', 'Talleres Ebro'),
    'C-200': await entity('C-200', 'Distribuciones Garrotxa'),
    'P-900': await entity('P-900', 'Asesoría Prescriptora', ['prescriber']),
    C0001: await entity('C0001', 'Oficinas Centro'),
    C0002: await entity('C0002', 'Clínica Dental Sol'),
  };
  const contact = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    payload: { entity_id: entities['C-100'], first_name: 'Iñaki', emails: ['compras@ebro.example'] },
    headers: admin.headers,
  });
  expect(contact.statusCode, contact.body).toBe(201);
  contactId = contact.json().id;
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    payload: { entity_id: entities.C0001, first_name: 'Marta', emails: ['compras@example.com'] },
    headers: admin.headers,
  });
  const product = async (code: string, unit_price: string, active = true) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      payload: { code, name: `Producto ${code}`, unit_price, active },
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  products = {
    'PRD-1': await product('PRD-1', '899'),
    'PRD-2': await product('PRD-2', '250'),
    'OLD-1': await product('OLD-1', '10', false),
    'PRD-001': await product('PRD-001', '899'),
    'PRD-002': await product('PRD-002', '250'),
  };
  for (const field of [
    { key: 'budget_approved', labels: { es: 'Presupuesto aprobado' }, type: 'boolean' },
    {
      key: 'channel',
      labels: { es: 'Canal' },
      type: 'select',
      options: [
        { key: 'fair', labels: { es: 'Feria', ca: 'Fira', en: 'Fair' } },
        { key: 'web', labels: { es: 'Web' } },
      ],
    },
  ]) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/fields',
      payload: { object: 'case', type_id: types.opportunity, ...field },
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => ctx.close());

describe('importing the fixture files', () => {
  it('reads a UTF-8 CSV with commas: a dry run writes nothing, the real run writes both cases', async () => {
    const file = await fixture('cases-utf8.csv');
    const before = await countCases();
    const dry = await upload(admin, 'cases-utf8.csv', file);
    expect(dry.statusCode, dry.body).toBe(201);
    expect(dry.json()).toMatchObject({
      dry_run: true,
      filename: 'cases-utf8.csv',
      cases_total: 2,
      lines_total: 2,
      cases_created: 0,
      cases_failed: 0,
      issues: [],
      created: [],
    });
    expect(await countCases()).toBe(before);

    const real = await upload(admin, 'cases-utf8.csv', file, { dryRun: false });
    expect(real.statusCode, real.body).toBe(201);
    const result = real.json();
    expect(result).toMatchObject({ dry_run: false, cases_total: 2, cases_created: 2, cases_failed: 0 });
    expect(result.created.map((c: { case_ref: string }) => c.case_ref)).toEqual(['A-1', 'A-2']);
    expect(await countCases()).toBe(before + 2);

    const opportunity = (await get(admin, `/api/v1/cases/${result.created[0].id}`)).json();
    expect(opportunity).toMatchObject({
      number: result.created[0].number,
      title: 'Renovación de portátiles — Ebro',
      entity_id: entities['C-100'],
      contact_id: contactId,
      owner_id: ana.id,
      team_id: teamId,
      priority: 'high',
      status: { key: 'proposal' },
      probability: 60,
      expected_close: '2026-03-31',
      referrer_id: entities['P-900'],
      description: 'Cinco portátiles, con instalación',
      // 5 × 899 − 10 % = 4045.50 and 250; VAT 21 %: 849.56 + 52.50
      amount: '4295.50',
      tax_amount: '902.06',
      currency: 'EUR',
    });
    expect(opportunity.lines).toMatchObject([
      {
        product: { id: products['PRD-1'], code: 'PRD-1' },
        description: 'Portátil 14" con funda',
        quantity: '5.00',
        net_amount: '4045.50',
      },
      {
        product: { id: products['PRD-2'], code: 'PRD-2' },
        quantity: '1.00',
        unit_price: '250.00',
        net_amount: '250.00',
      },
    ]);
    const claim = (await get(admin, `/api/v1/cases/${result.created[1].id}`)).json();
    expect(claim).toMatchObject({
      type: { key: 'claim' },
      status: { key: 'in_progress' },
      priority: 'urgent',
      amount: '120.50',
      owner_id: admin.id,
    });
  });

  it('reads a Windows-1252 CSV with semicolons, Spanish headers, decimals and dates', async () => {
    const file = await fixture('cases-win1252.csv');
    const dry = await upload(admin, 'cases-win1252.csv', file);
    expect(dry.json()).toMatchObject({ cases_total: 2, lines_total: 2, cases_failed: 0, issues: [] });
    const real = (await upload(admin, 'cases-win1252.csv', file, { dryRun: false })).json();
    expect(real.cases_created).toBe(2);
    const opportunity = await caseByTitle('Ampliación de almacén — Garrotxa');
    expect(opportunity).toMatchObject({
      type: { key: 'opportunity' },
      status: { key: 'negotiation' },
      priority: 'high',
      probability: 80,
      expected_close: '2026-04-15',
      description: 'Nave industrial, fase 2',
      // 2 × 1234.56 − 5 % = 2345.66 (VAT 492.59); 1 × 1234.5 (VAT 259.25)
      amount: '3580.16',
      tax_amount: '751.84',
    });
    expect(opportunity.lines.map((l: { unit_price: string }) => l.unit_price)).toEqual([
      '1234.56',
      '1234.50',
    ]);
    const incident = await caseByTitle('Fallo en la instalación eléctrica');
    expect(incident).toMatchObject({
      type: { key: 'incident' },
      status: { key: 'new' },
      description: 'Avería en el cuadro; revisar',
    });
  });

  it('reads an XLSX with a cases sheet and a lines sheet (Catalan headers, percent and date cells)', async () => {
    const file = await fixture('cases-two-sheets.xlsx');
    const dry = (await upload(admin, 'cases-two-sheets.xlsx', file, { type: XLSX_TYPE })).json();
    expect(dry).toMatchObject({ cases_total: 2, lines_total: 3, cases_failed: 0, issues: [] });
    const real = (
      await upload(admin, 'cases-two-sheets.xlsx', file, { type: XLSX_TYPE, dryRun: false })
    ).json();
    expect(real.cases_created).toBe(2);
    const chairs = await caseByTitle('Subministrament de cadires');
    expect(chairs).toMatchObject({
      status: { key: 'qualified' },
      probability: 30,
      priority: 'low',
      expected_close: '2026-06-30',
      // 3 × 99.99 − 15 % = 254.97, VAT 53.54
      amount: '254.97',
      tax_amount: '53.54',
    });
    expect(chairs.lines[0]).toMatchObject({ product: { code: 'PRD-2' }, discount_pct: '15.00' });
    const service = await caseByTitle('Revisió anual de la climatització');
    expect(service).toMatchObject({ type: { key: 'service_request' }, status: { key: 'scheduled' } });
    // 480 + 2 × 35.50 (a formula cell: its result)
    expect(service.amount).toBe('551.00');
  });

  it('reads an XLSX with one sheet and a record column, custom fields and rich text', async () => {
    const file = await fixture('cases-one-sheet.xlsx');
    const dry = (await upload(admin, 'cases-one-sheet.xlsx', file, { type: XLSX_TYPE })).json();
    expect(dry).toMatchObject({ cases_total: 2, lines_total: 1, cases_failed: 0, issues: [] });
    const real = (
      await upload(admin, 'cases-one-sheet.xlsx', file, { type: XLSX_TYPE, dryRun: false })
    ).json();
    expect(real.cases_created).toBe(2);
    const licences = await caseByTitle('Licencias anuales');
    expect(licences).toMatchObject({
      entity_id: entities['C-200'],
      status: { key: 'new' },
      expected_close: '2026-09-30',
      custom: { budget_approved: true, channel: 'fair' },
      amount: '10788.00',
      tax_amount: '2265.48',
    });
    expect((await caseByTitle('Factura duplicada')).amount).toBe('35.20');
  });

  it('round-trips its own templates: both formats check clean against matching data', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const template = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/imports/cases/template?format=${format}`,
        headers: { ...admin.headers, 'accept-language': 'ca' },
      });
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-disposition']).toContain(`trato-case-import.${format}`);
      const result = (await upload(admin, `template.${format}`, template.rawPayload)).json();
      expect(result, format).toMatchObject({ cases_total: 2, lines_total: 3, cases_failed: 0, issues: [] });
    }
    const xlsx = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/imports/cases/template?format=xlsx',
      headers: { ...admin.headers, 'accept-language': 'ca' },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Expedients', 'Línies']);
  });
});

describe('bad input: every problem is a row issue', () => {
  it('names the row, the case and the column of each problem, in the caller language', async () => {
    const file = csv(
      HEADER,
      'case,T-1,subscription,Tipo inexistente,C-100,,,,,,,,,,,', // 2: unknown type
      'case,T-2,opportunity,Estado inexistente,C-100,dormant,,,,,,,,,,', // 3
      'case,T-3,claim,Estado de otro tipo,C-100,proposal,,,,,,,,,,', // 4
      'case,T-4,opportunity,Entidad inexistente,NOPE-1,,,,,,,,,,,', // 5
      'case,T-5,opportunity,Producto inexistente,C-100,,,,,,,,,,,', // 6
      'line,T-5,,,,,,,,,,NOPE-PRD,1,,,', // 7: unknown product
      'case,T-6,opportunity,Cantidad negativa,C-100,,,,,,,,,,,', // 8
      'line,T-6,,,,,,,,,,PRD-1,-2,,,', // 9
      'case,T-7,claim,Moneda inexistente,C-100,,10,XYZ,,,,,,,,', // 10
      'case,T-8,claim,Reclamación con líneas,C-100,,,,,,,,,,,', // 11
      'line,T-8,,,,,,,,,,PRD-1,1,,,', // 12
      'line,T-404,,,,,,,,,,PRD-1,1,,,', // 13: no such case in the file
      'case,T-9,claim,Primera,C-100,,,,,,,,,,,', // 14
      'case,T-9,claim,Repetida,C-100,,,,,,,,,,,', // 15: duplicate case_ref
      'case,T-10,opportunity,Números ilegibles,C-100,,,,diez,31/02/2026,,,,,,', // 16: bad number, bad date
      'case,T-11,opportunity,Probabilidad 140,C-100,,,,140,,,,,,,', // 17
      'case,T-12,claim,Prescriptor que no lo es,C-100,,,,,,C-200,,,,,', // 18: insertCaseIn refuses
      'case,T-13,opportunity,Importe en tipo con líneas,C-100,,500,,,,,,,,,', // 19
      'line,T-13,,,,,,,,,,PRD-1,1,,,', // 20
      'case,T-14,opportunity,Tercera línea mala,C-100,,,,,,,,,,,', // 21
      'line,T-14,,,,,,,,,,PRD-1,1,,,', // 22
      'line,T-14,,,,,,,,,,PRD-2,1,,,', // 23
      'line,T-14,,,,,,,,,,PRD-2,1,,10.1234,', // 24: lines.2.discount_pct (the case rules allow 3 decimals)
      'header?,T-15,claim,Fila rara,C-100,,,,,,,,,,,', // 25: unknown record
      'case,T-16,claim,,C-100,,,,,,,,,,,', // 26: title missing
    );
    const before = await countCases();
    const res = await upload(admin, 'errores.csv', file, { dryRun: false });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(await countCases()).toBe(before);
    expect(issueLines(result)).toEqual([
      '2 T-1 type unknown_case_type',
      '3 T-2 status unknown_status',
      '4 T-3 status status_of_other_type',
      '5 T-4 entity_code unknown_entity_code',
      '7 T-5 product_code unknown_product_code',
      '9 T-6 quantity negative',
      '10 T-7 currency unknown_currency',
      '11 T-8 lines lines_not_allowed',
      '13 T-404 case_ref unknown_case_ref',
      '14 T-9 case_ref duplicate_case_ref',
      '15 T-9 case_ref duplicate_case_ref',
      '16 T-10 probability invalid_number',
      '16 T-10 expected_close invalid_date',
      '17 T-11 probability too_big',
      '18 T-12 referrer_code not_a_prescriber',
      '19 T-13 amount computed_from_lines',
      '24 T-14 discount_pct too_many_decimals',
      '25 T-15 record unknown_record',
      '26 T-16 title required',
    ]);
    expect(result).toMatchObject({ cases_total: 16, lines_total: 8, cases_created: 0, cases_failed: 16 });
    const bySpot = (row: number, field: string) =>
      result.issues.find((i: Issue) => i.row === row && i.field === field)?.message;
    expect(bySpot(5, 'entity_code')).toContain('NOPE-1');
    expect(bySpot(13, 'case_ref')).toContain('T-404');
    expect(bySpot(14, 'case_ref')).toContain('14, 15');
    expect(result.issues.every((i: Issue) => i.sheet === 'errores.csv' && i.message.length > 0)).toBe(true);

    // The saved report reads again, in another language.
    const again = await get(admin, `/api/v1/imports/${result.id}`, 'en');
    expect(again.statusCode).toBe(200);
    expect(issueLines(again.json())).toEqual(issueLines(result));
    expect(again.json().issues[0].message).not.toBe(result.issues[0].message);
  });

  it('refuses unknown or repeated columns and missing required ones, and writes nothing', async () => {
    const file = csv('record,case_ref,type,title,titulo,colour', 'case,H-1,claim,Sin entidad,Repetido,rojo');
    const result = (await upload(admin, 'cabecera.csv', file, { dryRun: false })).json();
    expect(issueLines(result)).toEqual(
      expect.arrayContaining([
        '1 - titulo duplicate_column',
        '1 - colour unknown_column',
        '1 - entity_code missing_column',
      ]),
    );
    expect(result.cases_created).toBe(0);
  });

  it('refuses a value in a column that does not apply to its row', async () => {
    const file = csv(HEADER, 'case,N-1,claim,Con producto,C-100,,,,,,,PRD-1,,,,');
    expect(issueLines((await upload(admin, 'na.csv', file)).json())).toEqual([
      '2 N-1 product_code not_applicable',
    ]);
  });

  it('reports a NUL character in a cell (PostgreSQL refuses it) instead of failing', async () => {
    // Past the first 64 KB, where a NUL no longer marks the file as binary.
    const file = csv(HEADER, ','.repeat(70_000), 'case,Z-1,claim,Con\u0000nul,C-100,,,,,,,,,,,');
    const res = await upload(admin, 'nul.csv', file, { dryRun: false });
    expect(res.statusCode, res.body).toBe(201);
    expect(issueLines(res.json())).toEqual(['3 Z-1 title nul_character']);
    expect(res.json().cases_created).toBe(0);
  });

  it('reports an entity the importer may not see as unknown, as the case form would', async () => {
    const file = csv(HEADER, 'case,V-1,claim,Entidad ajena,C-100,,,,,,,,,,,');
    const result = (await upload(outsider, 'ajena.csv', file, { dryRun: false })).json();
    expect(issueLines(result)).toEqual(['2 V-1 entity_code unknown_entity']);
    expect(result.cases_created).toBe(0);
  });
});

describe('all or nothing per case', () => {
  it('writes nothing of a case whose third line the case rules refuse, and writes the good case beside it', async () => {
    const file = csv(
      HEADER,
      'case,G-1,opportunity,Caso con tercera línea inactiva,C-100,,,,,,,,,,,',
      'line,G-1,,,,,,,,,,PRD-1,1,,,',
      'line,G-1,,,,,,,,,,PRD-2,2,,,',
      'line,G-1,,,,,,,,,,OLD-1,3,,,', // an inactive product: only insertCaseIn knows
      'case,G-2,opportunity,Caso bueno al lado,C-200,,,,,,,,,,,',
      'line,G-2,,,,,,,,,,PRD-2,4,,,',
    );
    const lineCount = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('case_lines')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const linesBefore = await lineCount();
    const result = (await upload(admin, 'mixto.csv', file, { dryRun: false })).json();
    expect(issueLines(result)).toEqual(['5 G-1 product_code product_inactive']);
    expect(result).toMatchObject({ cases_total: 2, lines_total: 4, cases_created: 1, cases_failed: 1 });
    expect(result.created.map((c: { case_ref: string }) => c.case_ref)).toEqual(['G-2']);
    expect(await caseByTitle('Caso con tercera línea inactiva')).toBeNull();
    expect((await caseByTitle('Caso bueno al lado')).amount).toBe('1000.00');
    expect(await lineCount()).toBe(linesBefore + 1);
  });

  it('continues the case numbering: a dry run takes no number, a real run takes the next ones', async () => {
    const year = new Date().getFullYear();
    const last = async () =>
      (
        await ctx.db
          .selectFrom('cases')
          .select('number')
          .where('type_id', '=', types.incident ?? '')
          .orderBy('number', 'desc')
          .executeTakeFirst()
      )?.number;
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { type_id: types.incident, title: 'Antes de importar', entity_id: entities['C-100'] },
      headers: admin.headers,
    });
    expect(first.statusCode, first.body).toBe(201);
    const start = Number(first.json().number.slice(-5));
    const file = csv(
      HEADER,
      'case,I-1,incident,Importada uno,C-100,,,,,,,,,,,',
      'case,I-2,incident,Importada dos,C-200,,,,,,,,,,,',
    );
    await upload(admin, 'numeros.csv', file);
    expect(await last()).toBe(first.json().number);
    const result = (await upload(admin, 'numeros.csv', file, { dryRun: false })).json();
    const number = (n: number) => `INC-${year}-${String(n).padStart(5, '0')}`;
    expect(result.created.map((c: { number: string }) => c.number)).toEqual([
      number(start + 1),
      number(start + 2),
    ]);
    const after = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { type_id: types.incident, title: 'Después de importar', entity_id: entities['C-100'] },
      headers: admin.headers,
    });
    expect(after.json().number).toBe(number(start + 3));
  });
});

describe('saved reports', () => {
  it('are read again by their author and by an admin, and by nobody else', async () => {
    const result = (
      await upload(ana, 'propio.csv', csv(HEADER, 'case,R-1,claim,Leída otra vez,C-100,,,,,,,,,,,'))
    ).json();
    const mine = await get(ana, `/api/v1/imports/${result.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual(result);
    expect((await get(admin, `/api/v1/imports/${result.id}`)).statusCode).toBe(200);
    expect((await get(outsider, `/api/v1/imports/${result.id}`)).statusCode).toBe(404);
    expect((await get(ana, '/api/v1/imports/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('limits', () => {
  it('answers 413 for a file over 10 MB', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const res = await upload(admin, 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 415 for a file that is neither CSV nor XLSX, and for a body that is not an upload', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0xff, 0])]);
    expect((await upload(admin, 'doc.pdf', pdf, { type: 'application/pdf' })).statusCode).toBe(415);
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]);
    expect((await upload(admin, 'doc.docx', docx, { type: 'application/zip' })).statusCode).toBe(415);
    const raw = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/cases',
      payload: 'record,case_ref\n',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
    });
    expect(raw.statusCode).toBe(415);
    const json = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/cases',
      payload: { file: 'x' },
      headers: admin.headers,
    });
    expect(json.statusCode).toBe(415);
  });

  it('answers 422 for more than 20 000 rows, a file part missing, or a broken XLSX', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `case,M-${i},claim,Fila ${i},C-100`);
    const res = await upload(admin, 'muchas.csv', csv('record,case_ref,type,title,entity_code', ...rows));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'too_many_rows' })]);
    const noFile = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/cases',
      payload: '------b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhola\r\n------b--\r\n',
      headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=----b' },
    });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.json().errors[0]).toMatchObject({ field: 'file', code: 'required' });
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/workbook.xml…')]);
    const bad = await upload(admin, 'roto.xlsx', broken, { type: XLSX_TYPE });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'file', code: 'unreadable_file' });
  });
});

describe('reading numbers and dates as spreadsheets write them', () => {
  it('reads decimal points, decimal commas and thousands separators', () => {
    const read = (value: string | number, decimalComma = false) => readDecimal(value, decimalComma);
    expect(read('1234.56')).toEqual({ value: '1234.56' });
    expect(read('1.234,56')).toEqual({ value: '1234.56' });
    expect(read('1,234.56')).toEqual({ value: '1234.56' });
    expect(read('1234,56')).toEqual({ value: '1234.56' });
    expect(read('1.234.567')).toEqual({ value: '1234567' });
    expect(read('12,5 %')).toEqual({ value: '12.5' });
    expect(read('-3')).toEqual({ value: '-3' });
    expect(read(0.1 + 0.2)).toEqual({ value: '0.3' });
    // A lone point with three decimals: a decimal point, except in a ;-separated file (a decimal-comma spreadsheet).
    expect(read('1.234')).toEqual({ value: '1.234' });
    expect(read('1.234', true)).toEqual({ value: '1234' });
    for (const bad of ['diez', '1.23.4', '1,2,3', '12a', '1.234,5,6'])
      expect(read(bad), bad).toEqual({ error: 'invalid_number' });
    expect(readWholeNumber('80 %')).toEqual({ value: 80 });
    expect(readWholeNumber('12,5')).toEqual({ error: 'whole_number' });
  });

  it('reads ISO and day/month/year dates, Excel dates and serials, and refuses impossible ones', () => {
    expect(readDate('2026-03-31')).toEqual({ value: '2026-03-31' });
    expect(readDate('31/03/2026')).toEqual({ value: '2026-03-31' });
    expect(readDate('1.4.2026')).toEqual({ value: '2026-04-01' });
    expect(readDate(new Date(Date.UTC(2026, 11, 24)))).toEqual({ value: '2026-12-24' });
    expect(readDate(46112)).toEqual({ value: '2026-03-31' });
    for (const bad of ['31/02/2026', '2026-13-01', 'mañana', '03/31/2026'])
      expect(readDate(bad), bad).toEqual({ error: 'invalid_date' });
  });
});
