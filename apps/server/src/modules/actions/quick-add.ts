import type { QuickAddDraft } from '@trato/contracts/actions';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { globalSearch, type SearchHit } from '../search/search.service.ts';
import { listActionTypes } from './action-types.service.ts';
import { parseQuickAdd } from './quick-add-parser.ts';
import { addDays, localDate, localTime, safeTimeZone, zonedInstant } from './zoned-time.ts';

type Draft = z.infer<typeof QuickAddDraft>;

/** A timed action said with a day but no time is proposed at this local time (the user confirms the draft). */
const DEFAULT_TIME = '09:00';
// Each name candidate costs a search; a line rarely has more worth trying.
const MAX_NAME_LOOKUPS = 6;

/** The best entity (or contact) for the words that may name one: the first candidate with a hit wins. */
async function findNamed(
  db: Database,
  auth: AuthContext,
  candidates: string[],
): Promise<{ hit: SearchHit; text: string } | null> {
  for (const text of candidates.slice(0, MAX_NAME_LOOKUPS)) {
    if (text.replace(/\P{L}/gu, '').length < 2) continue;
    const hits = await globalSearch(db, auth, text, 5);
    // Best score; on a tie an entity before a contact.
    const best = hits.sort(
      (a, b) => b.score - a.score || (a.type === 'entity' ? -1 : 1) - (b.type === 'entity' ? -1 : 1),
    )[0];
    if (best) return { hit: best, text };
  }
  return null;
}

/** Parses one line into a draft action for the user to confirm; then the client POSTs /actions. */
export async function parseQuickAddLine(
  db: Database,
  auth: AuthContext,
  text: string,
  now: Date = new Date(),
): Promise<Draft> {
  const timeZone = safeTimeZone(auth.timeZone);
  const today = localDate(now, timeZone);
  const types = (await listActionTypes(db)).filter((t) => t.active);
  const parsed = parseQuickAdd(text, { types, today });
  const type = types.find((t) => t.id === parsed.typeId) ?? null;

  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  let dueDate: string | null = null;
  const timed = type ? type.timed : parsed.time !== null;
  if (timed && (parsed.time || parsed.date)) {
    // A time without a day is its next occurrence: today, or tomorrow once it has passed.
    const day = parsed.date ?? (parsed.time! > localTime(now, timeZone) ? today : addDays(today, 1));
    startsAt = zonedInstant(day, parsed.time ?? DEFAULT_TIME, timeZone);
    if (type) endsAt = new Date(startsAt.getTime() + type.default_duration_minutes * 60_000);
  } else if (!timed) {
    dueDate = parsed.date ?? (type ? today : null);
  }

  const named = await findNamed(db, auth, parsed.nameCandidates);
  let entity: Draft['entity'] = null;
  let contact: Draft['contact'] = null;
  if (named?.hit.type === 'entity') entity = { id: named.hit.id, name: named.hit.title };
  else if (named?.hit.type === 'contact') {
    contact = { id: named.hit.id, name: named.hit.title };
    const owner = await requireVisibleEntity(db, auth, named.hit.entity_id).catch(() => null);
    entity = owner ? { id: owner.id, name: owner.name } : null;
  }

  return {
    type_id: type?.id ?? null,
    subject: parsed.subject || text.trim().slice(0, 300),
    starts_at: startsAt?.toISOString() ?? null,
    ends_at: endsAt?.toISOString() ?? null,
    due_date: dueDate,
    entity,
    contact,
    assignee_user_id: auth.userId,
    recognised: [...parsed.recognised, ...(named ? [{ kind: 'entity', text: named.text }] : [])],
  };
}
