import { id } from '@trato/contracts/common';
import {
  CreateFieldRequest,
  FIELD_OBJECTS,
  FieldDefinition,
  UpdateFieldRequest,
} from '@trato/contracts/settings';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './fields.service.ts';

export const fieldsModule: AppModule = {
  name: 'fields',
  routes(app, { db, dbKind }) {
    app.get(
      '/fields',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['fields'],
          summary: 'Custom fields the admin defined, per object',
          querystring: z.object({
            object: z.enum(FIELD_OBJECTS).optional(),
            /** With object=action: only that action type's fields. */
            type_id: id.optional(),
          }),
          response: { 200: z.object({ data: z.array(FieldDefinition).max(1000) }) },
        },
      },
      async (request) => ({
        data: await service.listFields(db, request.query.object, request.query.type_id),
      }),
    );
    app.post(
      '/fields',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['fields'],
          summary: 'Add a custom field',
          body: CreateFieldRequest,
          response: { 201: FieldDefinition },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createField(db, dbKind, authOf(request), request.body)),
    );
    app.patch(
      '/fields/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['fields'],
          summary: 'Change labels, options, rules or order of a custom field (its key and type are fixed)',
          params: z.object({ id }),
          body: UpdateFieldRequest,
          response: { 200: FieldDefinition },
        },
      },
      async (request) => service.updateField(db, dbKind, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/fields/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['fields'],
          summary: 'Remove a custom field (stored values are kept in the records, hidden)',
          params: z.object({ id }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteField(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
