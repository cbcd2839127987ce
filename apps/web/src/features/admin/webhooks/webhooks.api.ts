import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  CreatedWebhook,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
} from '@trato/contracts/webhooks';
import type { z } from 'zod';
import { api } from '../../../api/client';

export type { CreatedWebhook, Webhook, WebhookDelivery };
export type CreateWebhookBody = z.input<typeof CreateWebhookRequest>;
export type UpdateWebhookBody = z.input<typeof UpdateWebhookRequest>;
export type DeliveryPage = { data: WebhookDelivery[]; next_cursor: string | null };

/** Event types offered in the picker; the admin may also type any other `object.event` or `object.*`. */
export const EVENT_TYPE_SUGGESTIONS = [
  '*',
  'entity.*',
  'entity.created',
  'entity.updated',
  'entity.deleted',
  'contact.*',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'action.*',
  'action.created',
  'action.updated',
  'action.deleted',
  'case.*',
  'case.created',
  'case.updated',
  'case.status_changed',
  'note.created',
  'file.uploaded',
  'product.*',
];

/** What the API accepts as an event type: '*', 'object.*' or 'object.event'. */
export const EVENT_TYPE_PATTERN = /^(\*|[a-z_]+\.(\*|[a-z_]+))$/;

export const webhooksQuery = () =>
  queryOptions({
    queryKey: ['webhooks', 'list'],
    queryFn: ({ signal }) => api<{ data: Webhook[] }>('/webhooks', { signal }).then((r) => r.data),
    staleTime: 30_000,
  });

/** One webhook's delivery log, newest first, 50 at a time. */
export const deliveriesQuery = (webhookId: string) =>
  infiniteQueryOptions({
    queryKey: ['webhooks', 'deliveries', webhookId],
    queryFn: ({ pageParam, signal }) =>
      api<DeliveryPage>(`/webhooks/${webhookId}/deliveries`, {
        query: { limit: 50, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export const getWebhook = (id: string) => api<Webhook>(`/webhooks/${id}`);
export const createWebhook = (body: CreateWebhookBody) =>
  api<CreatedWebhook>('/webhooks', { method: 'POST', body });
export const updateWebhook = (id: string, body: UpdateWebhookBody) =>
  api<Webhook>(`/webhooks/${id}`, { method: 'PATCH', body });
export const deleteWebhook = (id: string) => api<void>(`/webhooks/${id}`, { method: 'DELETE' });
export const replayDelivery = (id: string) =>
  api<WebhookDelivery>(`/webhooks/deliveries/${id}/replay`, { method: 'POST' });

export const invalidateWebhooks = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['webhooks', 'list'] });

/** Puts a saved (or optimistically changed) webhook into the cached list. */
export function putWebhook(queryClient: QueryClient, id: string, patch: Partial<Webhook>) {
  queryClient.setQueryData<Webhook[]>(['webhooks', 'list'], (old) =>
    old?.map((w) => (w.id === id ? { ...w, ...patch } : w)),
  );
}

export const cachedWebhook = (queryClient: QueryClient, id: string) =>
  queryClient.getQueryData<Webhook[]>(['webhooks', 'list'])?.find((w) => w.id === id);
