import type { Labels, Locale } from '@trato/contracts/common';
import { COMPANY_FIELDS } from '@trato/contracts/company';
import type { FieldDefinition } from '@trato/contracts/settings';
import { sql } from 'kysely';
import type { Executor } from '../../platform/events.ts';
import { translator } from '../../platform/i18n.ts';
import { mailSender } from '../../platform/mail.ts';
import { localDate } from '../actions/zoned-time.ts';
import { getCompanyProfile } from '../company/company.service.ts';
import { listFields } from '../fields/fields.service.ts';
import { installationCalendar, labelIn } from '../forecast/forecast.service.ts';
import { listOptions } from '../pick-lists/pick-lists.service.ts';
import { CUSTOM_ROOTS, type CustomKeys, type CustomRoot } from './merge-fields.ts';

// The values a template is rendered with: the records a mail is about, read without a caller's permissions
// (the caller checks them: a preview only for records the user sees; automation and bulk sends act for the
// installation). Labels (status, type, pick lists, custom options) come in the template's language.

export type TemplateLanguage = Locale;

export interface MergeRefs {
  entityId?: string | null;
  contactId?: string | null;
  caseId?: string | null;
  /** Defaults to the case's owner, else the entity's. */
  ownerUserId?: string | null;
  senderUserId?: string | null;
}

/** What stays the same for every record: read once per bulk send and passed to each loadMergeContext. */
export interface MergeLookups {
  definitions: Record<CustomRoot, FieldDefinition[]>;
  pickLabels: Map<string, Labels>;
  timeZone: string;
  currency: string;
  company: Record<(typeof COMPANY_FIELDS)[number], string>;
}

type Values = Record<string, unknown>;

/** The merge context of one mail in one language. */
export interface MergeContext {
  language: TemplateLanguage;
  /** What the template sees: entity, contact, case, owner, sender, company, today. */
  values: {
    entity: Values | null;
    contact: Values | null;
    case: Values | null;
    owner: Values | null;
    sender: Values | null;
    company: Values;
    today: string;
    /** Commercial mail only: this mail's unsubscribe link. */
    unsubscribe_url?: string;
  };
  /** The admin's custom field keys per object: a `custom.<key>` not among them is an unknown field. */
  customKeys: CustomKeys;
  /** For instants (the date filter) and the currency of money without a case. */
  timeZone: string;
  currency: string;
  /**
   * The recipient's language: the contact's, else the entity's (their `language` column); for records from
   * before that column, a custom field `language`/`idioma`/`lang` of the contact, else of the entity.
   */
  preferredLanguage: TemplateLanguage | null;
}

const LANGUAGES: readonly string[] = ['es', 'ca', 'en'];
const PREFERRED_LANGUAGE_KEYS = ['language', 'idioma', 'lang'];

/** A numeric column's text ("1234.5000") with at most two trailing zero decimals dropped: "1234.50". */
export function decimalText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const match = /^(-?\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  let decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length < 2) decimals = decimals.padEnd(2, '0');
  return `${match[1]}.${decimals}`;
}

export async function loadMergeLookups(db: Executor): Promise<MergeLookups> {
  const [entity, contact, caseFields, options, calendar, profile] = await Promise.all([
    listFields(db, 'entity'),
    listFields(db, 'contact'),
    listFields(db, 'case'),
    listOptions(db),
    installationCalendar(db),
    getCompanyProfile(db),
  ]);
  // The company profile (Administración → Empresa); without one, the name and address mail is sent from.
  const sender = mailSender();
  const company = Object.fromEntries(
    COMPANY_FIELDS.map((f) => [f, profile[f] ?? '']),
  ) as MergeLookups['company'];
  company.name ||= sender.name || sender.address;
  company.email ||= sender.address;
  return {
    definitions: { entity, contact, case: caseFields },
    pickLabels: new Map(options.map((o) => [`${o.list}:${o.key}`, o.labels as Labels])),
    timeZone: calendar.timeZone,
    currency: calendar.currency,
    company,
  };
}

/** The records of one mail, as read from the database, before they are put in a language. */
export interface MergeRecords {
  lookups: MergeLookups;
  entity: Record<string, any> | null;
  contact: Record<string, any> | null;
  case: Record<string, any> | null;
  owner: { name: string; email: string } | null;
  sender: { name: string; email: string } | null;
  /** Names of the users custom `user` fields point at. */
  userNames: Map<string, string>;
}

/** Records per round of queries in loadMergeRecordsBatch (each id list is one array parameter). */
export const MERGE_CHUNK = 500;

type Row = Record<string, any>;

const byIdOf = (rows: Row[]) => new Map<string, Row>(rows.map((r) => [r.id as string, r]));
const uniqueIds = (ids: (string | null | undefined)[]) => [
  ...new Set(ids.filter((id): id is string => !!id)),
];

async function loadChunk(
  db: Executor,
  refsList: readonly MergeRefs[],
  lookupsOrPromise: MergeLookups | Promise<MergeLookups>,
): Promise<MergeRecords[]> {
  const caseIds = uniqueIds(refsList.map((r) => r.caseId));
  const caseRows = caseIds.length
    ? await db
        .selectFrom('cases')
        .innerJoin('case_types as ct', 'ct.id', 'cases.type_id')
        .innerJoin('case_statuses as cs', 'cs.id', 'cases.status_id')
        .selectAll('cases')
        .select([
          'ct.labels as type_labels',
          'cs.labels as status_labels',
          'cs.probability as status_probability',
          sql<string>`(coalesce(cases.amount, 0) + coalesce(cases.tax_amount, 0))::text`.as('total'),
        ])
        .where(sql<boolean>`cases.id = any(${caseIds}::uuid[])`)
        .where('cases.deleted_at', 'is', null)
        .execute()
    : [];
  const cases = byIdOf(caseRows);
  // A case brings its contact, a contact (or a case) its entity: read in that order, each kind in one query.
  const contactIdOf = (refs: MergeRefs) =>
    refs.contactId ?? (refs.caseId ? cases.get(refs.caseId)?.contact_id : null) ?? null;
  const contactIds = uniqueIds(refsList.map(contactIdOf));
  const contacts = byIdOf(
    contactIds.length
      ? await db
          .selectFrom('contacts')
          .selectAll()
          .where(sql<boolean>`id = any(${contactIds}::uuid[])`)
          .where('deleted_at', 'is', null)
          .execute()
      : [],
  );
  const entityIdOf = (refs: MergeRefs) => {
    const contactId = contactIdOf(refs);
    return (
      refs.entityId ??
      (contactId ? contacts.get(contactId)?.entity_id : null) ??
      (refs.caseId ? cases.get(refs.caseId)?.entity_id : null) ??
      null
    );
  };
  const entityIds = uniqueIds(refsList.map(entityIdOf));
  const entities = byIdOf(
    entityIds.length
      ? await db
          .selectFrom('entities')
          .selectAll()
          .where(sql<boolean>`id = any(${entityIds}::uuid[])`)
          .where('deleted_at', 'is', null)
          .execute()
      : [],
  );
  const resolved = refsList.map((refs) => {
    const caseRow = refs.caseId ? cases.get(refs.caseId) : undefined;
    const contactId = contactIdOf(refs);
    const contactRow = contactId ? contacts.get(contactId) : undefined;
    const entityId = entityIdOf(refs);
    const entityRow = entityId ? entities.get(entityId) : undefined;
    const ownerId: string | null = refs.ownerUserId ?? caseRow?.owner_id ?? entityRow?.owner_id ?? null;
    return { refs, caseRow, contactRow, entityRow, ownerId };
  });
  const lookups = await lookupsOrPromise;
  // Owners, senders and the users custom `user` fields point at: one query for the chunk.
  const userIds = new Set<string>();
  for (const { refs, caseRow, contactRow, entityRow, ownerId } of resolved) {
    if (ownerId) userIds.add(ownerId);
    if (refs.senderUserId) userIds.add(refs.senderUserId);
    const records: [CustomRoot, Row | undefined][] = [
      ['entity', entityRow],
      ['contact', contactRow],
      ['case', caseRow],
    ];
    for (const [root, row] of records) {
      if (!row) continue;
      for (const def of lookups.definitions[root]) {
        const value = (row.custom as Record<string, unknown>)?.[def.key];
        if (def.type === 'user' && typeof value === 'string') userIds.add(value);
      }
    }
  }
  const users =
    userIds.size > 0
      ? await db
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('id', 'in', [...userIds])
          .execute()
      : [];
  const usersById = new Map(users.map((u) => [u.id, u]));
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const person = (id: string | null | undefined) => {
    const user = id ? usersById.get(id) : undefined;
    return user ? { name: user.name, email: user.email } : null;
  };
  return resolved.map(({ refs, caseRow, contactRow, entityRow, ownerId }) => ({
    lookups,
    entity: entityRow ?? null,
    contact: contactRow ?? null,
    case: caseRow ?? null,
    owner: person(ownerId),
    sender: person(refs.senderUserId),
    userNames,
  }));
}

/**
 * The records of many mails (a bulk send: one per recipient), MERGE_CHUNK at a time: per chunk one query each
 * for the cases, the contacts, the entities and the users, whatever the number of mails. Same order as
 * `refsList`; each is what loadMergeRecords answers for those refs.
 */
export async function loadMergeRecordsBatch(
  db: Executor,
  refsList: readonly MergeRefs[],
  lookups?: MergeLookups,
): Promise<MergeRecords[]> {
  const resolvedLookups = lookups ?? (await loadMergeLookups(db));
  const out: MergeRecords[] = [];
  for (let start = 0; start < refsList.length; start += MERGE_CHUNK)
    out.push(...(await loadChunk(db, refsList.slice(start, start + MERGE_CHUNK), resolvedLookups)));
  return out;
}

/** The records of one mail (refs resolved: a case brings its contact and entity, a contact its entity). */
export async function loadMergeRecords(
  db: Executor,
  refs: MergeRefs,
  lookups?: MergeLookups,
): Promise<MergeRecords> {
  // The lookups (six small reads) go alongside the record reads; only the user step waits for them.
  const pending = lookups ?? loadMergeLookups(db);
  if (pending instanceof Promise) pending.catch(() => {}); // awaited (and thrown) in loadChunk
  const [records] = await loadChunk(db, [refs], pending);
  return records as MergeRecords;
}

const YES_NO: Record<TemplateLanguage, [string, string]> = {
  es: ['Sí', 'No'],
  ca: ['Sí', 'No'],
  en: ['Yes', 'No'],
};

/** Custom values as a reader sees them: option labels, user names, yes/no; the rest as stored. */
function customValues(
  definitions: FieldDefinition[],
  stored: Record<string, unknown> | null | undefined,
  language: TemplateLanguage,
  userNames: Map<string, string>,
): Values {
  const out: Values = {};
  for (const def of definitions) {
    const value = stored?.[def.key];
    if (value === undefined || value === null || value === '') {
      out[def.key] = null;
      continue;
    }
    const optionLabel = (key: unknown) => {
      const option = def.options.find((o) => o.key === key);
      return option ? labelIn(option.labels as Labels, language) : String(key);
    };
    switch (def.type) {
      case 'select':
        out[def.key] = optionLabel(value);
        break;
      case 'multiselect':
        out[def.key] = Array.isArray(value) ? value.map(optionLabel).join(', ') : String(value);
        break;
      case 'boolean':
        out[def.key] = value === true ? YES_NO[language][0] : YES_NO[language][1];
        break;
      case 'user':
        out[def.key] = userNames.get(String(value)) ?? null;
        break;
      default:
        out[def.key] = typeof value === 'object' ? JSON.stringify(value) : value;
    }
  }
  return out;
}

/** The recipient's language (see MergeContext.preferredLanguage), without a context. */
export function preferredLanguageOfRecords(records: MergeRecords): TemplateLanguage | null {
  return preferredLanguageOf(records.contact, records.entity);
}

function preferredLanguageOf(...rows: (Record<string, any> | null)[]): TemplateLanguage | null {
  for (const row of rows)
    if (typeof row?.language === 'string' && LANGUAGES.includes(row.language))
      return row.language as TemplateLanguage;
  // Before the column: a custom field an admin made for it.
  for (const row of rows) {
    const custom = (row?.custom ?? {}) as Record<string, unknown>;
    for (const key of PREFERRED_LANGUAGE_KEYS) {
      const value = custom[key];
      if (typeof value === 'string' && LANGUAGES.includes(value.toLowerCase()))
        return value.toLowerCase() as TemplateLanguage;
    }
  }
  return null;
}

const customKeysCache = new WeakMap<MergeLookups, CustomKeys>();

/** The custom field keys per object: the same for every record of one set of lookups (read-only sets). */
function customKeysOf(lookups: MergeLookups): CustomKeys {
  let keys = customKeysCache.get(lookups);
  if (!keys) {
    keys = Object.fromEntries(
      CUSTOM_ROOTS.map((root) => [root, new Set(lookups.definitions[root].map((d) => d.key))]),
    ) as CustomKeys;
    customKeysCache.set(lookups, keys);
  }
  return keys;
}

/** The records put into one language: what `{{ … }}` reads. Missing values are null (they render empty). */
export function buildMergeContext(records: MergeRecords, language: TemplateLanguage): MergeContext {
  const { lookups, entity: e, contact: c, case: k, userNames } = records;
  const pick = (list: string, key: string | null | undefined) => {
    if (!key) return null;
    const labels = lookups.pickLabels.get(`${list}:${key}`);
    return labels ? labelIn(labels, language) : key;
  };
  const t = translator(language);
  const entity: Values | null = e
    ? {
        name: e.name,
        legal_name: e.legal_name,
        code: e.code,
        tax_id: e.tax_id,
        email: e.emails?.[0] ?? null,
        phone: e.phones?.[0] ?? null,
        web: e.web,
        address: e.street,
        postal_code: e.postal_code,
        city: e.city,
        province: e.province,
        country: e.country,
        source: pick('source', e.source),
        sector: pick('sector', e.sector),
        zone: pick('zone', e.zone),
        custom: customValues(lookups.definitions.entity, e.custom, language, userNames),
      }
    : null;
  const contact: Values | null = c
    ? {
        first_name: c.first_name,
        last_name: c.last_name,
        name: [c.first_name, c.last_name].filter(Boolean).join(' '),
        email: c.emails?.[0] ?? null,
        phone: c.phones?.[0] ?? null,
        position: c.job_title,
        department: c.department,
        custom: customValues(lookups.definitions.contact, c.custom, language, userNames),
      }
    : null;
  const kase: Values | null = k
    ? {
        number: k.number,
        title: k.title,
        type: labelIn(k.type_labels as Labels, language),
        status: labelIn(k.status_labels as Labels, language),
        priority: t(`open_cases.priority.${k.priority}`, { defaultValue: k.priority }),
        amount: decimalText(k.amount),
        tax_amount: decimalText(k.tax_amount),
        total: k.amount === null && k.tax_amount === null ? null : decimalText(k.total),
        currency: k.currency,
        probability: k.probability ?? k.status_probability ?? null,
        expected_close: k.expected_close,
        custom: customValues(
          lookups.definitions.case.filter((d) => d.type_id === k.type_id),
          k.custom,
          language,
          userNames,
        ),
      }
    : null;
  // A custom key of another case type is known (no warning) but empty on this case.
  if (kase) {
    const custom = kase.custom as Values;
    for (const def of lookups.definitions.case) if (!(def.key in custom)) custom[def.key] = null;
  }
  const customKeys = customKeysOf(lookups);
  return {
    language,
    values: {
      entity,
      contact,
      case: kase,
      owner: records.owner,
      sender: records.sender,
      company: { ...lookups.company },
      today: localDate(new Date(), lookups.timeZone),
    },
    customKeys,
    timeZone: lookups.timeZone,
    currency: typeof k?.currency === 'string' ? k.currency : lookups.currency,
    preferredLanguage: preferredLanguageOf(c, e),
  };
}

/** The merge context of one mail (refs resolved: a case brings its contact and entity, a contact its entity). */
export async function loadMergeContext(
  db: Executor,
  refs: MergeRefs,
  language: TemplateLanguage,
  lookups?: MergeLookups,
): Promise<MergeContext> {
  return buildMergeContext(await loadMergeRecords(db, refs, lookups), language);
}

/** The merge contexts of many mails in one language (MERGE_CHUNK records per round of four queries). */
export async function loadMergeContexts(
  db: Executor,
  refsList: readonly MergeRefs[],
  language: TemplateLanguage,
  lookups?: MergeLookups,
): Promise<MergeContext[]> {
  const records = await loadMergeRecordsBatch(db, refsList, lookups);
  return records.map((r) => buildMergeContext(r, language));
}
