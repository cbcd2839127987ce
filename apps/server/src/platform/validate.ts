import { emailFieldCode, validateEmail } from '@trato/contracts/validation/email';
import { normalizePhone } from '@trato/contracts/validation/phone';
import type { IssueCollector } from './errors.ts';

// Mail servers treat the local part without case in practice; storing one form makes duplicates findable.
const caseless = (address: string) => address.toLowerCase();

/**
 * Checks and normalises a list of email addresses; duplicates (after normalising) are dropped. Strict: an
 * address with surrounding spaces or line breaks is refused, not trimmed (see the policy in email.ts).
 */
export function checkEmails(values: readonly string[], field: string, issues: IssueCollector): string[] {
  const out: string[] = [];
  values.forEach((value, i) => {
    const result = validateEmail(value);
    if (result.ok) {
      const address = caseless(result.value);
      if (!out.includes(address)) out.push(address);
    } else issues.add(`${field}.${i}`, emailFieldCode(result.code));
  });
  return out;
}

export function checkEmail(value: string, field: string, issues: IssueCollector): string | null {
  const result = validateEmail(value);
  if (result.ok) return caseless(result.value);
  issues.add(field, emailFieldCode(result.code));
  return null;
}

/** Phones to E.164 (Spain when no country prefix is given); duplicates dropped. */
export function checkPhones(values: readonly string[], field: string, issues: IssueCollector): string[] {
  const out: string[] = [];
  values.forEach((value, i) => {
    const result = normalizePhone(value, 'ES');
    if (result.ok) {
      if (!out.includes(result.value)) out.push(result.value);
    } else issues.add(`${field}.${i}`, 'invalid_phone');
  });
  return out;
}

export function checkPhone(value: string, field: string, issues: IssueCollector): string | null {
  const result = normalizePhone(value, 'ES');
  if (result.ok) return result.value;
  issues.add(field, 'invalid_phone');
  return null;
}

/** http(s) URLs only; a bare domain gets https:// in front. */
export function checkUrl(value: string, field: string, issues: IssueCollector): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    if (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname.includes('.') &&
      !/\s/.test(value)
    )
      return url.href;
  } catch {}
  issues.add(field, 'invalid_url');
  return null;
}
