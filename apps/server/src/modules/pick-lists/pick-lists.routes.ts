import { id } from '@trato/contracts/common';
import {
  CreatePickListOptionRequest,
  PICK_LISTS,
  PickListOption,
  UpdatePickListOptionRequest,
} from '@trato/contracts/settings';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './pick-lists.service.ts';

const ListParams = z.object({ list: z.enum(PICK_LISTS) });

export const pickListsModule: AppModule = {
  name: 'pick-lists',
  routes(app, { db }) {
    app.get(
      '/pick-lists',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['pick-lists'],
          summary: 'Every pick list option (source, sector, zone, entity roles), active and inactive',
          response: { 200: z.object({ data: z.array(PickListOption).max(10_000) }) },
        },
      },
      async () => ({ data: await service.listOptions(db) }),
    );
    app.post(
      '/pick-lists/:list/options',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['pick-lists'],
          summary: 'Add an option to a pick list',
          params: ListParams,
          body: CreatePickListOptionRequest,
          response: { 201: PickListOption },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createOption(db, authOf(request), request.params.list, request.body)),
    );
    app.patch(
      '/pick-lists/:list/options/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['pick-lists'],
          summary: 'Rename, reorder or deactivate an option',
          params: ListParams.extend({ id }),
          body: UpdatePickListOptionRequest,
          response: { 200: PickListOption },
        },
      },
      async (request) =>
        service.updateOption(db, authOf(request), request.params.list, request.params.id, request.body),
    );
    app.delete(
      '/pick-lists/:list/options/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['pick-lists'],
          summary: 'Delete an option no record uses (otherwise deactivate it)',
          params: ListParams.extend({ id }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteOption(db, authOf(request), request.params.list, request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
