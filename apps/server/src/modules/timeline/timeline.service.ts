import type { TimelineItem } from '@trato/contracts/records';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { visibleActions } from '../actions/actions.service.ts';
import { visibleCases } from '../cases/cases.service.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';

type Row = {
  id: string;
  type: string;
  object: string;
  object_id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string | null;
  changes: Record<string, unknown>;
};

/** Events of cases only when the caller may see the case (its title is in them). */
function caseCondition(auth: AuthContext) {
  const scope = visibleCases(auth, 'cases');
  return scope
    ? sql`and (ev.object <> 'case' or exists (select 1 from cases where cases.id = ev.object_id and ${scope}))`
    : sql``;
}

const toItem = (row: Row): TimelineItem => ({
  id: row.id,
  type: row.type,
  object: row.object,
  object_id: row.object_id,
  occurred_at: row.occurred_at.toISOString(),
  actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
  changes: row.changes,
  summary: typeof row.changes.summary === 'string' ? row.changes.summary : null,
});

export interface TimelineQuery {
  limit: number;
  cursor?: string | undefined;
  /** Only events of these objects (entity, contact, note, file, action, sequence_run…). */
  objects?: string[] | undefined;
  /** Action events only of these action types (keys: call, visit…); other objects' events are unaffected. */
  action_types?: string[] | undefined;
}

/**
 * One page of the events whose ids `eventIds` selects (a subquery: one `union all` branch per way an event
 * belongs to the record, each on its own index), leaving out those of actions and cases the caller may not see.
 * Ids rather than a condition: an `or` of "this entity's" and "this entity's mails'" made PostgreSQL walk the
 * whole events table backwards (4 s at 2 M events); the id list is read from the indexes and sorted (3 ms).
 */
export async function timelinePage(
  db: Database,
  auth: AuthContext,
  eventIds: RawBuilder<unknown>,
  query: TimelineQuery,
) {
  if (query.cursor !== undefined && !isUuid(query.cursor)) {
    throw new AppError('validation_failed', { issues: [{ field: 'cursor', code: 'invalid_cursor' }] });
  }
  const rows = await sql<Row>`
    select ev.id, ev.type, ev.object, ev.object_id, ev.occurred_at, ev.actor_id, u.name as actor_name, ev.changes
    from events ev left join users u on u.id = ev.actor_id
    where ev.id in (${eventIds})
      ${query.cursor ? sql`and ev.id < ${query.cursor}::uuid` : sql``}
      ${query.objects?.length ? sql`and ev.object = any(${query.objects}::text[])` : sql``}
      ${query.action_types?.length ? sql`and (ev.object <> 'action' or ev.changes->>'type_key' = any(${query.action_types}::text[]))` : sql``}
      and (ev.object <> 'action' or exists (
        select 1 from actions where actions.id = ev.object_id and ${visibleActions(auth)}))
      ${caseCondition(auth)}
    order by ev.id desc
    limit ${query.limit + 1}`.execute(db);
  const more = rows.rows.length > query.limit;
  const items = rows.rows.slice(0, query.limit).map(toItem);
  return { data: items, next_cursor: more ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Everything that happened to an entity and its contacts, notes, files and actions; newest first (ids are
 * UUIDv7). Events of actions the caller may not see (another team's, or someone else's private ones) are left
 * out, so a timeline never leaks them.
 */
export async function entityTimeline(
  db: Database,
  auth: AuthContext,
  entityId: string,
  query: TimelineQuery,
) {
  await requireVisibleEntity(db, auth, entityId, { includeDeleted: true });
  return timelinePage(
    db,
    auth,
    // A mail's events show while the mail is filed here (email_links), whatever entity they were written for; once
    // unfiled, only the note that it was unfiled stays.
    sql`select e.id from events e
        where e.entity_id = ${entityId}::uuid and (e.object <> 'email' or e.type = 'email.unlinked')
      union all ${emailEventIds('entity_id', entityId)}`,
    query,
  );
}

/**
 * The ids of the events of the mails linked to a record (email_links): a mail linked to several entities,
 * contacts or cases shows on every one of their timelines, not only on its first entity's.
 */
export function emailEventIds(link: 'entity_id' | 'contact_id' | 'case_id', id: string): RawBuilder<unknown> {
  return sql`select m.id from email_links l join events m on m.object = 'email' and m.object_id = l.email_id
    where ${sql.ref(`l.${link}`)} = ${id}::uuid`;
}

export async function contactTimeline(
  db: Database,
  auth: AuthContext,
  contactId: string,
  query: TimelineQuery,
) {
  const contact = await requireVisibleContact(db, auth, contactId, { includeDeleted: true });
  return timelinePage(
    db,
    auth,
    sql`select e.id from events e
        where e.entity_id = ${contact.entity_id}::uuid and e.object <> 'email'
          and (e.object_id = ${contactId}::uuid or e.changes->>'contact_id' = ${contactId})
      union all ${emailEventIds('contact_id', contactId)}`,
    query,
  );
}
