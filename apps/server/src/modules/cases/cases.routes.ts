import {
  BoardQuery,
  Case,
  CaseBoard,
  CaseHistoryResponse,
  ConvertLeadRequest,
  CreateCaseRequest,
  MoveCaseRequest,
  MoveCaseResponse,
  UpdateCaseRequest,
} from '@trato/contracts/cases';
import { id, ListQuery, listResponse, Version } from '@trato/contracts/common';
import { Entity } from '@trato/contracts/entities';
import { TimelineItem } from '@trato/contracts/records';
import { z } from 'zod';
import { requestedColumns, sendCsv } from '../../platform/csv-export.ts';
import { authOf } from '../../platform/http.ts';
import { isUuid } from '../../platform/ids.ts';
import type { AppModule } from '../../platform/module.ts';
import { listFields } from '../fields/fields.service.ts';
import { caseBoard } from './case-board.ts';
import { caseHistory, caseTimeline } from './case-history.ts';
import { listCases } from './case-list.ts';
import { moveCase } from './case-move.ts';
import { caseCell, DEFAULT_CASE_COLUMNS, exportableCaseColumns } from './cases.mapper.ts';
import * as service from './cases.service.ts';
import { convertLead } from './convert-lead.ts';

const Params = z.object({ id });
const tags = ['cases'];
const read = { object: 'cases', action: 'read' } as const;
const edit = { object: 'cases', action: 'edit' } as const;
const remove = { object: 'cases', action: 'delete' } as const;

const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  /** Comma-separated objects: case, action. */
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

/** The answer to a lead conversion: the entity, now a customer, and the opportunity opened with it. */
export const ConvertLeadResponse = z.object({ entity: Entity, case: Case.nullable() });

export const casesModule: AppModule = {
  name: 'cases',
  routes(app, { db }) {
    app.get(
      '/cases',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'List cases: filter[field][op]=value (type_id, kind, status_id, status_category, owner_id, team_id, expected_close, sla_breached…; custom.<key> with filter[type_id][eq]), q (number, title, entity), sort, cursor',
          querystring: ListQuery,
          response: { 200: listResponse(Case) },
        },
      },
      async (request) => listCases(db, authOf(request), request.query),
    );

    app.get(
      '/cases/export',
      {
        config: { access: { object: 'cases', action: 'export' } },
        schema: {
          tags,
          summary:
            'The list (same query) as CSV; columns=number,title,status,custom.<key>… picks the columns',
          querystring: ListQuery.extend({
            format: z.enum(['csv']).default('csv'),
            columns: z.string().max(2000).optional(),
          }),
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { columns, format: _format, ...query } = request.query;
        const typeId = query['filter[type_id][eq]'];
        const customKeys =
          typeof typeId === 'string' && isUuid(typeId)
            ? (await listFields(db, 'case', typeId)).map((f) => f.key)
            : [];
        return sendCsv(reply, 'cases', {
          page: (q) => listCases(db, authOf(request), q),
          query,
          columns: requestedColumns(columns, DEFAULT_CASE_COLUMNS),
          allowed: exportableCaseColumns(customKeys),
          cell: caseCell(request.locale),
        });
      },
    );

    app.get(
      '/cases/board',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'The pipeline of a case type: a column per live status with count, totals per currency (amount, weighted) and the first cards; takes the list’s filters and q',
          querystring: BoardQuery,
          response: { 200: CaseBoard },
        },
      },
      async (request) => caseBoard(db, authOf(request), request.query),
    );

    app.post(
      '/cases',
      {
        config: { access: { object: 'cases', action: 'create' } },
        schema: {
          tags,
          summary:
            'Open a case: numbered per type and year; status default the type’s first open one; on a type with lines the amount is their total',
          body: CreateCaseRequest,
          response: { 201: Case },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createCase(db, authOf(request), request.body)),
    );

    app.get(
      '/cases/:id',
      {
        config: { access: read },
        schema: { tags, summary: 'One case, with its lines', params: Params, response: { 200: Case } },
      },
      async (request) => service.getCase(db, authOf(request), request.params.id),
    );

    app.patch(
      '/cases/:id',
      {
        config: { access: edit },
        schema: {
          tags,
          summary:
            'Change some fields; send the version you read (409 if someone changed it meanwhile). `lines`, when sent, replace all the lines',
          params: Params,
          body: UpdateCaseRequest,
          response: { 200: Case },
        },
      },
      async (request) => service.updateCase(db, authOf(request), request.params.id, request.body),
    );

    app.delete(
      '/cases/:id',
      {
        config: { access: remove },
        schema: {
          tags,
          summary: 'Move a case to the bin (restorable); ?version= guards against a stale copy',
          params: Params,
          querystring: z.object({ version: z.coerce.number().pipe(Version).optional() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteCase(db, authOf(request), request.params.id, request.query.version);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/cases/:id/restore',
      {
        config: { access: remove },
        schema: { tags, summary: 'Bring a deleted case back', params: Params, response: { 200: Case } },
      },
      async (request) => service.restoreCase(db, authOf(request), request.params.id),
    );

    app.post(
      '/cases/:id/move',
      {
        config: { access: edit },
        schema: {
          tags,
          summary:
            'Move a case to another status of its type (409 on a stale version); a status that requires a next action needs one planned on the case or sent here',
          params: Params,
          body: MoveCaseRequest,
          response: { 200: MoveCaseResponse },
        },
      },
      async (request) => moveCase(db, authOf(request), request.params.id, request.body),
    );

    app.get(
      '/cases/:id/history',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'Every stay of the case in a status (who moved it, when, for how long) and the time per status',
          params: Params,
          response: { 200: CaseHistoryResponse },
        },
      },
      async (request) => caseHistory(db, authOf(request), request.params.id),
    );

    app.get(
      '/cases/:id/timeline',
      {
        config: { access: read },
        schema: {
          tags,
          summary: "The case's history: its changes and the actions on it the caller may see, newest first",
          params: Params,
          querystring: TimelineQuery,
          response: { 200: listResponse(TimelineItem) },
        },
      },
      async (request) => caseTimeline(db, authOf(request), request.params.id, request.query),
    );

    app.post(
      '/entities/:id/convert',
      {
        config: { access: { object: 'entities', action: 'edit' } },
        schema: {
          tags: ['entities', 'cases'],
          summary:
            'Convert a lead into a customer (same entity: contacts, notes and history stay); optionally open an opportunity in the same step (needs cases create)',
          params: Params,
          body: ConvertLeadRequest,
          response: { 200: ConvertLeadResponse },
        },
      },
      async (request) => convertLead(db, authOf(request), request.params.id, request.body),
    );
  },
};
