import type { CustomerLanguage } from './customer-language';
import type { CreateEntityRequest, Entity } from './entities.api';

/** What the entity form edits: strings for text inputs (empty = none), lists for emails and phones. */
export interface EntityFormValues {
  kind: 'company' | 'person';
  name: string;
  legal_name: string;
  roles: string[];
  code: string;
  tax_id: string;
  tax_country: string;
  emails: string[];
  phones: string[];
  web: string;
  street: string;
  postal_code: string;
  city: string;
  province: string;
  country: string;
  source: string | null;
  sector: string | null;
  zone: string | null;
  owner_id: string | null;
  language: CustomerLanguage | null;
  custom: Record<string, unknown>;
}

export const emptyEntityValues = (ownerId: string): EntityFormValues => ({
  kind: 'company',
  name: '',
  legal_name: '',
  roles: [],
  code: '',
  tax_id: '',
  tax_country: 'ES',
  emails: [''],
  phones: [''],
  web: '',
  street: '',
  postal_code: '',
  city: '',
  province: '',
  country: 'ES',
  source: null,
  sector: null,
  zone: null,
  owner_id: ownerId,
  language: null,
  custom: {},
});

export const entityToValues = (e: Entity): EntityFormValues => ({
  kind: e.kind,
  name: e.name,
  legal_name: e.legal_name ?? '',
  roles: e.roles,
  code: e.code ?? '',
  tax_id: e.tax_id ?? '',
  tax_country: e.tax_country ?? '',
  emails: e.emails.length ? e.emails : [''],
  phones: e.phones.length ? e.phones : [''],
  web: e.web ?? '',
  street: e.street ?? '',
  postal_code: e.postal_code ?? '',
  city: e.city ?? '',
  province: e.province ?? '',
  country: e.country ?? '',
  source: e.source,
  sector: e.sector,
  zone: e.zone,
  owner_id: e.owner_id,
  language: e.language,
  custom: { ...e.custom },
});

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Form values → API body. Blank custom values are sent as null so clearing a field clears it. */
export function valuesToRequest(v: EntityFormValues): CreateEntityRequest {
  return {
    kind: v.kind,
    name: v.name.trim(),
    legal_name: orNull(v.legal_name),
    roles: v.roles,
    code: orNull(v.code),
    tax_id: orNull(v.tax_id),
    tax_country: orNull(v.tax_country),
    emails: v.emails.map((s) => s.trim()).filter(Boolean),
    phones: v.phones.map((s) => s.trim()).filter(Boolean),
    web: orNull(v.web),
    street: orNull(v.street),
    postal_code: orNull(v.postal_code),
    city: orNull(v.city),
    province: orNull(v.province),
    country: orNull(v.country),
    source: v.source,
    sector: v.sector,
    zone: v.zone,
    owner_id: v.owner_id,
    language: v.language,
    custom: Object.fromEntries(
      Object.entries(v.custom).map(([k, value]) => [k, isBlank(value) ? null : value]),
    ),
  };
}
