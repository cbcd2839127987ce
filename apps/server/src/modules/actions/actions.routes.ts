import {
  Action,
  Agenda,
  AgendaQuery,
  CancelActionRequest,
  CompleteActionRequest,
  ControlPanel,
  ControlPanelQuery,
  CreateActionRequest,
  QuickAddDraft,
  QuickAddRequest,
  ReassignActionsRequest,
  ReassignActionsResponse,
  ReopenActionRequest,
  TakeActionRequest,
  UpdateActionRequest,
} from '@trato/contracts/actions';
import { isoDateTime, ListQuery, listResponse } from '@trato/contracts/common';
import type { Database } from '../../db/connection.ts';
import { authOf } from '../../platform/http.ts';
import type { App, AppModule } from '../../platform/module.ts';
import { cancelAction, completeAction, reopenAction, takeAction } from './action-status.ts';
import { actionTypeRoutes } from './action-types.routes.ts';
import * as service from './actions.service.ts';
import { agenda } from './agenda.ts';
import { controlPanel } from './control-panel.ts';
import { parseQuickAddLine } from './quick-add.ts';
import { reassignActions } from './reassign-actions.ts';
import { edit, NoContent, Params, read } from './route-params.ts';
import { sequenceRoutes } from './sequences.routes.ts';

export const actionsModule: AppModule = {
  name: 'actions',
  routes(app, deps) {
    actionTypeRoutes(app, deps.db);
    actionRoutes(app, deps.db);
    sequenceRoutes(app, deps.db);
  },
};

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
