import { z } from 'zod';
import { id, isoDateTime, LOCALES, optionalText, text, UserRef, Version } from './common.ts';
import { CustomValues } from './settings.ts';

export const ENTITY_KINDS = ['person', 'company'] as const;

/** The languages a customer (entity or contact) can be written to; null = not known (template default). */
export const CUSTOMER_LANGUAGES = LOCALES;
export const CustomerLanguage = z.enum(CUSTOMER_LANGUAGES);
export type CustomerLanguage = z.infer<typeof CustomerLanguage>;

const pickKey = z.string().max(64).nullish();
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { message: 'invalid_country' })
  .transform((c) => c.toUpperCase())
  .nullish();

/**
 * Fields a client writes. Emails, phones and tax ids are checked and normalised by the server
 * (E.164 phones, Spanish NIF/CIF/NIE checksums) so errors name the exact item: `emails.1`.
 */
const entityFields = {
  kind: z.enum(ENTITY_KINDS),
  name: text(200).pipe(z.string().min(1)),
  legal_name: optionalText(200),
  roles: z.array(z.string().max(64)).max(20),
  code: optionalText(64),
  tax_id: optionalText(32),
  tax_country: country,
  emails: z.array(z.string().max(320)).max(20),
  phones: z.array(z.string().max(40)).max(20),
  web: optionalText(500),
  street: optionalText(300),
  postal_code: optionalText(20),
  city: optionalText(120),
  province: optionalText(120),
  country,
  source: pickKey,
  sector: pickKey,
  zone: pickKey,
  owner_id: id.nullish(),
  language: CustomerLanguage.nullish(),
  custom: CustomValues,
};

export const CreateEntityRequest = z.strictObject({
  ...entityFields,
  roles: entityFields.roles.optional(),
  emails: entityFields.emails.optional(),
  phones: entityFields.phones.optional(),
  custom: CustomValues.optional(),
});
export type CreateEntityRequest = z.input<typeof CreateEntityRequest>;

export const UpdateEntityRequest = z.strictObject({
  version: Version,
  kind: entityFields.kind.optional(),
  name: entityFields.name.optional(),
  legal_name: entityFields.legal_name,
  roles: entityFields.roles.optional(),
  code: entityFields.code,
  tax_id: entityFields.tax_id,
  tax_country: entityFields.tax_country,
  emails: entityFields.emails.optional(),
  phones: entityFields.phones.optional(),
  web: entityFields.web,
  street: entityFields.street,
  postal_code: entityFields.postal_code,
  city: entityFields.city,
  province: entityFields.province,
  country: entityFields.country,
  source: entityFields.source,
  sector: entityFields.sector,
  zone: entityFields.zone,
  owner_id: entityFields.owner_id,
  language: entityFields.language,
  custom: CustomValues.optional(),
});
export type UpdateEntityRequest = z.input<typeof UpdateEntityRequest>;

/** Upsert by external (ERP) code: the whole record, created or replaced. `version` is optional here. */
export const UpsertEntityRequest = CreateEntityRequest.omit({ code: true }).extend({
  version: Version.optional(),
});

export const Entity = z.object({
  id,
  kind: z.enum(ENTITY_KINDS),
  name: z.string().max(200),
  legal_name: z.string().max(200).nullable(),
  roles: z.array(z.string().max(64)).max(20),
  code: z.string().max(64).nullable(),
  tax_id: z.string().max(32).nullable(),
  tax_country: z.string().max(2).nullable(),
  emails: z.array(z.string().max(320)).max(20),
  phones: z.array(z.string().max(40)).max(20),
  web: z.string().max(500).nullable(),
  street: z.string().max(300).nullable(),
  postal_code: z.string().max(20).nullable(),
  city: z.string().max(120).nullable(),
  province: z.string().max(120).nullable(),
  country: z.string().max(2).nullable(),
  source: z.string().max(64).nullable(),
  sector: z.string().max(64).nullable(),
  zone: z.string().max(64).nullable(),
  owner_id: id.nullable(),
  owner: UserRef,
  language: CustomerLanguage.nullable(),
  custom: z.record(z.string().max(100), z.unknown()),
  contact_count: z.number().int().min(0).optional(),
  merged_into_id: id.nullable(),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: id.nullable(),
  deleted_at: isoDateTime.nullable(),
});
export type Entity = z.infer<typeof Entity>;

/** Fields of the entity list that can be filtered and sorted (plus `custom.<key>` for custom fields). */
export const ENTITY_LIST_FIELDS = [
  'name',
  'kind',
  'roles',
  'code',
  'tax_id',
  'emails',
  'phones',
  'city',
  'province',
  'country',
  'postal_code',
  'source',
  'sector',
  'zone',
  'owner_id',
  'language',
  'created_at',
  'updated_at',
] as const;

export const DuplicateCheckRequest = z.strictObject({
  exclude_id: id.optional(),
  name: z.string().max(200).optional(),
  tax_id: z.string().max(32).nullish(),
  emails: z.array(z.string().max(320)).max(20).optional(),
  phones: z.array(z.string().max(40)).max(20).optional(),
});
export const DuplicateCandidate = z.object({
  id,
  name: z.string().max(200),
  kind: z.enum(ENTITY_KINDS),
  tax_id: z.string().max(32).nullable(),
  city: z.string().max(120).nullable(),
  /** Why it looks like the same one: tax_id, email, phone, name. */
  reasons: z.array(z.enum(['tax_id', 'email', 'phone', 'name'])).max(4),
  score: z.number(),
});
export const DuplicateCheckResponse = z.object({ data: z.array(DuplicateCandidate).max(20) });

/** Merge `from_id` into this entity. `values` picks, field by field, what the survivor keeps. */
export const MergeEntitiesRequest = z.strictObject({
  from_id: id,
  version: Version,
  values: UpdateEntityRequest.omit({ version: true }).optional(),
});

export const BulkUpdateEntitiesRequest = z.strictObject({
  ids: z.array(id).min(1).max(1000),
  set: z.strictObject({
    owner_id: id.nullable().optional(),
    source: pickKey,
    sector: pickKey,
    zone: pickKey,
    add_roles: z.array(z.string().max(64)).max(20).optional(),
    remove_roles: z.array(z.string().max(64)).max(20).optional(),
  }),
});
export const BulkResult = z.object({
  updated: z.number().int().min(0),
  errors: z.array(z.object({ id, code: z.string().max(64), message: z.string().max(1000) })).max(1000),
});
