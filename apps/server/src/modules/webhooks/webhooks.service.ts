import { randomBytes } from 'node:crypto';
import type {
  CreatedWebhook,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
} from '@trato/contracts/webhooks';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { notFound, validationFailed, versionConflict } from '../../platform/errors.ts';
import { ensureEventCursor } from '../../platform/event-cursor.ts';
import { recordEvent } from '../../platform/events.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { encryptSecret } from '../../platform/secrets.ts';
import {
  allowPrivateFromEnv,
  CURSOR_KEY,
  checkWebhookHost,
  type DispatchOptions,
  replayDelivery,
} from './webhook-dispatch.ts';

// Webhook subscriptions and their delivery log. The secret is generated here, shown once (in the answer to the
// create) and stored encrypted (platform/secrets.ts); the dispatcher decrypts it to sign each delivery.

type WebhookRow = Selectable<WebhooksTable>;
type DeliveryRow = Selectable<WebhookDeliveriesTable>;

const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  event_types: row.event_types,
  active: row.active,
  version: row.version,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
  created_by: row.created_by,
});

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  webhook_id: row.webhook_id,
  event_id: row.event_id,
  event_type: row.event_type,
  status: row.status as WebhookDelivery['status'],
  attempts: row.attempts,
  next_attempt_at: row.next_attempt_at.toISOString(),
  last_status_code: row.last_status_code,
  last_error: row.last_error,
  delivered_at: row.delivered_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
  payload: row.payload,
});

/** Refuses a URL whose host resolves to a loopback, private, link-local or unspecified address (422, url). */
async function checkUrl(url: string): Promise<void> {
  if (allowPrivateFromEnv()) return;
  const verdict = await checkWebhookHost(url);
  if (verdict === 'private_address') throw validationFailed([{ field: 'url', code: 'private_address' }]);
  if (verdict === 'unresolvable') throw validationFailed([{ field: 'url', code: 'unresolvable_host' }]);
}

export async function listWebhooks(db: Database): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('deleted_at', 'is', null)
    // An automation rule's call_webhook target has no event types: it belongs to its rule, not to this list.
    .where(sql<boolean>`cardinality(event_types) > 0`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toWebhook);
}

async function findWebhook(db: Database, id: string): Promise<WebhookRow> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getWebhook(db: Database, id: string): Promise<Webhook> {
  return toWebhook(await findWebhook(db, id));
}

export async function createWebhook(
  db: Database,
  auth: AuthContext,
  input: CreateWebhookRequest,
): Promise<CreatedWebhook> {
  await checkUrl(input.url);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row = await db.transaction().execute(async (trx) => {
    // The dispatcher's cursor starts now if this is the first webhook: it gets the events from here on.
    await ensureEventCursor(trx, CURSOR_KEY);
    const created = await trx
      .insertInto('webhooks')
      .values({
        id: newId(),
        url: input.url,
        event_types: [...new Set(input.event_types)],
        secret: encryptSecret(secret),
        active: input.active ?? true,
        created_by: auth.userId,
        updated_by: auth.userId,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'webhook.created',
      object: 'webhook',
      objectId: created.id,
      entityId: null,
      actorId: auth.userId,
      changes: { url: [null, created.url], event_types: [null, created.event_types] },
    });
    return created;
  });
  return { ...toWebhook(row), secret };
}

export async function updateWebhook(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateWebhookRequest,
): Promise<Webhook> {
  if (input.url !== undefined) await checkUrl(input.url);
  const row = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    const changes: Record<string, [unknown, unknown]> = {};
    const set: Partial<Pick<WebhookRow, 'url' | 'event_types' | 'active'>> = {};
    if (input.url !== undefined && input.url !== current.url) {
      set.url = input.url;
      changes.url = [current.url, input.url];
    }
    if (input.event_types !== undefined) {
      const types = [...new Set(input.event_types)];
      if (JSON.stringify(types) !== JSON.stringify(current.event_types)) {
        set.event_types = types;
        changes.event_types = [current.event_types, types];
      }
    }
    if (input.active !== undefined && input.active !== current.active) {
      set.active = input.active;
      changes.active = [current.active, input.active];
    }
    if (Object.keys(changes).length === 0) return current;
    const updated = await trx
      .updateTable('webhooks')
      .set({ ...set, version: current.version + 1, updated_at: new Date(), updated_by: auth.userId })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'webhook.updated',
      object: 'webhook',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes,
    });
    return updated;
  });
  return toWebhook(row);
}

/** Soft delete: no new deliveries; pending ones fail with 'webhook deleted' on their next try. */
export async function deleteWebhook(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('webhooks')
      .select(['id', 'version'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    const now = new Date();
    await trx
      .updateTable('webhooks')
      .set({
        deleted_at: now,
        active: false,
        version: current.version + 1,
        updated_at: now,
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'webhook.deleted',
      object: 'webhook',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
    });
  });
}

/** The webhook's deliveries, newest first, by keyset cursor (the last delivery id of the previous page). */
export async function listDeliveries(
  db: Database,
  webhookId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ data: WebhookDelivery[]; next_cursor: string | null }> {
  await findWebhook(db, webhookId);
  if (query.cursor !== undefined && !isUuid(query.cursor))
    throw validationFailed([{ field: 'cursor', code: 'invalid_cursor' }]);
  let select = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(toDelivery),
    next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** A new attempt of a delivery now; answers the delivery as it stands after it. */
export async function replay(
  db: Database,
  deliveryId: string,
  options: DispatchOptions = {},
): Promise<WebhookDelivery> {
  const exists = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select('webhook_deliveries.id')
    .where('webhook_deliveries.id', '=', deliveryId)
    .where('webhooks.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!exists || !(await replayDelivery(db, deliveryId, options))) throw notFound();
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  return toDelivery(row);
}
