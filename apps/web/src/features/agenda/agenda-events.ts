import type { EventApi, EventInput } from '@fullcalendar/core';
import { wallClock } from '../actions/action-time';
import type { Action, UpdateActionRequest } from '../actions/actions.api';

/** What each calendar event carries besides its times: the action it shows. */
export interface AgendaEventProps {
  action: Action;
}

/** Monday to Friday, 9:00 to 18:00: shaded as working hours in the day and week views. */
export const BUSINESS_HOURS = { daysOfWeek: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '18:00' };
const EARLIEST = 7;
const LATEST = 21;

/**
 * An action as a calendar event: timed ones at their start and end, untimed ones (a due date) as all-day
 * events. Coloured by type; only what may change can be dragged (a planned action, or a done one when the
 * admin allows editing closed actions; never a cancelled one).
 */
export function toEvent(action: Action, options: { timeZone: string; closedEditable: boolean }): EventInput {
  const timed = Boolean(action.starts_at);
  const color = action.type.color || 'gray';
  const movable = action.status === 'planned' || (action.status === 'done' && options.closedEditable);
  return {
    id: action.id,
    title: action.subject,
    start: timed ? action.starts_at! : (action.due_date ?? wallClock(action.due_at, options.timeZone).date),
    ...(timed && action.ends_at ? { end: action.ends_at } : {}),
    allDay: !timed,
    startEditable: movable,
    durationEditable: movable && timed,
    backgroundColor: `var(--mantine-color-${color}-light)`,
    borderColor: `var(--mantine-color-${color}-filled)`,
    textColor: 'var(--mantine-color-text)',
    classNames: [`agenda-${action.status}`, ...(action.overdue ? ['agenda-overdue'] : [])],
    extendedProps: { action } satisfies AgendaEventProps,
  };
}

const hourOf = (value: string, timeZone: string) => {
  const [hh, mm] = wallClock(value, timeZone).time.split(':').map(Number);
  return (hh ?? 0) + (mm ?? 0) / 60;
};
const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

/**
 * The hours the day and week views show: 7:00–21:00, stretched so that no action falls outside (an early
 * call at 6:30, a dinner until 23:00).
 */
export function visibleHours(actions: Action[], timeZone: string): { min: string; max: string } {
  let min = EARLIEST;
  let max = LATEST;
  for (const action of actions) {
    if (!action.starts_at) continue;
    min = Math.min(min, Math.floor(hourOf(action.starts_at, timeZone)));
    const end = action.ends_at ?? action.starts_at;
    const sameDay = wallClock(end, timeZone).date === wallClock(action.starts_at, timeZone).date;
    max = Math.max(max, sameDay ? Math.ceil(hourOf(end, timeZone)) : 24);
  }
  return { min: pad(min), max: pad(Math.min(24, Math.max(max, min + 1))) };
}

/** The change a drag or a resize asks for: new start and end, or a new due date. */
export function moveOf(event: EventApi): Pick<UpdateActionRequest, 'starts_at' | 'ends_at' | 'due_date'> {
  if (event.allDay) return { due_date: event.startStr.slice(0, 10) };
  return { starts_at: event.startStr, ...(event.end ? { ends_at: event.endStr } : {}) };
}

/** The action as it will be after the move, for the optimistic update. */
export function movedAction(action: Action, move: ReturnType<typeof moveOf>): Action {
  const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);
  if (move.due_date) return { ...action, due_date: move.due_date };
  return {
    ...action,
    starts_at: iso(move.starts_at),
    ends_at: move.ends_at ? iso(move.ends_at) : action.ends_at,
  };
}
