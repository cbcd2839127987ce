import { readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type EmailErrorCode,
  emailSchema,
  emailToAscii,
  normalizeEmail,
  punycodeDecode,
  punycodeEncode,
  validateEmail,
} from './email.ts';

// packages/contracts/src/validation → /work/main → /work/shared
const EMAIL_DATA = new URL('../../../../../shared/testdata/email/', import.meta.url);

type Row = Record<string, string>;

function readCsv(name: string): Row[] {
  const parsed = Papa.parse<Row>(readFileSync(new URL(name, EMAIL_DATA), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const address = (row: Row): string => JSON.parse(row.address_json ?? 'null') as string;
const label = (row: Row) => `${row.case_id} ${JSON.stringify(address(row)).slice(0, 80)}`;

const tiers = readCsv('email_acceptance_tiers.csv');
const byTier = (tier: string) => tiers.filter((row) => row.tier === tier);

// The tiers file contradicts itself on display names: pev-9/10 ("MyName <me@example.org>", valid upstream
// only with allow_display_name) are must_accept while pev-109..113 (the same construct) are must_reject.
// Policy: the strict validator and the schema reject the form; normalizeEmail (imports) unwraps it.
const DISPLAY_NAME_MUST_ACCEPT = new Map([
  ['pev-9', 'me@example.org'],
  ['pev-10', 'me@example.org'],
]);

describe('email_acceptance_tiers.csv', () => {
  it('has the tiers and row counts this suite was written against', () => {
    expect(byTier('must_accept')).toHaveLength(54);
    expect(byTier('must_reject')).toHaveLength(318);
    expect(byTier('should_reject')).toHaveLength(60);
    expect(byTier('policy')).toHaveLength(77);
    expect(tiers).toHaveLength(509);
  });

  describe('must_accept: accepted, with the domain lowercased and nothing else changed', () => {
    for (const row of byTier('must_accept').filter((r) => !DISPLAY_NAME_MUST_ACCEPT.has(r.case_id ?? ''))) {
      it(label(row), () => {
        const input = address(row);
        const at = input.lastIndexOf('@');
        const expected = `${input.slice(0, at)}@${input.slice(at + 1).toLowerCase()}`;
        expect(validateEmail(input)).toEqual({ ok: true, value: expected });
        expect(emailSchema.parse(input)).toBe(expected);
        expect(normalizeEmail(input)).toEqual({ ok: true, value: expected });
      });
    }
  });

  describe('must_accept rows in "Name <addr>" form (documented conflict)', () => {
    for (const [caseId, expected] of DISPLAY_NAME_MUST_ACCEPT) {
      it(`${caseId}: normalizeEmail unwraps it; the strict validator says display_name_not_allowed`, () => {
        const row = tiers.find((r) => r.case_id === caseId);
        expect(row?.tier).toBe('must_accept');
        const input = address(row as Row);
        expect(normalizeEmail(input)).toEqual({ ok: true, value: expected });
        expect(validateEmail(input, { allowDisplayName: true })).toEqual({ ok: true, value: expected });
        expect(validateEmail(input)).toEqual({ ok: false, code: 'display_name_not_allowed' });
      });
    }
  });

  describe('must_reject: rejected by validateEmail and by emailSchema', () => {
    for (const row of byTier('must_reject')) {
      it(label(row), () => {
        const input = address(row);
        expect(validateEmail(input).ok).toBe(false);
        expect(emailSchema.safeParse(input).success).toBe(false);
      });
    }
  });

  it('must_reject: normalizeEmail only rescues rows that are a valid address padded by white space or in "Name <addr>" form', () => {
    const rescued = byTier('must_reject')
      .filter((row) => normalizeEmail(address(row)).ok)
      .map((row) => address(row));
    expect(rescued.length).toBeGreaterThan(0);
    for (const input of rescued) {
      const padded = input.trim() !== input;
      const displayName = /<[^<>]+>$/.test(input);
      expect(padded || displayName, JSON.stringify(input)).toBe(true);
      expect(normalizeEmail(input)).toEqual({
        ok: true,
        value: padded ? input.trim() : input.replace(/^.*<|>$/g, ''),
      });
    }
  });

  describe('should_reject: Trato rejects every one (obsolete RFC 5322 forms, over-long parts, literals)', () => {
    for (const row of byTier('should_reject')) {
      it(label(row), () => {
        expect(validateEmail(address(row)).ok).toBe(false);
        expect(emailSchema.safeParse(address(row)).success).toBe(false);
      });
    }
  });

  // Every policy row and the verdict of the policy documented at the top of email.ts.
  const POLICY: Record<string, 'ok' | EmailErrorCode> = {
    'isemail-5': 'dotless_domain',
    'isemail-166': 'dotless_domain',
    'pev-38': 'dotless_domain',
    'pev-92': 'dotless_domain',
    'pev-134': 'dotless_domain', // "λambdaツ@test": the SMTPUTF8 local part is fine, the domain is not
    'isemail-42': 'quoted_local_part',
    'isemail-43': 'quoted_local_part',
    'isemail-45': 'quoted_local_part',
    'isemail-46': 'quoted_local_part',
    'isemail-48': 'quoted_local_part',
    'isemail-55': 'quoted_local_part',
    'validatorjs-9': 'quoted_local_part',
    'validatorjs-10': 'quoted_local_part',
    'validatorjs-11': 'quoted_local_part',
    'pev-5': 'quoted_local_part',
    'pev-6': 'quoted_local_part',
    'pev-7': 'quoted_local_part',
    'pev-8': 'quoted_local_part',
    'pev-27': 'quoted_local_part',
    'pev-28': 'quoted_local_part',
    'pev-29': 'quoted_local_part',
    'pev-30': 'quoted_local_part',
    'pev-31': 'quoted_local_part',
    'pev-32': 'quoted_local_part',
    'pev-33': 'quoted_local_part',
    'pev-34': 'quoted_local_part',
    'pev-135': 'quoted_local_part',
    'pev-167': 'quoted_local_part',
    'pev-169': 'quoted_local_part',
    'pev-170': 'quoted_local_part',
    'pev-172': 'quoted_local_part',
    'pev-179': 'quoted_local_part',
    'isemail-61': 'domain_literal',
    'isemail-68': 'domain_literal',
    'isemail-72': 'domain_literal',
    'isemail-75': 'domain_literal',
    'isemail-77': 'domain_literal',
    'isemail-79': 'domain_literal',
    'isemail-81': 'domain_literal',
    'pev-185': 'domain_literal',
    'pev-192': 'domain_literal',
    'pev-195': 'domain_literal',
    'pev-196': 'domain_literal',
    'pev-199': 'domain_literal',
    'pev-201': 'domain_literal',
    'pev-203': 'domain_literal',
    'pev-205': 'domain_literal',
    'pev-11': 'display_name_not_allowed',
    'pev-25': 'display_name_not_allowed',
    'pev-114': 'local_too_long',
    'pev-115': 'local_too_long',
    'pev-116': 'local_too_long',
    'pev-117': 'reserved_domain',
    'pev-118': 'reserved_domain',
    'pev-119': 'reserved_domain',
    'pev-120': 'reserved_domain',
    'pev-121': 'reserved_domain',
    'pev-122': 'reserved_domain',
    'validatorjs-25': 'ok', // one-letter TLD, as must_accept "test@iana.a"
    'validatorjs-4': 'ok',
    'validatorjs-5': 'ok',
    'validatorjs-6': 'ok',
    'pev-4': 'ok',
    'pev-12': 'ok',
    'pev-13': 'ok',
    'pev-14': 'ok',
    'pev-15': 'ok',
    'pev-16': 'ok',
    'pev-17': 'ok',
    'pev-18': 'ok',
    'pev-19': 'ok',
    'pev-20': 'ok',
    'pev-21': 'ok',
    'pev-22': 'ok',
    'pev-23': 'ok',
    'pev-24': 'ok',
    'pev-26': 'ok',
  };

  it('the policy table covers exactly the policy rows', () => {
    expect(Object.keys(POLICY).sort()).toEqual(
      byTier('policy')
        .map((row) => row.case_id)
        .sort(),
    );
  });

  describe('policy rows follow the documented policy', () => {
    for (const row of byTier('policy')) {
      const expected = POLICY[row.case_id ?? ''];
      it(`${label(row)} → ${expected}`, () => {
        const result = validateEmail(address(row));
        if (expected === 'ok') expect(result.ok).toBe(true);
        else expect(result).toEqual({ ok: false, code: expected });
      });
    }
  });

  it('the quoted display name of pev-25 is unwrapped by normalizeEmail, and its address normalised to NFC', () => {
    expect(normalizeEmail('"s\u0323\u0307" <s\u0323\u0307@nfc.tld>')).toEqual({
      ok: true,
      value: '\u1e69@nfc.tld',
    });
    // pev-11's address itself has a quoted local part: unwrapping does not make it acceptable.
    expect(normalizeEmail('"My.\\"Na\\\\me\\".Is" <"me \\" \\\\ me"@example.org>')).toEqual({
      ok: false,
      code: 'quoted_local_part',
    });
  });
});

describe('agreement with python-email-validator on the addresses both accept', () => {
  const cases = JSON.parse(
    readFileSync(new URL('python-email-validator/syntax_cases.json', EMAIL_DATA), 'utf8'),
  ) as { input: string; parsed?: { normalized?: string; ascii_email?: string | null } }[];
  const accepted = cases.filter((c) => c.parsed?.normalized && !c.parsed.normalized.startsWith('"'));

  it('covers the upstream valid cases with an unquoted result', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(24);
  });

  for (const c of accepted) {
    it(`${JSON.stringify(c.input)} → ${c.parsed?.normalized}`, () => {
      const result = normalizeEmail(c.input);
      if (c.input.startsWith('"') && !c.input.includes('<')) {
        // Upstream de-quotes unnecessarily quoted local parts; Trato refuses quoted local parts.
        expect(result).toEqual({ ok: false, code: 'quoted_local_part' });
        return;
      }
      expect(result).toEqual({ ok: true, value: c.parsed?.normalized });
      if (c.parsed?.ascii_email)
        expect(emailToAscii(result.ok ? result.value : '')).toBe(c.parsed.ascii_email);
    });
  }
});

describe('email_length_boundary_cases.csv', () => {
  const rows = readCsv('email_length_boundary_cases.csv');
  // Each row's verdict under Trato's limits (octets: local ≤ 64, domain ≤ 253 and label ≤ 63 in ASCII form,
  // address ≤ 254), checked in that order after syntax.
  const EXPECTED: Record<string, 'ok' | EmailErrorCode> = {
    'isemail-25': 'ok', // local part of exactly 64
    'isemail-26': 'local_too_long', // 65
    'isemail-27': 'ok', // label of exactly 63
    'isemail-28': 'label_too_long', // 64
    'isemail-37': 'ok', // 253 in all
    'isemail-38': 'ok', // exactly 254
    'isemail-39': 'too_long', // 255
    'isemail-40': 'domain_too_long', // domain of 255
    'isemail-41': 'domain_too_long',
    'isemail-59': 'quoted_local_part',
    'isemail-60': 'quoted_local_part',
    'isemail-96': 'invalid_syntax', // comments
    'isemail-97': 'invalid_syntax',
    'isemail-98': 'invalid_syntax',
    'validatorjs-12': 'ok',
    'validatorjs-13': 'ok',
    'validatorjs-26': 'local_too_long', // 25 fullwidth letters = 75 octets
    'validatorjs-27': 'domain_too_long',
    'validatorjs-28': 'local_too_long',
    'validatorjs-29': 'label_too_long',
    'validatorjs-30': 'domain_too_long',
    'validatorjs-108': 'display_name_not_allowed',
    'validatorjs-150': 'display_name_not_allowed',
    'validatorjs-186': 'local_too_long', // 68: upstream accepts it only with ignore_max_length
    'validatorjs-187': 'local_too_long',
    'validatorjs-188': 'local_too_long',
    'pev-22': 'ok',
    'pev-75': 'domain_too_long', // 254
    'pev-76': 'domain_too_long', // 247 octets typed, 254 once the first label is an A-label
    'pev-77': 'domain_too_long',
    'pev-78': 'label_too_long',
    'pev-79': 'label_too_long',
    'pev-80': 'label_too_long', // 61 characters, 65 as an A-label
    'pev-81': 'too_long',
    'pev-82': 'too_long',
    'pev-83': 'too_long',
    'pev-84': 'too_long',
    'pev-85': 'too_long', // 254 characters but 255 octets
    'pev-86': 'too_long',
    'pev-87': 'too_long', // 256 octets as typed, 254 after NFC
    'pev-88': 'too_long',
    'pev-89': 'too_long', // 252 octets as typed, 255 after NFC
    'pev-90': 'too_long', // 248 octets, 255 with the A-label domain
    'pev-91': 'too_long',
    'pev-114': 'local_too_long',
    'pev-115': 'local_too_long',
    'pev-116': 'local_too_long',
    'pev-154': 'ok',
    'pev-155': 'local_too_long',
    'pev-156': 'label_too_long',
    'pev-164': 'too_long',
    'pev-165': 'domain_too_long',
    'pev-166': 'domain_too_long',
    'pev-183': 'quoted_local_part',
    'pev-184': 'quoted_local_part',
    'pev-220': 'invalid_syntax',
    'pev-221': 'invalid_syntax',
    'pev-222': 'invalid_syntax',
  };

  it('the table covers exactly the rows of the file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(rows.map((row) => row.case_id).sort());
  });

  for (const row of rows) {
    const expected = EXPECTED[row.case_id ?? ''];
    it(`${row.case_id} (${row.len_total_utf8}/${row.len_local_utf8}/${row.len_domain_utf8} octets) → ${expected}`, () => {
      const result = validateEmail(address(row));
      if (expected === 'ok') {
        expect(result.ok).toBe(true);
        expect(Number(row.len_local_utf8)).toBeLessThanOrEqual(64);
        expect(Number(row.len_total_utf8)).toBeLessThanOrEqual(254);
      } else {
        expect(result).toEqual({ ok: false, code: expected });
      }
    });
  }

  it('decodes every address exactly (its UTF-8 length is the len_total_utf8 column)', () => {
    for (const row of rows) {
      const input = address(row);
      expect(new TextEncoder().encode(input).length, row.case_id).toBe(Number(row.len_total_utf8));
    }
  });
});

describe('validateEmail', () => {
  it.each<[string, EmailErrorCode]>([
    ['', 'empty'],
    [' ana@empresa.es', 'surrounding_whitespace'],
    ['ana@empresa.es\n', 'surrounding_whitespace'],
    ['Ana <ana@empresa.es>', 'display_name_not_allowed'],
    ['<ana@empresa.es>', 'display_name_not_allowed'],
    ['ana.empresa.es', 'invalid_syntax'],
    ['ana@@empresa.es', 'invalid_syntax'],
    ['ana@empresa@es', 'invalid_syntax'],
    ['@empresa.es', 'invalid_syntax'],
    ['ana@', 'invalid_syntax'],
    ['ana(x)@empresa.es', 'invalid_syntax'],
    ['a\u200bna@empresa.es', 'invalid_character'], // zero-width space
    ['ana@empre\u00a0sa.es', 'invalid_character'], // no-break space
    ['\u202eana@empresa.es', 'invalid_character'], // right-to-left override
    ['an a@empresa.es', 'invalid_character'],
    ['ana\u0000@empresa.es', 'invalid_character'],
    ['ana\ue000@empresa.es', 'invalid_character'], // private use
    ['.ana@empresa.es', 'invalid_local_part'],
    ['ana.@empresa.es', 'invalid_local_part'],
    ['an..a@empresa.es', 'invalid_local_part'],
    ['ana,b@empresa.es', 'invalid_local_part'],
    ['\u0301ana@empresa.es', 'invalid_local_part'], // starts with a combining mark
    ['me.\u037e@empresa.es', 'invalid_local_part'], // GREEK QUESTION MARK is ';' after NFC
    ['"ana"@empresa.es', 'quoted_local_part'],
    ['ana@[192.168.1.1]', 'domain_literal'],
    ['ana@empresa..es', 'invalid_domain'],
    ['ana@.empresa.es', 'invalid_domain'],
    ['ana@empresa.es.', 'invalid_domain'],
    ['ana@-empresa.es', 'invalid_domain'],
    ['ana@empresa-.es', 'invalid_domain'],
    ['ana@em_presa.es', 'invalid_domain'],
    ['ana@ab--cd.es', 'invalid_domain'], // hyphens at 3-4 are reserved for xn--
    ['ana@xn--0.es', 'invalid_domain'], // not a valid A-label
    ['ana@xn--and-jja2s.es', 'invalid_domain'], // decodes to "Ñandú": U-labels are lowercase
    ['ana@xn--qi7c2a.es', 'invalid_domain'], // decodes to fullwidth "ｅｓ"
    ['ana@xn--empresa-.es', 'invalid_domain'], // decodes to plain ASCII
    ['ana@ｅｍｐｒｅｓａ.es', 'invalid_domain'], // fullwidth letters would map to ASCII
    ['ana@empresa．es', 'invalid_domain'], // fullwidth full stop
    ['ana@\u2488empresa.es', 'invalid_domain'], // ⒈ is "1." under NFKC
    ['ana@empresa.es-1', 'invalid_domain'],
    ['ana@empresa', 'dotless_domain'],
    ['ana@empresa.local', 'reserved_domain'],
    ['ana@empresa.test', 'reserved_domain'],
    ['ana@x.onion', 'reserved_domain'],
    [`${'a'.repeat(65)}@empresa.es`, 'local_too_long'],
    [`${'ñ'.repeat(33)}@empresa.es`, 'local_too_long'], // 33 characters, 66 octets
    [`ana@${'a'.repeat(64)}.es`, 'label_too_long'],
    [`ana@${'ñ'.repeat(60)}.es`, 'label_too_long'], // fits as Unicode, not as xn--
    [`ana@${`${'a'.repeat(62)}.`.repeat(4)}es`, 'domain_too_long'],
    [`${'a'.repeat(64)}@${`${'b'.repeat(60)}.`.repeat(4)}es`, 'too_long'], // 64 + 1 + 246
    ['x'.repeat(5000), 'too_long'],
  ])('%j → %s', (input, code) => {
    expect(validateEmail(input)).toEqual({ ok: false, code });
  });

  it.each([
    ['Ana.Pérez@Empresa.ES', 'Ana.Pérez@empresa.es'],
    ['jose\u0301@empresa.es', 'jos\u00e9@empresa.es'], // NFC
    ['info@ÑANDÚ.es', 'info@ñandú.es'],
    ['info@xn--and-6ma2c.es', 'info@xn--and-6ma2c.es'], // A-labels are kept as typed
    ["o'brien+crm@sub.empresa.co.uk", "o'brien+crm@sub.empresa.co.uk"],
    ['ventas@123.es', 'ventas@123.es'],
    ['a@b.c', 'a@b.c'],
    [`${'a'.repeat(64)}@empresa.es`, `${'a'.repeat(64)}@empresa.es`],
    [`ana@${'a'.repeat(63)}.es`, `ana@${'a'.repeat(63)}.es`],
  ])('%j → %j', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value });
  });

  it('measures the address as typed too: NFC must not turn an over-long input into an accepted one', () => {
    const decomposed = `${'a'.repeat(20)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(35)}.${'e'.repeat(40)}${'o\u0301'.repeat(9)}.es`;
    expect(new TextEncoder().encode(decomposed).length).toBe(255);
    expect(validateEmail(decomposed)).toEqual({ ok: false, code: 'too_long' });
    expect(validateEmail(decomposed.normalize('NFC')).ok).toBe(true); // 246 octets once composed
  });

  it('measures the domain in its ASCII form: the same label fits in ASCII and overflows as Unicode', () => {
    expect(validateEmail(`ana@${'n'.repeat(63)}.es`).ok).toBe(true);
    expect(validateEmail(`ana@${'ñ'.repeat(63)}.es`)).toEqual({ ok: false, code: 'label_too_long' });
  });

  it('converts Unicode domains exactly as the WHATWG URL algorithm does', () => {
    for (const domain of [
      '臺網中心.tw',
      'müller.de',
      'ñandú.es',
      'εεττ.gr',
      'екзампл.ком',
      'मोहन.ईन्फो',
      '郵件.商務',
    ]) {
      expect(emailToAscii(`x@${domain}`)).toBe(`x@${domainToASCII(domain)}`);
    }
    expect(emailToAscii('not an address')).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Ana@Empresa.ES \r\n', 'Ana@empresa.es'],
    ['mailto:ana@empresa.es', 'ana@empresa.es'],
    ['MAILTO:ana@empresa.es?subject=Hola', 'ana@empresa.es'],
    ['"Pérez, Ana" <ana@EMPRESA.es>', 'ana@empresa.es'],
    ['Ana Pérez <ana@empresa.es>', 'ana@empresa.es'],
  ])('%j → %j', (input, value) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, value });
  });

  it('applies the same rules once unwrapped', () => {
    expect(normalizeEmail('  ')).toEqual({ ok: false, code: 'empty' });
    expect(normalizeEmail('Ana <>')).toEqual({ ok: false, code: 'empty' });
    expect(normalizeEmail('Ana < ana@empresa.es>')).toEqual({ ok: false, code: 'invalid_syntax' });
    expect(normalizeEmail('Ana <ana@localhost>')).toEqual({ ok: false, code: 'dotless_domain' });
    expect(normalizeEmail('ana@empresa.es, luis@empresa.es')).toEqual({ ok: false, code: 'invalid_syntax' });
  });
});

describe('punycode (RFC 3492)', () => {
  it.each([
    ['bücher', 'bcher-kva'],
    ['münchen', 'mnchen-3ya'],
    ['παράδειγμα', 'hxajbheg2az3al'],
    ['δοκιμή', 'jxalpdlp'],
    ['臺網中心', 'fiqq24b10vi0d'],
    ['他们为什么不说中文', 'ihqwcrb4cv8a8dqg056pqjye'], // RFC 3492 §7.1 (B)
    ['ليهمابتكلموشعربي؟', 'egbpdaj6bu4bxfgehfvwxn'], // RFC 3492 §7.1 (A)
  ])('%s ⇄ %s', (unicode, ascii) => {
    expect(punycodeEncode(unicode)).toBe(ascii);
    expect(punycodeDecode(ascii)).toBe(unicode);
  });

  it('refuses malformed input', () => {
    expect(punycodeDecode('0')).toBeNull();
    expect(punycodeDecode('99999999999')).toBeNull();
    expect(punycodeDecode('ab-ñ')).toBeNull();
  });
});

describe('emailSchema', () => {
  it('returns the normalised address', () => {
    expect(emailSchema.parse('Ana@Empresa.ES')).toBe('Ana@empresa.es');
  });

  it('reports the API field code and the validator’s reason in the issue params', () => {
    const result = emailSchema.safeParse('ana@empresa');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]).toMatchObject({
      code: 'custom',
      params: { code: 'invalid_email', reason: 'dotless_domain' },
    });
  });

  it('adds the limit to length codes', () => {
    const result = emailSchema.safeParse(`${'a'.repeat(65)}@empresa.es`);
    expect(result.error?.issues[0]).toMatchObject({
      params: { code: 'email_local_too_long', reason: 'local_too_long', max: 64 },
    });
  });

  it('stops at the maximum length with a single too_big issue', () => {
    const result = emailSchema.safeParse(`${'a'.repeat(300)}@empresa.es`);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]).toMatchObject({ code: 'too_big', maximum: 254 });
  });

  it('works inside an object and states its limits in JSON Schema', () => {
    const body = z.object({ email: emailSchema });
    expect(body.parse({ email: 'info@ÑANDÚ.es' })).toEqual({ email: 'info@ñandú.es' });
    const issue = body.safeParse({ email: ' info@x.es' }).error?.issues[0];
    expect(issue).toMatchObject({
      path: ['email'],
      params: { code: 'invalid_email', reason: 'surrounding_whitespace' },
    });
    expect(z.toJSONSchema(emailSchema, { io: 'input' })).toMatchObject({
      type: 'string',
      maxLength: 254,
      format: 'email',
    });
  });
});
