import { describe, expect, it } from 'vitest';
import { hasNul, normalizeSearchText, stripNul } from './text.ts';

describe('normalizeSearchText', () => {
  it.each([
    ['Muñoz Telefónica, S.A. Àlex', 'munoz telefonica, s.a. alex'],
    ['  GARCÍA   LÓPEZ  ', 'garcia lopez'],
    ['Çava\tl·la\nPérez', 'cava l·la perez'],
    ['Ñandú Ü ç', 'nandu u c'],
    ['Jose\u0301 Mari\u0301a', 'jose maria'], // already decomposed input
    ['José María', 'jose maria'], // precomposed input gives the same key
    ['Straße Øresund Łódź Æon Œuvre', 'strasse oresund lodz aeon oeuvre'],
    ['İstanbul', 'istanbul'], // dotted capital I lowercases to i + combining dot
    ['a\u00a0b\u2003c', 'a b c'], // no-break and em spaces are white space too
    ['', ''],
    [' \n\t ', ''],
    ['ABC-123_x', 'abc-123_x'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeSearchText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normalizeSearchText('  Àlex  Muñoz, Telefónica ');
    expect(normalizeSearchText(once)).toBe(once);
  });

  it('keeps characters outside Latin scripts', () => {
    expect(normalizeSearchText('東京 Москва')).toBe('東京 москва');
  });
});

describe('hasNul / stripNul', () => {
  it('detects NUL anywhere', () => {
    expect(hasNul('abc')).toBe(false);
    expect(hasNul('')).toBe(false);
    expect(hasNul('a\u0000b')).toBe(true);
    expect(hasNul('\u0000')).toBe(true);
    expect(hasNul('0')).toBe(false);
  });

  it('removes every NUL and nothing else', () => {
    expect(stripNul('\u0000a\u0000b\u0000')).toBe('ab');
    expect(stripNul('ñ 0 \\0')).toBe('ñ 0 \\0');
  });
});
