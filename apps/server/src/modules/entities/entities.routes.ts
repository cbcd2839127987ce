import { id, ListQuery, listResponse } from '@trato/contracts/common';
import {
  BulkResult,
  BulkUpdateEntitiesRequest,
  CreateEntityRequest,
  DuplicateCheckRequest,
  DuplicateCheckResponse,
  Entity,
  MergeEntitiesRequest,
  UpdateEntityRequest,
  UpsertEntityRequest,
} from '@trato/contracts/entities';
import { z } from 'zod';
import { requestedColumns, sendCsv } from '../../platform/csv-export.ts';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { listFields } from '../fields/fields.service.ts';
import * as service from './entities.service.ts';
import { DEFAULT_ENTITY_COLUMNS, entityCell, exportableEntityColumns } from './export-entities.ts';
import { findDuplicates } from './find-duplicates.ts';
import { mergeEntities } from './merge-entities.ts';

const Params = z.object({ id });
const tags = ['entities'];

export const entitiesModule: AppModule = {
  name: 'entities',
  routes(app, { db }) {
    app.get(
      '/entities',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: 'List entities: filter[field][op]=value on any field (custom.<key> too), sort, q, cursor',
          querystring: ListQuery,
          response: { 200: listResponse(Entity) },
        },
      },
      async (request) => service.listEntities(db, authOf(request), request.query),
    );

    app.get(
      '/entities/export.csv',
      {
        config: { access: { object: 'entities', action: 'export' } },
        schema: {
          tags,
          summary: 'The list (same query) as CSV; columns=name,code,custom.rating… picks the columns',
          querystring: ListQuery.extend({ columns: z.string().max(2000).optional() }),
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { columns, ...query } = request.query;
        const customKeys = (await listFields(db, 'entity')).map((f) => f.key);
        return sendCsv(reply, 'entities', {
          page: (q) => service.listEntities(db, authOf(request), q),
          query,
          columns: requestedColumns(columns, DEFAULT_ENTITY_COLUMNS),
          allowed: exportableEntityColumns(customKeys),
          cell: entityCell,
        });
      },
    );

    app.post(
      '/entities',
      {
        config: { access: { object: 'entities', action: 'create' } },
        schema: {
          tags,
          summary: 'Create an entity (company or person)',
          body: CreateEntityRequest,
          response: { 201: Entity },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createEntity(db, authOf(request), request.body)),
    );

    app.post(
      '/entities/duplicates',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary:
            'Likely duplicates of the entity being written: same tax id, email or phone, or a similar name',
          body: DuplicateCheckRequest,
          response: { 200: DuplicateCheckResponse },
        },
      },
      async (request) => ({ data: await findDuplicates(db, authOf(request), request.body) }),
    );

    app.post(
      '/entities/bulk-update',
      {
        config: { access: { object: 'entities', action: 'edit' } },
        schema: {
          tags,
          summary: 'Change owner, source, sector, zone or roles of many entities in one transaction',
          body: BulkUpdateEntitiesRequest,
          response: { 200: BulkResult },
        },
      },
      async (request) => service.bulkUpdateEntities(db, authOf(request), request.body),
    );

    app.put(
      '/entities/by-code/:code',
      {
        config: { access: { object: 'entities', action: 'edit' } },
        schema: {
          tags,
          summary: 'Create or update the entity with this external (ERP) code',
          params: z.object({ code: z.string().min(1).max(64) }),
          body: UpsertEntityRequest,
          response: { 200: Entity, 201: Entity },
        },
      },
      async (request, reply) => {
        const { entity, created } = await service.upsertEntityByCode(
          db,
          authOf(request),
          request.params.code.trim(),
          request.body,
        );
        return reply.status(created ? 201 : 200).send(entity);
      },
    );

    app.get(
      '/entities/:id',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: { tags, summary: 'One entity', params: Params, response: { 200: Entity } },
      },
      async (request) => service.getEntity(db, authOf(request), request.params.id),
    );

    app.patch(
      '/entities/:id',
      {
        config: { access: { object: 'entities', action: 'edit' } },
        schema: {
          tags,
          summary: 'Change some fields; send the version you read (409 if someone changed it meanwhile)',
          params: Params,
          body: UpdateEntityRequest,
          response: { 200: Entity },
        },
      },
      async (request) => service.updateEntity(db, authOf(request), request.params.id, request.body),
    );

    app.delete(
      '/entities/:id',
      {
        config: { access: { object: 'entities', action: 'delete' } },
        schema: {
          tags,
          summary: 'Move an entity to the bin (restorable)',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteEntity(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/entities/:id/restore',
      {
        config: { access: { object: 'entities', action: 'delete' } },
        schema: { tags, summary: 'Bring a deleted entity back', params: Params, response: { 200: Entity } },
      },
      async (request) => service.restoreEntity(db, authOf(request), request.params.id),
    );

    app.post(
      '/entities/:id/merge',
      {
        config: { access: { object: 'entities', action: 'edit' } },
        schema: {
          tags,
          summary: 'Merge another entity into this one (contacts, notes, files and history move here)',
          params: Params,
          body: MergeEntitiesRequest,
          response: { 200: Entity },
        },
      },
      async (request) => mergeEntities(db, authOf(request), request.params.id, request.body),
    );
  },
};
