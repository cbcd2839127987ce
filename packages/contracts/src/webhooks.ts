import { z } from 'zod';
import { id, isoDateTime, listResponse, text, Version } from './common.ts';

/** An event type a webhook listens to: 'case.status_changed', every event of an object ('case.*'), or '*'. */
export const WebhookEventType = text(100).refine((s) => /^(\*|[a-z_]+\.(\*|[a-z_]+))$/.test(s), {
  params: { code: 'invalid_format' },
  message: 'invalid_format',
});

/** http(s) only; the server also refuses hosts that resolve to private addresses (field url, private_address). */
export const WebhookUrl = text(2000).refine((s) => /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i.test(s), {
  params: { code: 'invalid_url' },
  message: 'invalid_url',
});

export const Webhook = z.object({
  id,
  url: z.string().max(2000),
  event_types: z.array(z.string().max(100)).max(50),
  active: z.boolean(),
  version: Version,
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: id.nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer to a create: the only time the signing secret is shown. */
export const CreatedWebhook = Webhook.extend({ secret: z.string().max(200) });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const CreateWebhookRequest = z.strictObject({
  url: WebhookUrl,
  event_types: z.array(WebhookEventType).min(1).max(50),
  active: z.boolean().optional(),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

export const UpdateWebhookRequest = z.strictObject({
  version: Version,
  url: WebhookUrl.optional(),
  event_types: z.array(WebhookEventType).min(1).max(50).optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const WebhookDelivery = z.object({
  id,
  webhook_id: id,
  event_id: id,
  event_type: z.string().max(100),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int().min(0).max(1000),
  next_attempt_at: isoDateTime,
  last_status_code: z.number().int().min(0).max(999).nullable(),
  last_error: z.string().max(2000).nullable(),
  delivered_at: isoDateTime.nullable(),
  created_at: isoDateTime,
  /** The JSON body sent: { id, type, occurred_at, data }. */
  payload: z.record(z.string().max(100), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookList = z.object({ data: z.array(Webhook).max(500) });
export const WebhookDeliveryList = listResponse(WebhookDelivery);
export const WebhookDeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
