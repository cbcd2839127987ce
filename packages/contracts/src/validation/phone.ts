import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneResult =
  | {
      ok: true;
      /** E.164, e.g. +34612345678. */
      value: string;
      /** An extension written after the number ("ext. 12", "x12", ";ext=12"), kept apart from E.164. */
      extension: string | null;
    }
  | { ok: false; code: 'invalid_phone' };

export type PhoneFormat = 'national' | 'international';

// Longest plausible input: a formatted international number with an extension and some separators.
const MAX_INPUT_LENGTH = 64;

/**
 * Parses a phone number as people write it and returns it in E.164. Numbers without an international
 * prefix are read as numbers of `defaultCountry` ('612 34 56 78' → +34612345678); '+' or '00' prefixes
 * win ('+44 20 7946 0958' stays British). The whole input must be the number: text around it, letters,
 * and numbers that are too short, too long or not valid in their country are refused.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode | string = 'ES'): PhoneResult {
  const invalid: PhoneResult = { ok: false, code: 'invalid_phone' };
  const country = defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) return invalid;
  let text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT_LENGTH || text.includes('\u0000')) return invalid;
  if (/^tel:/i.test(text)) text = text.slice(4);
  // "(+34) 91 123 45 67": a bracketed country code is common in Spain and not accepted by the parser.
  text = text.replace(/^\(\s*(\+\d{1,3})\s*\)/, '$1 ');
  const phone = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
  if (!phone?.isValid()) return invalid;
  return { ok: true, value: phone.number, extension: phone.ext ?? null };
}

/** Formats an E.164 number for display; anything that does not parse is returned unchanged. */
export function formatPhone(e164: string, format: PhoneFormat): string {
  const phone = parsePhoneNumberFromString(e164, { extract: false });
  if (!phone) return e164;
  return format === 'national' ? phone.formatNational() : phone.formatInternational();
}
