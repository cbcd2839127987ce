import { normalizeSearchText } from '@trato/contracts/validation/text';
import { addDays, isRealDate, weekday } from './zoned-time.ts';

/*
 * Quick add: one line in Spanish, Catalan or English ("llamar Muñoz mañana 10:00", "trucar a Muñoz demà a les
 * 10", "call Muñoz tomorrow 10:00", "visita Telefónica el lunes") split into an action type, a day, a time,
 * the words that may name an entity, and a subject. Pure: no database, no clock (today is given).
 *
 * chrono-node was considered: it has no Catalan and its Spanish misses "pasado mañana"/"a las 10h" forms, so a
 * small parser over known words is used instead.
 */

export interface QuickAddType {
  id: string;
  key: string;
  labels: Partial<Record<string, string>>;
}

export interface ParsedQuickAdd {
  typeId: string | null;
  /** 'YYYY-MM-DD' when a day was said. */
  date: string | null;
  /** 'HH:MM' when a time was said. */
  time: string | null;
  /** Word runs left after type, date and time, most likely first: where an entity's name may be. */
  nameCandidates: string[];
  /** The line without the date and time words. */
  subject: string;
  recognised: { kind: 'type' | 'date' | 'time'; text: string }[];
}

/** Lowercase without accents or surrounding punctuation: how words are compared. */
export const fold = (word: string) => normalizeSearchText(word).replace(/^[¿¡"'(«]+|[.,;:!?"')»]+$/g, '');

/** Words that name the seeded types, in the three languages (admin types are matched by key and labels). */
const TYPE_WORDS: Record<string, string[]> = {
  call: ['llamar', 'llama', 'llamada', 'telefonear', 'trucar', 'truca', 'trucada', 'call', 'phone', 'ring'],
  email: ['email', 'e-mail', 'correo', 'correu', 'mail', 'enviar correo', 'enviar email', 'send email'],
  visit: ['visita', 'visitar', 'visit'],
  meeting: ['reunion', 'reunio', 'reunirse', 'reunir', 'meeting', 'meet'],
  documents: [
    'documentacion',
    'documentacio',
    'documents',
    'docs',
    'enviar documentacion',
    'enviar documentacio',
    'send documents',
  ],
  presentation: ['presentacion', 'presentacio', 'presentation', 'presentar'],
  task: ['tarea', 'tasca', 'task', 'todo', 'to-do'],
};

const RELATIVE_DAYS: [string[], number][] = [
  [['pasado', 'manana'], 2],
  [['demà', 'passat'].map(fold), 2],
  [['day', 'after', 'tomorrow'], 2],
  [['hoy'], 0],
  [['avui'], 0],
  [['today'], 0],
  [['manana'], 1],
  [['dema'], 1],
  [['tomorrow'], 1],
];

const WEEKDAYS: Record<string, number> = {};
for (const names of [
  ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'],
  ['diumenge', 'dilluns', 'dimarts', 'dimecres', 'dijous', 'divendres', 'dissabte'],
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
])
  names.forEach((name, day) => {
    WEEKDAYS[name] = day;
  });

// Words that lead into a day or a time; they go with it out of the subject.
const DATE_LEAD = [
  ['el', 'proximo'],
  ['el', 'proper'],
  ['el'],
  ['on'],
  ['next'],
  ['this'],
  ['este'],
  ['aquest'],
  ['dia'],
];
const TIME_LEAD = [
  ['a', 'las'],
  ['a', 'la'],
  ['a', 'les'],
  ['a', "l'"],
  ['at'],
  ['sobre', 'las'],
  ['cap', 'a', 'les'],
];
// Small words around a name that are not part of it ("trucar a Muñoz", "reunión con Peña").
const CONNECTORS = new Set([
  'a',
  'al',
  'con',
  'amb',
  'with',
  'to',
  'de',
  'del',
  'en',
  'la',
  'el',
  'les',
  'los',
  'the',
  'per',
  'para',
  'for',
  'y',
  'i',
  'and',
]);

interface Token {
  text: string;
  folded: string;
}

const matchesAt = (tokens: Token[], at: number, phrase: string[]) =>
  phrase.every((word, i) => tokens[at + i]?.folded === word);

function parseTime(tokens: Token[], at: number): { time: string; length: number } | null {
  const word = tokens[at]?.folded ?? '';
  const next = tokens[at + 1]?.folded;
  const hm = (h: number, m: number) =>
    h >= 0 && h <= 23 && m >= 0 && m <= 59
      ? `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
      : null;
  let match = /^(\d{1,2})[:.h](\d{2})h?$/.exec(word);
  if (match) {
    const time = hm(Number(match[1]), Number(match[2]));
    return time ? { time, length: 1 } : null;
  }
  match = /^(\d{1,2})(?::(\d{2}))?(am|pm|h)$/.exec(word);
  if (match) {
    let hour = Number(match[1]);
    if (match[3] === 'pm' && hour < 12) hour += 12;
    if (match[3] === 'am' && hour === 12) hour = 0;
    const time = hm(hour, Number(match[2] ?? 0));
    return time ? { time, length: 1 } : null;
  }
  match = /^(\d{1,2})$/.exec(word);
  if (match && (next === 'am' || next === 'pm')) {
    let hour = Number(match[1]);
    if (next === 'pm' && hour < 12) hour += 12;
    if (next === 'am' && hour === 12) hour = 0;
    const time = hm(hour, 0);
    return time ? { time, length: 2 } : null;
  }
  return null;
}

function parseDate(tokens: Token[], at: number, today: string): { date: string; length: number } | null {
  for (const [phrase, days] of RELATIVE_DAYS)
    if (matchesAt(tokens, at, phrase)) return { date: addDays(today, days), length: phrase.length };
  const word = tokens[at]?.folded ?? '';
  const day = WEEKDAYS[word];
  if (day !== undefined) {
    // The next such day, never today: "el lunes" said on a Monday is the one after.
    const ahead = (day - weekday(today) + 7) % 7 || 7;
    return { date: addDays(today, ahead), length: 1 };
  }
  const match = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?$/.exec(word);
  if (match) {
    const [y] = today.split('-').map(Number) as [number];
    const dd = match[1]!.padStart(2, '0');
    const mm = match[2]!.padStart(2, '0');
    let year = match[3] ? Number(match[3].length === 2 ? `20${match[3]}` : match[3]) : y;
    let date = `${year}-${mm}-${dd}`;
    if (!match[3] && date < today) {
      year += 1;
      date = `${year}-${mm}-${dd}`;
    }
    return isRealDate(date) ? { date, length: 1 } : null;
  }
  const inDays = /^(en|in)$/.test(word) ? /^(\d{1,3})$/.exec(tokens[at + 1]?.folded ?? '') : null;
  if (inDays && /^(dias|dies|days)$/.test(tokens[at + 2]?.folded ?? ''))
    return { date: addDays(today, Number(inDays[1])), length: 3 };
  return null;
}

function typeWords(types: readonly QuickAddType[]): { phrase: string[]; typeId: string }[] {
  const words: { phrase: string[]; typeId: string }[] = [];
  for (const type of types) {
    const names = new Set([
      type.key,
      ...Object.values(type.labels).filter(Boolean),
      ...(TYPE_WORDS[type.key] ?? []),
    ]);
    for (const name of names) {
      const phrase = String(name).split(/\s+/).map(fold).filter(Boolean);
      if (phrase.length > 0) words.push({ phrase, typeId: type.id });
    }
  }
  // Longest phrases first: "enviar documentación" before "enviar".
  return words.sort((a, b) => b.phrase.length - a.phrase.length);
}

export function parseQuickAdd(
  text: string,
  context: { types: readonly QuickAddType[]; today: string },
): ParsedQuickAdd {
  const tokens: Token[] = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => ({ text: t, folded: fold(t) }));
  const role: ('type' | 'date' | 'time' | null)[] = tokens.map(() => null);
  const recognised: ParsedQuickAdd['recognised'] = [];
  const take = (at: number, length: number, kind: 'type' | 'date' | 'time') => {
    for (let i = at; i < at + length; i++) role[i] = kind;
    recognised.push({
      kind,
      text: tokens
        .slice(at, at + length)
        .map((t) => t.text)
        .join(' '),
    });
  };
  // A lead word ("el", "a las") just before a day or time goes with it.
  const withLead = (at: number, leads: string[][]) => {
    for (const lead of leads) {
      const start = at - lead.length;
      if (start >= 0 && matchesAt(tokens, start, lead) && role.slice(start, at).every((r) => r === null))
        return start;
    }
    return at;
  };

  let typeId: string | null = null;
  const phrases = typeWords(context.types);
  for (let at = 0; at < tokens.length && !typeId; at++) {
    const hit = phrases.find((p) => matchesAt(tokens, at, p.phrase));
    if (hit) {
      typeId = hit.typeId;
      take(at, hit.phrase.length, 'type');
    }
  }

  let date: string | null = null;
  let time: string | null = null;
  for (let at = 0; at < tokens.length; at++) {
    if (role[at] !== null) continue;
    if (!date) {
      const found = parseDate(tokens, at, context.today);
      if (found) {
        date = found.date;
        const start = withLead(at, DATE_LEAD);
        take(start, at - start + found.length, 'date');
        at += found.length - 1;
        continue;
      }
    }
    if (!time) {
      const found = parseTime(tokens, at);
      if (found) {
        time = found.time;
        const start = withLead(at, TIME_LEAD);
        take(start, at - start + found.length, 'time');
        at += found.length - 1;
        continue;
      }
      // "a las 10", "a les 10", "at 10": a bare hour only counts after its lead words.
      const bare = /^(\d{1,2})$/.exec(tokens[at]!.folded);
      const start = withLead(at, TIME_LEAD);
      if (bare && start < at && Number(bare[1]) <= 23) {
        time = `${bare[1]!.padStart(2, '0')}:00`;
        take(start, at - start + 1, 'time');
      }
    }
  }

  // Runs of words no part claimed, without connectors at their edges: candidate names.
  const runs: string[][] = [];
  let current: string[] = [];
  tokens.forEach((token, i) => {
    if (role[i] === null) current.push(token.text);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length > 0) runs.push(current);
  const nameCandidates: string[] = [];
  for (const run of runs) {
    const words = [...run];
    while (words.length > 0 && CONNECTORS.has(fold(words[0]!))) words.shift();
    while (words.length > 0 && CONNECTORS.has(fold(words.at(-1)!))) words.pop();
    // The whole run, then shorter pieces from its start ("Muñoz sobre la oferta" → "Muñoz").
    for (let length = Math.min(words.length, 5); length > 0; length--) {
      const candidate = words.slice(0, length).join(' ');
      if (!nameCandidates.includes(candidate)) nameCandidates.push(candidate);
    }
  }

  const kept = tokens.filter((_, i) => role[i] !== 'date' && role[i] !== 'time').map((t) => t.text);
  const joined = kept.join(' ').replace(/[\s,;:-]+$/, '');
  const subject = joined ? joined[0]!.toLocaleUpperCase() + joined.slice(1) : '';
  return { typeId, date, time, nameCandidates, subject: subject.slice(0, 300), recognised };
}
