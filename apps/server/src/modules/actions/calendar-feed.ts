import type { CalendarFeed } from '@trato/contracts/actions';
import type { Permissions } from '@trato/contracts/auth';
import ical from 'ical-generator';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { ActionRow } from '../../db/schema.ts';
import { type AuthContext, randomToken, sha256 } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { mailSender } from '../../platform/mail.ts';
import { addActionEvent, PRODUCT_ID } from './invitations.ts';

// A private ICS feed per user: calendar apps (Google Calendar, Outlook, Thunderbird) subscribe to a URL that
// carries a random token; only its sha256 is stored, so the URL is shown once, and revoking it ends access.

export const MAX_ACTIVE_FEEDS = 10;
export const MAX_FEED_EVENTS = 5000;
const DAYS_BACK = 90;
const DAYS_AHEAD = 366;
// last_used_at is written at most this often, not on every poll of every calendar app.
const LAST_USED_PRECISION_MS = 3_600_000;

type Feed = z.infer<typeof CalendarFeed>;

const toFeed = (row: { id: string; created_at: Date; last_used_at: Date | null }): Feed => ({
  id: row.id,
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
});

/** The caller's feeds that still work (the tokens themselves are never shown again). */
export async function listFeeds(db: Database, auth: AuthContext): Promise<Feed[]> {
  const rows = await db
    .selectFrom('calendar_feeds')
    .select(['id', 'created_at', 'last_used_at'])
    .where('user_id', '=', auth.userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(toFeed);
}

/** A new feed; the answer carries its URL, the only time it is shown. */
export async function createFeed(db: Database, auth: AuthContext, baseUrl: string): Promise<Feed> {
  const token = randomToken(32);
  const row = await db.transaction().execute(async (trx) => {
    // Lock the user's row so two concurrent requests cannot both pass the limit.
    await trx.selectFrom('users').select('id').where('id', '=', auth.userId).forUpdate().execute();
    const active = await trx
      .selectFrom('calendar_feeds')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', auth.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(active.count) >= MAX_ACTIVE_FEEDS)
      throw new AppError('validation_failed', {
        issues: [{ field: 'feeds', code: 'too_many', params: { max: MAX_ACTIVE_FEEDS } }],
      });
    return trx
      .insertInto('calendar_feeds')
      .values({ user_id: auth.userId, token_hash: sha256(token) })
      .returning(['id', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
  });
  return { ...toFeed(row), url: `${baseUrl}/api/v1/calendar/feed/${token}.ics` };
}

/** Revokes one of the caller's feeds: its URL answers 404 from now on. */
export async function revokeFeed(db: Database, auth: AuthContext, feedId: string): Promise<void> {
  const revoked = await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: new Date() })
    .where('id', '=', feedId)
    .where('user_id', '=', auth.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (revoked.numUpdatedRows === 0n) throw notFound();
}

/**
 * The feed behind a token, as iCalendar text: the user's actions (assigned to them, or to one of their teams
 * and not taken by anyone), planned and done, from 90 days back to a year ahead. Unknown or revoked → 404.
 */
export async function renderFeed(db: Database, token: string): Promise<string> {
  // Tokens are base64url; anything else cannot match, and is not worth a query.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
  const feed = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'calendar_feeds.id',
      'calendar_feeds.last_used_at',
      'users.id as user_id',
      'users.name',
      'users.email',
      'roles.permissions',
    ])
    .where('calendar_feeds.token_hash', '=', sha256(token))
    .where('calendar_feeds.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  // A user whose role no longer reads actions gets no feed either.
  if (!feed || !(feed.permissions as Permissions).objects.actions?.actions.includes('read')) throw notFound();

  if (!feed.last_used_at || Date.now() - feed.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db
      .updateTable('calendar_feeds')
      .set({ last_used_at: new Date() })
      .where('id', '=', feed.id)
      .execute();
  }

  const actions = await findFeedActions(db, feed.user_id);
  const calendar = ical({ prodId: PRODUCT_ID, name: `Trato · ${feed.name}` });
  const sender = mailSender();
  for (const action of actions) {
    const organizer =
      action.assignee_user_id === feed.user_id
        ? { name: feed.name, email: feed.email }
        : { name: sender.name || sender.address, email: sender.address };
    addActionEvent(calendar, action, {
      sequence: action.ical_sequence,
      // In a published feed DTSTAMP is the event's last change: the same data gives the same bytes (ETag).
      stamp: action.updated_at,
      ...(action.attendees.length > 0 && { organizer, attendees: action.attendees }),
    });
  }
  return calendar.toString();
}

/**
 * Read here, not through the actions service: the feed is a different view (no list permissions, a token
 * instead of a session, a fixed window) that nothing else needs. Private team actions show only to whoever
 * made them; one assigned to the user always shows.
 */
async function findFeedActions(db: Database, userId: string): Promise<ActionRow[]> {
  const teams = db.selectFrom('team_members').select('team_id').where('user_id', '=', userId);
  return db
    .selectFrom('actions')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('status', 'in', ['planned', 'done'])
    .where((eb) =>
      eb.or([
        eb('assignee_user_id', '=', userId),
        eb.and([
          eb('assignee_user_id', 'is', null),
          eb('assignee_team_id', 'in', teams),
          eb.or([eb('private', '=', false), eb('created_by', '=', userId)]),
        ]),
      ]),
    )
    .where('due_at', '>=', sql<Date>`now() - make_interval(days => ${DAYS_BACK})`)
    .where(
      sql<Date>`coalesce(starts_at, due_at)`,
      '<',
      sql<Date>`now() + make_interval(days => ${DAYS_AHEAD})`,
    )
    .orderBy('due_at')
    .orderBy('id')
    .limit(MAX_FEED_EVENTS)
    .execute();
}
