import { z } from 'zod';
import { id, isoDate, isoDateTime, optionalText, text, Version } from './common.ts';
import { CustomerLanguage } from './entities.ts';
import { CustomValues } from './settings.ts';

const contactFields = {
  entity_id: id,
  first_name: text(120).pipe(z.string().min(1)),
  last_name: optionalText(200),
  job_title: optionalText(200),
  department: optionalText(200),
  emails: z.array(z.string().max(320)).max(20),
  phones: z.array(z.string().max(40)).max(20),
  is_primary: z.boolean(),
  birthday: isoDate.nullish(),
  language: CustomerLanguage.nullish(),
  custom: CustomValues,
};

export const CreateContactRequest = z.strictObject({
  ...contactFields,
  emails: contactFields.emails.optional(),
  phones: contactFields.phones.optional(),
  is_primary: contactFields.is_primary.optional(),
  custom: CustomValues.optional(),
});
export type CreateContactRequest = z.input<typeof CreateContactRequest>;

export const UpdateContactRequest = z.strictObject({
  version: Version,
  entity_id: id.optional(),
  first_name: contactFields.first_name.optional(),
  last_name: contactFields.last_name,
  job_title: contactFields.job_title,
  department: contactFields.department,
  emails: contactFields.emails.optional(),
  phones: contactFields.phones.optional(),
  is_primary: contactFields.is_primary.optional(),
  birthday: contactFields.birthday,
  language: contactFields.language,
  custom: CustomValues.optional(),
});
export type UpdateContactRequest = z.input<typeof UpdateContactRequest>;

export const Contact = z.object({
  id,
  entity_id: id,
  entity_name: z.string().max(200),
  first_name: z.string().max(120),
  last_name: z.string().max(200).nullable(),
  full_name: z.string().max(400),
  job_title: z.string().max(200).nullable(),
  department: z.string().max(200).nullable(),
  emails: z.array(z.string().max(320)).max(20),
  phones: z.array(z.string().max(40)).max(20),
  is_primary: z.boolean(),
  birthday: isoDate.nullable(),
  language: CustomerLanguage.nullable(),
  custom: z.record(z.string().max(100), z.unknown()),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: id.nullable(),
  deleted_at: isoDateTime.nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const CONTACT_LIST_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'entity_id',
  'job_title',
  'department',
  'emails',
  'phones',
  'is_primary',
  'language',
  'created_at',
  'updated_at',
] as const;

/** Result of importing a .vcf file into an entity: one row per card. */
export const VcardImportResult = z.object({
  created: z.array(Contact).max(1000),
  errors: z
    .array(
      z.object({
        index: z.number().int(),
        field: z.string().max(200),
        code: z.string().max(64),
        message: z.string().max(1000),
      }),
    )
    .max(1000),
});
