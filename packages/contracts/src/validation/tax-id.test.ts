import { describe, expect, it } from 'vitest';
import { cifControlDigit, looksSpanishTaxId, normalizeTaxId, validateTaxId } from './tax-id.ts';

// An independent statement of the rules, written differently from tax-id.ts (lookup tables instead of
// arithmetic), to generate valid ids.
const DNI_TABLE = 'TRWAGMYFPDXBNJZSQVHLCKE'.split('');
const DOUBLED_DIGIT_SUM = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
const dniLetter = (n: number) => DNI_TABLE[n % 23] as string;
function cifDigit(seven: string): number {
  const sum = [...seven].reduce(
    (acc, d, i) => acc + (i % 2 === 0 ? (DOUBLED_DIGIT_SUM[Number(d)] ?? 0) : Number(d)),
    0,
  );
  return sum % 10 === 0 ? 0 : 10 - (sum % 10);
}

// Deterministic pseudo-random numbers, so a failure can be reproduced.
function* numbers(seed: number, count: number, max: number) {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield state % max;
  }
}
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const otherLetter = (letter: string, alphabet: string) =>
  alphabet[(alphabet.indexOf(letter) + 1) % alphabet.length] as string;

describe('validateTaxId — published and hand-checked Spanish examples', () => {
  it.each([
    ['12345678Z', 'nif'], // 12345678 mod 23 = 14 → Z
    ['00000000T', 'nif'],
    ['99999999R', 'nif'],
    ['K1234567L', 'nif'], // K/L/M personal NIFs: the 7 digits mod 23
    ['L1234567L', 'nif'],
    ['M1234567L', 'nif'],
    ['X1234567L', 'nie'], // 01234567 mod 23 = 19 → L
    ['Y1234567X', 'nie'], // 11234567 mod 23 = 10 → X
    ['Z1234567R', 'nie'], // 21234567 mod 23 = 1 → R
    ['B12345674', 'cif'], // 2+6+1+5 (odd, doubled) + 2+4+6 = 26 → 4
    ['A28015865', 'cif'], // Telefónica, S.A.
    ['A39000013', 'cif'], // Banco Santander, S.A.
    ['A15075062', 'cif'], // Industria de Diseño Textil, S.A. (Inditex)
    ['Q2826000H', 'cif'], // Agencia Estatal de Administración Tributaria: 8 → H
    ['P2807900B', 'cif'], // Ayuntamiento de Madrid: 2 → B
    ['G12345674', 'cif'], // G accepts the digit…
    ['G1234567D', 'cif'], // …or the letter
  ] as const)('%s is a valid %s', (id, type) => {
    expect(validateTaxId(id, 'ES')).toEqual({ ok: true, value: id, type });
    expect(validateTaxId(id, null)).toEqual({ ok: true, value: id, type });
  });

  it.each([
    ['12345678A', 'invalid_checksum'],
    ['X1234567T', 'invalid_checksum'],
    ['K1234567T', 'invalid_checksum'],
    ['B12345675', 'invalid_checksum'],
    ['B1234567D', 'invalid_checksum'], // B needs the digit, even the right one as a letter
    ['Q28260008', 'invalid_checksum'], // Q needs the letter, even the right one as a digit
    ['A2801586E', 'invalid_checksum'],
    ['P2807900C', 'invalid_checksum'],
    ['1234567Z', 'invalid_format'], // 7 digits
    ['123456789', 'invalid_format'],
    ['I1234567J', 'invalid_format'], // I is not an organisation letter
    ['X12345678', 'invalid_format'],
    ['B1234567K', 'invalid_format'], // control letters stop at J
    ['', 'invalid_format'],
    ['ES', 'invalid_format'],
    ['12345678Z1', 'invalid_format'],
    ['ÑÑÑ', 'invalid_format'],
  ] as const)('%s for ES → %s', (id, code) => {
    expect(validateTaxId(id, 'ES')).toEqual({ ok: false, code });
  });
});

describe('validateTaxId — generated Spanish ids', () => {
  it('accepts 500 generated DNIs and rejects each with any other letter', () => {
    for (const n of numbers(7, 500, 100_000_000)) {
      const letter = dniLetter(n);
      expect(validateTaxId(`${pad(n, 8)}${letter}`, 'ES')).toMatchObject({ ok: true, type: 'nif' });
      expect(validateTaxId(`${pad(n, 8)}${otherLetter(letter, DNI_TABLE.join(''))}`, 'ES')).toEqual({
        ok: false,
        code: 'invalid_checksum',
      });
    }
  });

  it('accepts 500 generated NIEs and rejects them with another prefix', () => {
    const prefixes = ['X', 'Y', 'Z'] as const;
    let i = 0;
    for (const n of numbers(11, 500, 10_000_000)) {
      const prefixIndex = i++ % 3;
      const id = `${prefixes[prefixIndex]}${pad(n, 7)}${dniLetter(prefixIndex * 10_000_000 + n)}`;
      expect(validateTaxId(id, 'ES')).toEqual({ ok: true, value: id, type: 'nie' });
      // Another prefix changes the number by a multiple of 10 000 000, never of 23: the letter no longer fits.
      const swapped = `${prefixes[(prefixIndex + 1) % 3]}${id.slice(1)}`;
      expect(validateTaxId(swapped, 'ES')).toEqual({ ok: false, code: 'invalid_checksum' });
    }
  });

  it('accepts 500 generated CIFs per the control type of each organisation letter', () => {
    const letters = 'ABCDEFGHJNPQRSUVW';
    let i = 0;
    for (const n of numbers(13, 500, 10_000_000)) {
      const organisation = letters[i++ % letters.length] as string;
      const seven = pad(n, 7);
      const digit = cifDigit(seven);
      const withDigit = `${organisation}${seven}${digit}`;
      const withLetter = `${organisation}${seven}${'JABCDEFGHI'[digit]}`;
      const digitAllowed = !'PQRSNW'.includes(organisation);
      const letterAllowed = !'ABEH'.includes(organisation);
      expect(validateTaxId(withDigit, 'ES').ok, withDigit).toBe(digitAllowed);
      expect(validateTaxId(withLetter, 'ES').ok, withLetter).toBe(letterAllowed);
      expect(validateTaxId(`${organisation}${seven}${(digit + 1) % 10}`, 'ES')).toEqual({
        ok: false,
        code: 'invalid_checksum',
      });
      expect(cifControlDigit(seven)).toBe(digit);
    }
  });
});

describe('normalisation', () => {
  it.each([
    ['12.345.678-z', '12345678Z'],
    [' 12 345 678 Z ', '12345678Z'],
    ['x-1234567-l', 'X1234567L'],
    ['ES B12345674', 'B12345674'],
    ['es-a28015865', 'A28015865'],
    ['ESX1234567L', 'X1234567L'],
    ['b\u00a012345674', 'B12345674'], // no-break space from a copied web page
  ])('%j → %s', (input, value) => {
    expect(validateTaxId(input, 'ES')).toMatchObject({ ok: true, value });
  });

  it('normalizeTaxId uppercases and drops separators only', () => {
    expect(normalizeTaxId(' de 123.456-789 ')).toBe('DE123456789');
    expect(normalizeTaxId('fr/12')).toBe('FR/12');
  });

  it('accepts the country code in any case', () => {
    expect(validateTaxId('12345678Z', 'es')).toMatchObject({ ok: true, type: 'nif' });
  });
});

describe('other countries and unknown country', () => {
  it.each([
    ['DE123456789', 'DE', 'DE123456789'],
    ['fr 40 303 265 045', 'FR', 'FR40303265045'],
    ['GB-123.456.789', 'GB', 'GB123456789'],
    ['12345678A', 'PT', '12345678A'], // Spanish-looking but another country: no Spanish checksum
    ['A', 'US', 'A'],
    ['X'.repeat(32), 'US', 'X'.repeat(32)],
  ])('%j in %s → %s', (input, country, value) => {
    expect(validateTaxId(input, country)).toEqual({ ok: true, value, type: 'other' });
  });

  it.each([
    ['', 'DE'],
    ['   ', 'DE'],
    ['X'.repeat(33), 'US'],
    ['ÖSTERREICH1', 'AT'],
    ['12/34', 'FR'],
    ['CHE-123.456.789 MWST!', 'CH'],
  ])('%j in %s is invalid_format', (input, country) => {
    expect(validateTaxId(input, country)).toEqual({ ok: false, code: 'invalid_format' });
  });

  it('with no country, checks values that look Spanish and accepts the rest as free text', () => {
    expect(validateTaxId('12345678A', null)).toEqual({ ok: false, code: 'invalid_checksum' });
    expect(validateTaxId('ES12345678A', null)).toEqual({ ok: false, code: 'invalid_checksum' });
    expect(validateTaxId('es b12345674', null)).toEqual({ ok: true, value: 'B12345674', type: 'cif' });
    expect(validateTaxId('DE123456789', null)).toEqual({ ok: true, value: 'DE123456789', type: 'other' });
    expect(validateTaxId('123456', null)).toEqual({ ok: true, value: '123456', type: 'other' });
  });

  it('looksSpanishTaxId tells the shapes apart', () => {
    expect(looksSpanishTaxId('12345678A')).toBe(true);
    expect(looksSpanishTaxId('x1234567a')).toBe(true);
    expect(looksSpanishTaxId('ES B1234567D')).toBe(true);
    expect(looksSpanishTaxId('DE123456789')).toBe(false);
    expect(looksSpanishTaxId('I1234567A')).toBe(false);
  });
});
