import type { Locale } from '@trato/contracts/common';
import type { ICalCalendar } from 'ical-generator';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import type { Kysely } from 'kysely';
import type { ActionAttendee, ActionRow, DB } from '../../db/schema.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n.ts';
import { type MailToQueue, mailSender, type QueuedMessage, queueMails } from '../../platform/mail.ts';

export const PRODUCT_ID = { company: 'Trato', product: 'Trato CRM', language: 'ES' };
const LOCALES: readonly string[] = ['es', 'ca', 'en'];

interface Person {
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
}

/** The iCalendar UID of an action: stable, so every calendar update and the feed name the same event. */
export function actionUid(action: Pick<ActionRow, 'id' | 'ical_uid'>): string {
  return action.ical_uid ?? `${action.id}@trato`;
}

/**
 * Adds the action as a VEVENT. Timed actions are written in UTC (every calendar reads `Z` times the same
 * way, Outlook included); an action with only a due date is an all-day event on that day.
 */
export function addActionEvent(
  calendar: ICalCalendar,
  action: ActionRow,
  options: {
    sequence: number;
    /** DTSTAMP: when the message was made (iTIP), or the event's last change (a published feed). */
    stamp?: Date;
    organizer?: { name: string; email: string };
    attendees?: ActionAttendee[];
    cancelled?: boolean;
    description?: string | null;
  },
): void {
  const event = calendar.createEvent({
    id: actionUid(action),
    sequence: options.sequence,
    stamp: options.stamp ?? new Date(),
    lastModified: action.updated_at,
    created: action.created_at,
    summary: action.subject,
    location: action.location ?? null,
    description: options.description ?? action.notes ?? null,
    status: options.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...eventTimes(action),
  });
  if (options.organizer) event.organizer(options.organizer);
  for (const attendee of options.attendees ?? []) {
    event.createAttendee({
      email: attendee.email,
      name: attendee.name ?? undefined,
      role: ICalAttendeeRole.REQ,
      rsvp: !options.cancelled,
      status: partStat(attendee.status),
    });
  }
}

function eventTimes(action: ActionRow): { start: Date; end?: Date; allDay?: boolean } {
  if (action.starts_at) return { start: action.starts_at, end: action.ends_at ?? undefined };
  if (action.due_date) {
    const start = new Date(`${action.due_date}T00:00:00Z`);
    return { start, end: new Date(start.getTime() + 86_400_000), allDay: true };
  }
  return { start: action.due_at };
}

function partStat(status: string | undefined): ICalAttendeeStatus {
  switch (status) {
    case 'ACCEPTED':
      return ICalAttendeeStatus.ACCEPTED;
    case 'DECLINED':
      return ICalAttendeeStatus.DECLINED;
    case 'TENTATIVE':
      return ICalAttendeeStatus.TENTATIVE;
    default:
      return ICalAttendeeStatus.NEEDSACTION;
  }
}

const emailKey = (attendee: ActionAttendee) => attendee.email.trim().toLowerCase();
const isGone = (action: ActionRow) => action.deleted_at !== null || action.status === 'cancelled';
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function detailsChanged(previous: ActionRow, action: ActionRow): boolean {
  return (
    !sameTime(previous.starts_at, action.starts_at) ||
    !sameTime(previous.ends_at, action.ends_at) ||
    previous.due_date !== action.due_date ||
    (previous.location ?? '') !== (action.location ?? '') ||
    previous.subject !== action.subject
  );
}

/**
 * Writes the iTIP invitations a change to an action causes into mail_queue, in the caller's transaction
 * (never talks to SMTP). New with attendees → REQUEST to all; time, place or subject changed → REQUEST with
 * the next SEQUENCE; attendees removed → CANCEL to them; cancelled or deleted → CANCEL to all; done → nothing.
 */
export async function queueInvitations(
  trx: Kysely<DB>,
  input: { action: ActionRow; previous: ActionRow | null; actorId: string | null },
): Promise<void> {
  const { action, previous, actorId } = input;
  // Attendees hold the event in their calendars once a REQUEST went out (ical_uid is set on the first one).
  const invited =
    previous && previous.ical_uid !== null && !isGone(previous)
      ? previous.attendees
      : ([] as ActionAttendee[]);
  let cancelTo: ActionAttendee[] = [];
  let requestTo: ActionAttendee[] = [];
  let bump = false;

  if (isGone(action)) {
    // A done action already happened: deleting it later tidies the CRM, not the attendees' calendars.
    cancelTo = previous?.status === 'done' ? [] : invited;
    bump = cancelTo.length > 0;
  } else if (action.status === 'done') {
    return;
  } else if (invited.length === 0 || !previous) {
    requestTo = action.attendees;
    // A reopened event that was cancelled in calendars needs a higher SEQUENCE to come back.
    bump = action.ical_uid !== null && requestTo.length > 0;
  } else {
    const now = new Set(action.attendees.map(emailKey));
    const before = new Set(invited.map(emailKey));
    cancelTo = invited.filter((a) => !now.has(emailKey(a)));
    const added = action.attendees.filter((a) => !before.has(emailKey(a)));
    const changed = detailsChanged(previous, action);
    requestTo = changed ? action.attendees : added;
    bump = changed || cancelTo.length > 0;
  }
  if (cancelTo.length === 0 && requestTo.length === 0) return;

  const sequence = action.ical_sequence + (bump ? 1 : 0);
  const uid = actionUid(action);
  if (sequence !== action.ical_sequence || action.ical_uid !== uid) {
    await trx
      .updateTable('actions')
      .set({ ical_uid: uid, ical_sequence: sequence })
      .where('id', '=', action.id)
      .execute();
  }
  const row: ActionRow = { ...action, ical_uid: uid, ical_sequence: sequence };
  const organizer = await findOrganizer(trx, action);
  const locales = await attendeeLocales(trx, [...cancelTo, ...requestTo]);
  const alreadyInvited = new Set(invited.map(emailKey));
  const mails: MailToQueue[] = [];
  const queue = (message: QueuedMessage) =>
    mails.push({ kind: 'invitation', object: 'action', objectId: action.id, actorId, message });

  for (const attendee of cancelTo) {
    const message = invitationMessage(row, {
      method: 'CANCEL',
      organizer,
      to: attendee,
      attendees: [attendee],
      locale: locales.get(emailKey(attendee)) ?? organizer.locale,
      subjectKey: 'mail.invitation.subject_cancel',
    });
    queue(message);
  }
  for (const attendee of requestTo) {
    const message = invitationMessage(row, {
      method: 'REQUEST',
      organizer,
      to: attendee,
      attendees: action.attendees,
      locale: locales.get(emailKey(attendee)) ?? organizer.locale,
      subjectKey: alreadyInvited.has(emailKey(attendee))
        ? 'mail.invitation.subject_update'
        : 'mail.invitation.subject_request',
    });
    queue(message);
  }
  await queueMails(trx, mails);
}

/** The assignee user organises the event; a team's action is organised by the configured sender. */
async function findOrganizer(trx: Kysely<DB>, action: ActionRow): Promise<Person> {
  const user = action.assignee_user_id
    ? await trx
        .selectFrom('users')
        .select(['name', 'email', 'locale', 'time_zone'])
        .where('id', '=', action.assignee_user_id)
        .executeTakeFirst()
    : undefined;
  if (user)
    return { name: user.name, email: user.email, locale: toLocale(user.locale), timeZone: user.time_zone };
  const sender = mailSender();
  return {
    name: sender.name || sender.address,
    email: sender.address,
    locale: DEFAULT_LOCALE,
    timeZone: 'Europe/Madrid',
  };
}

/** Attendees who are Trato users read the invitation in their own language. */
async function attendeeLocales(trx: Kysely<DB>, attendees: ActionAttendee[]): Promise<Map<string, Locale>> {
  const emails = [...new Set(attendees.map(emailKey))];
  if (emails.length === 0) return new Map();
  const users = await trx
    .selectFrom('users')
    .select(['email', 'locale'])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
    .where('deleted_at', 'is', null)
    .where('locale', 'is not', null)
    .execute();
  return new Map(users.map((u) => [u.email.toLowerCase(), toLocale(u.locale)]));
}

const toLocale = (value: string | null): Locale =>
  value && LOCALES.includes(value) ? (value as Locale) : DEFAULT_LOCALE;

function invitationMessage(
  action: ActionRow,
  options: {
    method: 'REQUEST' | 'CANCEL';
    organizer: Person;
    to: ActionAttendee;
    attendees: ActionAttendee[];
    locale: Locale;
    subjectKey: string;
  },
): QueuedMessage {
  const t = translator(options.locale);
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: options.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  addActionEvent(calendar, action, {
    sequence: action.ical_sequence,
    organizer: { name: options.organizer.name, email: options.organizer.email },
    attendees: options.attendees,
    cancelled: options.method === 'CANCEL',
  });
  const content = calendar.toString();
  const when = formatWhen(action, options.locale, options.organizer.timeZone);
  const lines = [
    t(options.method === 'CANCEL' ? 'mail.invitation.body_cancel' : 'mail.invitation.body_request', {
      organizer: options.organizer.name,
      subject: action.subject,
    }),
    '',
    `${t('mail.invitation.when')}: ${when}`,
  ];
  if (action.location) lines.push(`${t('mail.invitation.where')}: ${action.location}`);
  if (options.method === 'REQUEST' && action.notes) lines.push('', action.notes);
  return {
    to: [{ name: options.to.name ?? '', address: options.to.email }],
    subject: t(options.subjectKey, { subject: action.subject }),
    text: `${lines.join('\n')}\n`,
    // Replies go to the organizer when that is a person (mail itself goes out as the configured sender).
    ...(options.organizer.email !== mailSender().address && {
      replyTo: { name: options.organizer.name, address: options.organizer.email },
    }),
    // nodemailer sends this as the text/calendar alternative (the invitation mail clients show) and also
    // attaches it as invite.ics (application/ics) for clients that only look at attachments.
    icalEvent: { method: options.method, filename: 'invite.ics', content },
  };
}

/** "martes, 24 de noviembre de 2026, 10:00–11:00 (Europe/Madrid)", or the day of an all-day action. */
function formatWhen(action: ActionRow, locale: Locale, timeZone: string): string {
  if (!action.starts_at && action.due_date) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
      new Date(`${action.due_date}T00:00:00Z`),
    );
  }
  const start = action.starts_at ?? action.due_at;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(start);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const range = action.ends_at ? `${time.format(start)}–${time.format(action.ends_at)}` : time.format(start);
  return `${day}, ${range} (${timeZone})`;
}
