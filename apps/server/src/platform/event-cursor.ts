import { sql } from 'kysely';
import type { Executor } from './events.ts';

// A reader of the events outbox keeps how far it has read in settings (`key` → { event_id }), so a restart goes
// on where it stopped. Event ids are UUIDv7 from the app's clock: an event is only taken once it is `settleMs`
// old, so a transaction that committed late (with a smaller id) is not passed over. Used by the webhook
// dispatcher and the automation engine.

export interface OutboxEvent {
  id: string;
  type: string;
  occurred_at: Date;
  object: string;
  object_id: string;
  entity_id: string | null;
  actor_id: string | null;
  changes: Record<string, unknown>;
}

/** Makes sure the cursor exists, starting after the newest event (the reader gets the events from then on). */
export async function ensureEventCursor(db: Executor, key: string): Promise<void> {
  await sql`
    insert into settings (key, value, updated_at)
    select ${key}, jsonb_build_object('event_id', (select id::text from events order by id desc limit 1)), now()
    on conflict (key) do nothing`.execute(db);
}

/** Where the cursor stands (null: before the first event). `lock` holds its row until the transaction ends. */
export async function readEventCursor(
  db: Executor,
  key: string,
  options: { lock?: boolean } = {},
): Promise<string | null> {
  const row = await sql<{ event_id: string | null }>`
    select value->>'event_id' as event_id from settings where key = ${key}
    ${options.lock ? sql`for update` : sql``}`.execute(db);
  return row.rows[0]?.event_id ?? null;
}

/**
 * The settled events after `after`, oldest first, at most `limit`. `more` says whether a full batch of settled
 * events was read (there may be more right behind it).
 */
export async function eventsAfter(
  db: Executor,
  after: string | null,
  options: { settleMs?: number; limit?: number } = {},
): Promise<{ events: OutboxEvent[]; more: boolean }> {
  const limit = options.limit ?? 500;
  const settleSeconds = (options.settleMs ?? 5_000) / 1000;
  const rows = await sql<OutboxEvent & { settled: boolean }>`
    select id, type, occurred_at, object, object_id, entity_id, actor_id, changes,
           occurred_at <= now() - make_interval(secs => ${settleSeconds}) as settled
    from events
    where ${after ? sql`id > ${after}::uuid` : sql`true`}
    order by id
    limit ${limit}`.execute(db);
  const firstUnsettled = rows.rows.findIndex((e) => !e.settled);
  const events = (firstUnsettled === -1 ? rows.rows : rows.rows.slice(0, firstUnsettled)).map(
    ({ settled: _settled, ...event }) => event,
  );
  return { events, more: firstUnsettled === -1 && rows.rows.length === limit };
}

export async function moveEventCursor(db: Executor, key: string, eventId: string): Promise<void> {
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify({ event_id: eventId }), updated_at: new Date() })
    .where('key', '=', key)
    .execute();
}
