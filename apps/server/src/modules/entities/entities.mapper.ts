import type { Entity } from '@trato/contracts/entities';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { EntityRow } from '../../db/schema.ts';
import type { FieldMap } from '../../platform/list-query.ts';

export type EntityRowWithOwner = EntityRow & { owner_name: string | null; contact_count?: number | null };

export function toEntity(row: EntityRowWithOwner): Entity {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    legal_name: row.legal_name,
    roles: row.roles,
    code: row.code,
    tax_id: row.tax_id,
    tax_country: row.tax_country,
    emails: row.emails,
    phones: row.phones,
    web: row.web,
    street: row.street,
    postal_code: row.postal_code,
    city: row.city,
    province: row.province,
    country: row.country,
    source: row.source,
    sector: row.sector,
    zone: row.zone,
    owner_id: row.owner_id,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    language: row.language ?? null,
    custom: row.custom,
    ...(row.contact_count !== undefined &&
      row.contact_count !== null && { contact_count: row.contact_count }),
    merged_into_id: row.merged_into_id,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    deleted_at: row.deleted_at?.toISOString() ?? null,
  };
}

/** Phone digits as people type them: with and without the country prefix. */
export function phoneSearchTerms(phones: readonly string[]): string[] {
  return phones.flatMap((p) => {
    const digits = p.replace(/\D/g, '');
    return digits.startsWith('34') ? [digits, digits.slice(2)] : [digits];
  });
}

/** What global search matches on: names, code, tax id, emails, phones, city; accent- and case-free. */
export function entitySearchText(e: {
  name: string;
  legal_name?: string | null;
  code?: string | null;
  tax_id?: string | null;
  emails?: readonly string[];
  phones?: readonly string[];
  city?: string | null;
}): string {
  return normalizeSearchText(
    [e.name, e.legal_name, e.code, e.tax_id, ...(e.emails ?? []), ...phoneSearchTerms(e.phones ?? []), e.city]
      .filter(Boolean)
      .join(' '),
  );
}

const col = (name: string) => sql.ref(`entities.${name}`);

/** Fields of the entity list for filters and sort (custom fields are added per request). */
export const ENTITY_FIELDS: FieldMap = {
  name: { expr: col('name_key'), kind: 'name', nullable: false },
  kind: { expr: col('kind'), kind: 'key', nullable: false },
  roles: { expr: col('roles'), kind: 'array', nullable: false, sortable: false },
  code: { expr: col('code'), kind: 'text', nullable: true },
  tax_id: { expr: col('tax_id'), kind: 'text', nullable: true },
  emails: { expr: col('emails'), kind: 'array', nullable: false, sortable: false },
  phones: { expr: col('phones'), kind: 'array', nullable: false, sortable: false },
  city: { expr: col('city'), kind: 'text', nullable: true },
  province: { expr: col('province'), kind: 'text', nullable: true },
  country: { expr: col('country'), kind: 'key', nullable: true },
  postal_code: { expr: col('postal_code'), kind: 'text', nullable: true },
  source: { expr: col('source'), kind: 'key', nullable: true },
  sector: { expr: col('sector'), kind: 'key', nullable: true },
  zone: { expr: col('zone'), kind: 'key', nullable: true },
  owner_id: { expr: col('owner_id'), kind: 'uuid', nullable: true },
  language: { expr: col('language'), kind: 'key', nullable: true },
  created_at: { expr: col('created_at'), kind: 'datetime', nullable: false },
  updated_at: { expr: col('updated_at'), kind: 'datetime', nullable: false },
};

/** Entity fields written by the API, in the order a timeline lists changes. */
export const ENTITY_WRITABLE = [
  'kind',
  'name',
  'legal_name',
  'roles',
  'code',
  'tax_id',
  'tax_country',
  'emails',
  'phones',
  'web',
  'street',
  'postal_code',
  'city',
  'province',
  'country',
  'source',
  'sector',
  'zone',
  'owner_id',
  'language',
  'custom',
] as const;
