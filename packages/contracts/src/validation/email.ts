/*
 * Email addresses — Trato's policy (one policy for every email field, import and API).
 *
 * Trato stores addresses that real mail can reach, and nothing an MUA would not send to:
 *  - Accepted: dot-atom local parts (RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~, dots
 *    not leading, trailing or doubled); internationalised local parts (SMTPUTF8, RFC 6531: letters,
 *    marks, digits, punctuation and symbols beyond ASCII) and IDN domains (U-labels made of letters,
 *    marks and digits that Unicode normalisation leaves unchanged, or valid xn-- A-labels).
 *  - Limits (RFC 5321 §4.5.3.1 / RFC 3696 errata), in UTF-8 octets, both as typed and after NFC
 *    normalisation: local part ≤ 64; domain ≤ 253 (the 255-octet wire limit minus its length bytes)
 *    and each label ≤ 63, in their ASCII (xn--) form; whole address ≤ 254 in Unicode and ASCII form.
 *  - Rejected although RFC 5322 allows them (the tiers file's should_reject and policy rows):
 *    quoted local parts ("john doe"@x.es), address literals (x@[1.2.3.4]), comments and folding
 *    white space, dotless domains (x@localhost, x@io), special-use domains (RFC 6761/7686: .arpa,
 *    .invalid, .local, .localhost, .onion, .test), invisible or control characters, and a top-level
 *    label that is neither all digits nor ends with a letter (x@bad.tld-2; x@iana.123 is accepted).
 *  - validateEmail is strict: the input must be exactly an address. Surrounding white space and
 *    "Name <addr>" forms are rejected (their own codes, so a form can say why). normalizeEmail is the
 *    lenient entry for imported or pasted data: it trims white space (line breaks too), drops a
 *    "mailto:" prefix and unwraps "Display Name <addr>" before the same checks.
 *  - The normalised value: NFC, the domain lowercased (as typed otherwise: U-labels stay Unicode,
 *    A-labels stay ASCII); the local part keeps its case (RFC 5321: only the receiving host may
 *    treat it as case-insensitive).
 * Known conflict in the shared tiers file: pev-9/pev-10 ("MyName <me@example.org>") sit in
 * must_accept and pev-109..113 ("Display Name <me@example.com>") in must_reject; both are the same
 * construct, valid only where display names are allowed. Here: rejected by validateEmail and the
 * schema (an email field holds an address), accepted and unwrapped by normalizeEmail.
 */
import { z } from 'zod';

export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;
export const EMAIL_DOMAIN_MAX_LENGTH = 253;
export const EMAIL_LABEL_MAX_LENGTH = 63;

export type EmailErrorCode =
  | 'empty'
  | 'surrounding_whitespace'
  | 'display_name_not_allowed'
  | 'invalid_syntax'
  | 'invalid_character'
  | 'invalid_local_part'
  | 'quoted_local_part'
  | 'invalid_domain'
  | 'domain_literal'
  | 'dotless_domain'
  | 'reserved_domain'
  | 'too_long'
  | 'local_too_long'
  | 'domain_too_long'
  | 'label_too_long';

export type EmailValidationResult = { ok: true; value: string } | { ok: false; code: EmailErrorCode };

export interface EmailValidationOptions {
  /** Accept "Display Name <addr>" and "<addr>", returning only the address. */
  allowDisplayName?: boolean;
}

const SPECIAL_USE_TLDS = new Set(['arpa', 'invalid', 'local', 'localhost', 'onion', 'test']);
// Anything longer cannot be an address; stop before doing Unicode work on it.
const HARD_INPUT_LIMIT = 1024;

const ASCII_ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
// Never allowed anywhere: controls, format characters (zero-width, bidi overrides), surrogates,
// private use, unassigned/noncharacters, and every kind of space or line/paragraph separator.
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]/u;
const NON_ASCII_LOCAL_CHARACTER = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NON_ASCII_DOMAIN_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;
const COMBINING_MARK = /^\p{M}/u;
const DISPLAY_NAME_FORM = /^(?:"(?:[^"\\]|\\.)*"|[^"<>]*?)\s*<([^<>]*)>$/su;

const fail = (code: EmailErrorCode): EmailValidationResult => ({ ok: false, code });

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;
const isAscii = (s: string): boolean => /^\p{ASCII}*$/u.test(s);

/** Strictly validates one email address and returns its normalised form. */
export function validateEmail(input: string, options: EmailValidationOptions = {}): EmailValidationResult {
  if (input.length === 0) return fail('empty');
  if (input.length > HARD_INPUT_LIMIT) return fail('too_long');
  if (/^\s|\s$/u.test(input)) return fail('surrounding_whitespace');

  const displayName = DISPLAY_NAME_FORM.exec(input);
  if (displayName) {
    if (!options.allowDisplayName) return fail('display_name_not_allowed');
    const inner = displayName[1] ?? '';
    if (inner.length === 0) return fail('empty');
    if (/^\s|\s$/u.test(inner)) return fail('invalid_syntax');
    return validateAddress(inner);
  }
  return validateAddress(input);
}

/**
 * Lenient entry for imported or pasted data (CSV cells, vCards, text copied from a mail client):
 * trims surrounding white space, drops "mailto:", unwraps "Name <addr>", then applies validateEmail.
 */
export function normalizeEmail(input: string): EmailValidationResult {
  let candidate = input.trim();
  if (/^mailto:/i.test(candidate)) candidate = candidate.slice('mailto:'.length).split('?')[0] ?? '';
  return validateEmail(candidate, { allowDisplayName: true });
}

/** The ASCII (xn--) form of an address's domain, for mail servers without SMTPUTF8; null if invalid. */
export function emailToAscii(address: string): string | null {
  const result = validateEmail(address);
  if (!result.ok) return null;
  const at = result.value.lastIndexOf('@');
  const ascii = domainToAscii(result.value.slice(at + 1));
  return ascii === null ? null : `${result.value.slice(0, at)}@${ascii}`;
}

/** Converts a (lowercase, NFC) domain to its ASCII form: U-labels become xn-- A-labels. */
export function domainToAscii(domain: string): string | null {
  const labels = domain.split('.');
  const out: string[] = [];
  for (const label of labels) {
    if (isAscii(label)) out.push(label);
    else {
      const encoded = punycodeEncode(label);
      if (encoded === null) return null;
      out.push(`xn--${encoded}`);
    }
  }
  return out.join('.');
}

function validateAddress(address: string): EmailValidationResult {
  if (address.startsWith('"')) {
    // A well-formed quoted local part is a policy rejection; anything else is a syntax error.
    return /^"(?:[^"\\]|\\.)*"@[^@"]+$/su.test(address) ? fail('quoted_local_part') : fail('invalid_syntax');
  }
  const at = address.indexOf('@');
  if (at < 0 || address.indexOf('@', at + 1) >= 0) return fail('invalid_syntax');
  const rawLocal = address.slice(0, at);
  const rawDomain = address.slice(at + 1);
  if (rawLocal.length === 0 || rawDomain.length === 0) return fail('invalid_syntax');
  if (/[()]/.test(address)) return fail('invalid_syntax'); // RFC 5322 comments
  if (rawDomain.startsWith('['))
    return /^\[[^[\]]*\]$/.test(rawDomain) ? fail('domain_literal') : fail('invalid_syntax');
  if (FORBIDDEN_CHARACTER.test(address)) return fail('invalid_character');

  // Checked before and after NFC: '<'+U+0338 composes to '≮', U+037E decomposes to ';'.
  const localError = checkLocalPart(rawLocal);
  if (localError) return fail(localError);
  const local = rawLocal.normalize('NFC');
  const nfcLocalError = checkLocalPart(local);
  if (nfcLocalError) return fail(nfcLocalError);

  const domain = rawDomain.toLowerCase().normalize('NFC');
  const domainCheck = checkDomain(domain);
  if (!domainCheck.ok) return fail(domainCheck.code);

  // Measured as typed and as stored (NFC can lengthen or shorten a string): both must fit.
  const localOctets = Math.max(utf8Length(rawLocal), utf8Length(local));
  if (localOctets > EMAIL_LOCAL_MAX_LENGTH) return fail('local_too_long');
  if (domainCheck.ascii.length > EMAIL_DOMAIN_MAX_LENGTH) return fail('domain_too_long');
  if (domainCheck.ascii.split('.').some((label) => label.length > EMAIL_LABEL_MAX_LENGTH)) {
    return fail('label_too_long');
  }
  const totalOctets =
    localOctets + 1 + Math.max(utf8Length(rawDomain), utf8Length(domain), domainCheck.ascii.length);
  if (totalOctets > EMAIL_MAX_LENGTH) return fail('too_long');

  const labels = domain.split('.');
  if (labels.length < 2) return fail('dotless_domain');
  const tld = labels[labels.length - 1] ?? '';
  if (!/^[0-9]+$/.test(tld) && !/^xn--/.test(tld) && isAscii(tld) && !/[a-z]$/.test(tld)) {
    return fail('invalid_domain');
  }
  if (SPECIAL_USE_TLDS.has(tld)) return fail('reserved_domain');
  return { ok: true, value: `${local}@${domain}` };
}

function checkLocalPart(local: string): EmailErrorCode | null {
  for (const char of local) {
    if (char === '.') continue;
    const asciiChar = char.charCodeAt(0) < 0x80;
    if (asciiChar ? !ASCII_ATEXT.test(char) : !NON_ASCII_LOCAL_CHARACTER.test(char))
      return 'invalid_local_part';
  }
  const atoms = local.split('.');
  if (atoms.some((atom) => atom.length === 0)) return 'invalid_local_part';
  if (atoms.some((atom) => COMBINING_MARK.test(atom))) return 'invalid_local_part';
  return null;
}

type DomainCheck = { ok: true; ascii: string } | { ok: false; code: EmailErrorCode };

/** Domain syntax (expects lowercase NFC input); returns the ASCII form used for length limits. */
function checkDomain(domain: string): DomainCheck {
  const labels = domain.split('.');
  const ascii: string[] = [];
  for (const label of labels) {
    if (label.length === 0) return { ok: false, code: 'invalid_domain' };
    if (label.startsWith('-') || label.endsWith('-')) return { ok: false, code: 'invalid_domain' };
    const isAsciiLabel = isAscii(label);
    if (isAsciiLabel) {
      if (!/^[a-z0-9-]+$/.test(label)) return { ok: false, code: 'invalid_domain' };
      if (label.slice(2, 4) === '--') {
        // Hyphens in positions 3-4 are reserved for A-labels (IDNA2008 R-LDH), which must decode.
        if (!label.startsWith('xn--')) return { ok: false, code: 'invalid_domain' };
        const decoded = punycodeDecode(label.slice(4));
        if (decoded === null || isAscii(decoded) || !isValidULabel(decoded)) {
          return { ok: false, code: 'invalid_domain' };
        }
      }
      ascii.push(label);
    } else {
      if (!isValidULabel(label)) return { ok: false, code: 'invalid_domain' };
      const encoded = punycodeEncode(label);
      if (encoded === null) return { ok: false, code: 'invalid_domain' };
      ascii.push(`xn--${encoded}`);
    }
  }
  return { ok: true, ascii: ascii.join('.') };
}

function isValidULabel(label: string): boolean {
  if (label.length === 0 || COMBINING_MARK.test(label)) return false;
  if (label.startsWith('-') || label.endsWith('-') || label.slice(2, 4) === '--') return false;
  if (label !== label.toLowerCase() || label !== label.normalize('NFC')) return false;
  for (const char of label) {
    if (/^[a-z0-9-]$/.test(char)) continue;
    // Compatibility characters (fullwidth letters, dots and hyphens, ligatures, ⒈) would be mapped
    // to something else by IDNA: refuse them rather than guess what was meant.
    if (!NON_ASCII_DOMAIN_CHARACTER.test(char) || char.normalize('NFKC') !== char) return false;
  }
  return true;
}

// --- Punycode (RFC 3492), small enough to carry here so the browser build needs no polyfill. ---
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

const threshold = (k: number, bias: number): number =>
  k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
const digitChar = (d: number): string => String.fromCharCode(d < 26 ? d + 97 : d + 22);

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 → 26-35
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  return -1;
}

export function punycodeEncode(input: string): string | null {
  const codePoints = Array.from(input, (c) => c.codePointAt(0) ?? 0);
  let output = codePoints
    .filter((c) => c < 0x80)
    .map((c) => String.fromCharCode(c))
    .join('');
  const basicCount = output.length;
  let handled = basicCount;
  if (basicCount > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < codePoints.length) {
    let m = MAX_INT;
    for (const c of codePoints) if (c >= n && c < m) m = c;
    if ((m - n) * (handled + 1) > MAX_INT - delta) return null;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of codePoints) {
      if (c < n && ++delta > MAX_INT) return null;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = threshold(k, bias);
          if (q < t) break;
          output += digitChar(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        output += digitChar(q);
        bias = adapt(delta, handled + 1, handled === basicCount);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

export function punycodeDecode(input: string): string | null {
  const output: number[] = [];
  const lastHyphen = input.lastIndexOf('-');
  const basicEnd = Math.max(lastHyphen, 0);
  for (let j = 0; j < basicEnd; j++) {
    const code = input.charCodeAt(j);
    if (code >= 0x80) return null;
    output.push(code);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  let index = lastHyphen < 0 ? 0 : lastHyphen + 1;
  while (index < input.length) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const digit = digitValue(input.charCodeAt(index++));
      if (digit < 0) return null;
      i += digit * w;
      if (i > MAX_INT) return null;
      const t = threshold(k, bias);
      if (digit < t) break;
      w *= BASE - t;
      if (w > MAX_INT) return null;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}

const LENGTH_LIMITS: Partial<Record<EmailErrorCode, number>> = {
  too_long: EMAIL_MAX_LENGTH,
  local_too_long: EMAIL_LOCAL_MAX_LENGTH,
  domain_too_long: EMAIL_DOMAIN_MAX_LENGTH,
  label_too_long: EMAIL_LABEL_MAX_LENGTH,
};

const FIELD_CODES: Partial<Record<EmailErrorCode, string>> = {
  too_long: 'email_too_long',
  local_too_long: 'email_local_too_long',
  domain_too_long: 'email_domain_too_long',
  label_too_long: 'email_label_too_long',
};

/** The code an API field issue carries for a refused address: a length code, else invalid_email. */
export const emailFieldCode = (code: EmailErrorCode): string => FIELD_CODES[code] ?? 'invalid_email';

/**
 * An email address field: validated with validateEmail and transformed to the normalised address. Issue
 * params carry the API's field code (`code`: invalid_email or a length code, with `max`) and the validator's
 * `reason` (dotless_domain, surrounding_whitespace…).
 */
export const emailSchema = z
  .string()
  .max(EMAIL_MAX_LENGTH, { abort: true })
  .superRefine((value, ctx) => {
    const result = validateEmail(value);
    if (!result.ok) {
      const max = LENGTH_LIMITS[result.code];
      const code = emailFieldCode(result.code);
      ctx.addIssue({
        code: 'custom',
        message: result.code,
        params: max === undefined ? { code, reason: result.code } : { code, reason: result.code, max },
      });
    }
  })
  .transform((value) => {
    const result = validateEmail(value);
    return result.ok ? result.value : value;
  })
  .meta({
    format: 'email',
    description: 'An email address (RFC 5321 limits; internationalised addresses allowed).',
  });
