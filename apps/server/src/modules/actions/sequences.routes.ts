import {
  CreateSequenceRequest,
  Sequence,
  SequenceRun,
  StartSequenceRequest,
  StopSequenceRunRequest,
  UpdateSequenceRequest,
} from '@trato/contracts/actions';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { authOf } from '../../platform/http.ts';
import type { App } from '../../platform/module.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { edit, NoContent, Params, read } from './route-params.ts';
import { getRun, listRuns, MAX_RUNS, startSequence, stopRun } from './sequence-runs.ts';
import * as sequences from './sequences.service.ts';

/** Sequences (admin) and their runs on entities. */
export function sequenceRoutes(app: App, db: Database) {
  const tags = ['sequences'];
  app.get(
    '/sequences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Sequences (flows of steps) the admin defined',
        response: { 200: z.object({ data: z.array(Sequence).max(1000) }) },
      },
    },
    async () => ({ data: await sequences.listSequences(db) }),
  );
  app.post(
    '/sequences',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary: 'Define a sequence; steps follow next_key or the list order, and may not loop',
        body: CreateSequenceRequest,
        response: { 201: Sequence },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sequences.createSequence(db, authOf(request), request.body)),
  );
  app.get(
    '/sequences/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'One sequence with its steps', params: Params, response: { 200: Sequence } },
    },
    async (request) => sequences.getSequence(db, request.params.id),
  );
  app.patch(
    '/sequences/:id',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary: 'Change a sequence; steps, when sent, replace the old ones',
        params: Params,
        body: UpdateSequenceRequest,
        response: { 200: Sequence },
      },
    },
    async (request) => sequences.updateSequence(db, authOf(request), request.params.id, request.body),
  );
  app.delete(
    '/sequences/:id',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary: 'Delete a sequence with no active run (409 in_use otherwise)',
        params: Params,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await sequences.deleteSequence(db, authOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/sequences/:id/start',
    {
      config: { access: { object: 'actions', action: 'create' } },
      schema: {
        tags,
        summary:
          'Start the sequence on an entity: creates the run and its first action (one active run per entity)',
        params: Params,
        body: StartSequenceRequest,
        response: { 201: SequenceRun },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await startSequence(db, authOf(request), request.params.id, request.body)),
  );

  const runs = { 200: z.object({ data: z.array(SequenceRun).max(MAX_RUNS) }) };
  app.get(
    '/sequence-runs',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'Sequence runs (newest first) of the entities the caller sees, by entity, sequence and status',
        querystring: z.object({
          entity_id: id.optional(),
          sequence_id: id.optional(),
          status: z.enum(['active', 'completed', 'achieved', 'stopped']).optional(),
        }),
        response: runs,
      },
    },
    async (request) => ({ data: await listRuns(db, authOf(request), request.query) }),
  );
  app.get(
    '/entities/:id/sequence-runs',
    {
      config: { access: { object: 'entities', action: 'read' } },
      schema: {
        tags,
        summary: 'The sequences run on an entity and the step each is on ("step 2 of 4")',
        params: Params,
        response: runs,
      },
    },
    async (request) => {
      const auth = authOf(request);
      await requireVisibleEntity(db, auth, request.params.id, { includeDeleted: true });
      return { data: await listRuns(db, auth, { entity_id: request.params.id }) };
    },
  );
  app.get(
    '/sequence-runs/:id',
    {
      config: { access: read },
      schema: { tags, summary: 'One sequence run', params: Params, response: { 200: SequenceRun } },
    },
    async (request) => getRun(db, authOf(request), request.params.id),
  );
  app.post(
    '/sequence-runs/:id/stop',
    {
      config: { access: edit },
      schema: {
        tags,
        summary: 'Stop a run; its planned action is cancelled',
        params: Params,
        body: StopSequenceRunRequest,
        response: { 200: SequenceRun },
      },
    },
    async (request) => stopRun(db, authOf(request), request.params.id, request.body),
  );
}
