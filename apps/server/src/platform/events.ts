import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newId } from './ids.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface DomainEvent {
  type: string;
  object: string;
  objectId: string;
  /** The entity whose timeline shows this event (for an entity, itself; for a contact, its entity). */
  entityId: string | null;
  actorId: string | null;
  changes?: Record<string, unknown>;
}

/** Appends to the outbox. Call it with the transaction of the write it describes, never on its own. */
export async function recordEvent(trx: Executor, event: DomainEvent): Promise<void> {
  await recordEvents(trx, [event]);
}

export async function recordEvents(trx: Executor, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('events')
    .values(
      events.map((e) => ({
        id: newId(),
        type: e.type,
        object: e.object,
        object_id: e.objectId,
        entity_id: e.entityId,
        actor_id: e.actorId,
        changes: JSON.stringify(e.changes ?? {}),
      })),
    )
    .execute();
}

/** Field → [before, after] for the fields that changed (arrays and objects compared by value). */
export function diffChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (field === 'custom' && isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = a[key] ?? null;
        const y = b[key] ?? null;
        if (!sameValue(x, y)) changes[`custom.${key}`] = [x, y];
      }
      continue;
    }
    if (!sameValue(a, b)) changes[field] = [a, b];
  }
  return changes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date)
    return (
      String(a instanceof Date ? a.toISOString() : a) === String(b instanceof Date ? b.toISOString() : b)
    );
  return JSON.stringify(a) === JSON.stringify(b);
}
