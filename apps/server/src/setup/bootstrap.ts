import { randomBytes } from 'node:crypto';
import type { Database } from '../db/connection.ts';
import { hashPassword } from '../platform/auth.ts';
import { newId } from '../platform/ids.ts';
import { SEEDED_ROLES } from '../platform/permissions.ts';

const DEFAULT_PICK_LISTS: Record<string, [string, string, string, string][]> = {
  entity_roles: [
    ['customer', 'Cliente', 'Client', 'Customer'],
    ['lead', 'Potencial', 'Potencial', 'Lead'],
    ['supplier', 'Proveedor', 'Proveïdor', 'Supplier'],
    ['prescriber', 'Prescriptor', 'Prescriptor', 'Prescriber'],
    ['partner', 'Socio', 'Soci', 'Partner'],
  ],
  source: [
    ['web', 'Web', 'Web', 'Website'],
    ['referral', 'Recomendación', 'Recomanació', 'Referral'],
    ['fair', 'Feria', 'Fira', 'Trade fair'],
    ['cold_call', 'Llamada en frío', 'Trucada en fred', 'Cold call'],
    ['campaign', 'Campaña', 'Campanya', 'Campaign'],
    ['erp', 'ERP', 'ERP', 'ERP'],
    ['email', 'Correo entrante', 'Correu entrant', 'Inbound email'],
  ],
  sector: [
    ['retail', 'Comercio', 'Comerç', 'Retail'],
    ['industry', 'Industria', 'Indústria', 'Manufacturing'],
    ['hospitality', 'Hostelería', 'Hostaleria', 'Hospitality'],
    ['construction', 'Construcción', 'Construcció', 'Construction'],
    ['health', 'Salud', 'Salut', 'Health'],
    ['technology', 'Tecnología', 'Tecnologia', 'Technology'],
    ['services', 'Servicios profesionales', 'Serveis professionals', 'Professional services'],
    ['agrifood', 'Agroalimentario', 'Agroalimentari', 'Agrifood'],
  ],
  zone: [
    ['barcelona', 'Barcelona', 'Barcelona', 'Barcelona'],
    ['girona', 'Girona', 'Girona', 'Girona'],
    ['lleida', 'Lleida', 'Lleida', 'Lleida'],
    ['tarragona', 'Tarragona', 'Tarragona', 'Tarragona'],
    ['madrid', 'Madrid', 'Madrid', 'Madrid'],
    ['valencia', 'Valencia', 'València', 'Valencia'],
    ['north', 'Norte', 'Nord', 'North'],
    ['south', 'Sur', 'Sud', 'South'],
  ],
  // How a done action went. `stop` also ends the sequence the action belongs to.
  action_outcomes: [
    ['positive', 'Positivo', 'Positiu', 'Positive'],
    ['meeting_booked', 'Reunión concertada', 'Reunió concertada', 'Meeting booked'],
    ['follow_up', 'Hacer seguimiento', 'Fer seguiment', 'Follow up'],
    ['no_answer', 'No contesta', 'No contesta', 'No answer'],
    ['not_interested', 'No interesado', 'No interessat', 'Not interested'],
    ['stop', 'Detener seguimiento', 'Aturar seguiment', 'Stop follow-up'],
  ],
};

/** key, icon, colour, minutes, timed, es, ca, en */
const DEFAULT_ACTION_TYPES: [string, string, string, number, boolean, string, string, string][] = [
  ['call', 'phone', 'blue', 15, true, 'Llamada', 'Trucada', 'Call'],
  ['email', 'mail', 'cyan', 15, false, 'Correo', 'Correu', 'Email'],
  ['visit', 'map-pin', 'orange', 90, true, 'Visita', 'Visita', 'Visit'],
  ['meeting', 'users', 'violet', 60, true, 'Reunión', 'Reunió', 'Meeting'],
  [
    'documents',
    'file-text',
    'gray',
    15,
    false,
    'Envío de documentación',
    'Enviament de documentació',
    'Send documents',
  ],
  ['presentation', 'presentation', 'grape', 60, true, 'Presentación', 'Presentació', 'Presentation'],
  ['task', 'checkbox', 'teal', 30, false, 'Tarea', 'Tasca', 'Task'],
];

type SeedStatus = [string, 'open' | 'won' | 'lost' | 'closed', number, string, string, string, string];
interface SeedCaseType {
  key: string;
  kind: 'sale' | 'service';
  prefix: string;
  hasLines: boolean;
  color: string;
  labels: [string, string, string];
  sla: Record<string, { first_response_hours: number; resolution_hours: number }>;
  /** key, category, probability, colour, es, ca, en */
  statuses: SeedStatus[];
}

const SERVICE_SLA = {
  urgent: { first_response_hours: 2, resolution_hours: 8 },
  high: { first_response_hours: 4, resolution_hours: 16 },
  normal: { first_response_hours: 8, resolution_hours: 40 },
  low: { first_response_hours: 16, resolution_hours: 80 },
};

const DEFAULT_CASE_TYPES: SeedCaseType[] = [
  {
    key: 'opportunity',
    kind: 'sale',
    prefix: 'OPP',
    hasLines: true,
    color: 'blue',
    labels: ['Oportunidad', 'Oportunitat', 'Opportunity'],
    sla: {},
    statuses: [
      ['new', 'open', 10, 'gray', 'Nueva', 'Nova', 'New'],
      ['qualified', 'open', 25, 'cyan', 'Cualificada', 'Qualificada', 'Qualified'],
      ['proposal', 'open', 50, 'blue', 'Propuesta enviada', 'Proposta enviada', 'Proposal sent'],
      ['negotiation', 'open', 75, 'violet', 'Negociación', 'Negociació', 'Negotiation'],
      ['won', 'won', 100, 'green', 'Ganada', 'Guanyada', 'Won'],
      ['lost', 'lost', 0, 'red', 'Perdida', 'Perduda', 'Lost'],
    ],
  },
  {
    key: 'claim',
    kind: 'service',
    prefix: 'REC',
    hasLines: false,
    color: 'orange',
    labels: ['Reclamación', 'Reclamació', 'Claim'],
    sla: SERVICE_SLA,
    statuses: [
      ['new', 'open', 0, 'gray', 'Abierta', 'Oberta', 'Open'],
      ['in_progress', 'open', 0, 'blue', 'En curso', 'En curs', 'In progress'],
      ['waiting', 'open', 0, 'yellow', 'Pendiente del cliente', 'Pendent del client', 'Waiting on customer'],
      ['resolved', 'closed', 0, 'green', 'Resuelta', 'Resolta', 'Resolved'],
      ['rejected', 'closed', 0, 'red', 'Rechazada', 'Rebutjada', 'Rejected'],
    ],
  },
  {
    key: 'incident',
    kind: 'service',
    prefix: 'INC',
    hasLines: false,
    color: 'red',
    labels: ['Incidencia', 'Incidència', 'Incident'],
    sla: {
      urgent: { first_response_hours: 1, resolution_hours: 4 },
      high: { first_response_hours: 2, resolution_hours: 8 },
      normal: { first_response_hours: 4, resolution_hours: 24 },
      low: { first_response_hours: 8, resolution_hours: 40 },
    },
    statuses: [
      ['new', 'open', 0, 'gray', 'Nueva', 'Nova', 'New'],
      ['in_progress', 'open', 0, 'blue', 'En curso', 'En curs', 'In progress'],
      ['resolved', 'closed', 0, 'green', 'Resuelta', 'Resolta', 'Resolved'],
      ['closed', 'closed', 0, 'gray', 'Cerrada', 'Tancada', 'Closed'],
    ],
  },
  {
    key: 'service_request',
    kind: 'service',
    prefix: 'SOL',
    hasLines: true,
    color: 'teal',
    labels: ['Solicitud de servicio', 'Sol·licitud de servei', 'Service request'],
    sla: SERVICE_SLA,
    statuses: [
      ['new', 'open', 0, 'gray', 'Recibida', 'Rebuda', 'Received'],
      ['scheduled', 'open', 0, 'blue', 'Programada', 'Programada', 'Scheduled'],
      ['done', 'closed', 0, 'green', 'Realizada', 'Feta', 'Done'],
      ['cancelled', 'closed', 0, 'red', 'Cancelada', 'Cancel·lada', 'Cancelled'],
    ],
  },
];

/** What every seeded row of a table with labels has: a new id, its labels in es, ca and en, no author. */
const labelled = (es: string, ca: string, en: string) => ({
  id: newId(),
  labels: JSON.stringify({ es, ca, en }),
  created_by: null,
});

/** Roles, pick lists, action types and case types every installation starts with; idempotent. */
export async function ensureBaseData(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const role of SEEDED_ROLES) {
      await trx
        .insertInto('roles')
        .values({
          id: newId(),
          key: role.key,
          labels: JSON.stringify(role.labels),
          permissions: JSON.stringify(role.permissions),
          system: true,
          created_by: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }
    // A list is seeded while it has no options at all (lists added by later versions get their defaults too).
    const seeded = new Set(
      (await trx.selectFrom('pick_list_options').select('list').distinct().execute()).map((r) => r.list),
    );
    for (const [list, options] of Object.entries(DEFAULT_PICK_LISTS)) {
      if (seeded.has(list)) continue;
      await trx
        .insertInto('pick_list_options')
        .values(
          options.map(([key, es, ca, en], position) => ({ ...labelled(es, ca, en), list, key, position })),
        )
        .execute();
    }
    const isEmpty = async (table: 'action_types' | 'case_types') =>
      !(await trx.selectFrom(table).select('id').limit(1).executeTakeFirst());
    if (await isEmpty('action_types')) {
      await trx
        .insertInto('action_types')
        .values(
          DEFAULT_ACTION_TYPES.map(([key, icon, color, minutes, timed, es, ca, en], position) => ({
            ...labelled(es, ca, en),
            key,
            icon,
            color,
            default_duration_minutes: minutes,
            timed,
            position,
          })),
        )
        .execute();
    }
    if (await isEmpty('case_types')) {
      for (const [position, type] of DEFAULT_CASE_TYPES.entries()) {
        const row = labelled(...type.labels);
        await trx
          .insertInto('case_types')
          .values({
            ...row,
            key: type.key,
            kind: type.kind,
            prefix: type.prefix,
            has_lines: type.hasLines,
            color: type.color,
            sla: JSON.stringify(type.sla),
            position,
          })
          .execute();
        await trx
          .insertInto('case_statuses')
          .values(
            type.statuses.map(([key, category, probability, color, es, ca, en], position) => ({
              ...labelled(es, ca, en),
              type_id: row.id,
              key,
              category,
              probability,
              color,
              position,
            })),
          )
          .execute();
      }
    }
  });
}

/** On an empty database, creates the first administrator. Returns the generated password when it made one. */
export async function ensureFirstAdmin(
  db: Database,
  options: { email: string; password: string | undefined },
): Promise<{ created: boolean; email: string; generatedPassword: string | null }> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: false, email: options.email, generatedPassword: null };
  const generatedPassword = options.password ? null : randomBytes(12).toString('base64url');
  const password = options.password ?? generatedPassword!;
  const role = await db.selectFrom('roles').select('id').where('key', '=', 'admin').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      id: newId(),
      email: options.email.toLowerCase(),
      name: 'Admin',
      password_hash: await hashPassword(password),
      role_id: role.id,
      locale: null,
      created_by: null,
    })
    .execute();
  return { created: true, email: options.email, generatedPassword };
}
