import { createHash } from 'node:crypto';
import { CalendarFeed } from '@trato/contracts/actions';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { createFeed, listFeeds, MAX_ACTIVE_FEEDS, renderFeed, revokeFeed } from './calendar-feed.ts';

const tags = ['calendar'];
const read = { object: 'actions', action: 'read' } as const;

export const calendarModule: AppModule = {
  name: 'calendar',
  routes(app, { db, config }) {
    app.get(
      '/calendar/feeds',
      {
        config: { access: read },
        schema: {
          tags,
          summary: "The caller's private calendar feeds that still work (their URLs are not shown again)",
          response: { 200: z.object({ data: z.array(CalendarFeed).max(MAX_ACTIVE_FEEDS) }) },
        },
      },
      async (request) => ({ data: await listFeeds(db, authOf(request)) }),
    );
    app.post(
      '/calendar/feeds',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'A new private ICS feed URL for a calendar app to subscribe to; the URL is shown only here',
          response: { 201: CalendarFeed },
        },
      },
      async (request, reply) => {
        const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
        const feed = await createFeed(db, authOf(request), base);
        return reply.status(201).header('cache-control', 'no-store').send(feed);
      },
    );
    app.delete(
      '/calendar/feeds/:id',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Revoke a feed: its URL answers 404 from now on',
          params: z.object({ id }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await revokeFeed(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    // Public: calendar apps cannot sign in; the unguessable token in the URL is the credential.
    app.get(
      '/calendar/feed/:token.ics',
      {
        config: { access: 'public' },
        // The URL is the credential: keep it out of the per-request info logs.
        logLevel: 'warn',
        schema: {
          tags,
          summary:
            "A user's actions as an iCalendar feed (the URL from POST /calendar/feeds); 404 once revoked",
          security: [{}],
          params: z.object({ token: z.string().max(200) }),
          produces: ['text/calendar'],
        },
      },
      async (request, reply) => {
        const body = await renderFeed(db, request.params.token);
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
        reply
          .header('cache-control', 'private, max-age=300')
          .header('etag', etag)
          .header('content-disposition', 'inline; filename="trato.ics"');
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.type('text/calendar; charset=utf-8').send(body);
      },
    );
  },
};
