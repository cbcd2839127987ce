import { addDays, addMinutes, instantOf, minutesBetween, nextHalfHour, wallClock } from './action-time';
import type { Action, ActionType, CreateActionRequest, UpdateActionRequest } from './actions.api';

/** What the action form edits: dates and times on the user's wall clock, links and the type's fields. */
export interface ActionFormValues {
  type_id: string;
  subject: string;
  notes: string;
  location: string;
  /** The day it starts (timed types) or is due (untimed), `YYYY-MM-DD`. */
  date: string | null;
  start_time: string;
  end_time: string;
  assignee_user_id: string | null;
  assignee_team_id: string | null;
  entity_id: string | null;
  contact_id: string | null;
  /** The case the action is about (set when opened from a case). */
  case_id: string | null;
  private: boolean;
  attendees: string[];
  custom: Record<string, unknown>;
  /** New actions only: log one that already happened. */
  done: boolean;
  outcome: string | null;
  outcome_notes: string;
}

const DEFAULT_MINUTES = 30;

export function emptyActionValues(
  defaults: Partial<CreateActionRequest>,
  type: ActionType | undefined,
  me: { id: string },
  timeZone: string,
): ActionFormValues {
  const next = nextHalfHour(timeZone);
  const start = defaults.starts_at ? wallClock(defaults.starts_at, timeZone) : null;
  const date = start?.date ?? defaults.due_date ?? next.date;
  const startTime = start?.time ?? next.time;
  const endTime = defaults.ends_at
    ? wallClock(defaults.ends_at, timeZone).time
    : addMinutes(startTime, type?.default_duration_minutes || DEFAULT_MINUTES).time;
  const teamOnly = Boolean(defaults.assignee_team_id) && !defaults.assignee_user_id;
  return {
    type_id: defaults.type_id ?? type?.id ?? '',
    subject: defaults.subject ?? '',
    notes: defaults.notes ?? '',
    location: defaults.location ?? '',
    date,
    start_time: startTime,
    end_time: endTime,
    assignee_user_id: teamOnly ? null : (defaults.assignee_user_id ?? me.id),
    assignee_team_id: defaults.assignee_team_id ?? null,
    entity_id: defaults.entity_id ?? null,
    contact_id: defaults.contact_id ?? null,
    case_id: defaults.case_id ?? null,
    private: defaults.private ?? false,
    attendees: (defaults.attendees ?? []).map((a) => a.email),
    custom: { ...(defaults.custom ?? {}) },
    done: defaults.status === 'done',
    outcome: defaults.outcome ?? null,
    outcome_notes: defaults.outcome_notes ?? '',
  };
}

export function actionToValues(action: Action, timeZone: string): ActionFormValues {
  const start = action.starts_at ? wallClock(action.starts_at, timeZone) : null;
  const end = action.ends_at ? wallClock(action.ends_at, timeZone) : null;
  return {
    type_id: action.type_id,
    subject: action.subject,
    notes: action.notes ?? '',
    location: action.location ?? '',
    date: start?.date ?? action.due_date,
    start_time: start?.time ?? '09:00',
    end_time: end?.time ?? start?.time ?? '09:30',
    assignee_user_id: action.assignee_user_id,
    assignee_team_id: action.assignee_team_id,
    entity_id: action.entity_id,
    contact_id: action.contact_id,
    case_id: action.case_id,
    private: action.private,
    attendees: action.attendees.map((a) => a.email),
    custom: { ...action.custom },
    done: action.status === 'done',
    outcome: action.outcome,
    outcome_notes: action.outcome_notes ?? '',
  };
}

/** starts_at/ends_at for a timed type (an end before the start means the next day), or the due date. */
function timing(values: ActionFormValues, type: ActionType | undefined, timeZone: string) {
  if (!values.date) return { starts_at: null, ends_at: null, due_date: null };
  if (type && !type.timed) return { starts_at: null, ends_at: null, due_date: values.date };
  const startsAt = instantOf(values.date, values.start_time || '09:00', timeZone);
  if (!values.end_time) return { starts_at: startsAt, ends_at: null, due_date: null };
  const endDate =
    minutesBetween(values.start_time, values.end_time) < 0 ? addDays(values.date, 1) : values.date;
  return { starts_at: startsAt, ends_at: instantOf(endDate, values.end_time, timeZone), due_date: null };
}

const attendeesOf = (typed: string[], before: Action['attendees'] = []) =>
  // A separator typed at the end of a pasted address is not part of it.
  typed.map((raw) => {
    const email = raw.trim().replace(/[,;]+$/, '');
    const known = before.find((a) => a.email.toLowerCase() === email.toLowerCase());
    return {
      email,
      ...(known?.name ? { name: known.name } : {}),
      ...(known?.status ? { status: known.status } : {}),
    };
  });

function common(values: ActionFormValues, customKeys: string[]) {
  return {
    type_id: values.type_id,
    subject: values.subject.trim(),
    notes: values.notes,
    location: values.location,
    assignee_user_id: values.assignee_user_id,
    assignee_team_id: values.assignee_team_id,
    entity_id: values.entity_id,
    contact_id: values.entity_id ? values.contact_id : null,
    ...(values.case_id ? { case_id: values.case_id } : {}),
    private: values.private,
    custom: Object.fromEntries(customKeys.map((key) => [key, values.custom[key] ?? null])),
  };
}

export function valuesToCreate(
  values: ActionFormValues,
  type: ActionType | undefined,
  customKeys: string[],
  timeZone: string,
): CreateActionRequest {
  return {
    ...common(values, customKeys),
    ...timing(values, type, timeZone),
    attendees: attendeesOf(values.attendees),
    ...(values.done
      ? { status: 'done' as const, outcome: values.outcome, outcome_notes: values.outcome_notes }
      : {}),
  };
}

/** A PATCH: the wall-clock times are sent only when they changed (a long event keeps its own end). */
export function valuesToUpdate(
  values: ActionFormValues,
  initial: ActionFormValues,
  action: Action,
  type: ActionType | undefined,
  customKeys: string[],
  timeZone: string,
): UpdateActionRequest {
  const timingChanged =
    values.date !== initial.date ||
    values.start_time !== initial.start_time ||
    values.end_time !== initial.end_time ||
    values.type_id !== initial.type_id;
  return {
    version: action.version,
    ...common(values, customKeys),
    ...(timingChanged ? timing(values, type, timeZone) : {}),
    attendees: attendeesOf(values.attendees, action.attendees),
    ...(action.status === 'done' ? { outcome: values.outcome, outcome_notes: values.outcome_notes } : {}),
  };
}

const FIELD_OF: Record<string, string> = { starts_at: 'start_time', ends_at: 'end_time', due_date: 'date' };

/** Server field paths → form paths (`attendees.2.email` → the attendees input). */
export function serverErrorsToActionForm(errors: { field: string; message: string }[]) {
  const result: Record<string, string> = {};
  for (const { field, message } of errors) {
    const path = field.startsWith('attendees') ? 'attendees' : (FIELD_OF[field] ?? field);
    result[path] = result[path] ? `${result[path]} · ${message}` : message;
  }
  return result;
}

export const FORM_PATHS = new Set([
  'type_id',
  'subject',
  'notes',
  'location',
  'date',
  'start_time',
  'end_time',
  'assignee_user_id',
  'assignee_team_id',
  'entity_id',
  'contact_id',
  'attendees',
  'outcome',
  'outcome_notes',
]);
