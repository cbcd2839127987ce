import { CreateContactRequest } from '@trato/contracts/contacts';
import { CreateEntityRequest } from '@trato/contracts/entities';
import { cifControlDigit } from '@trato/contracts/validation/tax-id';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import { contactSearchText, fullName } from '../modules/contacts/contacts.mapper.ts';
import { ENTITY_WRITABLE, entitySearchText } from '../modules/entities/entities.mapper.ts';
import { loadEntityRules } from '../modules/entities/entities.service.ts';
import {
  type EntityInput,
  type EntityRules,
  resolveEntityValues,
} from '../modules/entities/entity-values.ts';
import { listFields, validateCustomValues } from '../modules/fields/fields.service.ts';
import { IssueCollector } from '../platform/errors.ts';
import { diffChanges } from '../platform/events.ts';
import { newId } from '../platform/ids.ts';
import { checkEmails, checkPhones } from '../platform/validate.ts';

/*
 * Bulk loading of entities and their contacts straight into the tables, for demo data, imports of a whole
 * database and benchmarks. Every derived column is computed the way the services compute it: the same zod
 * request schemas, resolveEntityValues (emails lowercased, phones in E.164, tax id checksums, pick lists,
 * owner, custom fields, name_key, search_text) and, for contacts, the same checks as contacts.service.
 *
 * One batch (default 1000 entities) is one INSERT statement: data-modifying CTEs over unnest() of one array
 * parameter per column, so the batch lands atomically with its contacts and its outbox events, in one round
 * trip. While a batch is in the database the next one is prepared in JavaScript.
 *
 * Also here: a deterministic generator of Spanish and Catalan companies and people (seeded PRNG).
 */

// ---------------------------------------------------------------------------------------------------------
// Loader
// ---------------------------------------------------------------------------------------------------------

export interface ContactSeed {
  first_name: string;
  last_name?: string | null;
  job_title?: string | null;
  department?: string | null;
  emails?: string[];
  phones?: string[];
  birthday?: string | null;
  custom?: Record<string, unknown>;
}

/** What POST /entities accepts, plus its contacts and who created it (default: the loader's actor). */
export type EntitySeed = CreateEntityRequest & { contacts?: ContactSeed[]; created_by?: string | null };

export interface BulkLoadOptions {
  /** Written to created_by / updated_by / the events' actor; an entity's owner defaults to it, as in the API. */
  actorId: string | null;
  /** Entities per INSERT (their contacts and events go in the same statement). */
  batchSize?: number;
  /** One `entity.created` (and `contact.created`) event per row, as the services write. Default true. */
  events?: boolean;
  /**
   * Default true: every seed goes through the API's own checks and throws on the first invalid one.
   * false: for trusted generated data only; phones must already be E.164 and emails valid (they are lowercased).
   */
  validate?: boolean;
  /** Batches in the database at once (PostgreSQL server: 2 uses two backends). Default 1. */
  concurrency?: number;
  onProgress?: (progress: { entities: number; contacts: number }) => void;
}

export interface BulkLoadResult {
  entities: number;
  contacts: number;
  events: number;
}

interface ContactRules {
  definitions: Awaited<ReturnType<typeof listFields>>;
  userIds: ReadonlySet<string>;
}

interface PreparedEntity {
  id: string;
  kind: string;
  name: string;
  legal_name: string | null;
  name_key: string;
  roles: string[];
  code: string | null;
  tax_id: string | null;
  tax_country: string | null;
  emails: string[];
  phones: string[];
  web: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  source: string | null;
  sector: string | null;
  zone: string | null;
  owner_id: string | null;
  custom: string;
  search_text: string;
  created_by: string | null;
  changes: Record<string, unknown>;
}

interface PreparedContact {
  id: string;
  entity_id: string;
  first_name: string;
  last_name: string | null;
  name_key: string;
  job_title: string | null;
  department: string | null;
  emails: string[];
  phones: string[];
  is_primary: boolean;
  birthday: string | null;
  custom: string;
  search_text: string;
  created_by: string | null;
  changes: Record<string, unknown>;
}

const CONTACT_WRITABLE_ON_CREATE = [
  'entity_id',
  'first_name',
  'last_name',
  'job_title',
  'department',
  'emails',
  'phones',
  'is_primary',
  'birthday',
  'custom',
] as const;

const E164 = /^\+[1-9]\d{6,14}$/;

export class BulkLoadError extends Error {
  readonly index: number;
  readonly issues: unknown;
  constructor(index: number, name: string, issues: unknown) {
    super(`Seed #${index} (${name}) is not valid: ${JSON.stringify(issues)}`);
    this.index = index;
    this.issues = issues;
  }
}

function prepareEntity(
  seed: EntitySeed,
  index: number,
  rules: EntityRules,
  options: Required<Pick<BulkLoadOptions, 'validate'>> & { actorId: string | null },
): PreparedEntity {
  const { contacts: _contacts, created_by, ...request } = seed;
  let input = request as EntityInput;
  if (options.validate) {
    const parsed = CreateEntityRequest.safeParse(request);
    if (!parsed.success) throw new BulkLoadError(index, seed.name, parsed.error.issues);
    input = parsed.data as EntityInput;
  }
  const issues = new IssueCollector();
  // The trusted path skips only the (costly) email and phone parsing; everything else is the service's code.
  const values = resolveEntityValues(
    {
      owner_id: options.actorId,
      ...input,
      ...(!options.validate && { emails: undefined, phones: undefined }),
    },
    null,
    rules,
    issues,
  );
  if (issues.issues.length > 0) throw new BulkLoadError(index, seed.name, issues.issues);
  if (!options.validate) {
    if (input.emails) values.emails = trustedEmails(input.emails);
    if (input.phones) values.phones = trustedPhones(input.phones);
    values.search_text = entitySearchText(values as Parameters<typeof entitySearchText>[0]);
  }
  const v = values as Record<string, any>;
  return {
    id: newId(),
    kind: v.kind,
    name: v.name,
    legal_name: v.legal_name ?? null,
    name_key: v.name_key,
    roles: v.roles ?? [],
    code: v.code ?? null,
    tax_id: v.tax_id ?? null,
    tax_country: v.tax_country ?? null,
    emails: v.emails ?? [],
    phones: v.phones ?? [],
    web: v.web ?? null,
    street: v.street ?? null,
    postal_code: v.postal_code ?? null,
    city: v.city ?? null,
    province: v.province ?? null,
    country: v.country ?? null,
    source: v.source ?? null,
    sector: v.sector ?? null,
    zone: v.zone ?? null,
    owner_id: v.owner_id ?? null,
    custom: JSON.stringify(v.custom ?? {}),
    search_text: v.search_text,
    created_by: created_by === undefined ? options.actorId : created_by,
    changes: diffChanges({}, values, ENTITY_WRITABLE),
  };
}

const trustedEmails = (emails: readonly string[]) => [...new Set(emails.map((e) => e.toLowerCase()))];

function trustedPhones(phones: readonly string[]): string[] {
  for (const phone of phones) if (!E164.test(phone)) throw new Error(`Not in E.164: ${phone}`);
  return [...new Set(phones)];
}

function prepareContact(
  seed: ContactSeed,
  entity: PreparedEntity,
  isPrimary: boolean,
  index: number,
  rules: ContactRules,
  validate: boolean,
): PreparedContact {
  const values: Record<string, unknown> = {};
  if (validate) {
    const parsed = CreateContactRequest.safeParse({ ...seed, entity_id: entity.id });
    if (!parsed.success) throw new BulkLoadError(index, seed.first_name, parsed.error.issues);
    const issues = new IssueCollector();
    for (const [key, value] of Object.entries(parsed.data))
      if (value !== undefined && key !== 'custom') values[key] = value;
    if (parsed.data.emails) values.emails = checkEmails(parsed.data.emails, 'emails', issues);
    if (parsed.data.phones) values.phones = checkPhones(parsed.data.phones, 'phones', issues);
    values.custom = validateCustomValues(rules.definitions, parsed.data.custom, {}, issues, rules.userIds);
    if (issues.issues.length > 0) throw new BulkLoadError(index, seed.first_name, issues.issues);
  } else {
    for (const [key, value] of Object.entries(seed)) if (value !== undefined) values[key] = value;
    values.entity_id = entity.id;
    if (seed.emails) values.emails = trustedEmails(seed.emails);
    if (seed.phones) values.phones = trustedPhones(seed.phones);
    values.custom = seed.custom ?? {};
  }
  const v = values as Record<string, any>;
  const row = { first_name: v.first_name as string, last_name: (v.last_name as string | null) ?? null };
  const name = fullName(row);
  return {
    id: newId(),
    entity_id: entity.id,
    first_name: row.first_name,
    last_name: row.last_name,
    name_key: normalizeSearchText(name),
    job_title: v.job_title ?? null,
    department: v.department ?? null,
    emails: v.emails ?? [],
    phones: v.phones ?? [],
    is_primary: isPrimary,
    birthday: v.birthday ?? null,
    custom: JSON.stringify(v.custom ?? {}),
    search_text: contactSearchText({ ...v, ...row }),
    created_by: entity.created_by,
    changes: {
      ...diffChanges({}, { ...values, is_primary: isPrimary }, CONTACT_WRITABLE_ON_CREATE),
      name: [null, name],
    },
  };
}

/** A PostgreSQL array literal for text[] (sent as one element of a text[] parameter, then cast per row). */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const column = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((r) => r[key]);

async function insertBatch(
  db: Database,
  entities: PreparedEntity[],
  contacts: PreparedContact[],
  withEvents: boolean,
  actorId: string | null,
): Promise<void> {
  const e = entities;
  const c = contacts;
  const entityInsert = sql`
    insert into entities (id, kind, name, legal_name, name_key, roles, code, tax_id, tax_country, emails, phones,
      web, street, postal_code, city, province, country, source, sector, zone, owner_id, custom, search_text,
      created_by, updated_by)
    select id, kind, name, legal_name, name_key, roles::text[], code, tax_id, tax_country, emails::text[],
      phones::text[], web, street, postal_code, city, province, country, source, sector, zone, owner_id,
      custom::jsonb, search_text, created_by, created_by
    from unnest(
      ${column(e, 'id')}::uuid[], ${column(e, 'kind')}::text[], ${column(e, 'name')}::text[],
      ${column(e, 'legal_name')}::text[], ${column(e, 'name_key')}::text[],
      ${e.map((r) => textArrayLiteral(r.roles))}::text[], ${column(e, 'code')}::text[],
      ${column(e, 'tax_id')}::text[], ${column(e, 'tax_country')}::text[],
      ${e.map((r) => textArrayLiteral(r.emails))}::text[], ${e.map((r) => textArrayLiteral(r.phones))}::text[],
      ${column(e, 'web')}::text[], ${column(e, 'street')}::text[], ${column(e, 'postal_code')}::text[],
      ${column(e, 'city')}::text[], ${column(e, 'province')}::text[], ${column(e, 'country')}::text[],
      ${column(e, 'source')}::text[], ${column(e, 'sector')}::text[], ${column(e, 'zone')}::text[],
      ${column(e, 'owner_id')}::uuid[], ${column(e, 'custom')}::text[], ${column(e, 'search_text')}::text[],
      ${column(e, 'created_by')}::uuid[]
    ) as u(id, kind, name, legal_name, name_key, roles, code, tax_id, tax_country, emails, phones, web, street,
      postal_code, city, province, country, source, sector, zone, owner_id, custom, search_text, created_by)`;
  const contactInsert = sql`
    insert into contacts (id, entity_id, first_name, last_name, name_key, job_title, department, emails, phones,
      is_primary, birthday, custom, search_text, created_by, updated_by)
    select id, entity_id, first_name, last_name, name_key, job_title, department, emails::text[], phones::text[],
      is_primary, birthday, custom::jsonb, search_text, created_by, created_by
    from unnest(
      ${column(c, 'id')}::uuid[], ${column(c, 'entity_id')}::uuid[], ${column(c, 'first_name')}::text[],
      ${column(c, 'last_name')}::text[], ${column(c, 'name_key')}::text[], ${column(c, 'job_title')}::text[],
      ${column(c, 'department')}::text[], ${c.map((r) => textArrayLiteral(r.emails))}::text[],
      ${c.map((r) => textArrayLiteral(r.phones))}::text[], ${column(c, 'is_primary')}::boolean[],
      ${column(c, 'birthday')}::date[], ${column(c, 'custom')}::text[], ${column(c, 'search_text')}::text[],
      ${column(c, 'created_by')}::uuid[]
    ) as u(id, entity_id, first_name, last_name, name_key, job_title, department, emails, phones, is_primary,
      birthday, custom, search_text, created_by)`;
  if (!withEvents) {
    await sql`with e as (${entityInsert}), c as (${contactInsert}) select 1`.execute(db);
    return;
  }
  // Events in the order the service writes them: the entity, then each of its contacts.
  const ev = {
    id: [] as string[],
    type: [] as string[],
    object: [] as string[],
    objectId: [] as string[],
    entityId: [] as string[],
    actorId: [] as (string | null)[],
    changes: [] as string[],
  };
  const push = (
    type: string,
    object: string,
    objectId: string,
    entityId: string,
    actor: string | null,
    ch: unknown,
  ) => {
    ev.id.push(newId());
    ev.type.push(type);
    ev.object.push(object);
    ev.objectId.push(objectId);
    ev.entityId.push(entityId);
    ev.actorId.push(actor);
    ev.changes.push(JSON.stringify(ch));
  };
  let ci = 0;
  for (const entity of e) {
    push('entity.created', 'entity', entity.id, entity.id, entity.created_by ?? actorId, entity.changes);
    while (ci < c.length && c[ci]!.entity_id === entity.id) {
      const contact = c[ci++]!;
      push(
        'contact.created',
        'contact',
        contact.id,
        entity.id,
        contact.created_by ?? actorId,
        contact.changes,
      );
    }
  }
  await sql`
    with e as (${entityInsert}), c as (${contactInsert}),
    ev as (
      insert into events (id, type, object, object_id, entity_id, actor_id, changes)
      select id, type, object, object_id, entity_id, actor_id, changes::jsonb
      from unnest(${ev.id}::uuid[], ${ev.type}::text[], ${ev.object}::text[], ${ev.objectId}::uuid[],
        ${ev.entityId}::uuid[], ${ev.actorId}::uuid[], ${ev.changes}::text[])
        as u(id, type, object, object_id, entity_id, actor_id, changes)
    )
    select 1`.execute(db);
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Inserts the seeds (any iterable, e.g. a generator of a million) in batches. Each batch is atomic; a failed
 * batch stops the load and throws (batches already written stay). Returns the counts written.
 */
export async function bulkLoadEntities(
  db: Database,
  seeds: Iterable<EntitySeed>,
  options: BulkLoadOptions,
): Promise<BulkLoadResult> {
  const batchSize = options.batchSize ?? 1000;
  const withEvents = options.events ?? true;
  const validate = options.validate ?? true;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const entityRules = await loadEntityRules(db);
  const contactRules: ContactRules = {
    definitions: await listFields(db, 'contact'),
    userIds: entityRules.userIds,
  };
  const result: BulkLoadResult = { entities: 0, contacts: 0, events: 0 };
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;

  let entities: PreparedEntity[] = [];
  let contacts: PreparedContact[] = [];
  const flush = async () => {
    if (entities.length === 0) return;
    while (inflight.size >= concurrency) await Promise.race(inflight);
    if (failure) throw failure;
    const counts = { entities: entities.length, contacts: contacts.length };
    const task = insertBatch(db, entities, contacts, withEvents, options.actorId).then(
      () => {
        inflight.delete(task);
        result.entities += counts.entities;
        result.contacts += counts.contacts;
        if (withEvents) result.events += counts.entities + counts.contacts;
        options.onProgress?.({ entities: result.entities, contacts: result.contacts });
      },
      (error: unknown) => {
        inflight.delete(task);
        failure ??= error;
      },
    );
    inflight.add(task);
    entities = [];
    contacts = [];
    await yieldToIo(); // lets the statement go out before the next batch is prepared
  };

  let index = 0;
  for (const seed of seeds) {
    const entity = prepareEntity(seed, index, entityRules, { validate, actorId: options.actorId });
    entities.push(entity);
    seed.contacts?.forEach((contact, i) => {
      contacts.push(prepareContact(contact, entity, i === 0, index, contactRules, validate));
    });
    index++;
    if (entities.length >= batchSize) await flush();
    else if (index % 250 === 0) await yieldToIo();
    if (failure) break;
  }
  if (!failure) await flush();
  await Promise.all(inflight);
  if (failure) throw failure;
  return result;
}

/**
 * Runs `load` with the secondary indexes of the given tables dropped, then builds them again (much faster than
 * maintaining trigram GIN indexes row by row). Primary keys and constraint indexes stay. For loading into a
 * database nobody else is using (benchmarks, a first import); the indexes come back even when `load` fails.
 */
export async function withIndexesDeferred<T>(
  db: Database,
  tables: string[],
  load: () => Promise<T>,
  options: {
    parallel?: number;
    maintenanceWorkMem?: string;
    onIndex?: (name: string, ms: number) => void;
  } = {},
): Promise<T> {
  const found = await sql<{ name: string; def: string }>`
    select ci.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class ci on ci.oid = i.indexrelid
    where t.relname = any(${tables}::text[]) and pg_table_is_visible(t.oid) and not i.indisprimary
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by ci.relname`.execute(db);
  for (const index of found.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    return await load();
  } finally {
    const queue = [...found.rows];
    const worker = () =>
      db.connection().execute(async (conn) => {
        await sql.raw(`set maintenance_work_mem = '${options.maintenanceWorkMem ?? '512MB'}'`).execute(conn);
        for (let index = queue.shift(); index; index = queue.shift()) {
          const started = performance.now();
          await sql.raw(index.def).execute(conn);
          options.onIndex?.(index.name, performance.now() - started);
        }
      });
    await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 1) }, worker));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------------------

/** sfc32, seeded through splitmix32: fast, good enough for data, and the same sequence on every run. */
export function createRandom(seed: number) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const random = {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    digits: (n: number) => {
      let out = '';
      for (let i = 0; i < n; i++) out += Math.floor(next() * 10);
      return out;
    },
  };
  return random;
}
export type Random = ReturnType<typeof createRandom>;

export const FIRST_NAMES = [
  'Àlex',
  'Núria',
  'Jordi',
  'Montserrat',
  'Pau',
  'Laia',
  'Marc',
  'Mireia',
  'Oriol',
  'Mònica',
  'Sergi',
  'Anna',
  'Joan',
  'Mercè',
  'Xavier',
  'Roser',
  'Albert',
  'Gemma',
  'Arnau',
  'Neus',
  'Ferran',
  'Meritxell',
  'Quim',
  'Berta',
  'José',
  'María',
  'Antonio',
  'Carmen',
  'Manuel',
  'Lucía',
  'Javier',
  'Sofía',
  'David',
  'Elena',
  'Raúl',
  'Marta',
  'Óscar',
  'Begoña',
  'Íñigo',
  'Ainhoa',
  'Iñaki',
  'Nerea',
  'Sergio',
  'Cristina',
  'Álvaro',
  'Inés',
  'Rubén',
  'Pilar',
  'Andrés',
  'Rocío',
  'Jesús',
  'Ángela',
  'Víctor',
  'Beatriz',
  'Ramón',
  'Noelia',
  'Adrián',
  'Verónica',
  'Joaquín',
  'Susana',
] as const;

export const SURNAMES = [
  'Muñoz',
  'Peña',
  'García',
  'Martínez',
  'López',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Fernández',
  'Rodríguez',
  'Díaz',
  'Hernández',
  'Jiménez',
  'Ruiz',
  'Moreno',
  'Álvarez',
  'Romero',
  'Navarro',
  'Torres',
  'Domínguez',
  'Vázquez',
  'Ibáñez',
  'Castaño',
  'Núñez',
  'Ortega',
  'Delgado',
  'Rubio',
  'Marín',
  'Sanz',
  'Serrano',
  'Puig',
  'Ferrer',
  'Vidal',
  'Soler',
  'Roca',
  'Castells',
  'Font',
  'Serra',
  'Pujol',
  'Bosch',
  'Camps',
  'Casals',
  'Rovira',
  'Sala',
  'Vila',
  'Mas',
  'Batlle',
  'Domènech',
  'Grau',
  'Mir',
  'Oliveras',
  'Güell',
  'Cañellas',
  'Riera',
  'Coll',
  'Planas',
  'Vilaró',
  'Esteve',
  'Prat',
  'Garriga',
  'Bonet',
  'Farré',
  'Sabaté',
  'Tort',
  'Boix',
  'Noguera',
  'Galí',
  'Sureda',
  'Llobet',
  'Ribas',
  'Fàbregas',
  'Aguilar',
  'Echeverría',
  'Goikoetxea',
  'Etxeberria',
  'Castro',
  'Varela',
  'Otero',
  'Pazos',
  'Quintana',
] as const;

/** [name, province, zone pick-list key, postal code start, postal codes in range, landline prefix]. */
type City = readonly [string, string, string | null, number, number, string];
const CATALAN_CITIES: readonly City[] = [
  ['Barcelona', 'Barcelona', 'barcelona', 8001, 42, '93'],
  ["L'Hospitalet de Llobregat", 'Barcelona', 'barcelona', 8901, 8, '93'],
  ['Badalona', 'Barcelona', 'barcelona', 8911, 8, '93'],
  ['Terrassa', 'Barcelona', 'barcelona', 8221, 7, '93'],
  ['Sabadell', 'Barcelona', 'barcelona', 8201, 8, '93'],
  ['Mataró', 'Barcelona', 'barcelona', 8301, 4, '93'],
  ['Santa Coloma de Gramenet', 'Barcelona', 'barcelona', 8921, 4, '93'],
  ['Cornellà de Llobregat', 'Barcelona', 'barcelona', 8940, 1, '93'],
  ['Sant Cugat del Vallès', 'Barcelona', 'barcelona', 8172, 3, '93'],
  ['Granollers', 'Barcelona', 'barcelona', 8400, 3, '93'],
  ['Manresa', 'Barcelona', 'barcelona', 8240, 3, '93'],
  ['Vic', 'Barcelona', 'barcelona', 8500, 1, '93'],
  ['Igualada', 'Barcelona', 'barcelona', 8700, 1, '93'],
  ['Vilanova i la Geltrú', 'Barcelona', 'barcelona', 8800, 1, '93'],
  ['Vilafranca del Penedès', 'Barcelona', 'barcelona', 8720, 1, '93'],
  ['Girona', 'Girona', 'girona', 17001, 7, '972'],
  ['Figueres', 'Girona', 'girona', 17600, 1, '972'],
  ['Olot', 'Girona', 'girona', 17800, 1, '972'],
  ['Blanes', 'Girona', 'girona', 17300, 1, '972'],
  ['Banyoles', 'Girona', 'girona', 17820, 1, '972'],
  ['Lleida', 'Lleida', 'lleida', 25001, 8, '973'],
  ['Tàrrega', 'Lleida', 'lleida', 25300, 1, '973'],
  ['Balaguer', 'Lleida', 'lleida', 25600, 1, '973'],
  ['Mollerussa', 'Lleida', 'lleida', 25230, 1, '973'],
  ['Tarragona', 'Tarragona', 'tarragona', 43001, 8, '977'],
  ['Reus', 'Tarragona', 'tarragona', 43201, 6, '977'],
  ['Tortosa', 'Tarragona', 'tarragona', 43500, 1, '977'],
  ['Valls', 'Tarragona', 'tarragona', 43800, 1, '977'],
  ['Falset', 'Tarragona', 'tarragona', 43730, 1, '977'],
];
const SPANISH_CITIES: readonly City[] = [
  ['Madrid', 'Madrid', 'madrid', 28001, 55, '91'],
  ['Alcalá de Henares', 'Madrid', 'madrid', 28801, 6, '91'],
  ['Getafe', 'Madrid', 'madrid', 28901, 7, '91'],
  ['Móstoles', 'Madrid', 'madrid', 28931, 8, '91'],
  ['València', 'Valencia', 'valencia', 46001, 26, '96'],
  ['Gandia', 'Valencia', 'valencia', 46700, 2, '96'],
  ['Castelló de la Plana', 'Castellón', 'valencia', 12001, 6, '964'],
  ['Alicante', 'Alicante', 'valencia', 3001, 16, '965'],
  ['Elche', 'Alicante', 'valencia', 3201, 8, '966'],
  ['Palma', 'Illes Balears', 'barcelona', 7001, 15, '971'],
  ['Zaragoza', 'Zaragoza', 'north', 50001, 20, '976'],
  ['Huesca', 'Huesca', 'north', 22001, 5, '974'],
  ['Bilbao', 'Bizkaia', 'north', 48001, 15, '944'],
  ['Donostia-San Sebastián', 'Gipuzkoa', 'north', 20001, 18, '943'],
  ['Vitoria-Gasteiz', 'Araba', 'north', 1001, 15, '945'],
  ['Pamplona', 'Navarra', 'north', 31001, 15, '948'],
  ['Logroño', 'La Rioja', 'north', 26001, 9, '941'],
  ['Santander', 'Cantabria', 'north', 39001, 12, '942'],
  ['Oviedo', 'Asturias', 'north', 33001, 13, '985'],
  ['Gijón', 'Asturias', 'north', 33201, 13, '985'],
  ['A Coruña', 'A Coruña', 'north', 15001, 11, '981'],
  ['Vigo', 'Pontevedra', 'north', 36201, 14, '986'],
  ['Valladolid', 'Valladolid', 'north', 47001, 16, '983'],
  ['Sevilla', 'Sevilla', 'south', 41001, 20, '954'],
  ['Málaga', 'Málaga', 'south', 29001, 18, '952'],
  ['Córdoba', 'Córdoba', 'south', 14001, 14, '957'],
  ['Granada', 'Granada', 'south', 18001, 14, '958'],
  ['Murcia', 'Murcia', 'south', 30001, 12, '968'],
  ['Badajoz', 'Badajoz', 'south', 6001, 11, '924'],
  ['Cáceres', 'Cáceres', 'south', 10001, 5, '927'],
  ['Toledo', 'Toledo', null, 45001, 8, '925'],
];
export const CITIES: readonly City[] = [...CATALAN_CITIES, ...SPANISH_CITIES];

const PLACES = [
  'Garrotxa',
  'Empordà',
  'Penedès',
  'Vallès',
  'Maresme',
  'Segrià',
  'Priorat',
  'Bages',
  'Osona',
  'Ebre',
  'Llobregat',
  'Montseny',
  'Cerdanya',
  'Montsant',
  'Mediterráneo',
  'Ibérica',
  'Levante',
  'Cantábrico',
  'Castilla',
  'Aragón',
  'Navarra',
  'Galicia',
  'Pirineo',
  'Ebro',
  'Sierra Nevada',
  'Moncayo',
  'Guadalquivir',
  'Tajo',
  'Duero',
  'Atlántico',
] as const;

type SectorKey =
  | 'retail'
  | 'industry'
  | 'hospitality'
  | 'construction'
  | 'health'
  | 'technology'
  | 'services'
  | 'agrifood';

const SECTOR_WORDS: Record<SectorKey, readonly string[]> = {
  retail: [
    'Comercial',
    'Distribuciones',
    'Moda',
    'Óptica',
    'Ferretería',
    'Llibreria',
    'Farmàcia',
    'Electrodomésticos',
    'Perfumería',
    'Joieria',
  ],
  industry: [
    'Talleres',
    'Mecanizados',
    'Metalúrgica',
    'Plásticos',
    'Industrias',
    'Envases',
    'Estampaciones',
    'Tèxtil',
    'Cerámicas',
    'Maquinaria',
  ],
  hospitality: [
    'Hotel',
    'Restaurante',
    'Cafetería',
    'Càtering',
    'Hostal',
    'Celler',
    'Bar',
    'Fonda',
    'Apartamentos',
    'Turismo',
  ],
  construction: [
    'Construcciones',
    'Reformas',
    'Instal·lacions',
    'Excavaciones',
    'Arquitectura',
    'Promociones',
    'Fusteria',
    'Pinturas',
    'Climatización',
    'Aluminios',
  ],
  health: [
    'Clínica',
    'Centro Médico',
    'Fisioteràpia',
    'Laboratorios',
    'Clínica Dental',
    'Ortopedia',
    'Veterinaria',
    'Podologia',
    'Psicología',
    'Residencia',
  ],
  technology: [
    'Sistemas',
    'Software',
    'Telecomunicaciones',
    'Informàtica',
    'Datos',
    'Redes',
    'Electrónica',
    'Telefonía',
    'Ciberseguridad',
    'Robótica',
  ],
  services: [
    'Gestoría',
    'Asesoría',
    'Consultores',
    'Abogados',
    'Traducciones',
    'Transportes',
    'Logística',
    'Seguros',
    'Limpiezas',
    'Formación',
  ],
  agrifood: [
    'Cooperativa Agrícola',
    'Bodegas',
    'Vins',
    'Olis',
    'Conservas',
    'Embutidos',
    'Granja',
    'Fruites',
    'Lácteos',
    'Forn de Pa',
  ],
};
const SECTORS = Object.keys(SECTOR_WORDS) as SectorKey[];
const TRADE_NAMES = [
  'Telefónica',
  'Iberia',
  'Hispánica',
  'Levantina',
  'Catalana',
  'Peninsular',
  'Ibérica',
  'Mediterrània',
  'Europea',
  'Nova',
  'Global',
  'Integral',
  'Avanzada',
  'Moderna',
  'Central',
  'Unida',
  'Reunida',
  'del Norte',
  'del Sur',
] as const;

const JOB_TITLES = [
  ['Gerente', 'Dirección'],
  ['Director general', 'Dirección'],
  ['Directora comercial', 'Ventas'],
  ['Responsable de compras', 'Compras'],
  ['Jefe de compras', 'Compras'],
  ['Administración', 'Administración'],
  ['Director financiero', 'Finanzas'],
  ['Responsable de calidad', 'Calidad'],
  ['Jefa de producción', 'Producción'],
  ['Técnico de mantenimiento', 'Producción'],
  ['Responsable de logística', 'Logística'],
  ['Responsable de IT', 'Sistemas'],
  ['Recursos humanos', 'RRHH'],
  ['Comercial', 'Ventas'],
  ['Cap de màrqueting', 'Màrqueting'],
  ['Secretaria de dirección', 'Dirección'],
] as const;

const STREETS_CA = ['Carrer', 'Avinguda', 'Passeig', 'Plaça', 'Ronda', 'Carrer', 'Carrer'];
const STREETS_ES = ['Calle', 'Avenida', 'Paseo', 'Plaza', 'Calle', 'Camino', 'Calle'];
const STREET_NAMES_CA = [
  'Balmes',
  "d'Aragó",
  'de Mallorca',
  'de la Indústria',
  'de Sant Joan',
  'Major',
  'de Pau Claris',
  'de Jaume I',
  'de Verdaguer',
  'de Pi i Margall',
  'de la Diputació',
  'de Sant Pere',
  'de Catalunya',
  'del Rec',
  "de l'Estació",
  'de Francesc Macià',
  'de Prat de la Riba',
  'del Comte Borrell',
  'de Sant Antoni',
  'de la Rambla',
] as const;
const STREET_NAMES_ES = [
  'Mayor',
  'de Alcalá',
  'de Serrano',
  'de la Constitución',
  'de Colón',
  'de Ramón y Cajal',
  'de Miguel Servet',
  'de la Estación',
  'de Goya',
  'de Cervantes',
  'de Antonio Machado',
  'de Blasco Ibáñez',
  'de la Libertad',
  'de Santa María',
  'de San Francisco',
  'de los Reyes Católicos',
  'de la Paz',
  'de Castilla',
  'del Ebro',
  'Real',
] as const;
const INDUSTRIAL_ESTATES = [
  'Can Roqueta',
  'Les Comes',
  'El Pla',
  'Can Calderón',
  'Los Olivos',
  'Cobo Calleja',
  'La Cartuja',
];

const MAIL_PROVIDERS = ['gmail.com', 'hotmail.es', 'yahoo.es', 'outlook.com', 'telefonica.net', 'icloud.com'];

const ROLE_SETS: readonly (readonly [string[], number])[] = [
  [['customer'], 40],
  [['lead'], 28],
  [['supplier'], 12],
  [['customer', 'prescriber'], 6],
  [['prescriber'], 5],
  [['partner'], 4],
  [['customer', 'supplier'], 3],
  [['lead', 'partner'], 2],
];
const SOURCES: readonly (readonly [string, number])[] = [
  ['web', 30],
  ['referral', 22],
  ['fair', 12],
  ['cold_call', 12],
  ['campaign', 14],
  ['erp', 10],
];

/** Lowercase ASCII for a mailbox or domain: 'Àlex Muñoz' → 'alex.munoz'. */
function slug(text: string, separator: string): string {
  return normalizeSearchText(text)
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

/** A valid CIF for an organisation letter and 7 digits (digit control for A/B/F, as those usually are). */
export function makeCif(letter: 'A' | 'B' | 'F' | 'G' | 'J', sevenDigits: string): string {
  const digit = cifControlDigit(sevenDigits);
  return `${letter}${sevenDigits}${letter === 'J' || letter === 'G' ? 'JABCDEFGHI'[digit] : digit}`;
}

/** A valid DNI (NIF of a person) for 8 digits. */
export function makeDni(eightDigits: string): string {
  return `${eightDigits}${'TRWAGMYFPDXBNJZSQVHLCKE'[Number(eightDigits) % 23]}`;
}

/** Spanish phone numbers the way people type them; the loader turns them into E.164. */
function formatPhone(random: Random, nine: string, e164: boolean): string {
  if (e164) return `+34${nine}`;
  const grouped = /^9[13]/.test(nine)
    ? `${nine.slice(0, 2)} ${nine.slice(2, 5)} ${nine.slice(5, 7)} ${nine.slice(7)}` // 93 123 45 67
    : `${nine.slice(0, 3)} ${nine.slice(3, 5)} ${nine.slice(5, 7)} ${nine.slice(7)}`; // 972 20 30 40
  switch (random.int(0, 4)) {
    case 0:
      return nine;
    case 1:
      return `+34 ${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`;
    case 2:
      return `(+34) ${nine}`;
    default:
      return grouped;
  }
}

function mobile(random: Random): string {
  return random.chance(0.85)
    ? `6${random.digits(8)}`
    : `7${random.pick(['1', '2', '3', '4'])}${random.digits(7)}`;
}

function landline(random: Random, prefix: string): string {
  // 973 9xx xxx is not a valid Lleida number: keep the digit after the prefix below 9 there.
  const first = prefix === '973' ? String(random.int(0, 8)) : String(random.int(1, 8));
  return `${prefix}${first}${random.digits(8 - prefix.length)}`;
}

export interface GeneratorOptions {
  seed?: number;
  /** Owners, spread evenly (pseudo-randomly); empty: the loader's actor owns everything. */
  ownerIds?: readonly string[];
  /** Contacts per entity: a fixed number or a [min, max] range. Default [1, 3]. */
  contacts?: number | readonly [number, number];
  /** Code prefix for entities that have an ERP code ('CLI-000123'). */
  codePrefix?: string;
  /** Birthdays on ~15% of contacts (default true). */
  birthdays?: boolean;
  /** Phones already in E.164 (for the trusted, unvalidated load path). */
  e164?: boolean;
  /** Custom-field values for entity i. */
  custom?: (random: Random, index: number) => Record<string, unknown>;
}

/**
 * A deterministic source of realistic Spanish/Catalan entities: entity(i) depends only on the seed and i, so a
 * run is repeatable and any slice can be generated on its own. Codes and tax ids are unique per i (< 10^7).
 */
export function createEntityGenerator(options: GeneratorOptions = {}) {
  const seed = options.seed ?? 20_261_124;
  const owners = options.ownerIds ?? [];
  const [minContacts, maxContacts] =
    typeof options.contacts === 'number'
      ? [options.contacts, options.contacts]
      : (options.contacts ?? [1, 3]);
  const codePrefix = options.codePrefix ?? 'CLI-';
  const e164 = options.e164 ?? false;

  function contactFor(random: Random, domain: string | null, prefix: string): ContactSeed {
    const first = random.pick(FIRST_NAMES);
    const last = `${random.pick(SURNAMES)}${random.chance(0.6) ? ` ${random.pick(SURNAMES)}` : ''}`;
    const [job, department] = random.pick(JOB_TITLES);
    const emails: string[] = [];
    const mailbox = `${slug(first, '.')}.${slug(last.split(' ')[0] ?? last, '.')}`;
    if (domain && random.chance(0.9)) emails.push(`${mailbox}@${domain}`);
    if (random.chance(domain ? 0.1 : 0.7))
      emails.push(`${mailbox}${random.int(1, 99)}@${random.pick(MAIL_PROVIDERS)}`);
    const phones: string[] = [];
    if (random.chance(0.8)) phones.push(formatPhone(random, mobile(random), e164));
    if (random.chance(0.25)) phones.push(formatPhone(random, landline(random, prefix), e164));
    const birthday =
      random.chance(0.15) && options.birthdays !== false
        ? `${random.int(1955, 2000)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`
        : null;
    return {
      first_name: first,
      last_name: last,
      job_title: random.chance(0.85) ? job : null,
      department: random.chance(0.6) ? department : null,
      emails,
      phones,
      ...(birthday && { birthday }),
    };
  }

  function entity(index: number): EntitySeed {
    const random = createRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const catalan = random.chance(0.6);
    const [city, province, zone, postalStart, postalSpan, phonePrefix] = random.pick(
      catalan ? CATALAN_CITIES : SPANISH_CITIES,
    );
    const postal_code = String(postalStart + random.int(0, postalSpan - 1)).padStart(5, '0');
    const isCompany = random.chance(0.85);
    const sector: SectorKey = random.pick(SECTORS);
    const roles = random.weighted(ROLE_SETS);
    const source = random.weighted(SOURCES);
    const emails: string[] = [];
    const phones: string[] = [];
    let name: string;
    let legal_name: string | null = null;
    let tax_id: string | null = null;
    let domain: string | null = null;
    let web: string | null = null;

    if (isCompany) {
      const word = random.pick(SECTOR_WORDS[sector]);
      const surname = random.pick(SURNAMES);
      const pattern = random.int(0, 5);
      const core =
        pattern === 0
          ? `${word} ${surname}`
          : pattern === 1
            ? `${surname} ${random.pick(SURNAMES)} ${random.pick(['Asociados', 'Associats', 'y Asociados', 'Consulting'])}`
            : pattern === 2
              ? `${word} ${random.pick(PLACES)}`
              : pattern === 3
                ? `${word} ${surname} ${catalan ? 'i Fills' : 'e Hijos'}`
                : pattern === 4
                  ? `${word} ${random.pick(TRADE_NAMES)}`
                  : `${word} ${city}`;
      const cooperative = word.startsWith('Cooperativa');
      const form = cooperative
        ? 'SCCL'
        : random.weighted([
            [', S.L.', 70],
            [', S.A.', 14],
            [' SL', 6],
            [', S.L.U.', 6],
            [' S.A.', 4],
          ] as const);
      legal_name = cooperative ? `${core} ${form}` : `${core}${form}`;
      name = random.chance(0.5) ? legal_name : core;
      const letter = cooperative ? 'F' : form.includes('A') ? 'A' : 'B';
      // Unique per index: 7 digits from a bijection of the index modulo 10^7.
      const digits = String((index * 7919 + (seed % 9_999_991)) % 10_000_000).padStart(7, '0');
      if (random.chance(roles.includes('lead') ? 0.5 : 0.95)) tax_id = makeCif(letter, digits);
      domain = `${slug(core, '-')}.${catalan && random.chance(0.4) ? 'cat' : random.pick(['es', 'es', 'com'])}`;
      if (random.chance(0.7)) web = `${random.chance(0.8) ? 'www.' : ''}${domain}`;
      emails.push(`${random.pick(['info', 'info', 'hola', 'contacto', 'administracion'])}@${domain}`);
      if (random.chance(0.3))
        emails.push(`${random.pick(['comercial', 'compras', 'facturacion'])}@${domain}`);
      phones.push(formatPhone(random, landline(random, phonePrefix), e164));
      if (random.chance(0.3)) phones.push(formatPhone(random, mobile(random), e164));
    } else {
      const first = random.pick(FIRST_NAMES);
      const last = `${random.pick(SURNAMES)} ${random.pick(SURNAMES)}`;
      name = `${first} ${last}`;
      const digits = String((index * 48_271 + (seed % 99_999_989)) % 100_000_000).padStart(8, '0');
      if (random.chance(0.8)) tax_id = makeDni(digits);
      emails.push(
        `${slug(first, '.')}.${slug(last.split(' ')[0] ?? last, '.')}${random.int(1, 999)}@${random.pick(MAIL_PROVIDERS)}`,
      );
      phones.push(formatPhone(random, mobile(random), e164));
    }

    const industrial =
      isCompany && (sector === 'industry' || sector === 'construction') && random.chance(0.5);
    const street = industrial
      ? `${catalan ? 'Polígon Industrial' : 'Polígono Industrial'} ${random.pick(INDUSTRIAL_ESTATES)}, ${catalan ? 'nau' : 'nave'} ${random.int(1, 40)}`
      : catalan
        ? `${random.pick(STREETS_CA)} ${random.pick(STREET_NAMES_CA)}, ${random.int(1, 250)}`
        : `${random.pick(STREETS_ES)} ${random.pick(STREET_NAMES_ES)}, ${random.int(1, 250)}`;
    // A fixed count applies to everyone; with a range, a person (a self-employed customer) has 0–1 contacts.
    const contactCount =
      typeof options.contacts === 'number'
        ? options.contacts
        : isCompany
          ? random.int(minContacts, maxContacts)
          : random.int(0, 1);
    const contacts = Array.from({ length: contactCount }, () => contactFor(random, domain, phonePrefix));
    const owner = owners.length > 0 ? owners[Math.floor(random.next() * owners.length)] : undefined;
    return {
      kind: isCompany ? 'company' : 'person',
      name,
      legal_name,
      roles,
      code:
        roles.includes('customer') || roles.includes('supplier') || source === 'erp'
          ? `${codePrefix}${String(index + 1).padStart(7, '0')}`
          : null,
      tax_id,
      tax_country: tax_id ? 'ES' : null,
      emails,
      phones,
      web,
      street,
      postal_code,
      city,
      province,
      country: 'ES',
      source,
      sector: isCompany ? sector : random.chance(0.5) ? 'services' : null,
      zone,
      ...(owner && { owner_id: owner }),
      ...(options.custom && { custom: options.custom(random, index) }),
      contacts,
    };
  }

  return {
    entity,
    /** Entities from..to-1, lazily. */
    *range(from: number, to: number): Generator<EntitySeed> {
      for (let i = from; i < to; i++) yield entity(i);
    },
  };
}
