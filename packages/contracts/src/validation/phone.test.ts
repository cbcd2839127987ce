import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['612 34 56 78', '+34612345678'], // mobile without prefix
    ['612345678', '+34612345678'],
    ['612-345-678', '+34612345678'],
    ['93 123 45 67', '+34931234567'], // Barcelona landline
    ['(+34) 91 123 45 67', '+34911234567'],
    ['+34 612 34 56 78', '+34612345678'],
    ['0034 612 34 56 78', '+34612345678'], // international prefix dialled from Spain
    ['900 123 456', '+34900123456'], // toll free
    ['  612 34 56 78  ', '+34612345678'],
    ['tel:+34-612-34-56-78', '+34612345678'], // vCard 4.0 / RFC 3966 URI
    ['+44 20 7946 0958', '+442079460958'], // stays British with the ES default
    ['+33 1 23 45 67 89', '+33123456789'],
    ['00-1-212-555-7777', '+12125557777'],
  ])('%j → %s', (input, value) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value, extension: null });
  });

  it('reads numbers without prefix in the default country given', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({
      ok: true,
      value: '+442079460958',
      extension: null,
    });
    expect(normalizePhone('(202) 555-0143', 'us')).toEqual({
      ok: true,
      value: '+12025550143',
      extension: null,
    });
    expect(normalizePhone('01 23 45 67 89', 'FR')).toEqual({
      ok: true,
      value: '+33123456789',
      extension: null,
    });
    // The same digits read as Spanish are not a Spanish number.
    expect(normalizePhone('020 7946 0958')).toEqual({ ok: false, code: 'invalid_phone' });
  });

  it('keeps an extension apart from the E.164 value', () => {
    expect(normalizePhone('+34 912 34 56 78 ext. 12')).toEqual({
      ok: true,
      value: '+34912345678',
      extension: '12',
    });
    expect(normalizePhone('91 234 56 78 x305')).toEqual({
      ok: true,
      value: '+34912345678',
      extension: '305',
    });
    expect(normalizePhone('tel:+34-91-234-56-78;ext=7')).toEqual({
      ok: true,
      value: '+34912345678',
      extension: '7',
    });
  });

  it.each([
    '',
    '   ',
    'abc',
    'n/a',
    '612', // too short
    '1234',
    '+34612',
    '112', // emergency short code
    '6123456780', // one digit too many
    '612345678901',
    '012345678', // no Spanish number starts with 0
    '+34 91 123 4567 8',
    '+1 (212) 204-34456', // a digit too many for North America
    '++34612345678',
    'call 612345678 now', // text around the number
    '612345678 abc',
    '6I2345678', // letter I for the digit 1
    '+34 612 34 56 78 / 91 123 45 67', // two numbers in one field
    '612345678\u0000',
    `+34 ${'6'.repeat(80)}`,
  ])('%j is invalid_phone', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, code: 'invalid_phone' });
  });

  it('refuses an unknown default country instead of guessing', () => {
    expect(normalizePhone('612345678', 'XX')).toEqual({ ok: false, code: 'invalid_phone' });
    // An explicit prefix needs no default, but a bad default is still a programming error worth refusing.
    expect(normalizePhone('+34612345678', 'XX')).toEqual({ ok: false, code: 'invalid_phone' });
  });
});

describe('formatPhone', () => {
  it.each([
    ['+34612345678', '612 34 56 78', '+34 612 34 56 78'],
    ['+34931234567', '931 23 45 67', '+34 931 23 45 67'],
    ['+34900123456', '900 123 456', '+34 900 123 456'],
    ['+442079460958', '020 7946 0958', '+44 20 7946 0958'],
    ['+12025550143', '(202) 555-0143', '+1 202 555 0143'],
  ])('%s → %j / %j', (e164, national, international) => {
    expect(formatPhone(e164, 'national')).toBe(national);
    expect(formatPhone(e164, 'international')).toBe(international);
  });

  it('round-trips: a formatted number normalises back to the same E.164', () => {
    for (const e164 of ['+34612345678', '+34931234567', '+442079460958', '+33123456789']) {
      expect(normalizePhone(formatPhone(e164, 'international'))).toMatchObject({ ok: true, value: e164 });
    }
    expect(normalizePhone(formatPhone('+34612345678', 'national'))).toMatchObject({
      ok: true,
      value: '+34612345678',
    });
  });

  it('returns what it cannot parse unchanged', () => {
    expect(formatPhone('not a phone', 'national')).toBe('not a phone');
    expect(formatPhone('', 'international')).toBe('');
  });
});
