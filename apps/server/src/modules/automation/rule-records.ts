import type { AutomationObject, RuleField } from '@trato/contracts/automation';
import { CASE_PRIORITIES } from '@trato/contracts/cases';
import type { Locale } from '@trato/contracts/common';
import { sql } from 'kysely';
import type { Executor } from '../../platform/events.ts';
import { listFields } from '../fields/fields.service.ts';
import { listOptions } from '../pick-lists/pick-lists.service.ts';

// What a rule sees of a record: its fields as a flat map ('priority', 'custom.region', 'entity.sector'), read
// from the database when the rule runs (the record as it is now, not as the event described it), and the
// records around it that actions work on (its entity, contact, case, owner).

export interface RuleRecord {
  object: AutomationObject;
  id: string;
  version: number;
  values: Record<string, unknown>;
  label: string;
  entityId: string | null;
  contactId: string | null;
  caseId: string | null;
  /** Owner of an entity or case; assignee of an action; the entity's owner for a contact or email. */
  ownerId: string | null;
  /** Case type or action type. */
  typeId: string | null;
}

type Spec = Omit<RuleField, 'label' | 'options'> & { pickList?: string; enumValues?: readonly string[] };

const f = (
  key: string,
  type: RuleField['type'],
  writable: boolean,
  extra: Partial<Pick<Spec, 'pickList' | 'enumValues'>> = {},
): Spec => ({ key, type, writable, ...extra });

const ENTITY_OWN: Spec[] = [
  f('name', 'text', true),
  f('kind', 'select', false, { enumValues: ['person', 'company'] }),
  f('legal_name', 'text', true),
  f('roles', 'multiselect', true, { pickList: 'entity_roles' }),
  f('code', 'text', true),
  f('tax_id', 'text', true),
  f('emails', 'email', false),
  f('web', 'text', true),
  f('city', 'text', true),
  f('province', 'text', true),
  f('postal_code', 'text', true),
  f('country', 'text', true),
  f('source', 'select', true, { pickList: 'source' }),
  f('sector', 'select', true, { pickList: 'sector' }),
  f('zone', 'select', true, { pickList: 'zone' }),
  f('owner_id', 'user', true),
  f('created_at', 'datetime', false),
];

/** The entity's fields a contact, case, action or mail rule can test, as entity.<field>. */
const ENTITY_SHARED = [
  'name',
  'kind',
  'roles',
  'code',
  'city',
  'province',
  'country',
  'source',
  'sector',
  'zone',
  'owner_id',
];
const ENTITY_OF: Spec[] = ENTITY_OWN.filter((s) => ENTITY_SHARED.includes(s.key)).map((s) => ({
  ...s,
  key: `entity.${s.key}`,
  writable: false,
}));

const SPECS: Record<AutomationObject, Spec[]> = {
  entity: ENTITY_OWN,
  contact: [
    f('first_name', 'text', true),
    f('last_name', 'text', true),
    f('job_title', 'text', true),
    f('department', 'text', true),
    f('emails', 'email', false),
    f('is_primary', 'boolean', true),
    f('birthday', 'date', true),
    f('created_at', 'datetime', false),
    ...ENTITY_OF,
  ],
  case: [
    f('title', 'text', true),
    f('type_id', 'case_type', false),
    f('status_id', 'case_status', false),
    f('status_category', 'select', false, { enumValues: ['open', 'won', 'lost', 'closed'] }),
    f('priority', 'select', true, { enumValues: CASE_PRIORITIES }),
    f('amount', 'money', true),
    f('currency', 'text', true),
    f('probability', 'number', true),
    f('expected_close', 'date', true),
    f('owner_id', 'user', true),
    f('team_id', 'team', true),
    f('description', 'text', true),
    f('first_response_due_at', 'datetime', false),
    f('resolution_due_at', 'datetime', false),
    f('sla_breached_at', 'datetime', false),
    f('closed_at', 'datetime', false),
    f('created_at', 'datetime', false),
    ...ENTITY_OF,
  ],
  action: [
    f('type_id', 'action_type', false),
    f('subject', 'text', true),
    f('notes', 'text', true),
    f('location', 'text', true),
    f('status', 'select', false, { enumValues: ['planned', 'done', 'cancelled'] }),
    f('outcome', 'select', false, { pickList: 'action_outcomes' }),
    f('assignee_user_id', 'user', true),
    f('assignee_team_id', 'team', true),
    f('private', 'boolean', true),
    f('due_at', 'datetime', false),
    f('created_at', 'datetime', false),
    ...ENTITY_OF,
  ],
  email: [
    f('from_address', 'email', false),
    f('from_name', 'text', false),
    f('to', 'email', false),
    f('subject', 'text', false),
    f('text_body', 'text', false),
    f('account_id', 'select', false),
    f('received_at', 'datetime', false),
    ...ENTITY_OF,
  ],
};

const CUSTOM_TYPES: Record<string, RuleField['type']> = {
  text: 'text',
  long_text: 'text',
  number: 'number',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  select: 'select',
  multiselect: 'multiselect',
  email: 'email',
  phone: 'text',
  url: 'text',
  user: 'user',
  entity: 'text',
};

const pickLabel = (labels: Record<string, string | undefined>, locale: Locale, fallback: string): string =>
  labels[locale] || labels.es || labels.en || labels.ca || fallback;

/** The custom fields of an object (of a case type or action type when given) as rule fields. */
async function customSpecs(db: Executor, object: AutomationObject, typeId?: string | null) {
  if (object === 'email') return [];
  const definitions = await listFields(db, object, typeId ?? undefined);
  return definitions
    .filter((d) => (object === 'case' || object === 'action' ? !typeId || d.type_id === typeId : true))
    .map((d) => ({ definition: d, type: CUSTOM_TYPES[d.type] ?? 'text' }));
}

/** Every field a rule on `object` can test or set, with the options of choice fields, labelled in `locale`. */
export async function listRuleFields(
  db: Executor,
  object: AutomationObject,
  typeId: string | null | undefined,
  locale: Locale,
): Promise<RuleField[]> {
  const [options, custom, accounts] = await Promise.all([
    listOptions(db),
    customSpecs(db, object, typeId),
    object === 'email'
      ? db
          .selectFrom('mail_accounts')
          .select(['id', 'name', 'address'])
          .where('deleted_at', 'is', null)
          .execute()
      : Promise.resolve([]),
  ]);
  const fields: RuleField[] = SPECS[object].map(({ pickList, enumValues, ...spec }) => ({
    ...spec,
    label: spec.key,
    options: pickList
      ? options
          .filter((o) => o.list === pickList)
          .map((o) => ({ value: o.key, label: pickLabel(o.labels, locale, o.key) }))
      : spec.key === 'account_id'
        ? accounts.map((a) => ({ value: a.id, label: `${a.name} <${a.address}>` }))
        : (enumValues ?? []).map((value) => ({ value, label: value })),
  }));
  for (const { definition, type } of custom)
    fields.push({
      key: `custom.${definition.key}`,
      label: pickLabel(definition.labels as Record<string, string>, locale, definition.key),
      type,
      writable: true,
      options: (definition.options ?? []).map((o) => ({
        value: o.key,
        label: pickLabel(o.labels as Record<string, string>, locale, o.key),
      })),
    });
  return fields;
}

/** Is `field` something a rule on `object` can read (custom.<key> of any live definition counts)? */
export async function knownField(
  db: Executor,
  object: AutomationObject,
  field: string,
): Promise<{ known: boolean; writable: boolean }> {
  const spec = SPECS[object].find((s) => s.key === field);
  if (spec) return { known: true, writable: spec.writable };
  if (field.startsWith('custom.') && object !== 'email') {
    const key = field.slice('custom.'.length);
    const found = await db
      .selectFrom('field_definitions')
      .select('id')
      .where('object', '=', object)
      .where('key', '=', key)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return { known: Boolean(found), writable: Boolean(found) };
  }
  return { known: false, writable: false };
}

// Loading records ----------------------------------------------------------------------------------------------

const flatten = (row: Record<string, unknown>, prefix = ''): Record<string, unknown> => {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'custom' && value && typeof value === 'object') {
      if (!prefix)
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) values[`custom.${k}`] = v;
      continue;
    }
    values[`${prefix}${key}`] = value instanceof Date ? value.toISOString() : value;
  }
  return values;
};

const entityColumns = sql.raw(
  'e.name as "e.name", e.kind as "e.kind", e.roles as "e.roles", e.code as "e.code", e.city as "e.city", ' +
    'e.province as "e.province", e.country as "e.country", e.source as "e.source", e.sector as "e.sector", ' +
    'e.zone as "e.zone", e.owner_id as "e.owner_id"',
);

/** Moves the joined entity's columns ("e.x") to entity.x. */
function splitEntity(row: Record<string, unknown>): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('e.')) own[`entity.${key.slice(2)}`] = value;
    else own[key] = value;
  }
  return own;
}

/**
 * The record as it is now, or null when it does not exist or was deleted. `lock` takes its row for update
 * (inside a run's transaction, so nobody changes it between the conditions and the actions).
 */
export async function loadRuleRecord(
  db: Executor,
  object: AutomationObject,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RuleRecord | null> {
  const lock = (alias: string) => (options.lock ? sql`for update of ${sql.raw(alias)}` : sql``);
  switch (object) {
    case 'entity': {
      const { rows } = await sql<Record<string, unknown>>`
        select e.*,
          (select c.id from contacts c where c.entity_id = e.id and c.deleted_at is null
            order by c.is_primary desc, c.id limit 1) as primary_contact_id
        from entities e where e.id = ${id} and e.deleted_at is null ${lock('e')}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      const { primary_contact_id: contactId, ...own } = row;
      return {
        object,
        id,
        version: row.version as number,
        values: flatten(own),
        label: String(row.name),
        entityId: id,
        contactId: (contactId as string | null) ?? null,
        caseId: null,
        ownerId: (row.owner_id as string | null) ?? null,
        typeId: null,
      };
    }
    case 'contact': {
      const { rows } = await sql<Record<string, unknown>>`
        select c.*, ${entityColumns} from contacts c join entities e on e.id = c.entity_id
        where c.id = ${id} and c.deleted_at is null ${lock('c')}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      const values = flatten(splitEntity(row));
      return {
        object,
        id,
        version: row.version as number,
        values,
        label: [row.first_name, row.last_name].filter(Boolean).join(' '),
        entityId: row.entity_id as string,
        contactId: id,
        caseId: null,
        ownerId: (row['e.owner_id'] as string | null) ?? null,
        typeId: null,
      };
    }
    case 'case': {
      const { rows } = await sql<Record<string, unknown>>`
        select c.*, s.category as status_category, ${entityColumns}
        from cases c join case_statuses s on s.id = c.status_id join entities e on e.id = c.entity_id
        where c.id = ${id} and c.deleted_at is null ${lock('c')}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      return {
        object,
        id,
        version: row.version as number,
        values: flatten(splitEntity(row)),
        label: `${row.number} · ${row.title}`,
        entityId: row.entity_id as string,
        contactId: (row.contact_id as string | null) ?? null,
        caseId: id,
        ownerId: (row.owner_id as string | null) ?? null,
        typeId: row.type_id as string,
      };
    }
    case 'action': {
      const { rows } = await sql<Record<string, unknown>>`
        select a.*, ${entityColumns} from actions a left join entities e on e.id = a.entity_id
        where a.id = ${id} and a.deleted_at is null ${lock('a')}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      return {
        object,
        id,
        version: row.version as number,
        values: flatten(splitEntity(row)),
        label: String(row.subject),
        entityId: (row.entity_id as string | null) ?? null,
        contactId: (row.contact_id as string | null) ?? null,
        caseId: (row.case_id as string | null) ?? null,
        ownerId: (row.assignee_user_id as string | null) ?? null,
        typeId: row.type_id as string,
      };
    }
    case 'email': {
      const { rows } = await sql<Record<string, unknown>>`
        select m.id, m.direction, m.account_id, m.from_address, m.from_name, m.to_recipients, m.subject,
               m.text_body, m.received_at, m.entity_id, m.contact_id, m.case_id, m.status, ${entityColumns}
        from emails m left join entities e on e.id = m.entity_id
        where m.id = ${id}`.execute(db);
      const row = rows[0];
      if (!row) return null;
      const { to_recipients, ...rest } = splitEntity(row);
      const values = flatten(rest);
      values.to = ((to_recipients as { address?: string }[] | null) ?? []).map((r) => r.address ?? '');
      return {
        object,
        id,
        version: 1,
        values,
        label: String(row.subject || row.from_address),
        entityId: (row.entity_id as string | null) ?? null,
        contactId: (row.contact_id as string | null) ?? null,
        caseId: (row.case_id as string | null) ?? null,
        ownerId: (row['e.owner_id'] as string | null) ?? null,
        typeId: null,
      };
    }
  }
}

/** Labels and entities of run records, in one query per object, for the run log. */
export async function labelRecords(
  db: Executor,
  refs: { object: string; object_id: string }[],
): Promise<Map<string, { label: string; entityId: string | null }>> {
  const byObject = new Map<string, string[]>();
  for (const ref of refs) byObject.set(ref.object, [...(byObject.get(ref.object) ?? []), ref.object_id]);
  const found = new Map<string, { label: string; entityId: string | null }>();
  for (const [object, idList] of byObject) {
    const ids = [...new Set(idList)];
    const query =
      object === 'entity'
        ? sql<{ id: string; label: string; entity_id: string | null }>`
            select id, name as label, id as entity_id from entities where id = any(${ids}::uuid[])`
        : object === 'contact'
          ? sql<{ id: string; label: string; entity_id: string | null }>`
            select id, concat_ws(' ', first_name, last_name) as label, entity_id from contacts
            where id = any(${ids}::uuid[])`
          : object === 'case'
            ? sql<{ id: string; label: string; entity_id: string | null }>`
            select id, number || ' · ' || title as label, entity_id from cases where id = any(${ids}::uuid[])`
            : object === 'action'
              ? sql<{ id: string; label: string; entity_id: string | null }>`
            select id, subject as label, entity_id from actions where id = any(${ids}::uuid[])`
              : sql<{ id: string; label: string; entity_id: string | null }>`
            select id, coalesce(nullif(subject, ''), from_address) as label, entity_id from emails
            where id = any(${ids}::uuid[])`;
    for (const row of (await query.execute(db)).rows)
      found.set(row.id, { label: row.label, entityId: row.entity_id });
  }
  return found;
}
