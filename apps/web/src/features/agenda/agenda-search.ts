import { ACTION_STATUSES, type ActionStatus } from '@trato/contracts/actions';

export const AGENDA_VIEWS = ['day', 'week', 'month', 'list'] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];

/** FullCalendar's name for each of our views. */
export const CALENDAR_VIEW: Record<AgendaView, string> = {
  day: 'timeGridDay',
  week: 'timeGridWeek',
  month: 'dayGridMonth',
  list: 'listWeek',
};
export const viewOfCalendar = (name: string): AgendaView =>
  (Object.entries(CALENDAR_VIEW).find(([, calendar]) => calendar === name)?.[0] as AgendaView) ?? 'week';

/** Shown until the user picks: planned and done actions, not the cancelled ones. */
export const DEFAULT_STATUSES: ActionStatus[] = ['planned', 'done'];

/** The agenda's state in the URL, so a view can be shared by link: view, day, whose, which types and statuses. */
export interface AgendaSearch {
  view?: AgendaView;
  /** A day of the period shown, `YYYY-MM-DD`. */
  date?: string;
  /** Whose agenda: these users (none = mine)… */
  users?: string[];
  /** …or a whole team. */
  team?: string;
  types?: string[];
  status?: ActionStatus[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const strings = (value: unknown): string[] | undefined => {
  const list = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
    (v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64,
  );
  return list.length > 0 ? list.slice(0, 100) : undefined;
};

export function validateAgendaSearch(search: Record<string, unknown>): AgendaSearch {
  const out: AgendaSearch = {};
  if (AGENDA_VIEWS.includes(search.view as AgendaView)) out.view = search.view as AgendaView;
  if (typeof search.date === 'string' && DAY.test(search.date)) out.date = search.date;
  const team = typeof search.team === 'string' && search.team ? search.team : undefined;
  if (team) out.team = team;
  else {
    const users = strings(search.users);
    if (users) out.users = users;
  }
  const types = strings(search.types);
  if (types) out.types = types;
  const status = strings(search.status)?.filter((s): s is ActionStatus =>
    (ACTION_STATUSES as readonly string[]).includes(s),
  );
  if (status && status.length > 0) out.status = status;
  return out;
}
