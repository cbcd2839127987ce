import { currentLanguage } from '../../i18n';

// Wall-clock dates and times in the user's time zone (not the browser's): the form edits "YYYY-MM-DD" and
// "HH:mm" there, the API stores instants.

const intlLocale = () => {
  const lng = currentLanguage();
  return lng === 'en' ? 'en-GB' : `${lng}-ES`;
};

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(date: Date, timeZone: string) {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: Number(parts.second),
  };
}

/** "2026-11-24" and "10:00" as the wall clock shows them in `timeZone`. */
export function wallClock(value: string | Date, timeZone: string) {
  const { date, time } = partsIn(value instanceof Date ? value : new Date(value), timeZone);
  return { date, time };
}

/** Today's date in the time zone. */
export const todayIn = (timeZone: string, now = new Date()) => partsIn(now, timeZone).date;

const utcOf = (date: string, time: string) => {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return Date.UTC(y!, m! - 1, d!, hh ?? 0, mm ?? 0);
};

/** The instant (ISO) when the wall clock in `timeZone` shows that date and time. */
export function instantOf(date: string, time: string, timeZone: string): string {
  const wanted = utcOf(date, time);
  // Two rounds settle the offset, also across a daylight-saving change.
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = partsIn(new Date(guess), timeZone);
    guess += wanted - utcOf(shown.date, shown.time);
  }
  return new Date(guess).toISOString();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

export const daysBetween = (from: string, to: string) =>
  Math.round((utcOf(to, '00:00') - utcOf(from, '00:00')) / 86_400_000);

export function addMinutes(time: string, minutes: number): { time: string; dayShift: number } {
  const [hh, mm] = time.split(':').map(Number);
  const total = (hh ?? 0) * 60 + (mm ?? 0) + minutes;
  const dayShift = Math.floor(total / 1440);
  const inDay = total - dayShift * 1440;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { time: `${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}`, dayShift };
}

export const minutesBetween = (from: string, to: string) => {
  const [fh, fm] = from.split(':').map(Number);
  const [th, tm] = to.split(':').map(Number);
  return (th ?? 0) * 60 + (tm ?? 0) - ((fh ?? 0) * 60 + (fm ?? 0));
};

/** The next half hour from now, on the wall clock of `timeZone` (a new call's default start). */
export function nextHalfHour(timeZone: string, now = new Date()) {
  const { date, time } = partsIn(now, timeZone);
  const [hh, mm] = time.split(':').map(Number);
  const { time: next, dayShift } = addMinutes(`${hh}:${mm! < 30 ? '30' : '00'}`, mm! < 30 ? 0 : 60);
  return { date: addDays(date, dayShift), time: next };
}

/** "hoy", "mañana", "ayer" for nearby days, else "lun, 24 nov" (with the year when it is not this one). */
export function formatDay(date: string, timeZone: string, now = new Date()): string {
  const diff = daysBetween(todayIn(timeZone, now), date);
  if (Math.abs(diff) <= 1) {
    const text = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' }).format(diff, 'day');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  const [y, m, d] = date.split('-').map(Number);
  const sameYear = y === Number(todayIn(timeZone, now).slice(0, 4));
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export function formatTime(value: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(value),
  );
}

/** When an action is: "Hoy · 10:00–10:15", "Mañana", "lun, 24 nov · 09:30". */
export function formatWhen(
  action: { starts_at: string | null; ends_at: string | null; due_date: string | null; due_at: string },
  timeZone: string,
  now = new Date(),
): string {
  if (action.starts_at) {
    const start = wallClock(action.starts_at, timeZone);
    const end = action.ends_at ? wallClock(action.ends_at, timeZone) : null;
    const range =
      end && end.date === start.date && end.time !== start.time
        ? `${formatTime(action.starts_at, timeZone)}–${formatTime(action.ends_at!, timeZone)}`
        : formatTime(action.starts_at, timeZone);
    return `${formatDay(start.date, timeZone, now)} · ${range}`;
  }
  return formatDay(action.due_date ?? wallClock(action.due_at, timeZone).date, timeZone, now);
}

/** How late an overdue action is: "hace 2 horas", "hace 3 días" (whole days for undated-time actions). */
export function formatLate(
  action: { starts_at: string | null; due_date: string | null; due_at: string },
  timeZone: string,
  now = new Date(),
): string {
  const format = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' });
  if (!action.starts_at && action.due_date) {
    return format.format(Math.min(-1, daysBetween(todayIn(timeZone, now), action.due_date)), 'day');
  }
  const minutes = Math.round((new Date(action.due_at).getTime() - now.getTime()) / 60_000);
  if (minutes > -60) return format.format(Math.min(-1, minutes), 'minute');
  if (minutes > -24 * 60) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(Math.round(minutes / 1440), 'day');
}

/** The exact date and time, for a tooltip. */
export function formatExact(value: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
    new Date(value),
  );
}
