import { id, listResponse } from '@trato/contracts/common';
import { TimelineItem } from '@trato/contracts/records';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { contactTimeline, entityTimeline } from './timeline.service.ts';

const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  /** Comma-separated objects: entity, contact, note, file, action, sequence_run. */
  objects: z
    .string()
    .max(200)
    .optional()
    .transform((s) => s?.split(',').filter(Boolean)),
  /** Comma-separated action type keys (call, visit…): action events only of these types. */
  action_types: z
    .string()
    .max(500)
    .optional()
    .transform((s) => s?.split(',').filter(Boolean)),
});

export const timelineModule: AppModule = {
  name: 'timeline',
  routes(app, { db }) {
    app.get(
      '/entities/:id/timeline',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags: ['entities'],
          summary:
            "The entity's history: every change (who, when, which fields from what to what), notes, files and actions; objects= and action_types= filter it",
          params: z.object({ id }),
          querystring: TimelineQuery,
          response: { 200: listResponse(TimelineItem) },
        },
      },
      async (request) => entityTimeline(db, authOf(request), request.params.id, request.query),
    );
    app.get(
      '/contacts/:id/timeline',
      {
        config: { access: { object: 'contacts', action: 'read' } },
        schema: {
          tags: ['contacts'],
          summary: "The contact's history",
          params: z.object({ id }),
          querystring: TimelineQuery,
          response: { 200: listResponse(TimelineItem) },
        },
      },
      async (request) => contactTimeline(db, authOf(request), request.params.id, request.query),
    );
  },
};
