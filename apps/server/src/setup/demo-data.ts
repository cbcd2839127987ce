import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import { loadDemoSnapshots } from '../modules/forecast/forecast-snapshots.ts';
import { hashPassword } from '../platform/auth.ts';
import { recordEvent } from '../platform/events.ts';
import { newId } from '../platform/ids.ts';
import { bulkLoadEntities, createEntityGenerator, type EntitySeed, makeCif, makeDni } from './bulk-load.ts';
import { loadDemoActions } from './demo-actions.ts';
import { loadDemoCases } from './demo-cases.ts';
import { loadDemoMail } from './demo-mail.ts';

/*
 * Demo data for a first look at Trato: a small Spanish distributor with a sales manager, five agents in two
 * teams, about 300 customers, leads and suppliers across Catalonia and Spain with their contacts, two custom
 * fields, and each agent's commercial actions around the day of loading (overdue, today, upcoming, done) with
 * the sequence "Alta de cliente nuevo" running on a few customers. Loaded only into a database without
 * entities; the same data on every run (seeded generator; action dates relative to the day it is loaded).
 */

export interface DemoDataResult {
  entities: number;
  contacts: number;
  users: number;
  teams: number;
  fields: number;
  actions: number;
  sequences: number;
  /** Opportunities, claims, incidents and service requests, and the products on their lines. */
  cases: number;
  products: number;
  /** Weekly forecast snapshots written for past Mondays. */
  snapshots: number;
  /** Mail of the last sixty days (sent, received, two failed), the templates and the automation rules. */
  emails: number;
  emailTemplates: number;
  automationRules: number;
  /** Every demo user's password: TRATO_DEMO_PASSWORD, or one generated for this load (the caller shows it). */
  password: string;
  passwordGenerated: boolean;
  userEmails: string[];
}

const DEMO_SEED = 20_261_124;
const DEMO_ENTITIES = 300;

const USERS = [
  {
    key: 'montserrat',
    name: 'Montserrat Vidal',
    email: 'montserrat.vidal@example.com',
    role: 'manager',
    locale: 'ca',
  },
  { key: 'jordi', name: 'Jordi Puig', email: 'jordi.puig@example.com', role: 'agent', locale: 'ca' },
  { key: 'nuria', name: 'Núria Ferrer', email: 'nuria.ferrer@example.com', role: 'agent', locale: 'ca' },
  { key: 'alex', name: 'Àlex Soler', email: 'alex.soler@example.com', role: 'agent', locale: 'es' },
  { key: 'carmen', name: 'Carmen Muñoz', email: 'carmen.munoz@example.com', role: 'agent', locale: 'es' },
  { key: 'javier', name: 'Javier Peña', email: 'javier.pena@example.com', role: 'agent', locale: 'es' },
] as const;
type UserKey = (typeof USERS)[number]['key'];

const TEAMS: { name: string; members: UserKey[] }[] = [
  { name: 'Equipo Barcelona', members: ['montserrat', 'jordi', 'nuria', 'alex'] },
  { name: 'Equipo Madrid', members: ['montserrat', 'carmen', 'javier'] },
];

const FIELDS = [
  {
    key: 'valoracion',
    labels: { es: 'Valoración', ca: 'Valoració', en: 'Rating' },
    validation: { min: 1, max: 5, decimals: 0 },
  },
  {
    key: 'num_empleados',
    labels: { es: 'Nº de empleados', ca: "Nombre d'empleats", en: 'Employees' },
    validation: { min: 0, decimals: 0 },
  },
] as const;

const CATALAN_ZONES = new Set(['barcelona', 'girona', 'lleida', 'tarragona']);

/** A few hand-written records, so the demo has the names people try first in the search box. */
function featuredEntities(): EntitySeed[] {
  return [
    {
      kind: 'company',
      name: 'Talleres Muñoz',
      legal_name: 'Talleres Muñoz e Hijos, S.L.',
      roles: ['customer'],
      code: 'CLI-9000001',
      tax_id: makeCif('B', '2861307'),
      tax_country: 'ES',
      emails: ['info@talleresmunoz.es'],
      phones: ['91 682 45 10', '+34 626 48 19 07'],
      web: 'www.talleresmunoz.es',
      street: 'Polígono Industrial Los Olivos, nave 12',
      postal_code: '28906',
      city: 'Getafe',
      province: 'Madrid',
      country: 'ES',
      source: 'referral',
      sector: 'industry',
      zone: 'madrid',
      contacts: [
        {
          first_name: 'Iñaki',
          last_name: 'Muñoz Etxeberria',
          job_title: 'Gerente',
          department: 'Dirección',
          emails: ['inaki.munoz@talleresmunoz.es'],
          phones: ['626 48 19 07'],
        },
        {
          first_name: 'Begoña',
          last_name: 'Ibáñez',
          job_title: 'Responsable de compras',
          department: 'Compras',
          emails: ['compras@talleresmunoz.es'],
          phones: [],
        },
      ],
    },
    {
      kind: 'company',
      name: 'Peña Instal·lacions',
      legal_name: 'Peña Instal·lacions, S.L.',
      roles: ['customer', 'prescriber'],
      code: 'CLI-9000002',
      tax_id: makeCif('B', '0872419'),
      tax_country: 'ES',
      emails: ['hola@penainstal.cat'],
      phones: ['93 712 30 45'],
      web: 'https://penainstal.cat',
      street: 'Carrer de Sant Antoni, 34',
      postal_code: '08201',
      city: 'Sabadell',
      province: 'Barcelona',
      country: 'ES',
      source: 'fair',
      sector: 'construction',
      zone: 'barcelona',
      contacts: [
        {
          first_name: 'Núria',
          last_name: 'Peña Castells',
          job_title: 'Directora comercial',
          department: 'Ventas',
          emails: ['nuria.pena@penainstal.cat'],
          phones: ['+34 655 20 11 98'],
        },
      ],
    },
    {
      kind: 'company',
      name: 'Telecomunicacions Ibèriques',
      legal_name: 'Telecomunicacions Ibèriques, S.A.',
      roles: ['supplier'],
      code: 'PRV-9000003',
      tax_id: makeCif('A', '0811537'),
      tax_country: 'ES',
      emails: ['empreses@teleiberiques.com'],
      phones: ['93 301 20 30'],
      web: 'www.teleiberiques.com',
      street: 'Avinguda Diagonal, 640',
      postal_code: '08017',
      city: 'Barcelona',
      province: 'Barcelona',
      country: 'ES',
      source: 'erp',
      sector: 'technology',
      zone: 'barcelona',
      contacts: [
        {
          first_name: 'Óscar',
          last_name: 'Fernández Riera',
          job_title: 'Gestor de cuentas',
          department: 'Empresas',
          emails: ['oscar.fernandez@teleiberiques.com'],
          phones: ['610 77 23 41'],
        },
      ],
    },
    {
      kind: 'person',
      name: 'Àlex Vidal Puig',
      roles: ['lead'],
      tax_id: makeDni('40982317'),
      tax_country: 'ES',
      emails: ['alex.vidal.puig@gmail.com'],
      phones: ['629 14 55 02'],
      street: 'Carrer Major, 18',
      postal_code: '17800',
      city: 'Olot',
      province: 'Girona',
      country: 'ES',
      source: 'web',
      sector: 'services',
      zone: 'girona',
      contacts: [],
    },
  ];
}

async function ensureUsers(db: Database, password: string): Promise<Map<UserKey, string>> {
  const roles = await db
    .selectFrom('roles')
    .select(['id', 'key'])
    .where('key', 'in', ['manager', 'agent'])
    .execute();
  const roleId = new Map(roles.map((r) => [r.key, r.id]));
  const hashes = await Promise.all(USERS.map(() => hashPassword(password)));
  const ids = new Map<UserKey, string>();
  await db.transaction().execute(async (trx) => {
    for (const [i, user] of USERS.entries()) {
      const role = roleId.get(user.role);
      if (!role) throw new Error(`role ${user.role} is missing: run ensureBaseData first`);
      // An existing user with this email (any case) is kept as it is.
      await sql`
        insert into users (id, email, name, password_hash, role_id, locale)
        values (${newId()}, ${user.email}, ${user.name}, ${hashes[i]!}, ${role}, ${user.locale})
        on conflict do nothing`.execute(trx);
      const row = await trx
        .selectFrom('users')
        .select('id')
        .where(sql`lower(email)`, '=', user.email)
        .executeTakeFirstOrThrow();
      ids.set(user.key, row.id);
    }
    for (const team of TEAMS) {
      let teamId = (
        await trx
          .selectFrom('teams')
          .select('id')
          .where('name', '=', team.name)
          .where('deleted_at', 'is', null)
          .executeTakeFirst()
      )?.id;
      if (!teamId) {
        teamId = newId();
        await trx
          .insertInto('teams')
          .values({ id: teamId, name: team.name, created_by: ids.get('montserrat')! })
          .execute();
      }
      await trx
        .insertInto('team_members')
        .values(team.members.map((m) => ({ team_id: teamId!, user_id: ids.get(m)! })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  return ids;
}

async function ensureFields(db: Database, actorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('field_definitions')
      .select(['key', 'position'])
      .where('object', '=', 'entity')
      .where('deleted_at', 'is', null)
      .execute();
    let position = Math.max(-1, ...existing.map((f) => f.position)) + 1;
    for (const field of FIELDS) {
      if (existing.some((f) => f.key === field.key)) continue;
      const id = newId();
      await trx
        .insertInto('field_definitions')
        .values({
          id,
          object: 'entity',
          key: field.key,
          labels: JSON.stringify(field.labels),
          type: 'number',
          options: JSON.stringify([]),
          required: false,
          validation: JSON.stringify(field.validation),
          position: position++,
          indexed: false,
          created_by: actorId,
        })
        .execute();
      await recordEvent(trx, {
        type: 'field.created',
        object: 'field',
        objectId: id,
        entityId: null,
        actorId,
        changes: { object: 'entity', key: field.key, type: 'number' },
      });
    }
  });
}

/**
 * Loads the demo company into a database that has no entities yet; returns what it made, or null when the
 * database already has entities (so it is safe to call on every start). Prints nothing.
 */
export async function loadDemoData(db: Database): Promise<DemoDataResult | null> {
  const any = await db.selectFrom('entities').select('id').limit(1).executeTakeFirst();
  if (any) return null;

  const fromEnv = process.env.TRATO_DEMO_PASSWORD;
  const password = fromEnv && fromEnv.length > 0 ? fromEnv : randomBytes(12).toString('base64url');
  const users = await ensureUsers(db, password);
  const manager = users.get('montserrat')!;
  await ensureFields(db, manager);

  // Catalan customers belong to the Barcelona team's agents, the rest to Madrid's.
  const barcelona = [users.get('jordi')!, users.get('nuria')!, users.get('alex')!];
  const madrid = [users.get('carmen')!, users.get('javier')!];
  const generator = createEntityGenerator({
    seed: DEMO_SEED,
    contacts: [1, 3],
    custom: (random, index) => ({
      ...(random.chance(0.75) && { valoracion: random.int(1, 5) }),
      ...(random.chance(0.8) && {
        num_empleados: random.chance(0.7) ? random.int(1, 50) : random.int(51, 2500) + (index % 7),
      }),
    }),
  });
  const seeds: EntitySeed[] = [...featuredEntities(), ...generator.range(0, DEMO_ENTITIES - 4)];
  seeds.forEach((seed, i) => {
    const agents = seed.zone && CATALAN_ZONES.has(seed.zone) ? barcelona : madrid;
    const owner = agents[i % agents.length]!;
    seed.owner_id = owner;
    seed.created_by = owner;
    if (seed.kind === 'person' && seed.custom) delete seed.custom.num_empleados;
  });
  const loaded = await bulkLoadEntities(db, seeds, { actorId: manager, events: true, validate: true });
  // Customers' language of communication: in Catalonia about half are written to in Catalan, elsewhere Spanish;
  // a few records are left unset, as in real data.
  await sql`
    update entities set language = case
        when zone in ('barcelona', 'girona', 'lleida', 'tarragona') and get_byte(uuid_send(id), 15) % 2 = 0
          then 'ca'
        else 'es' end
    where deleted_at is null and get_byte(uuid_send(id), 14) % 10 <> 0`.execute(db);
  await sql`update contacts c set language = e.language from entities e where e.id = c.entity_id`.execute(db);

  const teamRows = await db
    .selectFrom('teams')
    .innerJoin('team_members', 'team_members.team_id', 'teams.id')
    .select(['teams.id', 'team_members.user_id'])
    .where(
      'teams.name',
      'in',
      TEAMS.map((t) => t.name),
    )
    .where('teams.deleted_at', 'is', null)
    .execute();
  const agentIds = new Map(
    USERS.filter((u) => u.role === 'agent').map((u) => [users.get(u.key)!, u.locale as 'es' | 'ca']),
  );
  // The administrator who signs in first sees a working panel and agenda too.
  const firstAdmin = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.locale'])
    .where('roles.key', '=', 'admin')
    .where('users.deleted_at', 'is', null)
    .orderBy('users.created_at')
    .limit(1)
    .executeTakeFirst();
  if (firstAdmin) agentIds.set(firstAdmin.id, firstAdmin.locale === 'ca' ? 'ca' : 'es');
  const teams = new Map<string, string[]>();
  for (const row of teamRows)
    if (agentIds.has(row.user_id)) teams.set(row.id, [...(teams.get(row.id) ?? []), row.user_id]);
  const actions = await loadDemoActions(
    db,
    { agents: agentIds, teams, managerId: manager },
    { seed: DEMO_SEED },
  );
  const cases = await loadDemoCases(db, { agents: agentIds, teams, managerId: manager }, { seed: DEMO_SEED });
  // Twelve past Mondays of forecast, so "forecast vs actual" has a history on the first day.
  const snapshots = await loadDemoSnapshots(db);
  // Last: mail, templates and rules (it moves the automation cursor past everything written above).
  const mail = await loadDemoMail(
    db,
    { agents: agentIds, teams, managerId: manager, authorId: firstAdmin?.id ?? manager },
    { seed: DEMO_SEED },
  );

  return {
    entities: loaded.entities,
    contacts: loaded.contacts,
    users: USERS.length,
    teams: TEAMS.length,
    fields: FIELDS.length,
    actions: actions.actions,
    sequences: actions.sequences,
    cases: cases.cases,
    products: cases.products,
    snapshots,
    emails: mail.emails,
    emailTemplates: mail.templates,
    automationRules: mail.rules,
    password,
    passwordGenerated: !fromEnv,
    userEmails: USERS.map((u) => u.email),
  };
}
