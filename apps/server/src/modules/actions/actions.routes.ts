import {
  Action,
  ActionSettings,
  ActionType,
  Agenda,
  AgendaQuery,
  CancelActionRequest,
  CompleteActionRequest,
  ControlPanel,
  ControlPanelQuery,
  CreateActionRequest,
  CreateActionTypeRequest,
  CreateSequenceRequest,
  QuickAddDraft,
  QuickAddRequest,
  ReassignActionsRequest,
  ReassignActionsResponse,
  ReopenActionRequest,
  Sequence,
  SequenceRun,
  StartSequenceRequest,
  StopSequenceRunRequest,
  TakeActionRequest,
  UpdateActionRequest,
  UpdateActionSettingsRequest,
  UpdateActionTypeRequest,
  UpdateSequenceRequest,
} from '@trato/contracts/actions';
import { id, isoDateTime, ListQuery, listResponse } from '@trato/contracts/common';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { authOf } from '../../platform/http.ts';
import type { App, AppModule } from '../../platform/module.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { getActionSettings, updateActionSettings } from './action-settings.ts';
import { cancelAction, completeAction, reopenAction, takeAction } from './action-status.ts';
import * as types from './action-types.service.ts';
import * as service from './actions.service.ts';
import { agenda } from './agenda.ts';
import { controlPanel } from './control-panel.ts';
import { parseQuickAddLine } from './quick-add.ts';
import { reassignActions } from './reassign-actions.ts';
import { getRun, listRuns, MAX_RUNS, startSequence, stopRun } from './sequence-runs.ts';
import * as sequences from './sequences.service.ts';

const Params = z.object({ id });
const NoContent = { 204: z.null() };
const read = { object: 'actions', action: 'read' } as const;
const edit = { object: 'actions', action: 'edit' } as const;

export const actionsModule: AppModule = {
  name: 'actions',
  routes(app, deps) {
    actionTypeRoutes(app, deps.db);
    actionRoutes(app, deps.db);
    sequenceRoutes(app, deps.db);
  },
};

function actionTypeRoutes(app: App, db: Database) {
  const tags = ['action-types'];
  app.get(
    '/action-types',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Action types (call, visit, meeting… and the admin’s own), active or not',
        response: { 200: z.object({ data: z.array(ActionType).max(500) }) },
      },
    },
    async () => ({ data: await types.listActionTypes(db) }),
  );
  app.post(
    '/action-types',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary: 'Add an action type',
        body: CreateActionTypeRequest,
        response: { 201: ActionType },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await types.createActionType(db, authOf(request), request.body)),
  );
  app.patch(
    '/action-types/:id',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary: 'Change an action type (labels, icon, colour, duration, timed, order, active)',
        params: Params,
        body: UpdateActionTypeRequest,
        response: { 200: ActionType },
      },
    },
    async (request) => types.updateActionType(db, authOf(request), request.params.id, request.body),
  );
  app.delete(
    '/action-types/:id',
    {
      config: { access: 'configure' },
      schema: {
        tags,
        summary:
          'Delete an action type no action or sequence uses (409 in_use otherwise: deactivate it instead)',
        params: Params,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await types.deleteActionType(db, authOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/settings/actions',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['settings'], summary: 'Settings of actions', response: { 200: ActionSettings } },
    },
    async () => getActionSettings(db),
  );
  app.put(
    '/settings/actions',
    {
      config: { access: 'configure' },
      schema: {
        tags: ['settings'],
        summary: 'Change the settings of actions (whether done actions can still be edited)',
        body: UpdateActionSettingsRequest,
        response: { 200: ActionSettings },
      },
    },
    async (request) => updateActionSettings(db, authOf(request), request.body),
  );
}

function actionRoutes(app: App, db: Database) {
  const tags = ['actions'];
  app.get(
    '/actions',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'List actions: filter[field][op]=value (type_id, status, assignee_user_id, assignee_team_id, entity_id, due_at, overdue, custom.<key>…), from/to (happening in the range), q (subject), sort, cursor',
        querystring: ListQuery.extend({ from: isoDateTime.optional(), to: isoDateTime.optional() }),
        response: { 200: listResponse(Action) },
      },
    },
    async (request) => service.listActions(db, authOf(request), request.query),
  );
  app.post(
    '/actions',
    {
      config: { access: { object: 'actions', action: 'create' } },
      schema: {
        tags,
        summary: 'Plan an action (or log one already done); timed types need starts_at, the others due_date',
        body: CreateActionRequest,
        response: { 201: Action },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createAction(db, authOf(request), request.body)),
  );
  app.get(
    '/actions/panel',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'Control panel: overdue, today and upcoming planned actions with counts (days in the user’s time zone); scope=team for the teams, user_id for one member',
        querystring: ControlPanelQuery,
        response: { 200: ControlPanel },
      },
    },
    async (request) => controlPanel(db, authOf(request), request.query),
  );
  app.get(
    '/actions/agenda',
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'Agenda: actions happening in [from, to) for the caller (default), users (user_id) or a team (team_id); cancelled ones only when asked by status',
        querystring: AgendaQuery,
        response: { 200: Agenda },
      },
    },
    async (request) => agenda(db, authOf(request), request.query),
  );
  app.post(
    '/actions/reassign',
    {
      config: { access: edit },
      schema: {
        tags,
        summary:
          'Give many actions to another user or team in one transaction; the reason goes on each one’s history',
        body: ReassignActionsRequest,
        response: { 200: ReassignActionsResponse },
      },
    },
    async (request) => reassignActions(db, authOf(request), request.body),
  );
  app.post(
    '/actions/quick-add/parse',
    {
      config: { access: { object: 'actions', action: 'create' } },
      schema: {
        tags,
        summary:
          'Read one line ("llamar Muñoz mañana 10:00", "trucar a Muñoz demà a les 10", "call Muñoz tomorrow 10:00") into a draft action to confirm',
        body: QuickAddRequest,
        response: { 200: QuickAddDraft },
      },
    },
    async (request) => parseQuickAddLine(db, authOf(request), request.body.text),
  );
  app.get(
    '/actions/:id',
    {
      config: { access: read },
      schema: { tags, summary: 'One action', params: Params, response: { 200: Action } },
    },
    async (request) => service.getAction(db, authOf(request), request.params.id),
  );
  app.patch(
    '/actions/:id',
    {
      config: { access: edit },
      schema: {
        tags,
        summary:
          'Change some fields; send the version you read. Done and cancelled actions are read-only (409 action_closed) unless the admin allows editing them',
        params: Params,
        body: UpdateActionRequest,
        response: { 200: Action },
      },
    },
    async (request) => service.updateAction(db, authOf(request), request.params.id, request.body),
  );
  app.delete(
    '/actions/:id',
    {
      config: { access: { object: 'actions', action: 'delete' } },
      schema: { tags, summary: 'Move an action to the bin', params: Params, response: NoContent },
    },
    async (request, reply) => {
      await service.deleteAction(db, authOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/actions/:id/complete',
    {
      config: { access: edit },
      schema: {
        tags,
        summary: 'Mark done with an outcome; an action of a sequence moves its run on (outcome stop ends it)',
        params: Params,
        body: CompleteActionRequest,
        response: { 200: Action },
      },
    },
    async (request) => completeAction(db, authOf(request), request.params.id, request.body),
  );
  app.post(
    '/actions/:id/cancel',
    {
      config: { access: edit },
      schema: {
        tags,
        summary: 'Cancel a planned action (a sequence run does not move on: it stays on that step)',
        params: Params,
        body: CancelActionRequest,
        response: { 200: Action },
      },
    },
    async (request) => cancelAction(db, authOf(request), request.params.id, request.body),
  );
  app.post(
    '/actions/:id/reopen',
    {
      config: { access: edit },
      schema: {
        tags,
        summary: 'Reopen a done or cancelled action (when closed actions may be edited, or by an admin)',
        params: Params,
        body: ReopenActionRequest,
        response: { 200: Action },
      },
    },
    async (request) => reopenAction(db, authOf(request), request.params.id, request.body),
  );
  app.post(
    '/actions/:id/take',
    {
      config: { access: edit },
      schema: {
        tags,
        summary: 'Take a team action: a member of its team becomes its assignee',
        params: Params,
        body: TakeActionRequest,
        response: { 200: Action },
      },
    },
    async (request) => takeAction(db, authOf(request), request.params.id, request.body),
  );
}

function sequenceRoutes(app: App, db: Database) {
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
