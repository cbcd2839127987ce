import {
  CaseType,
  CreateCaseStatusRequest,
  CreateCaseTypeRequest,
  ReorderCaseStatusesRequest,
  RetireCaseStatusRequest,
  UpdateCaseStatusRequest,
  UpdateCaseTypeRequest,
  UpdateWorkingHoursRequest,
  WorkingHours,
} from '@trato/contracts/cases';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as statuses from './case-statuses.service.ts';
import * as types from './case-types.service.ts';
import { retireCaseStatus } from './retire-status.ts';
import { getWorkingHours, updateWorkingHours } from './working-hours.ts';

const Params = z.object({ id });
const StatusParams = z.object({ id, statusId: id });
const NoContent = { 204: z.null() };

/** Case types with their status pipelines (read by every user, changed by the admin), and working hours. */
export const caseTypesModule: AppModule = {
  name: 'case-types',
  routes(app, { db }) {
    const tags = ['case-types'];
    app.get(
      '/case-types',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'Case types with their statuses (in pipeline order, retired last); active ones unless include_inactive=true',
          querystring: z.object({ include_inactive: z.enum(['true', 'false']).optional() }),
          response: { 200: z.object({ data: z.array(CaseType).max(100) }) },
        },
      },
      async (request) => ({
        data: await types.listCaseTypes(db, { includeInactive: request.query.include_inactive === 'true' }),
      }),
    );
    app.get(
      '/case-types/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'One case type with its statuses',
          params: Params,
          response: { 200: CaseType },
        },
      },
      async (request) => types.getCaseType(db, request.params.id),
    );
    app.post(
      '/case-types',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a case type with its statuses (in pipeline order; at least one open)',
          body: CreateCaseTypeRequest,
          response: { 201: CaseType },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await types.createCaseType(db, authOf(request), request.body)),
    );
    app.patch(
      '/case-types/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change a case type (labels, prefix, lines, colour, SLA targets, order, active)',
          params: Params,
          body: UpdateCaseTypeRequest,
          response: { 200: CaseType },
        },
      },
      async (request) => types.updateCaseType(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/case-types/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary:
            'Delete a case type without live cases, with its custom fields (409 case_type_in_use otherwise)',
          params: Params,
          response: NoContent,
        },
      },
      async (request, reply) => {
        await types.deleteCaseType(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/case-types/:id/statuses',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a status to the pipeline (at `position`, or at the end)',
          params: Params,
          body: CreateCaseStatusRequest,
          response: { 201: CaseType },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await statuses.createCaseStatus(db, authOf(request), request.params.id, request.body)),
    );
    app.put(
      '/case-types/:id/statuses/order',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Reorder the pipeline: every live status of the type, once each',
          params: Params,
          body: ReorderCaseStatusesRequest,
          response: { 200: CaseType },
        },
      },
      async (request) => statuses.reorderCaseStatuses(db, authOf(request), request.params.id, request.body),
    );
    app.patch(
      '/case-types/:id/statuses/:statusId',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary:
            'Change a status (labels, category while no case is in it, probability, colour, next action)',
          params: StatusParams,
          body: UpdateCaseStatusRequest,
          response: { 200: CaseType },
        },
      },
      async (request) =>
        statuses.updateCaseStatus(
          db,
          authOf(request),
          request.params.id,
          request.params.statusId,
          request.body,
        ),
    );
    app.post(
      '/case-types/:id/statuses/:statusId/retire',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Retire a status; its live cases move to map_to_status_id (required when it has any)',
          params: StatusParams,
          body: RetireCaseStatusRequest,
          response: { 200: CaseType },
        },
      },
      async (request) =>
        retireCaseStatus(db, authOf(request), request.params.id, request.params.statusId, request.body),
    );
    app.post(
      '/case-types/:id/statuses/:statusId/restore',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Bring a retired status back (at the end of the pipeline)',
          params: StatusParams,
          response: { 200: CaseType },
        },
      },
      async (request) =>
        statuses.restoreCaseStatus(db, authOf(request), request.params.id, request.params.statusId),
    );
    app.delete(
      '/case-types/:id/statuses/:statusId',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Delete a status no case has ever used (409 status_in_use otherwise: retire it instead)',
          params: StatusParams,
          response: NoContent,
        },
      },
      async (request, reply) => {
        await statuses.deleteCaseStatus(db, authOf(request), request.params.id, request.params.statusId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/settings/working-hours',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['settings'],
          summary:
            'Working hours (days, start and end, holidays, time zone) in which SLA targets are counted',
          response: { 200: WorkingHours },
        },
      },
      async () => getWorkingHours(db),
    );
    app.put(
      '/settings/working-hours',
      {
        config: { access: 'configure' },
        schema: {
          tags: ['settings'],
          summary: 'Change the working hours (applies to SLA due dates computed from now on)',
          body: UpdateWorkingHoursRequest,
          response: { 200: WorkingHours },
        },
      },
      async (request) => updateWorkingHours(db, authOf(request), request.body),
    );
  },
};
