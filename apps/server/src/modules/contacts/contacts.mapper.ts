import type { Contact } from '@trato/contracts/contacts';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { ContactRow } from '../../db/schema.ts';
import type { FieldMap } from '../../platform/list-query.ts';
import { phoneSearchTerms } from '../entities/entities.mapper.ts';

export type ContactRowWithEntity = ContactRow & { entity_name: string };

export const fullName = (c: { first_name: string; last_name: string | null }) =>
  [c.first_name, c.last_name].filter(Boolean).join(' ');

export function toContact(row: ContactRowWithEntity): Contact {
  return {
    id: row.id,
    entity_id: row.entity_id,
    entity_name: row.entity_name,
    first_name: row.first_name,
    last_name: row.last_name,
    full_name: fullName(row),
    job_title: row.job_title,
    department: row.department,
    emails: row.emails,
    phones: row.phones,
    is_primary: row.is_primary,
    birthday: row.birthday,
    language: row.language ?? null,
    custom: row.custom,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    deleted_at: row.deleted_at?.toISOString() ?? null,
  };
}

export function contactSearchText(c: {
  first_name: string;
  last_name: string | null;
  job_title?: string | null;
  emails?: readonly string[];
  phones?: readonly string[];
}): string {
  return normalizeSearchText(
    [c.first_name, c.last_name, c.job_title, ...(c.emails ?? []), ...phoneSearchTerms(c.phones ?? [])]
      .filter(Boolean)
      .join(' '),
  );
}

const col = (name: string) => sql.ref(`contacts.${name}`);

export const CONTACT_FIELDS: FieldMap = {
  name: { expr: col('name_key'), kind: 'name', nullable: false },
  first_name: { expr: col('first_name'), kind: 'text', nullable: false },
  last_name: { expr: col('last_name'), kind: 'text', nullable: true },
  entity_id: { expr: col('entity_id'), kind: 'uuid', nullable: false },
  job_title: { expr: col('job_title'), kind: 'text', nullable: true },
  department: { expr: col('department'), kind: 'text', nullable: true },
  emails: { expr: col('emails'), kind: 'array', nullable: false, sortable: false },
  phones: { expr: col('phones'), kind: 'array', nullable: false, sortable: false },
  is_primary: { expr: col('is_primary'), kind: 'boolean', nullable: false },
  language: { expr: col('language'), kind: 'key', nullable: true },
  created_at: { expr: col('created_at'), kind: 'datetime', nullable: false },
  updated_at: { expr: col('updated_at'), kind: 'datetime', nullable: false },
};

export const CONTACT_WRITABLE = [
  'entity_id',
  'first_name',
  'last_name',
  'job_title',
  'department',
  'emails',
  'phones',
  'is_primary',
  'birthday',
  'language',
  'custom',
] as const;
