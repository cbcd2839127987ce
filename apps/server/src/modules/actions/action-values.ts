import type { User } from '@trato/contracts/users';
import type { ActionAttendee, ActionRow, ActionTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, IssueCollector } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { scopeOf } from '../../platform/permissions.ts';
import { checkEmail } from '../../platform/validate.ts';
import { linkableCase } from '../cases/cases.service.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { listFields, validateCustomValues } from '../fields/fields.service.ts';
import { activeKeys } from '../pick-lists/pick-lists.service.ts';
import { getTeam } from '../teams/teams.service.ts';
import { getUser, liveUserIds } from '../users/users.service.ts';
import { actionTypesById } from './action-types.service.ts';
import { ACTION_ISSUES } from './actions.errors.ts';
import { addDays, isRealDate, localDate, safeTimeZone, startOfDay } from './zoned-time.ts';

/** What the API lets a client write on an action (create and update). */
export interface ActionInput {
  type_id?: string | undefined;
  subject?: string | undefined;
  notes?: string | null | undefined;
  location?: string | null | undefined;
  starts_at?: string | null | undefined;
  ends_at?: string | null | undefined;
  due_date?: string | null | undefined;
  assignee_user_id?: string | null | undefined;
  assignee_team_id?: string | null | undefined;
  entity_id?: string | null | undefined;
  contact_id?: string | null | undefined;
  case_id?: string | null | undefined;
  campaign_id?: string | null | undefined;
  private?: boolean | undefined;
  attendees?: { email: string; name?: string | null | undefined; status?: string | undefined }[] | undefined;
  custom?: Record<string, unknown> | undefined;
  status?: 'planned' | 'done' | undefined;
  outcome?: string | null | undefined;
  outcome_notes?: string | null | undefined;
}

/** The columns a write sets, checked and derived (due_at), plus what the caller needs to record the event. */
export interface ResolvedAction {
  values: Omit<ActionRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'created_by' | 'updated_by'>;
  type: ActionTypeRow;
}

// Far-off years are typing mistakes; they would also fall outside what calendars can show.
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const inRange = (instant: Date) =>
  instant.getUTCFullYear() >= MIN_YEAR && instant.getUTCFullYear() <= MAX_YEAR;

export async function activeUser(db: Executor, id: string): Promise<User | null> {
  return getUser(db, id).catch((error) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
}

/**
 * The time zone an action's days are counted in: its assignee's, else the person writing it. An untimed
 * action falls due at the end of its day there.
 */
export async function actionTimeZone(
  db: Executor,
  assigneeUserId: string | null,
  fallback: string,
): Promise<string> {
  const user = assigneeUserId ? await activeUser(db, assigneeUserId) : null;
  return safeTimeZone(user?.time_zone ?? fallback);
}

/** When an untimed action falls due: the end of its day (midnight after it) in the zone. */
export const endOfDueDate = (dueDate: string, timeZone: string) => startOfDay(addDays(dueDate, 1), timeZone);

/**
 * Checks an action write against the current row (null on create) and returns every column to store. All
 * problems are collected and thrown together (422 naming each field).
 */
export async function resolveActionValues(
  trx: Executor,
  auth: AuthContext,
  input: ActionInput,
  current: ActionRow | null,
  now: Date = new Date(),
): Promise<ResolvedAction> {
  const issues = new IssueCollector();
  const sent = <K extends keyof ActionInput>(key: K) => input[key] !== undefined;
  const pick = <K extends keyof ActionInput & keyof ActionRow>(key: K): ActionRow[K] | null =>
    (sent(key) ? input[key] : (current?.[key] ?? null)) as ActionRow[K] | null;

  // Type: a new or changed type must exist and be active; an action keeps a type deactivated since.
  const types = await actionTypesById(trx);
  const typeId = input.type_id ?? current?.type_id ?? '';
  const type = types.get(typeId);
  const typeChanged = !current || (sent('type_id') && input.type_id !== current.type_id);
  if (!type || (typeChanged && !type.active)) {
    issues.add('type_id', ACTION_ISSUES.unknownType);
    issues.throwIfAny();
  }

  // Assignee: a user, a team, or both (a team action taken by one member). Default: the writer.
  let assigneeUserId = pick('assignee_user_id');
  const assigneeTeamId = pick('assignee_team_id');
  if (!current && !sent('assignee_user_id') && !sent('assignee_team_id')) assigneeUserId = auth.userId;
  const userChanged = !current || assigneeUserId !== current.assignee_user_id;
  const teamChanged = !current || assigneeTeamId !== current.assignee_team_id;
  await checkAssignee(trx, auth, { userId: assigneeUserId, teamId: assigneeTeamId }, issues, {
    userChanged,
    teamChanged,
  });
  const assignee = assigneeUserId ? await activeUser(trx, assigneeUserId) : null;
  const timeZone = safeTimeZone(assignee?.time_zone ?? auth.timeZone);

  // Entity and contact: both visible to the writer, and the contact one of the entity's.
  let entityId = pick('entity_id');
  const contactId = pick('contact_id');
  const contactChanged = !current || contactId !== current.contact_id;
  const entityChanged = !current || entityId !== current.entity_id;
  if (contactId && (contactChanged || entityChanged)) {
    const contact = await requireVisibleContact(trx, auth, contactId).catch(() => null);
    if (!contact) issues.add('contact_id', 'unknown_contact');
    else if (!entityId && !sent('entity_id')) entityId = contact.entity_id;
    else if (contact.entity_id !== entityId) issues.add('contact_id', ACTION_ISSUES.contactOfAnotherEntity);
  }
  // Case: live and visible; the action is about the case's entity (taken from it when none is given).
  const caseId = pick('case_id');
  if (caseId && (!current || caseId !== current.case_id || entityChanged)) {
    const linked = await linkableCase(trx, auth, caseId);
    if (!linked) issues.add('case_id', 'unknown_case');
    else if (!entityId) entityId = linked.entity_id;
    else if (entityId !== linked.entity_id) issues.add('case_id', 'case_of_other_entity');
  }
  if (entityId && entityId !== current?.entity_id) {
    const entity = await requireVisibleEntity(trx, auth, entityId).catch(() => null);
    if (!entity) issues.add('entity_id', 'unknown_entity');
  }

  const timing = resolveTiming(input, current, type!, timeZone, issues);

  // Status and outcome: an outcome belongs to a done action and is one of the admin's outcomes.
  const status = current ? current.status : (input.status ?? 'planned');
  const outcome = pick('outcome');
  if (outcome !== null && sent('outcome')) {
    if (status !== 'done') issues.add('outcome', ACTION_ISSUES.notDone);
    else if (!(await activeKeys(trx)).get('action_outcomes')?.has(outcome))
      issues.add('outcome', 'invalid_option');
  }

  const attendees = sent('attendees')
    ? checkAttendees(input.attendees ?? [], current?.attendees ?? [], issues)
    : (current?.attendees ?? []);

  // Custom fields: those of the action's type; a new type's required fields must be filled.
  let custom = current?.custom ?? {};
  if (sent('custom') || typeChanged) {
    const [definitions, userIds] = await Promise.all([listFields(trx, 'action', typeId), liveUserIds(trx)]);
    custom = validateCustomValues(definitions, input.custom, custom, issues, userIds);
  }
  issues.throwIfAny();

  const done = status === 'done';
  return {
    type: type!,
    values: {
      type_id: typeId,
      subject: input.subject ?? current?.subject ?? '',
      notes: pick('notes'),
      location: pick('location'),
      ...timing,
      status,
      outcome: done ? outcome : null,
      outcome_notes: done ? pick('outcome_notes') : null,
      completed_at: current ? current.completed_at : done ? now : null,
      completed_by: current ? current.completed_by : done ? auth.userId : null,
      assignee_user_id: assigneeUserId,
      assignee_team_id: assigneeTeamId,
      entity_id: entityId,
      contact_id: contactId,
      case_id: caseId,
      campaign_id: pick('campaign_id'),
      sequence_run_id: current?.sequence_run_id ?? null,
      sequence_step_key: current?.sequence_step_key ?? null,
      private: input.private ?? current?.private ?? false,
      attendees,
      ical_uid: current?.ical_uid ?? null,
      ical_sequence: current?.ical_sequence ?? 0,
      custom,
      deleted_at: current?.deleted_at ?? null,
    },
  };
}

/**
 * The assignee rules: the user exists and is active; the team exists, and someone who does not see every
 * action may only give work to a team they are in; a user named with a team must be one of its members.
 */
export async function checkAssignee(
  trx: Executor,
  auth: AuthContext,
  assignee: { userId: string | null; teamId: string | null },
  issues: IssueCollector,
  changed: { userChanged: boolean; teamChanged: boolean } = { userChanged: true, teamChanged: true },
  prefix = '',
): Promise<void> {
  const { userId, teamId } = assignee;
  if (!userId && !teamId) {
    issues.add(`${prefix}assignee_user_id`, 'required');
    return;
  }
  if (userId && changed.userChanged) {
    const user = await activeUser(trx, userId);
    if (!user) issues.add(`${prefix}assignee_user_id`, 'unknown_user');
    else if (!user.active) issues.add(`${prefix}assignee_user_id`, ACTION_ISSUES.inactiveUser);
  }
  if (teamId && (changed.teamChanged || changed.userChanged)) {
    const team = await getTeam(trx, teamId).catch(() => null);
    if (!team) {
      issues.add(`${prefix}assignee_team_id`, 'unknown_team');
      return;
    }
    if (changed.teamChanged && scopeOf(auth, 'actions') !== 'all' && !auth.teamIds.includes(teamId))
      issues.add(`${prefix}assignee_team_id`, ACTION_ISSUES.notTeamMember);
    if (userId && !team.member_ids.includes(userId))
      issues.add(`${prefix}assignee_user_id`, ACTION_ISSUES.notTeamMember);
  }
}

type Timing = Pick<ActionRow, 'starts_at' | 'ends_at' | 'due_date' | 'due_at'>;

/**
 * A timed type needs a start (the end defaults to start + the type's duration, and moves with the start when
 * only the start changes); an untimed one needs a due date. Switching a timed action to an untimed type keeps
 * its day as the due date.
 */
function resolveTiming(
  input: ActionInput,
  current: ActionRow | null,
  type: ActionTypeRow,
  timeZone: string,
  issues: IssueCollector,
): Timing {
  const parse = (value: string | null | undefined, field: string): Date | null | undefined => {
    if (value === undefined || value === null) return value;
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime()) || !inRange(instant)) {
      issues.add(field, 'invalid_date');
      return undefined;
    }
    return instant;
  };
  const startsIn = parse(input.starts_at, 'starts_at');
  const endsIn = parse(input.ends_at, 'ends_at');
  if (input.due_date && (!isRealDate(input.due_date) || !inRange(new Date(input.due_date))))
    issues.add('due_date', 'invalid_date');

  if (type.timed) {
    if (input.due_date) issues.add('due_date', ACTION_ISSUES.typeIsTimed);
    const startsAt = startsIn !== undefined ? startsIn : (current?.starts_at ?? null);
    if (!startsAt) {
      if (startsIn !== undefined || !input.due_date) issues.add('starts_at', 'required');
      return { starts_at: null, ends_at: null, due_date: null, due_at: new Date(0) };
    }
    const defaultEnd = () => new Date(startsAt.getTime() + type.default_duration_minutes * 60_000);
    let endsAt: Date;
    if (endsIn) endsAt = endsIn;
    else if (endsIn === null) endsAt = defaultEnd();
    else if (startsIn && current?.starts_at && current.ends_at)
      // Moving the start moves the end with it: the duration stays.
      endsAt = new Date(startsIn.getTime() + (current.ends_at.getTime() - current.starts_at.getTime()));
    else if (!startsIn && current?.ends_at) endsAt = current.ends_at;
    else endsAt = defaultEnd();
    if (endsAt.getTime() < startsAt.getTime()) issues.add('ends_at', ACTION_ISSUES.endsBeforeStart);
    return { starts_at: startsAt, ends_at: endsAt, due_date: null, due_at: endsAt };
  }

  if (input.starts_at) issues.add('starts_at', ACTION_ISSUES.typeNotTimed);
  else if (input.ends_at) issues.add('ends_at', ACTION_ISSUES.typeNotTimed);
  const dueDate =
    input.due_date !== undefined
      ? input.due_date
      : (current?.due_date ?? (current?.starts_at ? localDate(current.starts_at, timeZone) : null));
  if (!dueDate) {
    issues.add('due_date', 'required');
    return { starts_at: null, ends_at: null, due_date: null, due_at: new Date(0) };
  }
  return {
    starts_at: null,
    ends_at: null,
    due_date: dueDate,
    due_at: isRealDate(dueDate) ? endOfDueDate(dueDate, timeZone) : new Date(0),
  };
}

/** Attendee emails checked one by one (attendees.N.email); duplicates dropped; answers kept per address. */
function checkAttendees(
  input: NonNullable<ActionInput['attendees']>,
  previous: ActionAttendee[],
  issues: IssueCollector,
): ActionAttendee[] {
  const answered = new Map(previous.map((a) => [a.email.toLowerCase(), a.status]));
  const out: ActionAttendee[] = [];
  input.forEach((attendee, i) => {
    const email = checkEmail(attendee.email, `attendees.${i}.email`, issues);
    if (!email || out.some((a) => a.email === email)) return;
    out.push({ email, name: attendee.name ?? null, status: answered.get(email) ?? 'NEEDS-ACTION' });
  });
  return out;
}
