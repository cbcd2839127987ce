import {
  ActionSettings,
  ActionType,
  CreateActionTypeRequest,
  UpdateActionSettingsRequest,
  UpdateActionTypeRequest,
} from '@trato/contracts/actions';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { authOf } from '../../platform/http.ts';
import type { App } from '../../platform/module.ts';
import { getActionSettings, updateActionSettings } from './action-settings.ts';
import * as types from './action-types.service.ts';
import { NoContent, Params } from './route-params.ts';

/** Action types and the actions settings (admin). */
export function actionTypeRoutes(app: App, db: Database) {
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
