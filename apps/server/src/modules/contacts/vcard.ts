/*
 * vCard import and export.
 * Reading: vCard 2.1, 3.0 and 4.0 as phones and mail clients write them (Android, iPhone, macOS, Outlook,
 * Gmail, Thunderbird, Evolution, Lotus Notes): folded lines, 2.1 QUOTED-PRINTABLE with soft line breaks and
 * CHARSET, nameless 2.1 parameters (TEL;WORK;VOICE), grouped properties (item1.EMAIL + item1.X-ABLabel),
 * backslash escapes, RFC 6868 caret escapes in parameters. Binary properties (PHOTO, KEY, LOGO, SOUND)
 * and unknown ones are skipped; a malformed line is skipped, never thrown.
 * Writing: vCard 4.0 (RFC 6350): CRLF, lines folded at 75 octets without splitting a character,
 * TEXT escaping, UID as urn:uuid, REV.
 */

export interface ParsedVcardAddress {
  street: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface ParsedVcardValue {
  value: string;
  /** Lowercase TYPE values without pref/internet/voice noise ("work", "cell", "home,fax"), or null. */
  type: string | null;
}

export interface ParsedVcard {
  first_name: string | null;
  last_name: string | null;
  /** FN; else built from N; else the organisation; else the first email; else ''. */
  full_name: string;
  organization: string | null;
  department: string | null;
  job_title: string | null;
  emails: ParsedVcardValue[];
  phones: ParsedVcardValue[];
  /** The work address when there is one, else the preferred one, else the first. */
  address: ParsedVcardAddress | null;
  url: string | null;
  note: string | null;
  /** YYYY-MM-DD; null when absent or without a year (--0203). */
  birthday: string | null;
  /** The preferred LANG's primary subtag when Trato speaks it (es, ca, en), else null. */
  language: 'es' | 'ca' | 'en' | null;
}

export interface VcardContact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  job_title: string | null;
  department: string | null;
  /** The name of the contact's entity. */
  organization: string | null;
  emails: string[];
  /** E.164. */
  phones: string[];
  address?: ParsedVcardAddress | null;
  notes?: string | null;
  /** The language to write to this contact in (LANG). */
  language?: string | null;
  updated_at: Date;
}

type VcardVersion = '2.1' | '3.0' | '4.0';

interface Property {
  group: string | null;
  name: string;
  params: Map<string, string[]>;
  value: string;
}

const ENCODING_WORDS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const TYPE_NOISE = new Set(['pref', 'internet', 'x400']);

// ---------------------------------------------------------------------------------------------------
// Reading

/** Decodes a .vcf file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. */
export function decodeVcardBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Every vCard in the text, in order. Never throws on malformed input; cards without content are skipped. */
export function parseVcards(text: string): ParsedVcard[] {
  const cards: Property[][] = [];
  let current: Property[] | null = null;
  let depth = 0;
  for (const line of logicalLines(text)) {
    const property = parseLine(line);
    if (!property) continue;
    const value = property.value.trim().toUpperCase();
    if (property.name === 'BEGIN' && value === 'VCARD') {
      depth++;
      if (depth === 1) current = [];
      continue;
    }
    if (property.name === 'END' && value === 'VCARD') {
      if (depth === 1 && current) cards.push(current);
      if (depth > 0) depth--;
      if (depth === 0) current = null;
      continue;
    }
    // Properties of a nested card (a 2.1 AGENT) belong to someone else.
    if (depth === 1 && current) current.push(property);
  }
  if (current && depth > 0) cards.push(current); // a last card without END:VCARD
  return cards.map(toParsedVcard).filter((card): card is ParsedVcard => card !== null);
}

/** Physical lines → logical lines: folded lines joined, QUOTED-PRINTABLE soft line breaks joined. */
function logicalLines(text: string): string[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const logical: string[] = [];
  for (const line of physical) {
    const last = logical.length - 1;
    const previous = logical[last];
    if (previous !== undefined && isQuotedPrintableSoftBreak(previous) && !/^END:VCARD\s*$/i.test(line)) {
      logical[last] = previous.slice(0, -1) + line;
      continue;
    }
    if (previous !== undefined && /^[ \t]/.test(line)) {
      logical[last] = previous + line.slice(1);
      continue;
    }
    if (line.trim().length > 0) logical.push(line);
  }
  return logical;
}

function isQuotedPrintableSoftBreak(line: string): boolean {
  if (!line.endsWith('=')) return false;
  const colon = line.indexOf(':');
  if (colon < 0) return false;
  return /(^|;)\s*(ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*(;|$)/i.test(line.slice(0, colon));
}

function parseLine(line: string): Property | null {
  const head = /^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)/.exec(line);
  if (!head) return null;
  const params = new Map<string, string[]>();
  let i = head[0].length;
  while (line[i] === ';') {
    const start = ++i;
    let inQuotes = false;
    while (i < line.length) {
      const c = line[i];
      if (c === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (c === ';' || c === ':')) break;
      i++;
    }
    addParameter(params, line.slice(start, i));
  }
  if (line[i] !== ':') return null;
  return { group: head[1] ?? null, name: (head[2] ?? '').toUpperCase(), params, value: line.slice(i + 1) };
}

function addParameter(params: Map<string, string[]>, raw: string): void {
  const text = raw.trim();
  if (text.length === 0) return;
  const eq = text.indexOf('=');
  let name: string;
  let values: string[];
  if (eq < 0) {
    // vCard 2.1 writes TYPE and ENCODING values without their names: TEL;WORK;VOICE, NOTE;QUOTED-PRINTABLE.
    name = ENCODING_WORDS.has(text.toUpperCase()) ? 'ENCODING' : 'TYPE';
    values = [text];
  } else {
    name = text.slice(0, eq).trim().toUpperCase();
    values = splitParameterValues(text.slice(eq + 1));
  }
  const list = params.get(name) ?? [];
  list.push(...values);
  params.set(name, list);
}

function splitParameterValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  let inQuotes = false;
  for (const c of raw) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ',' && !inQuotes) {
      values.push(current);
      current = '';
    } else current += c;
  }
  values.push(current);
  // RFC 6868: ^n newline, ^' double quote, ^^ caret.
  return values.map((v) =>
    v.trim().replace(/\^(n|'|\^)/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^')),
  );
}

const param = (property: Property, name: string): string | undefined => property.params.get(name)?.[0];

/** The property's value as text: transfer encoding and charset undone, escapes still in place. */
function decodedValue(property: Property): string {
  const encoding = param(property, 'ENCODING')?.toUpperCase();
  const charset = param(property, 'CHARSET');
  if (encoding === 'QUOTED-PRINTABLE') return decodeBytes(quotedPrintableBytes(property.value), charset);
  if (encoding === 'B' || encoding === 'BASE64') {
    return decodeBytes(Uint8Array.from(Buffer.from(property.value.replace(/\s+/g, ''), 'base64')), charset);
  }
  return property.value;
}

function quotedPrintableBytes(value: string): Uint8Array {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '=') {
      const hex = value.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
        continue;
      }
      if (i === value.length - 1) continue; // a trailing soft break
    }
    const code = c.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else bytes.push(...encoder.encode(c));
  }
  return Uint8Array.from(bytes);
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown charset label: fall through to the guess.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Splits on a separator that is not escaped by a backslash; escapes are kept for unescapeText(). */
function splitUnescaped(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescapeText(value: string, version: VcardVersion): string {
  if (version === '2.1') return value.replace(/\\([;\\,])/g, '$1');
  return value.replace(/\\(.)/gs, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const clean = (value: string): string => value.replace(/\r\n?/g, '\n').trim();
const orNull = (value: string | undefined): string | null => {
  const cleaned = clean(value ?? '');
  return cleaned.length > 0 ? cleaned : null;
};

function textValue(property: Property, version: VcardVersion): string {
  return clean(unescapeText(decodedValue(property), version));
}

/** A structured value (N, ORG, ADR): components, each a list in 3.0/4.0 (joined with `listSeparator`). */
function components(property: Property, version: VcardVersion, listSeparator: string | null): string[] {
  return splitUnescaped(decodedValue(property), ';').map((component) => {
    if (version === '2.1' || listSeparator === null) return clean(unescapeText(component, version));
    return splitUnescaped(component, ',')
      .map((item) => clean(unescapeText(item, version)))
      .filter((item) => item.length > 0)
      .join(listSeparator);
  });
}

function typesOf(property: Property): string[] {
  // TYPE=work,voice, TYPE="work,voice" and TYPE=work;TYPE=voice all mean the same two types.
  const types = (property.params.get('TYPE') ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
  return [...new Set(types)];
}

function isPreferred(property: Property): boolean {
  return typesOf(property).includes('pref') || property.params.has('PREF');
}

function typeLabel(
  property: Property,
  kind: 'email' | 'tel',
  groupLabels: Map<string, string>,
): string | null {
  let types = typesOf(property).filter((t) => !TYPE_NOISE.has(t));
  if (kind === 'tel' && types.length > 1) types = types.filter((t) => t !== 'voice');
  if (types.length > 0) return types.join(',');
  return property.group ? (groupLabels.get(property.group.toUpperCase()) ?? null) : null;
}

/** Apple's item groups carry a label: item1.EMAIL + item1.X-ABLabel:_$!<Work>!$_ or a custom text. */
function groupLabels(properties: Property[], version: VcardVersion): Map<string, string> {
  const labels = new Map<string, string>();
  for (const property of properties) {
    if (property.name !== 'X-ABLABEL' || !property.group) continue;
    const label = textValue(property, version)
      .replace(/^_\$!<(.*)>!\$_$/, '$1')
      .toLowerCase();
    if (label) labels.set(property.group.toUpperCase(), label);
  }
  return labels;
}

/** Picks the property a CRM wants when there are several: work first, then preferred, then the first. */
function pickBest(properties: Property[]): Property | undefined {
  const score = (p: Property) => (typesOf(p).includes('work') ? 2 : 0) + (isPreferred(p) ? 1 : 0);
  let best: Property | undefined;
  for (const property of properties) if (!best || score(property) > score(best)) best = property;
  return best;
}

function parseBirthday(raw: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:+\-Z.]*)?$/i.exec(raw.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return `${year}-${month}-${day}`;
}

function phoneValue(raw: string): string {
  // vCard 4.0 writes TEL as a tel: URI; keep the number and make an extension readable.
  const text = raw.replace(/^tel:/i, '');
  const [number = '', ...uriParams] = text.split(';');
  const extension = uriParams.find((p) => /^ext=/i.test(p))?.slice(4);
  return extension ? `${number} ext. ${extension}` : number;
}

function toParsedVcard(properties: Property[]): ParsedVcard | null {
  const versionText = properties.find((p) => p.name === 'VERSION')?.value.trim();
  const version: VcardVersion = versionText === '2.1' ? '2.1' : versionText === '4.0' ? '4.0' : '3.0';
  const all = (name: string) => properties.filter((p) => p.name === name);
  const labels = groupLabels(properties, version);

  const nProperty = all('N')[0];
  const n = nProperty ? components(nProperty, version, ' ') : [];
  const [family, given, additional, prefix, suffix] = n;

  const orgProperty = all('ORG').find((p) => textValue(p, version).length > 0);
  const org = orgProperty ? components(orgProperty, version, null) : [];
  const organization = orNull(org[0]);
  const department = orNull(
    org
      .slice(1)
      .filter((unit) => unit.length > 0)
      .join(', '),
  );

  const emails: ParsedVcardValue[] = [];
  const seenEmails = new Set<string>();
  for (const property of all('EMAIL')) {
    const value = textValue(property, version).replace(/^mailto:/i, '');
    if (!value || seenEmails.has(value.toLowerCase())) continue;
    seenEmails.add(value.toLowerCase());
    emails.push({ value, type: typeLabel(property, 'email', labels) });
  }

  const phones: ParsedVcardValue[] = [];
  const seenPhones = new Set<string>();
  for (const property of all('TEL')) {
    const isUri = param(property, 'VALUE')?.toLowerCase() === 'uri' || /^tel:/i.test(property.value);
    const value = clean(isUri ? phoneValue(decodedValue(property)) : textValue(property, version));
    if (!value || seenPhones.has(value)) continue;
    seenPhones.add(value);
    phones.push({ value, type: typeLabel(property, 'tel', labels) });
  }

  const adrProperty = pickBest(all('ADR'));
  let address: ParsedVcardAddress | null = null;
  if (adrProperty) {
    const [pobox = '', extended = '', street = '', city = '', region = '', postalCode = '', country = ''] =
      components(adrProperty, version, ', ');
    const streetLines = [street, extended].filter((line) => line.length > 0);
    const candidate: ParsedVcardAddress = {
      // The post-office box only when nothing else locates the address (RFC 6350 deprecates it).
      street: orNull(streetLines.length > 0 ? streetLines.join('\n') : pobox),
      city: orNull(city),
      region: orNull(region),
      postal_code: orNull(postalCode),
      country: orNull(country),
    };
    if (Object.values(candidate).some((v) => v !== null)) address = candidate;
  }

  const urlProperty = pickBest(all('URL').filter((p) => textValue(p, version).length > 0));
  const notes = [...new Set(all('NOTE').map((p) => textValue(p, version)))].filter((note) => note.length > 0);
  const birthday =
    all('BDAY')
      .map((p) => parseBirthday(textValue(p, version)))
      .find((b) => b !== null) ?? null;

  // LANG (RFC 6350 §6.4.4): the most preferred (PREF=1 first) of the languages Trato writes in.
  const rank = (p: Property) => Number(param(p, 'PREF') ?? 101) || 101;
  const language =
    all('LANG')
      .toSorted((a, b) => rank(a) - rank(b))
      .map((p) => textValue(p, version).split('-')[0]?.toLowerCase())
      .find((tag): tag is 'es' | 'ca' | 'en' => tag === 'es' || tag === 'ca' || tag === 'en') ?? null;

  const firstName = orNull(given);
  const lastName = orNull(family);
  const formattedName = all('FN')
    .map((p) => textValue(p, version))
    .find((fn) => fn.length > 0);
  const builtName = [prefix, given, additional, family, suffix]
    .filter((part) => part && part.length > 0)
    .join(' ');
  const fullName = formattedName ?? (builtName || organization || emails[0]?.value || '');

  const card: ParsedVcard = {
    first_name: firstName,
    last_name: lastName,
    full_name: fullName,
    organization,
    department,
    job_title: orNull(
      all('TITLE')
        .map((p) => textValue(p, version))
        .find((t) => t.length > 0),
    ),
    emails,
    phones,
    address,
    url: urlProperty ? textValue(urlProperty, version) : null,
    note: notes.length > 0 ? notes.join('\n\n') : null,
    birthday,
    language,
  };
  const isEmpty = !card.full_name && card.phones.length === 0 && !card.note && !card.address;
  return isEmpty ? null : card;
}

// ---------------------------------------------------------------------------------------------------
// Writing

const FOLD_OCTETS = 75;

/** TEXT escaping (RFC 6350 §3.4): backslash, comma, semicolon, newline. Other controls are dropped. */
function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\t\n])\p{Cc}/gu, '')
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\n/g, '\\n');
}

function utf8Octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Folds a content line at 75 octets; a continuation line starts with one space (RFC 6350 §3.2). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    if (octets + size > FOLD_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** One contact as a vCard 4.0 (RFC 6350), CRLF line endings, ending with a line break. */
export function serializeVcard(contact: VcardContact): string {
  const first = contact.first_name?.trim() ?? '';
  const last = contact.last_name?.trim() ?? '';
  const organization = contact.organization?.trim() ?? '';
  const department = contact.department?.trim() ?? '';
  const fullName =
    [first, last].filter(Boolean).join(' ') || organization || contact.emails[0] || contact.phones[0] || '';

  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'PRODID:-//Trato//Trato CRM//EN',
    `UID:urn:uuid:${contact.id}`,
  ];
  lines.push(`FN:${escapeText(fullName)}`);
  lines.push(`N:${escapeText(last)};${escapeText(first)};;;`);
  if (organization || department) {
    lines.push(`ORG:${escapeText(organization)}${department ? `;${escapeText(department)}` : ''}`);
  }
  if (contact.job_title?.trim()) lines.push(`TITLE:${escapeText(contact.job_title.trim())}`);
  for (const email of contact.emails) lines.push(`EMAIL;TYPE=work:${escapeText(email)}`);
  for (const phone of contact.phones) {
    const number = phone.replace(/[^+0-9]/g, '');
    if (number) lines.push(`TEL;VALUE=uri:tel:${number}`);
  }
  const address = contact.address;
  if (address && Object.values(address).some((v) => v?.trim())) {
    const parts = [address.street, address.city, address.region, address.postal_code, address.country];
    lines.push(`ADR;TYPE=work:;;${parts.map((part) => escapeText(part?.trim() ?? '')).join(';')}`);
  }
  if (contact.language) lines.push(`LANG:${escapeText(contact.language)}`);
  if (contact.notes?.trim()) lines.push(`NOTE:${escapeText(contact.notes.trim())}`);
  lines.push(`REV:${timestamp(contact.updated_at)}`);
  lines.push('END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
