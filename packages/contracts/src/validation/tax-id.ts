/*
 * Tax identifiers. Spain (country 'ES', or no country and a value shaped like a Spanish id) is checked:
 *  - NIF of a person: DNI, 8 digits + control letter (number mod 23 → TRWAGMYFPDXBNJZSQVHLCKE); also the
 *    K/L/M forms (letter + 7 digits + control letter computed the same way on the 7 digits).
 *  - NIE: X/Y/Z + 7 digits + control letter, with X/Y/Z read as 0/1/2 in front of the digits.
 *  - CIF (NIF of a legal entity): organisation letter + 7 digits + control character. Control digit:
 *    digits in even positions summed, digits in odd positions doubled and their digits summed, then
 *    (10 − total mod 10) mod 10; the control letter is JABCDEFGHI[digit]. Letters P Q R S N W require the
 *    letter, A B E H the digit, the rest (C D F G J U V) accept either.
 * Every other country: 1–32 characters of [A-Z0-9] after normalising; no checksum is known here.
 * Normalising: uppercase, drop spaces, dots and hyphens, and for Spain a leading "ES" VAT prefix.
 */

export type TaxIdType = 'nif' | 'nie' | 'cif' | 'other';
export type TaxIdErrorCode = 'invalid_format' | 'invalid_checksum';
export type TaxIdResult = { ok: true; value: string; type: TaxIdType } | { ok: false; code: TaxIdErrorCode };

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_CONTROL_LETTERS = 'JABCDEFGHI';
const CIF_LETTER_CONTROL = new Set(['P', 'Q', 'R', 'S', 'N', 'W']);
const CIF_DIGIT_CONTROL = new Set(['A', 'B', 'E', 'H']);

const DNI_SHAPE = /^[0-9]{8}[A-Z]$/;
const KLM_SHAPE = /^[KLM][0-9]{7}[A-Z]$/;
const NIE_SHAPE = /^[XYZ][0-9]{7}[A-Z]$/;
const CIF_SHAPE = /^[ABCDEFGHJNPQRSUVW][0-9]{7}[0-9A-J]$/;
const OTHER_SHAPE = /^[A-Z0-9]{1,32}$/;

/** Uppercase, without spaces (any kind), dots or hyphens. */
export function normalizeTaxId(value: string): string {
  return value.toUpperCase().replace(/[\s.\-‐-―]/gu, '');
}

/** Strips an "ES" VAT prefix when what follows has the length of a Spanish id. */
function withoutSpanishPrefix(normalized: string): string {
  return normalized.length === 11 && normalized.startsWith('ES') ? normalized.slice(2) : normalized;
}

/** True when the value has the shape of a Spanish NIF, NIE or CIF (checksum not checked). */
export function looksSpanishTaxId(value: string): boolean {
  const id = withoutSpanishPrefix(normalizeTaxId(value));
  return DNI_SHAPE.test(id) || KLM_SHAPE.test(id) || NIE_SHAPE.test(id) || CIF_SHAPE.test(id);
}

/** Validates a tax id for a country (ISO 3166-1 alpha-2, or null when unknown). */
export function validateTaxId(value: string, country: string | null): TaxIdResult {
  const normalized = normalizeTaxId(value);
  const countryCode = country?.trim().toUpperCase() ?? null;
  if (countryCode === 'ES' || (countryCode === null && looksSpanishTaxId(normalized))) {
    return validateSpanishTaxId(withoutSpanishPrefix(normalized));
  }
  if (!OTHER_SHAPE.test(normalized)) return { ok: false, code: 'invalid_format' };
  return { ok: true, value: normalized, type: 'other' };
}

function validateSpanishTaxId(id: string): TaxIdResult {
  if (DNI_SHAPE.test(id)) return checkPersonalLetter(id, id.slice(0, 8), 'nif');
  if (KLM_SHAPE.test(id)) return checkPersonalLetter(id, id.slice(1, 8), 'nif');
  if (NIE_SHAPE.test(id))
    return checkPersonalLetter(id, `${'XYZ'.indexOf(id[0] ?? '')}${id.slice(1, 8)}`, 'nie');
  if (CIF_SHAPE.test(id)) return checkCif(id);
  return { ok: false, code: 'invalid_format' };
}

function checkPersonalLetter(id: string, digits: string, type: 'nif' | 'nie'): TaxIdResult {
  const expected = DNI_LETTERS[Number(digits) % 23];
  return id[8] === expected ? { ok: true, value: id, type } : { ok: false, code: 'invalid_checksum' };
}

/** The CIF control digit (0–9) of the 7 digits after the organisation letter. */
export function cifControlDigit(sevenDigits: string): number {
  let total = 0;
  for (let i = 0; i < 7; i++) {
    const digit = Number(sevenDigits[i]);
    if (i % 2 === 1) total += digit;
    else {
      const doubled = digit * 2;
      total += Math.floor(doubled / 10) + (doubled % 10);
    }
  }
  return (10 - (total % 10)) % 10;
}

function checkCif(id: string): TaxIdResult {
  const organisation = id[0] ?? '';
  const control = id[8] ?? '';
  const digit = cifControlDigit(id.slice(1, 8));
  const letter = CIF_CONTROL_LETTERS[digit];
  const controlIsDigit = /[0-9]/.test(control);
  if (CIF_LETTER_CONTROL.has(organisation) && controlIsDigit) return { ok: false, code: 'invalid_checksum' };
  if (CIF_DIGIT_CONTROL.has(organisation) && !controlIsDigit) return { ok: false, code: 'invalid_checksum' };
  const matches = controlIsDigit ? control === String(digit) : control === letter;
  return matches ? { ok: true, value: id, type: 'cif' } : { ok: false, code: 'invalid_checksum' };
}
