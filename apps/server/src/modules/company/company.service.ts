import { COMPANY_FIELDS, type CompanyProfile, type UpdateCompanyRequest } from '@trato/contracts/company';
import { looksSpanishTaxId, validateTaxId } from '@trato/contracts/validation/tax-id';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, isUniqueViolation, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { checkEmail, checkPhone, checkUrl } from '../../platform/validate.ts';

// The installation's own company (Administración → Empresa), one row of `settings` under the key 'company':
// { name, legal_name, tax_id, email, phone, web, address, city, postal_code, version }. Mail templates read
// it as {{ company.* }}. The version lives in the stored value (settings rows have none of their own).

const KEY = 'company';
// Settings rows have a text key, events want a uuid object id: one fixed id stands for "the company".
const COMPANY_OBJECT_ID = '00000000-0000-0000-0000-000000000000';

type Fields = Omit<CompanyProfile, 'version' | 'updated_at' | 'updated_by'>;
type Input = z.output<typeof UpdateCompanyRequest>;

const textOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value : null;

function profileOf(
  row: { value: unknown; updated_at: Date; updated_by: string | null } | undefined,
): CompanyProfile {
  const stored = (row?.value && typeof row.value === 'object' ? row.value : {}) as Record<string, unknown>;
  const fields = Object.fromEntries(COMPANY_FIELDS.map((f) => [f, textOrNull(stored[f])])) as Fields;
  const version = Number.isInteger(stored.version) ? (stored.version as number) : row ? 1 : 0;
  return {
    ...fields,
    version,
    updated_at: row ? row.updated_at.toISOString() : null,
    updated_by: row?.updated_by ?? null,
  };
}

async function readRow(db: Executor, forUpdate = false) {
  let query = db.selectFrom('settings').select(['value', 'updated_at', 'updated_by']).where('key', '=', KEY);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The company profile; every field null (version 0) while nobody has saved it. */
export async function getCompanyProfile(db: Executor): Promise<CompanyProfile> {
  return profileOf(await readRow(db));
}

/** A bare domain gets https:// in front; a URL that is only an origin loses the trailing slash. */
function webOf(value: string, issues: IssueCollector): string | null {
  const url = checkUrl(value, 'web', issues);
  return url?.replace(/^(https?:\/\/[^/?#]+)\/$/, '$1') ?? null;
}

/** Checks the input: tax id (like an entity's NIF/CIF), email, phone, web. Returns the fields to store. */
function resolveFields(input: Input): Fields {
  const issues = new IssueCollector();
  let taxId = input.tax_id ?? null;
  if (taxId) {
    const result = validateTaxId(taxId, looksSpanishTaxId(taxId) ? 'ES' : null);
    if (result.ok) taxId = result.value;
    else
      issues.add('tax_id', result.code === 'invalid_checksum' ? 'invalid_tax_id_checksum' : 'invalid_tax_id');
  }
  const email = input.email ? checkEmail(input.email, 'email', issues) : null;
  // The phone is shown as written (the admin's format), but it must be a phone number.
  if (input.phone) checkPhone(input.phone, 'phone', issues);
  const web = input.web ? webOf(input.web, issues) : null;
  issues.throwIfAny();
  return {
    name: input.name,
    legal_name: input.legal_name ?? null,
    tax_id: taxId,
    email,
    phone: input.phone ?? null,
    web,
    address: input.address ?? null,
    city: input.city ?? null,
    postal_code: input.postal_code ?? null,
  };
}

/**
 * Replaces the company profile. `version` must be the one read (0 for the first save), else 409
 * version_conflict. Records 'company.updated' with the changed fields.
 */
export async function updateCompanyProfile(
  db: Database,
  auth: AuthContext,
  input: Input,
): Promise<CompanyProfile> {
  const fields = resolveFields(input);
  await db
    .transaction()
    .execute(async (trx) => {
      const row = await readRow(trx, true);
      const current = profileOf(row);
      if (current.version !== input.version) throw versionConflict(current.version);
      const changes = diffChanges(current, fields, COMPANY_FIELDS);
      if (row && Object.keys(changes).length === 0) return;
      const value = JSON.stringify({ ...fields, version: current.version + 1 });
      if (row)
        await trx
          .updateTable('settings')
          .set({ value, updated_at: new Date(), updated_by: auth.userId })
          .where('key', '=', KEY)
          .execute();
      else await trx.insertInto('settings').values({ key: KEY, value, updated_by: auth.userId }).execute();
      await recordEvent(trx, {
        type: 'company.updated',
        object: 'company',
        objectId: COMPANY_OBJECT_ID,
        entityId: null,
        actorId: auth.userId,
        changes,
      });
    })
    .catch(async (error) => {
      // Two first saves at once: the second finds the row the first inserted.
      if (isUniqueViolation(error, 'settings_pkey'))
        throw versionConflict((await getCompanyProfile(db)).version);
      throw error;
    });
  return getCompanyProfile(db);
}
