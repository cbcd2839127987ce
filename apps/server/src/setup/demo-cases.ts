import type { Insertable } from 'kysely';
import type { Database } from '../db/connection.ts';
import type {
  ActionRow,
  ActionsTable,
  CasePriority,
  CaseRow,
  CaseStatusRow,
  CasesTable,
  CaseTypeRow,
} from '../db/schema.ts';
import { endOfDueDate } from '../modules/actions/action-values.ts';
import { actionEventChanges } from '../modules/actions/actions.service.ts';
import {
  addDays,
  addWorkingDays,
  DEFAULT_TIME_ZONE,
  localDate,
  zonedInstant,
} from '../modules/actions/zoned-time.ts';
import {
  type LineInput,
  type LineProduct,
  type ResolvedLine,
  resolveLines,
} from '../modules/cases/case-lines.ts';
import { takeCaseNumbers } from '../modules/cases/cases.repository.ts';
import { caseEventChanges, caseNumberYear, formatCaseNumber } from '../modules/cases/cases.service.ts';
import { computeSlaDueDates, flagBreachedCases } from '../modules/cases/sla.ts';
import { IssueCollector } from '../platform/errors.ts';
import { type DomainEvent, recordEvents } from '../platform/events.ts';
import { newId } from '../platform/ids.ts';
import { createRandom, type Random } from './bulk-load.ts';
import type { DemoPeople } from './demo-actions.ts';

/*
 * The demo company's cases, relative to the day they are loaded: a price list of software, services and
 * hardware; about ninety opportunities across the pipeline and the agents (closing from five months ago to
 * six months ahead; the won ones closed in past months; lines on about half; the next action planned on many
 * open ones); and about thirty claims, incidents and service requests, some of them already past their SLA.
 * Numbers, totals and SLA due dates come from the same code the API uses; everything goes in one transaction
 * of a few bulk statements.
 */

type Lang = 'es' | 'ca';

/** code, es name, ca name, unit price, VAT %, active */
const PRODUCTS: [string, string, string, string, string, boolean][] = [
  ['LIC-ERP', 'Licencia ERP Gestión (usuario/año)', 'Llicència ERP Gestió (usuari/any)', '480', '21', true],
  ['LIC-CRM', 'Licencia CRM (usuario/año)', 'Llicència CRM (usuari/any)', '360', '21', true],
  ['MANT-ANUAL', 'Contrato de mantenimiento anual', 'Contracte de manteniment anual', '1200', '21', true],
  ['SOP-PREMIUM', 'Soporte premium 24x7 (año)', 'Suport prèmium 24x7 (any)', '2400', '21', true],
  [
    'INST-JORNADA',
    'Instalación y puesta en marcha (jornada)',
    'Instal·lació i posada en marxa (jornada)',
    '650',
    '21',
    true,
  ],
  ['FORM-HORA', 'Hora de formación', 'Hora de formació', '55', '21', true],
  ['CONS-HORA', 'Hora de consultoría', 'Hora de consultoria', '75', '21', true],
  [
    'MIGR-DATOS',
    'Migración de datos del sistema anterior',
    'Migració de dades del sistema anterior',
    '1500',
    '21',
    true,
  ],
  ['HW-TPV15', 'Terminal punto de venta táctil 15"', 'Terminal punt de venda tàctil 15"', '890', '21', true],
  ['HW-IMPTK', 'Impresora de tickets térmica', 'Impressora de tiquets tèrmica', '189', '21', true],
  [
    'HW-LECTOR',
    'Lector de códigos de barras inalámbrico',
    'Lector de codis de barres sense fil',
    '129.9',
    '21',
    true,
  ],
  ['LIC-ERP-V8', 'Licencia ERP v8 (descatalogada)', 'Llicència ERP v8 (descatalogada)', '420', '21', false],
];

/** What a line of each product usually carries: quantities and discounts people really quote. */
const QUANTITIES: Record<string, number[]> = {
  'LIC-ERP': [3, 5, 8, 10, 12, 15, 25],
  'LIC-CRM': [2, 4, 5, 6, 10],
  'MANT-ANUAL': [1],
  'SOP-PREMIUM': [1],
  'INST-JORNADA': [1, 2, 3, 5],
  'FORM-HORA': [8, 12, 16, 20, 40],
  'CONS-HORA': [10, 20, 35, 60],
  'MIGR-DATOS': [1],
  'HW-TPV15': [1, 2, 3, 4, 6],
  'HW-IMPTK': [1, 2, 3, 4, 6],
  'HW-LECTOR': [2, 4, 6, 10],
};
const BUNDLES: string[][] = [
  ['LIC-ERP', 'INST-JORNADA', 'FORM-HORA'],
  ['LIC-ERP', 'MIGR-DATOS', 'MANT-ANUAL'],
  ['LIC-CRM', 'FORM-HORA'],
  ['LIC-CRM', 'CONS-HORA', 'SOP-PREMIUM'],
  ['HW-TPV15', 'HW-IMPTK', 'HW-LECTOR', 'INST-JORNADA'],
  ['HW-TPV15', 'HW-IMPTK'],
  ['MANT-ANUAL', 'SOP-PREMIUM'],
  ['CONS-HORA'],
];

const OPPORTUNITY_TITLES: Record<Lang, string[]> = {
  es: [
    'Renovación de licencias ERP',
    'Ampliación a nuevos usuarios',
    'Implantación del CRM',
    'Equipamiento TPV para la tienda',
    'Contrato de mantenimiento anual',
    'Formación del equipo comercial',
    'Migración desde el sistema anterior',
    'Soporte premium para la central',
    'Digitalización del almacén',
    'Proyecto Kit Digital',
    'Renovación del parque de terminales',
    'Consultoría de procesos de compras',
  ],
  ca: [
    'Renovació de llicències ERP',
    'Ampliació a nous usuaris',
    'Implantació del CRM',
    'Equipament TPV per a la botiga',
    'Contracte de manteniment anual',
    "Formació de l'equip comercial",
    'Migració des del sistema anterior',
    'Suport prèmium per a la central',
    'Digitalització del magatzem',
    'Projecte Kit Digital',
    'Renovació del parc de terminals',
    'Consultoria de processos de compres',
  ],
};
const SERVICE_TITLES: Record<string, Record<Lang, string[]>> = {
  claim: {
    es: [
      'Factura duplicada del mes pasado',
      'Pedido entregado incompleto',
      'Cargo indebido en la cuota de mantenimiento',
      'Retraso en la entrega del terminal',
      'Impresora recibida con la carcasa rota',
    ],
    ca: [
      'Factura duplicada del mes passat',
      'Comanda lliurada incompleta',
      'Càrrec indegut a la quota de manteniment',
      'Retard en el lliurament del terminal',
      'Impressora rebuda amb la carcassa trencada',
    ],
  },
  incident: {
    es: [
      'No se puede acceder al ERP',
      'Error al imprimir tickets',
      'Lentitud en el módulo de facturación',
      'La sincronización del TPV falla',
      'El lector no lee los códigos nuevos',
      'Caída del servidor de la tienda',
    ],
    ca: [
      "No es pot accedir a l'ERP",
      'Error en imprimir tiquets',
      'Lentitud al mòdul de facturació',
      'La sincronització del TPV falla',
      'El lector no llegeix els codis nous',
      'Caiguda del servidor de la botiga',
    ],
  },
  service_request: {
    es: [
      'Alta de dos usuarios nuevos',
      'Formación para el personal nuevo',
      'Instalación de una impresora adicional',
      'Traslado de equipos a la nueva oficina',
    ],
    ca: [
      'Alta de dos usuaris nous',
      'Formació per al personal nou',
      "Instal·lació d'una impressora addicional",
      "Trasllat d'equips a la nova oficina",
    ],
  },
};
const NEXT_ACTIONS: Record<Lang, string[]> = {
  es: [
    'Llamar para seguimiento de la propuesta',
    'Enviar la propuesta revisada',
    'Preparar la demostración del producto',
    'Confirmar condiciones de pago',
  ],
  ca: [
    'Trucar per fer seguiment de la proposta',
    'Enviar la proposta revisada',
    'Preparar la demostració del producte',
    'Confirmar les condicions de pagament',
  ],
};
const ROUND_AMOUNTS = [
  1500, 2400, 3600, 4800, 6000, 7500, 9800, 12_000, 15_000, 18_500, 24_000, 32_000, 45_000,
];

interface Target {
  id: string;
  owner_id: string | null;
  roles: string[];
  contact_id: string | null;
}

interface PlannedCase {
  type: CaseTypeRow;
  /** The stays, oldest first: the status and when the case entered it. */
  path: { status: CaseStatusRow; at: Date }[];
  createdAt: Date;
  closedAt: Date | null;
  ownerId: string;
  target: Target;
  title: string;
  priority: CasePriority;
  amount: string | null;
  lines: LineInput[];
  probability: number | null;
  expectedClose: string | null;
  referrerId: string | null;
  firstResponseAt: Date | null;
}

const DAY = 86_400_000;

export async function loadDemoCases(
  db: Database,
  people: DemoPeople,
  options: { seed: number; now?: Date },
): Promise<{ products: number; cases: number }> {
  const now = options.now ?? new Date();
  const tz = DEFAULT_TIME_ZONE;
  const today = localDate(now, tz);
  const random = createRandom(options.seed + 4);
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return { products: 0, cases: 0 };

  const types = new Map(
    (await db.selectFrom('case_types').selectAll().where('deleted_at', 'is', null).execute()).map((t) => [
      t.key,
      t,
    ]),
  );
  const statusRows = await db
    .selectFrom('case_statuses')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('position')
    .execute();
  const statusesOf = (type: CaseTypeRow) => statusRows.filter((s) => s.type_id === type.id);
  const actionTypes = new Map(
    (await db.selectFrom('action_types').selectAll().where('deleted_at', 'is', null).execute()).map((t) => [
      t.key,
      t,
    ]),
  );
  const entities: Target[] = await db
    .selectFrom('entities')
    .leftJoin('contacts', (join) =>
      join.onRef('contacts.entity_id', '=', 'entities.id').on('contacts.is_primary', '=', true),
    )
    .select(['entities.id', 'entities.owner_id', 'entities.roles', 'contacts.id as contact_id'])
    .where('entities.deleted_at', 'is', null)
    .orderBy('entities.name')
    .execute();
  const agents = [...people.agents.keys()];
  const opportunityType = types.get('opportunity');
  if (!opportunityType || agents.length === 0 || entities.length === 0) return { products: 0, cases: 0 };

  const langOf = (userId: string): Lang => people.agents.get(userId) ?? 'es';
  const teamOf = (userId: string) =>
    [...people.teams].find(([, members]) => members.includes(userId))?.[0] ?? null;
  const ownEntities = (userId: string, roles: string[]) => {
    const own = entities.filter((e) => e.owner_id === userId && e.roles.some((r) => roles.includes(r)));
    return own.length > 0 ? own : entities.filter((e) => e.roles.some((r) => roles.includes(r)));
  };
  const prescribers = entities.filter((e) => e.roles.includes('prescriber'));
  const instant = (day: string, r: Random) =>
    zonedInstant(day, `${String(r.int(8, 18)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`, tz);
  const before = (date: Date) => new Date(Math.min(date.getTime(), now.getTime() - 60_000));

  const products: (LineProduct & { name_ca: string })[] = PRODUCTS.map(
    ([code, es, ca, price, tax, active]) => ({
      id: newId(),
      code,
      name: es,
      name_ca: ca,
      unit_price: price,
      currency: 'EUR',
      tax_rate: tax,
      active,
    }),
  );
  const productByCode = new Map(products.map((p) => [p.code, p]));
  const productById = new Map(products.map((p) => [p.id, p]));
  const linesFor = (r: Random): LineInput[] =>
    r.pick(BUNDLES).map((code) => ({
      product_id: productByCode.get(code)!.id,
      quantity: String(r.pick(QUANTITIES[code] ?? [1])),
      ...(r.chance(0.3) && { discount_pct: r.pick(['5', '10', '15']) }),
    }));

  /**
   * Stays through `statuses` from `from` to `to` (never later than now), entered at random moments in order;
   * with `ends`, the last status is entered at `to` (the case closed then).
   */
  const walk = (statuses: CaseStatusRow[], from: Date, to: Date, r: Random, ends: boolean) => {
    const end = Math.min(to.getTime(), now.getTime() - 60_000);
    const start = Math.min(from.getTime(), end);
    const cuts = statuses
      .slice(1)
      .map(() => r.next())
      .sort((a, b) => a - b);
    if (ends && cuts.length > 0) cuts[cuts.length - 1] = 1;
    return statuses.map((status, i) => ({
      status,
      at: new Date(i === 0 ? start : start + Math.round((end - start) * cuts[i - 1]!)),
    }));
  };

  const planned: PlannedCase[] = [];
  const pipeline = statusesOf(opportunityType);
  const open = pipeline.filter((s) => s.category === 'open');
  const won = pipeline.find((s) => s.category === 'won');
  const lost = pipeline.find((s) => s.category === 'lost');
  const stages: [CaseStatusRow, number][] = [
    ...open.map((s, i) => [s, [15, 15, 14, 12][i] ?? 8] as [CaseStatusRow, number]),
    ...(won ? [[won, 20] as [CaseStatusRow, number]] : []),
    ...(lost ? [[lost, 14] as [CaseStatusRow, number]] : []),
  ];
  let n = 0;
  for (const [status, count] of stages) {
    for (let i = 0; i < count; i++, n++) {
      const ownerId = agents[n % agents.length]!;
      const target = random.pick(
        ownEntities(ownerId, status.category === 'open' && random.chance(0.3) ? ['lead'] : ['customer']),
      );
      const index = open.indexOf(status);
      let path: PlannedCase['path'];
      let closedAt: Date | null = null;
      let expectedClose: string;
      let createdAt: Date;
      if (status.category === 'open') {
        createdAt = instant(addDays(today, -random.int(5 + index * 12, 40 + index * 30)), random);
        path = walk(
          open.slice(0, index + 1),
          createdAt,
          new Date(now.getTime() - random.int(1, 4) * DAY),
          random,
          false,
        );
        expectedClose = addDays(today, random.chance(0.12) ? -random.int(1, 30) : random.int(7, 182));
      } else {
        closedAt = before(instant(addDays(today, -random.int(3, 150)), random));
        createdAt = new Date(closedAt.getTime() - random.int(20, 90) * DAY);
        const reached = status.category === 'won' ? open : open.slice(0, random.int(1, open.length));
        path = walk([...reached, status], createdAt, closedAt, random, true);
        closedAt = path.at(-1)!.at;
        expectedClose = addDays(localDate(closedAt, tz), random.int(-10, 20));
      }
      const withLines = opportunityType.has_lines && random.chance(0.5);
      const lang = langOf(ownerId);
      planned.push({
        type: opportunityType,
        path,
        createdAt: path[0]!.at,
        closedAt,
        ownerId,
        target,
        title: random.pick(OPPORTUNITY_TITLES[lang]),
        priority: random.chance(0.15) ? 'high' : 'normal',
        amount: withLines ? null : String(random.pick(ROUND_AMOUNTS)),
        lines: withLines ? linesFor(random) : [],
        probability:
          status.category === 'open' && random.chance(0.12)
            ? random.pick([20, 30, 40, 60, 70, 80, 90])
            : null,
        expectedClose,
        referrerId: prescribers.length > 0 && random.chance(0.15) ? random.pick(prescribers).id : null,
        firstResponseAt: path[1]?.at ?? null,
      });
    }
  }

  // After-sales: claims, incidents and service requests of the last weeks, some open past their SLA.
  for (const [key, count] of [
    ['claim', 10],
    ['incident', 12],
    ['service_request', 8],
  ] as const) {
    const type = types.get(key);
    if (!type) continue;
    const statuses = statusesOf(type);
    const openStatuses = statuses.filter((s) => s.category === 'open');
    const closedStatuses = statuses.filter((s) => s.category !== 'open');
    for (let i = 0; i < count; i++, n++) {
      const ownerId = agents[n % agents.length]!;
      const target = random.pick(ownEntities(ownerId, ['customer']));
      const isClosed = closedStatuses.length > 0 && random.chance(0.45);
      // Open ones mostly came in during the last hours (within their SLA); a few have waited for days.
      const createdAt =
        isClosed || random.chance(0.2)
          ? before(instant(addWorkingDays(today, -random.int(2, 18)), random))
          : new Date(now.getTime() - random.int(20, 300) * 60_000);
      let path: PlannedCase['path'];
      let closedAt: Date | null = null;
      if (isClosed) {
        closedAt = before(new Date(createdAt.getTime() + random.int(2, 96) * 3_600_000));
        const final = random.weighted(closedStatuses.map((s, k) => [s, k === 0 ? 5 : 1] as const));
        path = walk(
          [...openStatuses.slice(0, random.int(1, openStatuses.length)), final],
          createdAt,
          closedAt,
          random,
          true,
        );
        closedAt = path.at(-1)!.at;
      } else {
        const stays = openStatuses.slice(0, random.int(1, openStatuses.length));
        path = walk(stays, createdAt, new Date(now.getTime() - random.int(1, 15) * 60_000), random, false);
      }
      const lang = langOf(ownerId);
      planned.push({
        type,
        path,
        createdAt: path[0]!.at,
        closedAt,
        ownerId,
        target,
        title: random.pick(SERVICE_TITLES[key]![lang]),
        priority: random.weighted([
          ['low', 3],
          ['normal', 8],
          ['high', 4],
          ['urgent', 1],
        ] as const),
        amount: null,
        lines:
          type.has_lines && random.chance(0.5)
            ? [
                { product_id: productByCode.get('INST-JORNADA')!.id, quantity: '1' },
                { product_id: productByCode.get('FORM-HORA')!.id, quantity: String(random.pick([2, 4, 8])) },
              ]
            : [],
        probability: null,
        expectedClose: null,
        referrerId: null,
        firstResponseAt: path[1]?.at ?? closedAt,
      });
    }
  }
  planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  return db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('products')
        .values(
          products.map((p) => ({
            id: p.id,
            code: p.code,
            name: p.name,
            description: null,
            unit_price: p.unit_price,
            currency: p.currency,
            tax_rate: p.tax_rate,
            active: p.active,
            created_by: people.managerId,
          })),
        )
        .execute();

      // Numbers in the order the cases were opened, per type and year, taken from the counters as the API does.
      const years = await Promise.all(planned.map((c) => caseNumberYear(trx, c.createdAt)));
      const numbers = new Map<PlannedCase, string>();
      const groups = new Map<string, PlannedCase[]>();
      planned.forEach((c, i) => {
        const key = `${c.type.id}:${years[i]}`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
      });
      for (const [key, group] of groups) {
        const year = Number(key.split(':')[1]);
        const values = await takeCaseNumbers(trx, group[0]!.type.id, year, group.length);
        group.forEach((c, i) => {
          numbers.set(c, formatCaseNumber(c.type.prefix, year, values[i]!));
        });
      }

      const caseRows: Insertable<CasesTable>[] = [];
      const lineRows: (ResolvedLine & { id: string; case_id: string })[] = [];
      const stayRows: {
        id: string;
        case_id: string;
        status_id: string;
        entered_at: Date;
        entered_by: string;
        left_at: Date | null;
      }[] = [];
      const events: DomainEvent[] = [];
      const actionRows: Insertable<ActionsTable>[] = [];
      for (const c of planned) {
        const id = newId();
        const last = c.path.at(-1)!;
        const issues = new IssueCollector();
        const resolved =
          c.lines.length > 0
            ? resolveLines(c.lines, productById, { currency: 'EUR', keptProductIds: new Set() }, issues)
            : null;
        if (issues.issues.length > 0) throw new Error(`demo case lines: ${JSON.stringify(issues.issues)}`);
        const due =
          c.type.kind === 'service'
            ? await computeSlaDueDates(trx, c.type.sla, c.priority, c.createdAt)
            : { first_response_due_at: null, resolution_due_at: null };
        const row: CaseRow = {
          id,
          type_id: c.type.id,
          number: numbers.get(c)!,
          title: c.title,
          entity_id: c.target.id,
          contact_id: c.target.contact_id,
          owner_id: c.ownerId,
          team_id: teamOf(c.ownerId),
          status_id: last.status.id,
          status_changed_at: last.at,
          priority: c.priority,
          amount: resolved ? resolved.amount : c.amount,
          tax_amount: resolved ? resolved.tax_amount : null,
          currency: 'EUR',
          probability: c.probability,
          expected_close: c.expectedClose,
          closed_at: c.closedAt,
          referrer_id: c.referrerId,
          campaign_id: null,
          description: null,
          first_response_at: c.type.kind === 'service' ? c.firstResponseAt : null,
          ...due,
          sla_breached_at: null,
          custom: {},
          version: c.path.length,
          created_at: c.createdAt,
          updated_at: last.at,
          created_by: c.ownerId,
          updated_by: c.ownerId,
          deleted_at: null,
        };
        caseRows.push({ ...row, custom: JSON.stringify({}) });
        for (const line of resolved?.lines ?? []) lineRows.push({ id: newId(), case_id: id, ...line });
        c.path.forEach((stay, i) => {
          stayRows.push({
            id: newId(),
            case_id: id,
            status_id: stay.status.id,
            entered_at: stay.at,
            entered_by: c.ownerId,
            left_at: c.path[i + 1]?.at ?? null,
          });
        });
        events.push({
          type: 'case.created',
          object: 'case',
          objectId: id,
          entityId: row.entity_id,
          actorId: c.ownerId,
          changes: caseEventChanges(
            null,
            { ...row, status_id: c.path[0]!.status.id },
            { type_key: c.type.key },
          ),
        });
        c.path.slice(1).forEach((stay, i) => {
          events.push({
            type: 'case.status_changed',
            object: 'case',
            objectId: id,
            entityId: row.entity_id,
            actorId: c.ownerId,
            changes: {
              summary: `${row.number} · ${row.title}`,
              number: row.number,
              status_id: [c.path[i]!.status.id, stay.status.id],
            },
          });
        });

        // Many open opportunities have their next step planned, a few of them already overdue.
        const callType = actionTypes.get('call');
        const taskType = actionTypes.get('task');
        if (c.type.kind === 'sale' && !c.closedAt && random.chance(0.65) && callType && taskType) {
          const type = random.chance(0.5) ? callType : taskType;
          const day = addWorkingDays(today, random.chance(0.15) ? -random.int(1, 4) : random.int(0, 12));
          const startsAt = type.timed
            ? zonedInstant(day, random.pick(['09:30', '11:00', '12:30', '16:00']), tz)
            : null;
          const endsAt = startsAt
            ? new Date(startsAt.getTime() + type.default_duration_minutes * 60_000)
            : null;
          const createdAt = before(new Date(Math.max(last.at.getTime(), now.getTime() - 3 * DAY)));
          const action: ActionRow = {
            id: newId(),
            type_id: type.id,
            subject: random.pick(NEXT_ACTIONS[langOf(c.ownerId)]),
            notes: null,
            location: null,
            starts_at: startsAt,
            ends_at: endsAt,
            due_date: type.timed ? null : day,
            due_at: endsAt ?? endOfDueDate(day, tz),
            status: 'planned',
            outcome: null,
            outcome_notes: null,
            completed_at: null,
            completed_by: null,
            assignee_user_id: c.ownerId,
            assignee_team_id: null,
            entity_id: row.entity_id,
            contact_id: row.contact_id,
            case_id: id,
            campaign_id: null,
            sequence_run_id: null,
            sequence_step_key: null,
            private: false,
            attendees: [],
            ical_uid: null,
            ical_sequence: 0,
            custom: {},
            version: 1,
            created_at: createdAt,
            updated_at: createdAt,
            created_by: c.ownerId,
            updated_by: c.ownerId,
            deleted_at: null,
          };
          actionRows.push({ ...action, attendees: JSON.stringify([]), custom: JSON.stringify({}) });
          events.push({
            type: 'action.created',
            object: 'action',
            objectId: action.id,
            entityId: action.entity_id,
            actorId: c.ownerId,
            changes: actionEventChanges(null, action, type.key),
          });
        }
      }

      await trx.insertInto('cases').values(caseRows).execute();
      if (lineRows.length > 0) await trx.insertInto('case_lines').values(lineRows).execute();
      await trx.insertInto('case_status_history').values(stayRows).execute();
      if (actionRows.length > 0) await trx.insertInto('actions').values(actionRows).execute();
      await recordEvents(trx, events);
      return { products: products.length, cases: caseRows.length };
    })
    .then(async (result) => {
      // Open after-sales cases already past a due date get flagged as the SLA worker would.
      await flagBreachedCases(db, now);
      return result;
    });
}
