import { id } from '@trato/contracts/common';
import {
  CreatedWebhook,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookList,
} from '@trato/contracts/webhooks';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './webhooks.service.ts';

const tags = ['webhooks'];
const Params = z.object({ id });

export const webhooksModule: AppModule = {
  name: 'webhooks',
  routes(app, { db }) {
    app.get(
      '/webhooks',
      {
        config: { access: 'configure' },
        schema: { tags, summary: 'Every webhook, oldest first', response: { 200: WebhookList } },
      },
      async () => ({ data: await service.listWebhooks(db) }),
    );
    app.post(
      '/webhooks',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Subscribe a URL to event types; the answer shows the signing secret, once',
          body: CreateWebhookRequest,
          response: { 201: CreatedWebhook },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createWebhook(db, authOf(request), request.body)),
    );
    app.get(
      '/webhooks/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'One webhook (without its secret)',
          params: Params,
          response: { 200: Webhook },
        },
      },
      async (request) => service.getWebhook(db, request.params.id),
    );
    app.patch(
      '/webhooks/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change the URL, the event types or switch a webhook on or off',
          params: Params,
          body: UpdateWebhookRequest,
          response: { 200: Webhook },
        },
      },
      async (request) => service.updateWebhook(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/webhooks/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Remove a webhook; its pending deliveries are not sent',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteWebhook(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/webhooks/:id/deliveries',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: "The webhook's delivery log, newest first",
          params: Params,
          querystring: WebhookDeliveryQuery,
          response: { 200: WebhookDeliveryList },
        },
      },
      async (request) => service.listDeliveries(db, request.params.id, request.query),
    );
    app.post(
      '/webhooks/deliveries/:id/replay',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Send a delivery again now (whatever its status) and answer its outcome',
          params: Params,
          response: { 200: WebhookDelivery },
        },
      },
      async (request) => service.replay(db, request.params.id),
    );
  },
};
