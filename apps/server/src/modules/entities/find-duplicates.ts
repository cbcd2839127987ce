import type { DuplicateCandidate } from '@trato/contracts/entities';
import { validateEmail } from '@trato/contracts/validation/email';
import { normalizePhone } from '@trato/contracts/validation/phone';
import { looksSpanishTaxId, validateTaxId } from '@trato/contracts/validation/tax-id';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { ownerScope } from '../../platform/permissions.ts';

// A name this similar (trigram similarity, 0..1) to an existing one counts as a likely duplicate.
const NAME_SIMILARITY = 0.55;
// Legal forms say nothing about identity: "Telefónica, S.A." and "Telefonica SA" are one company.
const LEGAL_FORMS =
  /\b(s\.?\s?a\.?\s?u?|s\.?\s?l\.?\s?u?|s\.?\s?l\.?\s?l|s\.?\s?coop|s\.?\s?c\.?\s?p|sccl|ltd|llc|inc|gmbh|sarl|sas)\.?$/;

export const nameForMatching = (name: string) =>
  normalizeSearchText(name)
    .replace(/[.,;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEGAL_FORMS, '')
    .trim();

/**
 * Entities that look like the one being written: same tax id, a shared email or phone, or a similar name.
 * Only among those the caller may see; merged and deleted ones are left out.
 */
export async function findDuplicates(
  db: Database,
  auth: AuthContext,
  input: {
    exclude_id?: string | undefined;
    name?: string | undefined;
    tax_id?: string | null | undefined;
    emails?: string[] | undefined;
    phones?: string[] | undefined;
  },
): Promise<z.infer<typeof DuplicateCandidate>[]> {
  const taxId = input.tax_id
    ? validateTaxId(input.tax_id, looksSpanishTaxId(input.tax_id) ? 'ES' : null)
    : null;
  const emails = (input.emails ?? [])
    .map((e) => validateEmail(e.trim()))
    .flatMap((r) => (r.ok ? [r.value.toLowerCase()] : []));
  const phones = (input.phones ?? [])
    .map((p) => normalizePhone(p, 'ES'))
    .flatMap((r) => (r.ok ? [r.value] : []));
  const name = input.name ? nameForMatching(input.name) : '';

  const reasons: ReturnType<typeof sql<string>>[] = [];
  const matches: ReturnType<typeof sql<boolean>>[] = [];
  if (taxId?.ok) {
    matches.push(sql<boolean>`e.tax_id = ${taxId.value}`);
    reasons.push(sql<string>`case when e.tax_id = ${taxId.value} then 'tax_id' end`);
  }
  if (emails.length) {
    matches.push(sql<boolean>`e.emails && ${emails}::text[]`);
    reasons.push(sql<string>`case when e.emails && ${emails}::text[] then 'email' end`);
  }
  if (phones.length) {
    matches.push(sql<boolean>`e.phones && ${phones}::text[]`);
    reasons.push(sql<string>`case when e.phones && ${phones}::text[] then 'phone' end`);
  }
  if (name.length >= 3) {
    matches.push(
      sql<boolean>`(e.name_key % ${name} and similarity(e.name_key, ${name}) >= ${NAME_SIMILARITY})`,
    );
    reasons.push(
      sql<string>`case when similarity(e.name_key, ${name}) >= ${NAME_SIMILARITY} then 'name' end`,
    );
  }
  if (matches.length === 0) return [];

  const scope = ownerScope(auth, 'entities', 'e.owner_id');
  const scopeSql = scope ? sql`and ${scope}` : sql``;
  const exclude = input.exclude_id ? sql`and e.id <> ${input.exclude_id}::uuid` : sql``;
  const result = await sql<{
    id: string;
    name: string;
    kind: 'person' | 'company';
    tax_id: string | null;
    city: string | null;
    reasons: (string | null)[];
    score: number;
  }>`
    select e.id, e.name, e.kind, e.tax_id, e.city,
      array[${sql.join(reasons)}] as reasons,
      ${name.length >= 3 ? sql`similarity(e.name_key, ${name})` : sql`0`}::float8 as score
    from entities e
    where e.deleted_at is null and (${sql.join(matches, sql` or `)}) ${scopeSql} ${exclude}
    order by score desc, e.name_key
    limit 10`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    tax_id: r.tax_id,
    city: r.city,
    reasons: r.reasons.filter((x): x is 'tax_id' | 'email' | 'phone' | 'name' => x !== null),
    score: Math.round(r.score * 100) / 100,
  }));
}
