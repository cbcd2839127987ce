import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeVcardBytes,
  foldLine,
  type ParsedVcard,
  parseVcards,
  serializeVcard,
  type VcardContact,
} from './vcard.ts';

// apps/server/src/modules/contacts → /work/main → /work/shared
const VCARD_DATA = fileURLToPath(new URL('../../../../../../shared/testdata/ical_vcard/', import.meta.url));
const EZ_VCARD = join(VCARD_DATA, 'ez-vcard');
const EZ_TEXT = join(EZ_VCARD, 'src/test/resources/ezvcard/io/text');

function vcfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return vcfFiles(path);
    return name.toLowerCase().endsWith('.vcf') ? [path] : [];
  });
}

const readSample = (name: string): ParsedVcard[] =>
  parseVcards(decodeVcardBytes(readFileSync(join(EZ_TEXT, name))));
const onlyCard = (name: string): ParsedVcard => {
  const cards = readSample(name);
  expect(cards).toHaveLength(1);
  return cards[0] as ParsedVcard;
};

describe('parseVcards on every ez-vcard sample', () => {
  const files = vcfFiles(EZ_VCARD);
  // How many cards each file holds, counted by reading them (rfc2426-example writes BEGIN:vCard).
  const CARD_COUNTS: Record<string, number> = {
    'John_Doe_ANDROID.vcf': 6,
    'gmail-list.vcf': 3,
    'rfc2426-example.vcf': 2,
  };

  it('finds the 18 exported files', () => {
    expect(files).toHaveLength(18);
  });

  for (const file of files) {
    const name = relative(EZ_VCARD, file);
    it(`${name} parses into clean cards`, () => {
      const cards = parseVcards(decodeVcardBytes(readFileSync(file)));
      expect(cards).toHaveLength(CARD_COUNTS[file.split('/').pop() ?? ''] ?? 1);
      for (const card of cards) {
        expect(card.full_name.length).toBeGreaterThan(0);
        for (const entry of [...card.emails, ...card.phones]) {
          expect(entry.value).not.toMatch(/[\r\n\\]|^\s|\s$/);
          if (entry.type !== null) expect(entry.type).toMatch(/^[a-z0-9_,\- ]+$/);
        }
        if (card.birthday !== null) expect(card.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // Binary data (PHOTO, KEY) never leaks into text fields.
        expect(JSON.stringify(card)).not.toMatch(/\/9j\/4AAQ|MIID/);
      }
    });
  }

  it('also reads the vCards of the ical.js test suite', () => {
    const icaljs = vcfFiles(join(VCARD_DATA, 'icaljs'));
    expect(icaljs.length).toBeGreaterThanOrEqual(5);
    for (const file of icaljs) expect(parseVcards(readFileSync(file, 'utf8')).length).toBe(1);
  });
});

describe('parseVcards: fields of real exports', () => {
  it('Gmail (3.0): escaped colon in URL, item groups with labels, folded NOTE', () => {
    expect(onlyCard('gmail-single.vcf')).toEqual({
      first_name: 'Greg',
      last_name: 'Dartmouth',
      full_name: 'Greg Dartmouth',
      organization: 'TheCompany',
      department: null,
      job_title: 'TheJobTitle',
      emails: [{ value: 'gdartmouth@hotmail.com', type: null }],
      phones: [
        { value: '555 555 1111', type: 'cell' },
        { value: '555 555 2222', type: 'grand_central' }, // item1.TEL + item1.X-ABLabel
      ],
      address: {
        street: '123 Home St\nHome City, HM 12345',
        city: null,
        region: null,
        postal_code: null,
        country: null,
      },
      url: 'http://TheProfile.com',
      note: "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField",
      birthday: '1960-09-10',
      language: null,
    });
  });

  it('Gmail list: three cards in order', () => {
    expect(readSample('gmail-list.vcf').map((c) => [c.full_name, c.emails[0]?.value])).toEqual([
      ['Arnold Smith', 'asmithk@gmail.com'],
      ['Chris Beatle', 'chrisy55d@yahoo.com'],
      ['Doug White', 'dwhite@gmail.com'],
    ]);
  });

  it('Outlook 2.1: nameless parameters, ORG with department, base64 PHOTO skipped', () => {
    const card = onlyCard('John_Doe_MS_OUTLOOK.vcf');
    expect(card).toMatchObject({
      first_name: 'John',
      last_name: 'Doe',
      full_name: 'Mr. John Richter James Doe Sr.',
      organization: 'IBM',
      department: 'Accounting',
      job_title: 'Money Counter',
      emails: [{ value: 'john.doe@ibm.cm', type: null }],
      phones: [
        { value: '(905) 555-1234', type: 'work' },
        { value: '(905) 666-1234', type: 'home' },
      ],
      address: {
        street: 'Cresent moon drive',
        city: 'Albaney',
        region: 'New York',
        postal_code: '12345',
        country: 'United States of America',
      },
      url: 'http://www.ibm.com',
      birthday: '1980-03-22',
    });
    expect(card.note).toMatch(/^THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS''/);
  });

  it('Outlook 2003 (2.1): QUOTED-PRINTABLE NOTE with a soft line break in the middle of =0D=0A', () => {
    const card = onlyCard('outlook-2003.vcf');
    expect(card.note).toBe('This is the note field!!\nSecond line\n\nThird line is empty');
    expect(card.organization).toBe('Company, The'); // 2.1 does not escape commas
    expect(card.department).toBe('TheDepartment');
    expect(card.full_name).toBe('John Doe III');
    expect(card.address).toEqual({
      street: '123 Main St\nTheOffice',
      city: 'Austin',
      region: 'TX',
      postal_code: '12345',
      country: 'United States of America',
    });
    expect(card.phones.map((p) => p.type)).toEqual(['work', 'home', 'cell', 'work,fax']);
    expect(card.emails).toEqual([{ value: 'jdoe@hotmail.com', type: null }]);
  });

  it('Outlook 2007 (2.1): QUOTED-PRINTABLE with CHARSET=us-ascii over four lines', () => {
    const card = onlyCard('outlook-2007.vcf');
    expect(card.note).toBe(
      "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\nBut I'm not sure because there's text formatting going on here.\nIt does not preserve the formatting",
    );
    expect(card).toMatchObject({ first_name: 'Michael', last_name: 'Angstadt', birthday: '1922-03-10' });
    expect(card.emails).toEqual([{ value: 'mike.angstadt@gmail.com', type: null }]);
  });

  it('Android (2.1): UTF-8 QUOTED-PRINTABLE names, soft breaks, duplicate NOTE, card with only an email', () => {
    const cards = readSample('John_Doe_ANDROID.vcf');
    expect(cards[0]).toMatchObject({ full_name: 'john.doe@company.com', first_name: null, last_name: null });
    expect(cards[2]).toMatchObject({
      last_name: 'Ñ Ñ Ñ Ñ',
      full_name: 'Ñ Ñ Ñ Ñ Ñ',
      phones: [{ value: '123456789', type: 'cell' }],
    });
    expect(cards[3]?.full_name).toBe('Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ');
    expect(cards[3]?.phones.map((p) => p.value)).toEqual(['123456', '234567', '3456789', '45678901']);
    // Three QP lines of 8, 8 and 5 Ñ, each soft break between two Ñ; the two identical NOTEs count once.
    expect(cards[3]?.note).toBe('Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ');
    expect(cards[4]).toMatchObject({
      first_name: 'Ñ Ñ Ñ',
      last_name: 'Ñ Ñ',
      organization: 'Ñ'.repeat(12),
      url: 'www.company.com',
    });
    expect(cards[4]?.emails[0]).toEqual({ value: 'bob@company.com', type: 'work' });
  });

  it('macOS Address Book (3.0): escaped commas, repeated type params, the work address chosen', () => {
    const card = onlyCard('John_Doe_MAC_ADDRESS_BOOK.vcf');
    expect(card.full_name).toBe('Mr. John Richter,James Doe Sr.');
    expect(card.emails).toEqual([{ value: 'john.doe@ibm.com', type: 'work' }]);
    expect(card.phones).toContainEqual({ value: '905-999-1234', type: 'work,fax' });
    expect(card.phones).toContainEqual({ value: '905-222-1234', type: 'assistantphone' });
    expect(card.address).toEqual({
      street: 'Street4\nBuilding 6\nFloor 8',
      city: 'New York',
      region: null,
      postal_code: '12345',
      country: 'USA',
    });
    expect(card.note).toContain(
      '"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE',
    );
  });

  it('Evolution (3.0): folded EMAIL value and folded parameters', () => {
    const card = onlyCard('John_Doe_EVOLUTION.vcf');
    expect(card.emails).toEqual([{ value: 'john.doe@ibm.com', type: 'work' }]);
    expect(card.phones).toEqual([
      { value: '905-666-1234', type: 'cell' },
      { value: '905-555-1234', type: 'work' },
    ]);
    expect(card.full_name).toBe('Mr. John Richter, James Doe Sr.');
    expect(card.department).toBe('Accounting, Dungeon');
    expect(card.url).toBe('http://www.ibm.com');
    expect(card.address?.country).toBe('United States of America');
  });

  it('RFC 2426 example: mixed-case BEGIN:vCard, LF line endings, folded ADR', () => {
    const [frank, tim] = readSample('rfc2426-example.vcf');
    expect(frank).toMatchObject({
      full_name: 'Frank Dawson',
      organization: 'Lotus Development Corporation',
      emails: [
        { value: 'Frank_Dawson@Lotus.com', type: null },
        { value: 'fdawson@earthlink.net', type: null },
      ],
      address: {
        street: '6544 Battleford Drive',
        city: 'Raleigh',
        region: 'NC',
        postal_code: '27613-3502',
        country: 'U.S.A.',
      },
      url: 'http://home.earthlink.net/~fdawson',
    });
    expect(tim?.address?.postal_code).toBe('94043');
    expect(tim?.phones[1]).toEqual({ value: '+1-415-528-4164', type: 'fax,work' });
  });

  it('RFC 6350 example (4.0): tel: URIs with an extension, quoted TYPE lists', () => {
    const card = onlyCard('rfc6350-example.vcf');
    expect(card.phones).toEqual([
      { value: '+1-418-656-9254 ext. 102', type: 'work' },
      { value: '+1-418-262-6501', type: 'work,cell,video,text' },
    ]);
    expect(card.birthday).toBeNull(); // BDAY:--0203 has no year
    expect(card.address).toEqual({
      street: '2875 Laurier\nSuite D2-630',
      city: 'Quebec',
      region: 'QC',
      postal_code: 'G1V 2M2',
      country: 'Canada',
    });
  });

  it('Thunderbird (3.0): escaped semicolon and quotes in NOTE, CHARSET parameter on plain text', () => {
    const card = onlyCard('thunderbird-MoreFunctionsForAddressBook-extension.vcf');
    expect(card.note).toBe(
      'This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the "note" field; even curse words.',
    );
    expect(card).toMatchObject({
      organization: 'TheOrganization',
      department: 'TheDepartment',
      job_title: 'TheTitle',
    });
    expect(card.emails).toHaveLength(5);
  });

  it('Lotus Notes, BlackBerry and FullContact exports', () => {
    const lotus = onlyCard('John_Doe_LOTUS_NOTES.vcf');
    expect(lotus.emails.map((e) => e.value)).toEqual(['john.doe@ibm.com', 'billy_bob@gmail.com']);
    expect(lotus.phones[0]).toEqual({ value: '+1 (212) 204-34456', type: 'cell' });
    const blackberry = onlyCard('John_Doe_BLACK_BERRY.vcf');
    expect(blackberry).toMatchObject({
      first_name: 'john',
      last_name: 'Doe',
      organization: 'Acme Solutions',
      note: null,
    });
    expect(blackberry.phones).toEqual([{ value: '+96123456789', type: 'cell' }]);
    const fullcontact = onlyCard('fullcontact.vcf');
    expect(fullcontact).toMatchObject({
      organization: 'Organization1',
      department: 'Department1',
      job_title: 'Title1',
    });
    expect(fullcontact.birthday).toBe('2016-08-01');
    expect(fullcontact.emails.map((e) => e.type)).toEqual(['home', 'work', 'school', 'other', 'customtype']);
  });

  it('ez-vcard issue 114: an unquoted LABEL parameter with colons does not break the card', () => {
    const [card] = parseVcards(
      readFileSync(join(EZ_VCARD, 'src/test/resources/ezvcard/issue/issue114.vcf'), 'utf8'),
    );
    expect(card).toMatchObject({
      full_name: 'Dummy, Dummy',
      first_name: 'Dummy',
      last_name: 'Dummy',
      organization: 'Dummy GmbH',
      emails: [{ value: 'dummy.dummy@dummy.com', type: 'home' }],
      phones: [
        { value: '+49 1234 56789', type: 'cell' },
        { value: '+49 9876 54321', type: 'work' },
      ],
    });
    expect(card?.address).toMatchObject({ city: 'Bad Homburg', postal_code: '61352', country: 'Germany' });
  });
});

describe('parseVcards: edge cases', () => {
  const card = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD'].join('\r\n');

  it('decodes QUOTED-PRINTABLE in the declared charset, and guesses Windows-1252 when UTF-8 fails', () => {
    const [latin1] = parseVcards(
      card('VERSION:2.1', 'N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Mu=F1oz;=C0lex'),
    );
    expect(latin1).toMatchObject({ last_name: 'Muñoz', first_name: 'Àlex', full_name: 'Àlex Muñoz' });
    const [guessed] = parseVcards(card('VERSION:2.1', 'FN;QUOTED-PRINTABLE:Jos=E9 Mu=F1oz'));
    expect(guessed?.full_name).toBe('José Muñoz');
    const [utf8] = parseVcards(card('VERSION:2.1', 'FN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9'));
    expect(utf8?.full_name).toBe('José');
  });

  it('unescapes 3.0/4.0 text and keeps 2.1 backslashes that are not escapes', () => {
    const [v3] = parseVcards(card('VERSION:3.0', 'FN:A\\, B\\; C\\\\D\\nE'));
    expect(v3?.full_name).toBe('A, B; C\\D\nE');
    const [v21] = parseVcards(card('VERSION:2.1', 'FN:Ana', 'NOTE:C:\\temp\\new'));
    expect(v21?.note).toBe('C:\\temp\\new');
  });

  it('ignores a nested vCard (2.1 AGENT) and reads a card without END:VCARD', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN:Boss',
      'AGENT:',
      'BEGIN:VCARD',
      'FN:Assistant',
      'EMAIL:assistant@x.es',
      'END:VCARD',
      'EMAIL:boss@x.es',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Truncated',
    ].join('\n');
    const cards = parseVcards(text);
    expect(cards.map((c) => c.full_name)).toEqual(['Boss', 'Truncated']);
    expect(cards[0]?.emails).toEqual([{ value: 'boss@x.es', type: null }]);
  });

  it('accepts BOM, CR-only line endings, tabs as folding, and skips junk', () => {
    const text =
      '\uFEFFjunk before\rBEGIN:VCARD\rVERSION:3.0\rFN:Ana\r\tPérez\rNO COLON HERE\r;;;\rEMAIL:a@x.es\rEND:VCARD\rtrailing';
    expect(parseVcards(text)).toEqual([
      expect.objectContaining({ full_name: 'AnaPérez', emails: [{ value: 'a@x.es', type: null }] }),
    ]);
  });

  it('returns nothing for text without cards and never throws on garbage', () => {
    expect(parseVcards('')).toEqual([]);
    expect(parseVcards('hello\nworld')).toEqual([]);
    expect(parseVcards(card('VERSION:4.0'))).toEqual([]); // a card with no content at all
    const garbage = Array.from({ length: 200 }, (_, i) => String.fromCharCode((i * 7919) % 0x2fff)).join('');
    expect(() => parseVcards(`BEGIN:VCARD\n${garbage}\n=\n;=:\nEND:VCARD`)).not.toThrow();
    expect(() =>
      parseVcards(card('N;ENCODING=QUOTED-PRINTABLE;CHARSET=nonsense:=ZZ=4', 'FN;ENCODING=B:@@@')),
    ).not.toThrow();
  });

  it('reads birthdays only when they are real calendar dates', () => {
    const birthday = (value: string) =>
      parseVcards(card('VERSION:4.0', 'FN:X', `BDAY:${value}`))[0]?.birthday;
    expect(birthday('19800322')).toBe('1980-03-22');
    expect(birthday('1953-10-15T23:10:00Z')).toBe('1953-10-15');
    expect(birthday('--0203')).toBeNull();
    expect(birthday('2023-02-30')).toBeNull();
    expect(birthday('circa 1800')).toBeNull();
  });

  it('reads the preferred LANG as the language to write in, when Trato speaks it', () => {
    const language = (...lines: string[]) => parseVcards(card('VERSION:4.0', 'FN:X', ...lines))[0]?.language;
    expect(language('LANG;TYPE=work;PREF=2:en', 'LANG;TYPE=work;PREF=1:ca-ES')).toBe('ca');
    expect(language('LANG:ES')).toBe('es');
    expect(language('LANG;PREF=1:fr', 'LANG;PREF=2:es')).toBe('es');
    expect(language('LANG:fr')).toBeNull();
    expect(language()).toBeNull();
  });

  it('reads base64-encoded text and drops a mailto: prefix from EMAIL', () => {
    const base64 = Buffer.from('Nota en línea', 'utf8').toString('base64');
    const [parsed] = parseVcards(
      card('VERSION:3.0', 'FN:X', `NOTE;ENCODING=b:${base64}`, 'EMAIL:mailto:x@y.es'),
    );
    expect(parsed?.note).toBe('Nota en línea');
    expect(parsed?.emails).toEqual([{ value: 'x@y.es', type: null }]);
  });
});

describe('decodeVcardBytes', () => {
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and falls back to Windows-1252', () => {
    const text = 'FN:Àlex Muñoz €';
    expect(decodeVcardBytes(new TextEncoder().encode(text))).toBe(text);
    expect(decodeVcardBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe(
      text,
    );
    const utf16 = Buffer.from(`\uFEFF${text}`, 'utf16le');
    expect(decodeVcardBytes(Uint8Array.from(utf16))).toBe(text);
    const cp1252 = Uint8Array.from([...Buffer.from('FN:', 'latin1'), 0xc0, 0x6c, 0x65, 0x78, 0x20, 0x80]);
    expect(decodeVcardBytes(cp1252)).toBe('FN:Àlex €');
  });
});

const aContact = (overrides: Partial<VcardContact> = {}): VcardContact => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  first_name: 'Àlex',
  last_name: 'Muñoz',
  job_title: 'Directora comercial',
  department: 'Ventas',
  organization: 'Telefónica, S.A.',
  emails: ['alex.munoz@telefonica.es'],
  phones: ['+34612345678'],
  notes: null,
  updated_at: new Date('2026-01-15T09:30:05.123Z'),
  ...overrides,
});

describe('serializeVcard', () => {
  it('writes vCard 4.0 with CRLF, escaped text, tel: URIs, UID and REV', () => {
    expect(serializeVcard(aContact())).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'PRODID:-//Trato//Trato CRM//EN',
        'UID:urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        'FN:Àlex Muñoz',
        'N:Muñoz;Àlex;;;',
        'ORG:Telefónica\\, S.A.;Ventas',
        'TITLE:Directora comercial',
        'EMAIL;TYPE=work:alex.munoz@telefonica.es',
        'TEL;VALUE=uri:tel:+34612345678',
        'REV:20260115T093005Z',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });

  it('omits what the contact does not have and names the card after the organisation when it has no name', () => {
    const text = serializeVcard(
      aContact({
        first_name: null,
        last_name: null,
        job_title: null,
        department: null,
        emails: [],
        phones: [],
      }),
    );
    expect(text).toContain('\r\nFN:Telefónica\\, S.A.\r\n');
    expect(text).toContain('\r\nN:;;;;\r\n');
    expect(text).not.toMatch(/TITLE|EMAIL|TEL|NOTE|ADR/);
  });

  it('folds long lines at 75 octets without splitting a UTF-8 sequence', () => {
    for (let offset = 0; offset < 4; offset++) {
      const notes = `${'x'.repeat(offset)}${'ñ€😀a'.repeat(60)}`;
      const text = serializeVcard(aContact({ notes }));
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.slice(0, -2).split('\r\n');
      expect(lines.some((line) => line.startsWith(' '))).toBe(true);
      for (const line of lines) {
        expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
        expect(line.isWellFormed()).toBe(true); // no half of a surrogate pair
        expect(line).not.toMatch(/[\r\n]/);
      }
      // Unfolding (CRLF + one space) gives back the NOTE line exactly.
      expect(text.replace(/\r\n /g, '')).toContain(`\r\nNOTE:${notes}\r\n`);
    }
  });

  it('foldLine leaves short lines alone and fills folded lines to the limit', () => {
    expect(foldLine('FN:Ana')).toBe('FN:Ana');
    const folded = foldLine(`NOTE:${'a'.repeat(200)}`).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 57]); // 205 = 75 + 74 + 56, plus the leading spaces
    expect(folded.slice(1).every((l) => l.startsWith(' ') && !l.startsWith('  '))).toBe(true);
  });
});

describe('round trip: serializeVcard → parseVcards', () => {
  it('gives back the same fields, with accents, commas, semicolons, backslashes and long folded lines', () => {
    const contact = aContact({
      first_name: 'Àlex',
      last_name: 'Muñoz García; de la Vega, Jr.',
      job_title: 'Jefa de ventas, zona norte; Cataluña',
      department: 'Ventas; Grandes cuentas',
      organization: 'Telefónica, S.A.',
      emails: ['alex.munoz@telefonica.es', 'àlex@correo.es'],
      phones: ['+34612345678', '+34931234567'],
      address: {
        street: 'Carrer de Balmes, 123; 4º 2ª',
        city: "L'Hospitalet de Llobregat",
        region: 'Barcelona',
        postal_code: '08901',
        country: 'España',
      },
      language: 'ca',
      notes: `Reunión con Àlex: "presupuesto\\revisión"\nSegunda línea; con comas, y más.\n${'Texto largo con acentos áéíóú ñ ç. '.repeat(12)}😀`,
    });
    const [parsed, ...rest] = parseVcards(serializeVcard(contact));
    expect(rest).toEqual([]);
    expect(parsed).toEqual({
      first_name: contact.first_name,
      last_name: contact.last_name,
      full_name: `${contact.first_name} ${contact.last_name}`,
      organization: contact.organization,
      department: contact.department,
      job_title: contact.job_title,
      emails: contact.emails.map((value) => ({ value, type: 'work' })),
      phones: contact.phones.map((value) => ({ value, type: null })),
      address: contact.address,
      url: null,
      note: contact.notes,
      birthday: null,
      language: 'ca',
    });
  });

  it('keeps a contact with only a company and a phone', () => {
    const [parsed] = parseVcards(
      serializeVcard(
        aContact({ first_name: null, last_name: null, job_title: null, department: null, emails: [] }),
      ),
    );
    expect(parsed).toMatchObject({
      first_name: null,
      last_name: null,
      full_name: 'Telefónica, S.A.',
      organization: 'Telefónica, S.A.',
      department: null,
      phones: [{ value: '+34612345678', type: null }],
      address: null,
      note: null,
    });
  });
});
