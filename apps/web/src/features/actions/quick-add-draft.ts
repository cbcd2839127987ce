import { addMinutes, instantOf, nextHalfHour, todayIn, wallClock } from './action-time';
import type { ActionType, CreateActionRequest, QuickAddDraftData } from './actions.api';

/**
 * The action a quick-add draft becomes, fitted to its type: a timed type needs a start (the recognised day at
 * the next half hour today, else 09:00), an untimed one a due date (the start's day, else today).
 */
export function draftToRequest(
  draft: QuickAddDraftData,
  type: ActionType,
  fallbackSubject: string,
  me: { id: string },
  timeZone: string,
): CreateActionRequest {
  const base = {
    type_id: type.id,
    subject: draft.subject.trim() || fallbackSubject,
    entity_id: draft.entity?.id ?? null,
    contact_id: draft.contact?.id ?? null,
    assignee_user_id: draft.assignee_user_id ?? me.id,
  };
  if (type.timed) {
    if (draft.starts_at) return { ...base, starts_at: draft.starts_at, ends_at: draft.ends_at };
    const day = draft.due_date ?? todayIn(timeZone);
    const next = nextHalfHour(timeZone);
    const time = day === next.date ? next.time : '09:00';
    const end = addMinutes(time, type.default_duration_minutes || 30);
    return {
      ...base,
      starts_at: instantOf(day, time, timeZone),
      ends_at: end.dayShift === 0 ? instantOf(day, end.time, timeZone) : null,
    };
  }
  const dueDate =
    draft.due_date ?? (draft.starts_at ? wallClock(draft.starts_at, timeZone).date : todayIn(timeZone));
  return { ...base, due_date: dueDate };
}
