import { id } from '@trato/contracts/common';
import {
  CreateSavedViewRequest,
  SAVED_VIEW_OBJECTS,
  SavedView,
  UpdateSavedViewRequest,
} from '@trato/contracts/records';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './views.service.ts';

const tags = ['views'];

export const viewsModule: AppModule = {
  name: 'views',
  routes(app, { db }) {
    app.get(
      '/views',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Saved list views: yours and the shared ones',
          querystring: z.object({ object: z.enum(SAVED_VIEW_OBJECTS).optional() }),
          response: { 200: z.object({ data: z.array(SavedView).max(1000) }) },
        },
      },
      async (request) => ({ data: await service.listViews(db, authOf(request), request.query.object) }),
    );
    app.post(
      '/views',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Save the current filters, sort and columns as a view',
          body: CreateSavedViewRequest,
          response: { 201: SavedView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createView(db, authOf(request), request.body)),
    );
    app.patch(
      '/views/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Rename, share or change your view',
          params: z.object({ id }),
          body: UpdateSavedViewRequest,
          response: { 200: SavedView },
        },
      },
      async (request) => service.updateView(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/views/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'Delete your view', params: z.object({ id }), response: { 204: z.null() } },
      },
      async (request, reply) => {
        await service.deleteView(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
