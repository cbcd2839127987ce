import { z } from 'zod';
import { id, isoDateTime, optionalText, text } from './common.ts';

// The installation's own company (Administración → Empresa): what mail templates show as {{ company.* }}.
// One record; PUT replaces it whole (a field left out is cleared) and wants the version it was read at
// (0 while nobody has saved it yet).

export const COMPANY_FIELDS = [
  'name',
  'legal_name',
  'tax_id',
  'email',
  'phone',
  'web',
  'address',
  'city',
  'postal_code',
] as const;

const limits = {
  legal_name: 200,
  tax_id: 32,
  email: 320,
  phone: 40,
  web: 500,
  address: 300,
  city: 120,
  postal_code: 20,
} as const;

export const UpdateCompanyRequest = z.strictObject({
  version: z.number().int().min(0).max(2_147_483_647),
  name: text(200).pipe(z.string().min(1)),
  legal_name: optionalText(limits.legal_name),
  /** Checked like an entity's: Spanish NIF/CIF/NIE checksums (field tax_id). */
  tax_id: optionalText(limits.tax_id),
  email: optionalText(limits.email),
  /** Kept as written (it is shown in mails as the admin formats it); must be a phone number. */
  phone: optionalText(limits.phone),
  web: optionalText(limits.web),
  address: optionalText(limits.address),
  city: optionalText(limits.city),
  postal_code: optionalText(limits.postal_code),
});
export type UpdateCompanyRequest = z.input<typeof UpdateCompanyRequest>;

export const CompanyProfile = z.object({
  name: z.string().max(200).nullable(),
  legal_name: z.string().max(limits.legal_name).nullable(),
  tax_id: z.string().max(limits.tax_id).nullable(),
  email: z.string().max(limits.email).nullable(),
  phone: z.string().max(limits.phone).nullable(),
  web: z.string().max(limits.web).nullable(),
  address: z.string().max(limits.address).nullable(),
  city: z.string().max(limits.city).nullable(),
  postal_code: z.string().max(limits.postal_code).nullable(),
  /** 0 until the profile is first saved. */
  version: z.number().int().min(0).max(2_147_483_647),
  updated_at: isoDateTime.nullable(),
  updated_by: id.nullable(),
});
export type CompanyProfile = z.infer<typeof CompanyProfile>;
