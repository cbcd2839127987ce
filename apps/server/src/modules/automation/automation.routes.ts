import {
  AutomationRule,
  AutomationRuleList,
  AutomationRunList,
  AutomationRunQuery,
  CreateAutomationRuleRequest,
  RuleFieldList,
  RuleFieldsQuery,
  SavedAutomationRule,
  SetRuleActiveRequest,
  TestAutomationRuleRequest,
  TestAutomationRuleResult,
  UpdateAutomationRuleRequest,
} from '@trato/contracts/automation';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './automation.service.ts';

const tags = ['automation'];
const Params = z.object({ id });

export const automationModule: AppModule = {
  name: 'automation',
  routes(app, { db }) {
    app.get(
      '/automation-rules',
      {
        config: { access: 'configure' },
        schema: { tags, summary: 'Every automation rule, by name', response: { 200: AutomationRuleList } },
      },
      async () => ({ data: await service.listRules(db) }),
    );
    app.get(
      '/automation-rules/fields',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'The fields a rule on an object can test or set, with the options of choice fields',
          querystring: RuleFieldsQuery,
          response: { 200: RuleFieldList },
        },
      },
      async (request) => ({
        data: await service.ruleFields(db, request.query.object, request.query.type_id, request.locale),
      }),
    );
    app.post(
      '/automation-rules',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Create a rule: when (trigger), if (conditions), then (actions)',
          body: CreateAutomationRuleRequest,
          response: { 201: SavedAutomationRule },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createRule(db, authOf(request), request.body)),
    );
    app.get(
      '/automation-rules/:id',
      {
        config: { access: 'configure' },
        schema: { tags, summary: 'One rule', params: Params, response: { 200: AutomationRule } },
      },
      async (request) => service.getRule(db, request.params.id),
    );
    app.patch(
      '/automation-rules/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change a rule (fields left out stay); new call_webhook actions answer their secret once',
          params: Params,
          body: UpdateAutomationRuleRequest,
          response: { 200: SavedAutomationRule },
        },
      },
      async (request) => service.updateRule(db, authOf(request), request.params.id, request.body),
    );
    app.patch(
      '/automation-rules/:id/active',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Switch a rule on or off',
          params: Params,
          body: SetRuleActiveRequest,
          response: { 200: AutomationRule },
        },
      },
      async (request) => service.setRuleActive(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/automation-rules/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Remove a rule; it stops running',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteRule(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/automation-rules/:id/runs',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: "The rule's run log, newest first, with the outcome of each action",
          params: Params,
          querystring: AutomationRunQuery,
          response: { 200: AutomationRunList },
        },
      },
      async (request) => service.listRuns(db, request.params.id, request.query),
    );
    app.post(
      '/automation-rules/:id/test',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary:
            'Dry run on a record: which conditions hold and what each action would do; changes nothing',
          params: Params,
          body: TestAutomationRuleRequest,
          response: { 200: TestAutomationRuleResult },
        },
      },
      async (request) => service.testRule(db, request.params.id, request.body.object_id),
    );
  },
};
