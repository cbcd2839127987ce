import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  signIn,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let admin: TestUser;
let anna: TestUser;
let pau: TestUser;
let entityId: string;
let otherEntityId: string;
let callType: string;
const status: Record<string, string> = {};
const typeId: Record<string, string> = {};
const DAY = 86_400_000;
let caseCount = 0;

/** A case row written straight to the table (the cases API is another slice's). */
async function insertCase(row: {
  type: string;
  status: string;
  owner?: string | null;
  team?: string | null;
  entity?: string;
  amount?: string | null;
  currency?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  created_at?: Date;
  resolution_due_at?: Date | null;
  number?: string;
  title?: string;
}): Promise<string> {
  const id = newId();
  caseCount++;
  await ctx.db
    .insertInto('cases')
    .values({
      id,
      type_id: typeId[row.type] as string,
      number: row.number ?? `R-${String(caseCount).padStart(4, '0')}`,
      title: row.title ?? `Expediente ${caseCount}`,
      entity_id: row.entity ?? entityId,
      owner_id: row.owner ?? null,
      team_id: row.team ?? null,
      status_id: status[`${row.type}.${row.status}`] as string,
      status_changed_at: new Date(),
      priority: row.priority ?? 'normal',
      amount: row.amount ?? null,
      currency: row.currency ?? 'EUR',
      created_at: row.created_at ?? new Date(Date.now() - 30 * DAY),
      resolution_due_at: row.resolution_due_at ?? null,
      custom: '{}',
      created_by: null,
    })
    .execute();
  return id;
}

async function insertAction(row: {
  caseId: string;
  subject: string;
  status: 'planned' | 'done' | 'cancelled';
  due_at: Date;
  completed_at?: Date;
  assignee: string;
  private?: boolean;
}) {
  await ctx.db
    .insertInto('actions')
    .values({
      id: newId(),
      type_id: callType,
      subject: row.subject,
      due_at: row.due_at,
      starts_at: row.due_at,
      status: row.status,
      completed_at: row.completed_at ?? null,
      assignee_user_id: row.assignee,
      entity_id: entityId,
      case_id: row.caseId,
      private: row.private ?? false,
      attendees: '[]',
      custom: '{}',
      created_by: row.assignee,
    })
    .execute();
}

const get = (user: TestUser, url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });
const report = async (user: TestUser, query: string) => {
  const res = await get(user, `/api/v1/reports/open-cases?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

let withActions: string;
let plannedOnly: string;
let breached: string;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin', name: 'Admin Trato' });
  anna = await createUser(ctx, { role: 'agent', name: 'Anna Ferrer' });
  pau = await createUser(ctx, { role: 'agent', name: 'Pau Serra' });
  const team = await createTeam(ctx, 'Postventa', [anna.id]);
  anna = await signIn(ctx, anna);
  const make = async (name: string) =>
    (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/entities',
        headers: admin.headers,
        payload: aCompany({ name }),
      })
    ).json().id as string;
  entityId = await make('Talleres Ebro, S.L.');
  otherEntityId = await make('Vins del Priorat, S.L.');
  const rows = await ctx.db
    .selectFrom('case_statuses as s')
    .innerJoin('case_types as t', 't.id', 's.type_id')
    .select(['s.id', 's.key', 't.key as type_key', 't.id as type_id'])
    .execute();
  for (const r of rows) {
    status[`${r.type_key}.${r.key}`] = r.id;
    typeId[r.type_key] = r.type_id;
  }
  callType = (
    await ctx.db.selectFrom('action_types').select('id').where('key', '=', 'call').executeTakeFirstOrThrow()
  ).id;

  const now = Date.now();
  // Opportunities in "proposal" and claims in "new": the two statuses the report picks.
  withActions = await insertCase({
    type: 'opportunity',
    status: 'proposal',
    owner: anna.id,
    amount: '1234.5',
    number: 'OPP-2026-00001',
    title: 'Renovación de licencias',
    created_at: new Date(now - 10 * DAY - 3_600_000),
  });
  plannedOnly = await insertCase({
    type: 'opportunity',
    status: 'proposal',
    owner: pau.id,
    amount: '99.99',
    number: 'OPP-2026-00002',
    entity: otherEntityId,
    created_at: new Date(now - 2 * DAY),
  });
  breached = await insertCase({
    type: 'claim',
    status: 'new',
    team,
    priority: 'urgent',
    number: 'REC-2026-00001',
    title: 'Entrega con retraso',
    created_at: new Date(now - 5 * DAY),
    resolution_due_at: new Date(now - DAY),
  });
  await insertCase({
    type: 'claim',
    status: 'new',
    owner: pau.id,
    amount: '50',
    currency: 'USD',
    number: 'REC-2026-00002',
    created_at: new Date(now - 40 * DAY),
  });
  // Not picked: another status of each type, and a deleted case.
  await insertCase({ type: 'opportunity', status: 'negotiation', owner: anna.id, amount: '777' });
  await insertCase({ type: 'claim', status: 'in_progress', owner: anna.id });
  const gone = await insertCase({ type: 'opportunity', status: 'proposal', owner: anna.id, amount: '5' });
  await ctx.db.updateTable('cases').set({ deleted_at: new Date() }).where('id', '=', gone).execute();

  // Last actions: done ones by completion, else the planned one due last; cancelled ones never.
  await insertAction({
    caseId: withActions,
    subject: 'Llamada de seguimiento',
    status: 'done',
    due_at: new Date(now - 6 * DAY),
    completed_at: new Date(now - 2 * DAY),
    assignee: anna.id,
  });
  await insertAction({
    caseId: withActions,
    subject: 'Primera visita',
    status: 'done',
    due_at: new Date(now - 3 * DAY),
    completed_at: new Date(now - 4 * DAY),
    assignee: anna.id,
  });
  await insertAction({
    caseId: withActions,
    subject: 'Enviar contrato',
    status: 'planned',
    due_at: new Date(now + 3 * DAY),
    assignee: anna.id,
  });
  await insertAction({
    caseId: withActions,
    subject: 'Anulada',
    status: 'cancelled',
    due_at: new Date(now - DAY),
    assignee: anna.id,
  });
  await insertAction({
    caseId: plannedOnly,
    subject: 'Llamar la semana que viene',
    status: 'planned',
    due_at: new Date(now + 7 * DAY),
    assignee: pau.id,
  });
  await insertAction({
    caseId: plannedOnly,
    subject: 'Llamar mañana',
    status: 'planned',
    due_at: new Date(now + DAY),
    assignee: pau.id,
  });
  // A private action of Pau's on Anna's case: only Pau (and nobody else) sees it.
  await insertAction({
    caseId: withActions,
    subject: 'Nota privada de Pau',
    status: 'done',
    due_at: new Date(now - DAY),
    completed_at: new Date(now - 1000),
    assignee: pau.id,
    private: true,
  });
});
afterAll(async () => ctx.close());

const picked = () => `status_ids=${status['opportunity.proposal']},${status['claim.new']}`;

describe('open-cases report', () => {
  it('lists the cases of the statuses picked across two types, oldest first, with totals per currency', async () => {
    const body = await report(admin, picked());
    expect(body.data.map((r: { number: string }) => r.number)).toEqual([
      'REC-2026-00002',
      'OPP-2026-00001',
      'REC-2026-00001',
      'OPP-2026-00002',
    ]);
    expect(body.total).toBe(4);
    expect(body.totals).toEqual([
      { currency: 'EUR', amount: '1334.49' },
      { currency: 'USD', amount: '50.00' },
    ]);
    expect(body.next_cursor).toBeNull();
    const row = body.data[1];
    expect(row).toMatchObject({
      id: withActions,
      title: 'Renovación de licencias',
      type: { id: typeId.opportunity, labels: { es: 'Oportunidad' } },
      status: { id: status['opportunity.proposal'], key: 'proposal', category: 'open', color: 'blue' },
      entity: { id: entityId, name: 'Talleres Ebro, S.L.' },
      owner: { id: anna.id, name: 'Anna Ferrer' },
      priority: 'normal',
      amount: '1234.50',
      currency: 'EUR',
      age_days: 10,
      sla: { state: 'none' },
    });
  });

  it('shows the last action the user may see: the latest done one, else the planned one due last', async () => {
    const adminRows = (await report(admin, picked())).data;
    const byId = (rows: { id: string }[], id: string) => rows.find((r) => r.id === id) as any;
    // Pau's private action is hidden from the admin; the cancelled one never counts.
    expect(byId(adminRows, withActions).last_action).toMatchObject({
      subject: 'Llamada de seguimiento',
      status: 'done',
    });
    expect(byId(adminRows, plannedOnly).last_action).toMatchObject({
      subject: 'Llamar la semana que viene',
      status: 'planned',
    });
    expect(byId(adminRows, breached).last_action).toBeNull();
    const pauRows = (await report(pau, picked())).data;
    // Pau sees Anna's case? No: agents see their team's cases; Pau has no team, so only his own.
    expect(pauRows.map((r: { id: string }) => r.id)).not.toContain(withActions);
    const annaRows = (await report(anna, picked())).data;
    expect(byId(annaRows, withActions).last_action.subject).toBe('Llamada de seguimiento');
  });

  it('gives the SLA of after-sales cases', async () => {
    const rows = (await report(admin, picked())).data;
    expect(rows.find((r: { id: string }) => r.id === breached).sla).toMatchObject({ state: 'breached' });
  });

  it('shows an agent only the cases they may see', async () => {
    const annaView = await report(anna, picked());
    // Her own opportunity and her team's claim.
    expect(annaView.data.map((r: { number: string }) => r.number)).toEqual([
      'OPP-2026-00001',
      'REC-2026-00001',
    ]);
    expect(annaView.total).toBe(2);
    expect(annaView.totals).toEqual([{ currency: 'EUR', amount: '1234.50' }]);
  });

  it('filters, sorts and pages like the other lists', async () => {
    const byAmount = await report(admin, `${picked()}&sort=-amount`);
    expect(byAmount.data.map((r: { amount: string | null }) => r.amount)).toEqual([
      '1234.50',
      '99.99',
      '50.00',
      null,
    ]);
    const youngest = await report(admin, `${picked()}&sort=age`);
    expect(youngest.data[0].number).toBe('OPP-2026-00002');
    const byNumber = await report(admin, `${picked()}&sort=number`);
    expect(byNumber.data.map((r: { number: string }) => r.number)).toEqual([
      'OPP-2026-00001',
      'OPP-2026-00002',
      'REC-2026-00001',
      'REC-2026-00002',
    ]);
    const byLastAction = await report(admin, `${picked()}&sort=-last_action_at`);
    expect(byLastAction.data.slice(0, 2).map((r: { id: string }) => r.id)).toEqual([
      plannedOnly,
      withActions,
    ]);
    const owner = await report(admin, `${picked()}&filter[owner_id][eq]=${pau.id}`);
    expect(owner.total).toBe(2);
    const claims = await report(
      admin,
      `${picked()}&filter[type_id][eq]=${typeId.claim}&filter[priority][eq]=urgent`,
    );
    expect(claims.data.map((r: { id: string }) => r.id)).toEqual([breached]);
    const entity = await report(admin, `${picked()}&filter[entity_id][eq]=${otherEntityId}`);
    expect(entity.data.map((r: { id: string }) => r.id)).toEqual([plannedOnly]);
    const searched = await report(admin, `${picked()}&q=priorat`);
    expect(searched.data.map((r: { id: string }) => r.id)).toEqual([plannedOnly]);

    const first = await report(admin, `${picked()}&limit=3`);
    expect(first.data).toHaveLength(3);
    expect(first.total).toBe(4);
    const second = await report(admin, `${picked()}&limit=3&cursor=${first.next_cursor}`);
    expect(second.data.map((r: { number: string }) => r.number)).toEqual(['OPP-2026-00002']);
    expect(second.next_cursor).toBeNull();
    const amountPage = await report(admin, `${picked()}&sort=-amount&limit=2`);
    const amountRest = await report(
      admin,
      `${picked()}&sort=-amount&limit=2&cursor=${amountPage.next_cursor}`,
    );
    expect(amountRest.data.map((r: { amount: string | null }) => r.amount)).toEqual(['50.00', null]);
  });

  it('names the status_ids field for unknown, malformed or too many statuses, and for a bad filter', async () => {
    const unknown = newId();
    const res = await get(
      admin,
      `/api/v1/reports/open-cases?status_ids=${status['claim.new']},${unknown},nope`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'status_ids', code: 'unknown_status' }),
      expect.objectContaining({ field: 'status_ids', code: 'unknown_status' }),
    ]);
    // (The contract caps the parameter at 4,000 characters, about 108 ids: 201 short values reach the cap.)
    const many = Array.from({ length: 201 }, (_, i) => `s${i}`).join(',');
    const tooMany = await get(admin, `/api/v1/reports/open-cases?status_ids=${many}`);
    expect(tooMany.json().errors[0]).toMatchObject({ field: 'status_ids', code: 'too_many' });
    const missing = await get(admin, '/api/v1/reports/open-cases');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'status_ids', code: 'required' });
    const empty = await get(admin, '/api/v1/reports/open-cases?status_ids=,');
    expect(empty.json().errors[0]).toMatchObject({ field: 'status_ids', code: 'required' });
    const filter = await get(admin, `/api/v1/reports/open-cases?${picked()}&filter[title][eq]=x`);
    expect(filter.statusCode).toBe(422);
    expect(filter.json().errors[0]).toMatchObject({ field: 'filter[title][eq]', code: 'unknown_field' });
    const sort = await get(admin, `/api/v1/reports/open-cases?${picked()}&sort=title`);
    expect(sort.json().errors[0]).toMatchObject({ field: 'sort', code: 'unknown_field' });
  });

  it('can be saved as a named report and read back', async () => {
    const query = {
      filters: [
        { field: 'status_id', op: 'in', value: `${status['opportunity.proposal']},${status['claim.new']}` },
      ],
    };
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/views',
      headers: anna.headers,
      payload: { object: 'case_reports', name: 'Abiertos de verdad', query },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const list = await get(anna, '/api/v1/views?object=case_reports');
    expect(list.json().data).toEqual([expect.objectContaining({ name: 'Abiertos de verdad', query })]);
  });
});

describe('open-cases export', () => {
  it('exports CSV with headers in the caller’s language and every row', async () => {
    const res = await get(admin, `/api/v1/reports/open-cases/export?format=csv&${picked()}`, {
      'accept-language': 'es',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /filename="expedientes-abiertos-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const parsed = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual([
      'Número',
      'Título',
      'Tipo',
      'Estado',
      'Entidad',
      'Propietario',
      'Prioridad',
      'Importe',
      'Moneda',
      'Abierto el',
      'Antigüedad (días)',
      'Última acción',
      'Fecha de la última acción',
      'Estado de la última acción',
      'SLA',
    ]);
    expect(parsed).toHaveLength(5);
    const opp = parsed.find((r) => r[0] === 'OPP-2026-00001')!;
    expect(opp.slice(0, 9)).toEqual([
      'OPP-2026-00001',
      'Renovación de licencias',
      'Oportunidad',
      'Propuesta enviada',
      'Talleres Ebro, S.L.',
      'Anna Ferrer',
      'Normal',
      '1234.50',
      'EUR',
    ]);
    expect(opp[9]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(opp.slice(10, 12)).toEqual(['10', 'Llamada de seguimiento']);
    expect(opp[13]).toBe('Hecha');
    const claim = parsed.find((r) => r[0] === 'REC-2026-00001')!;
    expect(claim[6]).toBe('Urgente');
    expect(claim[14]).toBe('Incumplido');
  });

  it('exports XLSX that opens with amounts as numbers in their currency and dates as dates', async () => {
    const res = await get(admin, `/api/v1/reports/open-cases/export?format=xlsx&${picked()}`, {
      'accept-language': 'en',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/filename="open-cases-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Open cases');
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).getCell(1).value).toBe('Number');
    expect(sheet.getRow(1).getCell(8).value).toBe('Amount');
    const rows = Array.from({ length: 4 }, (_, i) => sheet.getRow(i + 2));
    const opp = rows.find((r) => r.getCell(1).value === 'OPP-2026-00001')!;
    expect(opp.getCell(3).value).toBe('Opportunity');
    expect(opp.getCell(4).value).toBe('Proposal sent');
    expect(opp.getCell(8).value).toBe(1234.5);
    expect(opp.getCell(8).numFmt).toContain('€');
    expect(opp.getCell(10).value).toBeInstanceOf(Date);
    expect(opp.getCell(11).value).toBe(10);
    expect(opp.getCell(13).value).toBeInstanceOf(Date);
    expect(opp.getCell(14).value).toBe('Done');
    const usd = rows.find((r) => r.getCell(1).value === 'REC-2026-00002')!;
    expect(usd.getCell(8).value).toBe(50);
    expect(usd.getCell(8).numFmt).toContain('$');
    const noAmount = rows.find((r) => r.getCell(1).value === 'REC-2026-00001')!;
    expect(noAmount.getCell(8).value).toBeNull();
    expect(noAmount.getCell(15).value).toBe('Breached');
  });

  it('streams every row of a long report, page after page', async () => {
    const values = Array.from({ length: 520 }, (_, i) => ({
      id: newId(),
      type_id: typeId.incident as string,
      number: `INC-2026-${String(i + 1).padStart(5, '0')}`,
      title: `Incidencia ${i + 1}`,
      entity_id: entityId,
      status_id: status['incident.in_progress'] as string,
      status_changed_at: new Date(),
      amount: String(i),
      created_at: new Date(Date.now() - i * 60_000),
      custom: '{}',
      created_by: null,
    }));
    await ctx.db.insertInto('cases').values(values).execute();
    const query = `status_ids=${status['incident.in_progress']}`;
    const csv = await get(admin, `/api/v1/reports/open-cases/export?${query}`);
    expect(csv.statusCode).toBe(200);
    const lines = Papa.parse<string[]>(csv.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(lines).toHaveLength(521);
    expect(new Set(lines.slice(1).map((l) => l[0])).size).toBe(520);
    const xlsx = await get(admin, `/api/v1/reports/open-cases/export?format=xlsx&${query}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(521);
  });

  it('needs the export permission, and refuses a bad selection before sending anything', async () => {
    const agent = await get(anna, `/api/v1/reports/open-cases/export?format=xlsx&${picked()}`);
    expect(agent.statusCode).toBe(403);
    const bad = await get(admin, `/api/v1/reports/open-cases/export?format=xlsx&status_ids=${newId()}`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'status_ids', code: 'unknown_status' });
    const format = await get(admin, `/api/v1/reports/open-cases/export?format=pdf&${picked()}`);
    expect(format.statusCode).toBe(422);
    expect(format.json().errors[0].field).toBe('format');
  });
});
