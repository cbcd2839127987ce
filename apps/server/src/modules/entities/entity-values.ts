import type { FieldDefinition } from '@trato/contracts/settings';
import { looksSpanishTaxId, validateTaxId } from '@trato/contracts/validation/tax-id';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import type { EntityRow } from '../../db/schema.ts';
import type { IssueCollector } from '../../platform/errors.ts';
import { checkEmails, checkPhones, checkUrl } from '../../platform/validate.ts';
import { validateCustomValues } from '../fields/fields.service.ts';
import { entitySearchText } from './entities.mapper.ts';

/** What a write may set: the parsed request (create, patch or upsert) minus the version. */
export type EntityInput = Partial<{
  kind: 'person' | 'company';
  name: string;
  legal_name: string | null;
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
  language: 'es' | 'ca' | 'en' | null;
  custom: Record<string, unknown>;
}>;

export interface EntityRules {
  definitions: FieldDefinition[];
  pickLists: Map<string, Set<string>>;
  userIds: Set<string>;
}

/**
 * Checks and normalises an entity write against the current record (null on create): emails, phones (E.164),
 * tax id checksums, pick-list values, owner and custom fields. Returns only the columns that change.
 */
export function resolveEntityValues(
  input: EntityInput,
  current: EntityRow | null,
  rules: EntityRules,
  issues: IssueCollector,
) {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && key !== 'custom') values[key] = value;
  }
  if (input.emails) values.emails = checkEmails(input.emails, 'emails', issues);
  if (input.phones) values.phones = checkPhones(input.phones, 'phones', issues);
  if (input.web) values.web = checkUrl(input.web, 'web', issues);

  const taxCountry = input.tax_country !== undefined ? input.tax_country : (current?.tax_country ?? null);
  const taxId = input.tax_id !== undefined ? input.tax_id : (current?.tax_id ?? null);
  if (taxId && (input.tax_id !== undefined || input.tax_country !== undefined)) {
    const country = taxCountry ?? (looksSpanishTaxId(taxId) ? 'ES' : null);
    const result = validateTaxId(taxId, country);
    if (result.ok) {
      values.tax_id = result.value;
      values.tax_country = country;
    } else
      issues.add('tax_id', result.code === 'invalid_checksum' ? 'invalid_tax_id_checksum' : 'invalid_tax_id');
  }

  input.roles?.forEach((role, i) => {
    if (!rules.pickLists.get('entity_roles')?.has(role) && !current?.roles.includes(role))
      issues.add(`roles.${i}`, 'invalid_option');
  });
  if (input.roles) values.roles = [...new Set(input.roles)];
  for (const list of ['source', 'sector', 'zone'] as const) {
    const value = input[list];
    if (value && value !== current?.[list] && !rules.pickLists.get(list)?.has(value))
      issues.add(list, 'invalid_option');
  }
  if (input.owner_id && input.owner_id !== current?.owner_id && !rules.userIds.has(input.owner_id))
    issues.add('owner_id', 'unknown_user');

  if (input.custom !== undefined || !current) {
    values.custom = validateCustomValues(
      rules.definitions,
      input.custom,
      current?.custom ?? {},
      issues,
      rules.userIds,
    );
  }

  const merged = { ...current, ...values } as EntityRow;
  if (values.name !== undefined) values.name_key = normalizeSearchText(merged.name);
  values.search_text = entitySearchText(merged);
  return values;
}
