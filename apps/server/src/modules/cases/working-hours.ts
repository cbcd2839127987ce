import type { UpdateWorkingHoursRequest, WorkingHours } from '@trato/contracts/cases';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { addDays, isRealDate, localDate, weekday, zonedInstant } from '../actions/zoned-time.ts';
import { isTimeZone } from '../auth/auth.service.ts';

// The installation's working hours (Ajustes → Calendario), one row of `settings` under 'working_hours'.
// SLA targets are counted in them: only the time between start and end of a working day that is no holiday.

const KEY = 'working_hours';
// Settings rows have a text key, events want a uuid object id: one fixed id stands for "the settings".
const SETTINGS_OBJECT_ID = '00000000-0000-0000-0000-000000000000';
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Working time beyond a century is treated as a century (only a degenerate setting gets there).
const MAX_DAYS = 36_525;

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  time_zone: 'Europe/Madrid',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: [],
};

/** The stored setting, each part checked again (a row could hold anything), defaults where missing. */
export async function getWorkingHours(db: Executor): Promise<WorkingHours> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return sanitize((row?.value ?? {}) as Partial<Record<keyof WorkingHours, unknown>>);
}

function sanitize(stored: Partial<Record<keyof WorkingHours, unknown>>): WorkingHours {
  const d = DEFAULT_WORKING_HOURS;
  const zone = typeof stored.time_zone === 'string' && isTimeZone(stored.time_zone) ? stored.time_zone : null;
  const days = Array.isArray(stored.days)
    ? [...new Set(stored.days.filter((n): n is number => Number.isInteger(n) && n >= 1 && n <= 7))].sort(
        (a, b) => a - b,
      )
    : [];
  const start = typeof stored.start === 'string' && CLOCK.test(stored.start) ? stored.start : null;
  const end = typeof stored.end === 'string' && CLOCK.test(stored.end) ? stored.end : null;
  const validHours = start !== null && end !== null && end > start;
  const holidays = Array.isArray(stored.holidays)
    ? stored.holidays.filter((h): h is string => typeof h === 'string' && isRealDate(h)).slice(0, 200)
    : [];
  return {
    time_zone: zone ?? d.time_zone,
    days: days.length > 0 ? days : d.days,
    start: validHours ? start : d.start,
    end: validHours ? end : d.end,
    holidays,
  };
}

export async function updateWorkingHours(
  db: Database,
  auth: AuthContext,
  input: z.output<typeof UpdateWorkingHoursRequest>,
): Promise<WorkingHours> {
  const issues = new IssueCollector();
  if (!isTimeZone(input.time_zone)) issues.add('time_zone', 'unknown_time_zone');
  input.holidays.forEach((day, i) => {
    if (!isRealDate(day)) issues.add(`holidays.${i}`, 'invalid_date');
  });
  issues.throwIfAny();
  const value: WorkingHours = {
    time_zone: input.time_zone,
    days: [...new Set(input.days)].sort((a, b) => a - b),
    start: input.start,
    end: input.end,
    holidays: [...new Set(input.holidays)].sort(),
  };
  await db.transaction().execute(async (trx) => {
    const before = await getWorkingHours(trx);
    const json = JSON.stringify(value);
    await trx
      .insertInto('settings')
      .values({ key: KEY, value: json, updated_by: auth.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: json, updated_at: new Date(), updated_by: auth.userId }),
      )
      .execute();
    const changes = diffChanges(before, value, Object.keys(value));
    if (Object.keys(changes).length === 0) return;
    await recordEvent(trx, {
      type: 'settings.updated',
      object: 'settings',
      objectId: SETTINGS_OBJECT_ID,
      entityId: null,
      actorId: auth.userId,
      changes: { key: KEY, ...changes },
    });
  });
  return getWorkingHours(db);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
const isoWeekday = (day: string): number => weekday(day) || 7;

/**
 * The instant `hours` working hours after `from` (fractions allowed): only the time between start and end of
 * a working day that is no holiday counts, on the clock of the setting's zone, so a DST change moves nothing.
 * A `from` outside working time counts from the next working moment (0 hours: that moment itself).
 */
export function addWorkingHours(from: Date, hours: number, wh: WorkingHours): Date {
  const zone = wh.time_zone;
  const days = new Set(wh.days);
  const holidays = new Set(wh.holidays);
  const isWorkingDay = (day: string) => days.has(isoWeekday(day)) && !holidays.has(day);
  const windowMs = minutesOf(wh.end) * 60_000 - minutesOf(wh.start) * 60_000;
  const workingDaysPerWeek = [1, 2, 3, 4, 5, 6, 7].filter((d) => days.has(d)).length;
  const weekMs = workingDaysPerWeek * windowMs;

  let remaining = Math.max(0, Math.round(hours * HOUR_MS));
  let day = localDate(from, zone);
  let earliest = from.getTime();
  let last = from;
  for (let i = 0; i < MAX_DAYS; i++) {
    if (isWorkingDay(day)) {
      const open = zonedInstant(day, wh.start, zone).getTime();
      const close = zonedInstant(day, wh.end, zone).getTime();
      const begin = Math.max(open, earliest);
      if (begin < close) {
        if (remaining <= close - begin) return new Date(begin + remaining);
        remaining -= close - begin;
        last = new Date(close);
      }
    }
    earliest = Number.NEGATIVE_INFINITY;
    day = addDays(day, 1);
    // Whole weeks with no holiday and no clock change (every window as long as on paper) are skipped at once.
    while (weekMs > 0 && remaining > weekMs && isPlainWeek(day, wh, holidays)) {
      remaining -= weekMs;
      day = addDays(day, 7);
      i += 7;
    }
  }
  return last;
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** No holiday in the 7 days from `day`, and the zone's offset the same at both ends of every window. */
function isPlainWeek(day: string, wh: WorkingHours, holidays: Set<string>): boolean {
  for (let d = 0; d < 7; d++) if (holidays.has(addDays(day, d))) return false;
  const next = addDays(day, 7);
  const span = (clock: string) =>
    zonedInstant(next, clock, wh.time_zone).getTime() - zonedInstant(day, clock, wh.time_zone).getTime();
  return span(wh.start) === 7 * DAY_MS && span(wh.end) === 7 * DAY_MS;
}
