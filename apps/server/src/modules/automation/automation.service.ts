import { randomBytes } from 'node:crypto';
import { UpdateActionRequest } from '@trato/contracts/actions';
import {
  ACTION_OBJECTS,
  type AutomationObject,
  type AutomationRule,
  type AutomationRun,
  type CreateAutomationRuleRequest,
  type RuleAction,
  type RuleCondition,
  type RuleTrigger,
  type SavedAutomationRule,
  type TestAutomationRuleResult,
  type UpdateAutomationRuleRequest,
} from '@trato/contracts/automation';
import { UpdateCaseRequest } from '@trato/contracts/cases';
import type { Locale } from '@trato/contracts/common';
import { UpdateContactRequest } from '@trato/contracts/contacts';
import { UpdateEntityRequest } from '@trato/contracts/entities';
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { IssueCollector, notFound, validationFailed, versionConflict } from '../../platform/errors.ts';
import { ensureEventCursor } from '../../platform/event-cursor.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { encryptSecret } from '../../platform/secrets.ts';
import { allowPrivateFromEnv, checkWebhookHost } from '../webhooks/webhook-dispatch.ts';
import { AUTOMATION_ISSUES } from './automation.errors.ts';
import { toRule, toRun } from './automation.mapper.ts';
import { conditionHolds } from './conditions.ts';
import {
  AUTOMATION_CURSOR_KEY,
  automationAuth,
  forgetCachedRules,
  toCachedRule,
  triggerFiltersHold,
} from './engine.ts';
import { fieldPatch, previewActions } from './rule-actions.ts';
import { knownField, labelRecords, listRuleFields, loadRuleRecord } from './rule-records.ts';

type CreateInput = z.output<typeof CreateAutomationRuleRequest>;
type UpdateInput = z.output<typeof UpdateAutomationRuleRequest>;

const RULE_COLUMNS = [
  'automation_rules.id',
  'automation_rules.name',
  'automation_rules.description',
  'automation_rules.trigger_type',
  'automation_rules.object',
  'automation_rules.trigger_config',
  'automation_rules.conditions',
  'automation_rules.actions',
  'automation_rules.active',
  'automation_rules.runs_total',
  'automation_rules.last_run_at',
  'automation_rules.version',
  'automation_rules.created_at',
  'automation_rules.updated_at',
  'automation_rules.created_by',
] as const;

function ruleQuery(db: Executor) {
  return db
    .selectFrom('automation_rules')
    .leftJoin('users as author', 'author.id', 'automation_rules.created_by')
    .select(RULE_COLUMNS)
    .select('author.name as author_name')
    .where('automation_rules.deleted_at', 'is', null);
}

export async function listRules(db: Database): Promise<AutomationRule[]> {
  const rows = await ruleQuery(db)
    .orderBy('automation_rules.name')
    .orderBy('automation_rules.id')
    .limit(500)
    .execute();
  return rows.map(toRule);
}

export async function getRule(db: Executor, id: string): Promise<AutomationRule> {
  const row = await ruleQuery(db).where('automation_rules.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toRule(row);
}

// Checks ---------------------------------------------------------------------------------------------------------

const UPDATE_SCHEMAS: Record<Exclude<AutomationObject, 'email'>, z.ZodType> = {
  entity: UpdateEntityRequest,
  contact: UpdateContactRequest,
  case: UpdateCaseRequest,
  action: UpdateActionRequest,
};

async function exists(
  db: Executor,
  table: 'case_types' | 'action_types' | 'email_templates' | 'sequences' | 'teams' | 'mail_accounts',
  id: string,
): Promise<{ active: boolean } | null> {
  const row = await sql<{ active: boolean }>`
    select ${table === 'teams' ? sql`true` : sql`active`} as active from ${sql.table(table)}
    where id = ${id} and deleted_at is null`.execute(db);
  return row.rows[0] ?? null;
}

async function liveUser(db: Executor, id: string): Promise<{ active: boolean } | null> {
  return (
    (await db
      .selectFrom('users')
      .select('active')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

async function checkTrigger(db: Executor, trigger: RuleTrigger, issues: IssueCollector): Promise<void> {
  const config = trigger.config as Record<string, unknown>;
  const caseTypeId = config.case_type_id as string | null | undefined;
  if (caseTypeId) {
    if (trigger.object !== 'case') issues.add('trigger.config.case_type_id', 'not_applicable');
    else if (!(await exists(db, 'case_types', caseTypeId)))
      issues.add('trigger.config.case_type_id', 'unknown_case_type');
  }
  const actionTypeId = config.action_type_id as string | null | undefined;
  if (actionTypeId) {
    if (trigger.object !== 'action') issues.add('trigger.config.action_type_id', 'not_applicable');
    else if (!(await exists(db, 'action_types', actionTypeId)))
      issues.add('trigger.config.action_type_id', 'unknown_action_type');
  }
  if (trigger.type === 'record_changed')
    for (const [i, field] of (trigger.config.fields ?? []).entries())
      if (!(await knownField(db, trigger.object, field)).known)
        issues.add(`trigger.config.fields.${i}`, 'unknown_field');
  if (trigger.type === 'status_changed') {
    const ids = [...(trigger.config.from_status_ids ?? []), ...(trigger.config.to_status_ids ?? [])];
    const statuses = ids.length
      ? await db.selectFrom('case_statuses').select(['id', 'type_id']).where('id', 'in', ids).execute()
      : [];
    for (const key of ['from_status_ids', 'to_status_ids'] as const)
      for (const [i, statusId] of (trigger.config[key] ?? []).entries()) {
        const status = statuses.find((s) => s.id === statusId);
        if (!status) issues.add(`trigger.config.${key}.${i}`, 'unknown_status');
        else if (caseTypeId && status.type_id !== caseTypeId)
          issues.add(`trigger.config.${key}.${i}`, 'status_of_other_type');
      }
  }
  if (trigger.type === 'action_done' && trigger.config.outcomes?.length) {
    const known = await db
      .selectFrom('pick_list_options')
      .select('key')
      .where('list', '=', 'action_outcomes')
      .execute();
    for (const [i, outcome] of trigger.config.outcomes.entries())
      if (!known.some((k) => k.key === outcome)) issues.add(`trigger.config.outcomes.${i}`, 'invalid_option');
  }
  if (trigger.type === 'mail_received' && trigger.config.account_id)
    if (!(await exists(db, 'mail_accounts', trigger.config.account_id)))
      issues.add('trigger.config.account_id', AUTOMATION_ISSUES.unknownMailAccount);
}

const NO_VALUE_OPS = new Set(['empty', 'not_empty']);

async function checkConditions(
  db: Executor,
  object: AutomationObject,
  conditions: readonly RuleCondition[],
  issues: IssueCollector,
): Promise<void> {
  for (const [i, condition] of conditions.entries()) {
    if (!(await knownField(db, object, condition.field)).known)
      issues.add(`conditions.${i}.field`, 'unknown_field');
    if (NO_VALUE_OPS.has(condition.op)) continue;
    const value = condition.value;
    if (value === undefined || (value === null && condition.op !== 'eq' && condition.op !== 'ne'))
      issues.add(`conditions.${i}.value`, 'required');
    else if (
      ['gt', 'gte', 'lt', 'lte'].includes(condition.op) &&
      (Array.isArray(value) || typeof value === 'boolean')
    )
      issues.add(`conditions.${i}.value`, 'invalid_value');
  }
}

async function checkActions(
  db: Executor,
  trigger: RuleTrigger,
  actions: readonly RuleAction[],
  issues: IssueCollector,
): Promise<void> {
  const object = trigger.object;
  const caseTypeId = (trigger.config as { case_type_id?: string | null }).case_type_id ?? null;
  for (const [i, action] of actions.entries()) {
    const at = (field: string) => `actions.${i}.${field}`;
    if (!ACTION_OBJECTS[action.type].includes(object)) {
      issues.add(at('type'), 'not_applicable');
      continue;
    }
    switch (action.type) {
      case 'send_template':
        if (!(await exists(db, 'email_templates', action.template_id)))
          issues.add(at('template_id'), AUTOMATION_ISSUES.unknownTemplate);
        break;
      case 'create_action': {
        const type = await exists(db, 'action_types', action.type_id);
        if (!type?.active) issues.add(at('type_id'), 'unknown_action_type');
        if (action.assignee === 'user') {
          if (!action.user_id) issues.add(at('user_id'), 'required');
          else {
            const user = await liveUser(db, action.user_id);
            if (!user) issues.add(at('user_id'), 'unknown_user');
            else if (!user.active) issues.add(at('user_id'), 'inactive_user');
          }
        }
        if (action.assignee === 'team') {
          if (!action.team_id) issues.add(at('team_id'), 'required');
          else if (!(await exists(db, 'teams', action.team_id))) issues.add(at('team_id'), 'unknown_team');
        }
        break;
      }
      case 'start_sequence': {
        const sequence = await exists(db, 'sequences', action.sequence_id);
        if (!sequence) issues.add(at('sequence_id'), AUTOMATION_ISSUES.unknownSequence);
        else if (!sequence.active) issues.add(at('sequence_id'), 'sequence_inactive');
        break;
      }
      case 'assign_owner':
        if (Boolean(action.user_id) === Boolean(action.team_id))
          issues.add(at('user_id'), AUTOMATION_ISSUES.userOrTeam);
        else if (action.user_id) {
          const user = await liveUser(db, action.user_id);
          if (!user) issues.add(at('user_id'), 'unknown_user');
          else if (!user.active) issues.add(at('user_id'), 'inactive_user');
        } else if (action.team_id && !(await exists(db, 'teams', action.team_id)))
          issues.add(at('team_id'), 'unknown_team');
        break;
      case 'set_field': {
        const field = await knownField(db, object, action.field);
        if (!field.known) issues.add(at('field'), 'unknown_field');
        else if (!field.writable) issues.add(at('field'), AUTOMATION_ISSUES.readOnlyField);
        else if (object !== 'email') {
          // The value as the record's own API would take it (custom values are checked when the rule runs).
          const parsed = UPDATE_SCHEMAS[object].safeParse({
            version: 1,
            ...fieldPatch(action.field, action.value),
          });
          if (!parsed.success) issues.add(at('value'), 'invalid_value');
        }
        break;
      }
      case 'set_status': {
        const status = await db
          .selectFrom('case_statuses')
          .select(['type_id', 'retired_at'])
          .where('id', '=', action.status_id)
          .executeTakeFirst();
        if (!status) issues.add(at('status_id'), 'unknown_status');
        else if (status.retired_at) issues.add(at('status_id'), 'status_retired');
        else if (caseTypeId && status.type_id !== caseTypeId)
          issues.add(at('status_id'), 'status_of_other_type');
        break;
      }
      case 'call_webhook':
        if (!allowPrivateFromEnv()) {
          const verdict = await checkWebhookHost(action.url);
          if (verdict === 'private_address') issues.add(at('url'), 'private_address');
          if (verdict === 'unresolvable') issues.add(at('url'), 'unresolvable_host');
        }
        break;
    }
  }
}

async function checkRule(
  db: Executor,
  rule: { trigger: RuleTrigger; conditions: RuleCondition[]; actions: RuleAction[] },
): Promise<void> {
  const issues = new IssueCollector();
  await checkTrigger(db, rule.trigger, issues);
  await checkConditions(db, rule.trigger.object, rule.conditions, issues);
  await checkActions(db, rule.trigger, rule.actions, issues);
  issues.throwIfAny();
}

// Webhooks of call_webhook actions ---------------------------------------------------------------------------------

// A call_webhook action delivers through a webhook row of its own (no event types: the dispatcher never
// matches it to events), so it gets the webhooks' signing, retries, private-address refusal and delivery log.

interface WebhookSecret {
  action_index: number;
  url: string;
  secret: string;
}

async function attachWebhooks(
  trx: Executor,
  auth: AuthContext,
  actions: RuleAction[],
  previous: readonly RuleAction[],
): Promise<{ actions: RuleAction[]; secrets: WebhookSecret[] }> {
  const owned = new Set(
    previous.flatMap((a) => (a.type === 'call_webhook' && a.webhook_id ? [a.webhook_id] : [])),
  );
  const kept = new Set<string>();
  const secrets: WebhookSecret[] = [];
  const result: RuleAction[] = [];
  const now = new Date();
  for (const [index, action] of actions.entries()) {
    if (action.type !== 'call_webhook') {
      result.push(action);
      continue;
    }
    if (action.webhook_id && owned.has(action.webhook_id) && !kept.has(action.webhook_id)) {
      kept.add(action.webhook_id);
      await trx
        .updateTable('webhooks')
        .set({ url: action.url, updated_at: now, updated_by: auth.userId })
        .where('id', '=', action.webhook_id)
        .where('url', '<>', action.url)
        .execute();
      result.push(action);
      continue;
    }
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const webhookId = newId();
    await trx
      .insertInto('webhooks')
      .values({
        id: webhookId,
        url: action.url,
        event_types: [],
        secret: encryptSecret(secret),
        active: true,
        created_by: auth.userId,
        updated_by: auth.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    secrets.push({ action_index: index, url: action.url, secret });
    result.push({ ...action, webhook_id: webhookId });
  }
  const dropped = [...owned].filter((id) => !kept.has(id));
  if (dropped.length > 0)
    await trx
      .updateTable('webhooks')
      .set({ deleted_at: now, active: false, updated_at: now, updated_by: auth.userId })
      .where('id', 'in', dropped)
      .execute();
  return { actions: result, secrets };
}

// Writes ---------------------------------------------------------------------------------------------------------

const ruleSummary = (rule: { trigger: RuleTrigger; actions: RuleAction[] }) => ({
  trigger: `${rule.trigger.type}:${rule.trigger.object}`,
  actions: rule.actions.map((a) => a.type),
});

export async function createRule(
  db: Database,
  auth: AuthContext,
  input: CreateInput,
): Promise<SavedAutomationRule> {
  const { id, secrets } = await db.transaction().execute(async (trx) => {
    await checkRule(trx, input);
    // The engine's cursor starts now if it never ran: the rule reacts to what happens from here on.
    await ensureEventCursor(trx, AUTOMATION_CURSOR_KEY);
    const id = newId();
    const { actions, secrets } = await attachWebhooks(trx, auth, input.actions, []);
    const now = new Date();
    await trx
      .insertInto('automation_rules')
      .values({
        id,
        name: input.name,
        description: input.description ?? '',
        trigger_type: input.trigger.type,
        object: input.trigger.object,
        trigger_config: JSON.stringify(input.trigger.config ?? {}),
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(actions),
        state: JSON.stringify({}),
        active: input.active,
        created_at: now,
        updated_at: now,
        created_by: auth.userId,
        updated_by: auth.userId,
      })
      .execute();
    await recordEvent(trx, {
      type: 'automation_rule.created',
      object: 'automation_rule',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { name: [null, input.name], ...ruleSummary({ trigger: input.trigger, actions }) },
    });
    return { id, secrets };
  });
  forgetCachedRules(db);
  return { ...(await getRule(db, id)), webhook_secrets: secrets };
}

export async function updateRule(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateInput,
): Promise<SavedAutomationRule> {
  const secrets = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('automation_rules')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    const before = toCachedRule(current);
    const trigger = input.trigger ?? before.trigger;
    const conditions = input.conditions ?? before.conditions;
    let actions = input.actions ?? before.actions;
    const objectChanged = trigger.object !== before.trigger.object;
    if (input.trigger || input.conditions || input.actions) {
      if (objectChanged && !input.conditions && conditions.length > 0)
        throw validationFailed([{ field: 'conditions', code: AUTOMATION_ISSUES.objectChanged }]);
      await checkRule(trx, { trigger, conditions, actions });
    }
    let secrets: WebhookSecret[] = [];
    if (input.actions)
      ({ actions, secrets } = await attachWebhooks(trx, auth, input.actions, before.actions));
    const changes: Record<string, [unknown, unknown]> = {};
    if (input.name !== undefined && input.name !== current.name) changes.name = [current.name, input.name];
    if (input.description !== undefined && input.description !== current.description)
      changes.description = [current.description, input.description];
    if (input.active !== undefined && input.active !== current.active)
      changes.active = [current.active, input.active];
    if (input.trigger && JSON.stringify(trigger) !== JSON.stringify(before.trigger))
      changes.trigger = [
        ruleSummary({ trigger: before.trigger, actions }).trigger,
        ruleSummary({ trigger, actions }).trigger,
      ];
    if (input.conditions && JSON.stringify(conditions) !== JSON.stringify(before.conditions))
      changes.conditions = [before.conditions.length, conditions.length];
    if (input.actions && JSON.stringify(actions) !== JSON.stringify(before.actions))
      changes.actions = [before.actions.map((a) => a.type), actions.map((a) => a.type)];
    if (Object.keys(changes).length === 0) return secrets;
    await trx
      .updateTable('automation_rules')
      .set({
        name: input.name ?? current.name,
        description: input.description ?? current.description,
        trigger_type: trigger.type,
        object: trigger.object,
        trigger_config: JSON.stringify(trigger.config ?? {}),
        conditions: JSON.stringify(conditions),
        actions: JSON.stringify(actions),
        active: input.active ?? current.active,
        version: current.version + 1,
        updated_at: new Date(),
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'automation_rule.updated',
      object: 'automation_rule',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes,
    });
    return secrets;
  });
  forgetCachedRules(db);
  return { ...(await getRule(db, id)), webhook_secrets: secrets };
}

/** Switches a rule on or off (the list's switch): no version needed, the last click wins. */
export async function setRuleActive(
  db: Database,
  auth: AuthContext,
  id: string,
  input: { active: boolean; version?: number | undefined },
): Promise<AutomationRule> {
  const current = await db
    .selectFrom('automation_rules')
    .select('version')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!current) throw notFound();
  const saved = await updateRule(db, auth, id, {
    version: input.version ?? current.version,
    active: input.active,
  });
  const { webhook_secrets: _none, ...rule } = saved;
  return rule;
}

/** Soft delete: the rule stops; its run log stays readable in the database; its webhooks stop too. */
export async function deleteRule(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('automation_rules')
      .select(['id', 'version', 'name', 'actions'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    const now = new Date();
    await trx
      .updateTable('automation_rules')
      .set({
        deleted_at: now,
        active: false,
        version: current.version + 1,
        updated_at: now,
        updated_by: auth.userId,
      })
      .where('id', '=', id)
      .execute();
    await attachWebhooks(trx, auth, [], current.actions as RuleAction[]);
    await recordEvent(trx, {
      type: 'automation_rule.deleted',
      object: 'automation_rule',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { name: [current.name, null] },
    });
  });
  forgetCachedRules(db);
}

// Runs -----------------------------------------------------------------------------------------------------------

/** The rule's runs, newest first, by keyset cursor. Date checks that found the conditions false are left out. */
export async function listRuns(
  db: Database,
  ruleId: string,
  query: { limit: number; cursor?: string | undefined; status?: AutomationRun['status'] | undefined },
): Promise<{ data: AutomationRun[]; next_cursor: string | null }> {
  await getRule(db, ruleId);
  if (query.cursor !== undefined && !isUuid(query.cursor))
    throw validationFailed([{ field: 'cursor', code: 'invalid_cursor' }]);
  const rows = await db
    .selectFrom('automation_runs')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .where((eb) =>
      eb.or([eb('status', '<>', 'skipped'), eb('error', 'is', null), eb('error', '<>', 'conditions')]),
    )
    .$if(Boolean(query.status), (q) => q.where('status', '=', query.status!))
    .$if(Boolean(query.cursor), (q) => q.where('id', '<', query.cursor!))
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const labels = await labelRecords(db, page);
  return {
    data: page.map((row) => toRun(row, labels.get(row.object_id))),
    next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

// Dry run --------------------------------------------------------------------------------------------------------

class DryRun extends Error {
  readonly result: TestAutomationRuleResult;
  constructor(result: TestAutomationRuleResult) {
    super('dry run');
    this.result = result;
  }
}

/**
 * What the rule would do on a record now: the trigger's filters, each condition with the record's value, and
 * what each action would do. Runs in a transaction that is always rolled back: nothing changes.
 */
export async function testRule(
  db: Database,
  id: string,
  objectId: string,
): Promise<TestAutomationRuleResult> {
  const row = await db
    .selectFrom('automation_rules')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound();
  const rule = toCachedRule(row);
  try {
    await db.transaction().execute(async (trx: Transaction<DB>) => {
      const record = await loadRuleRecord(trx, rule.trigger.object, objectId);
      if (!record) throw validationFailed([{ field: 'object_id', code: 'not_found' }]);
      const conditions = rule.conditions.map((condition, index) => ({
        index,
        field: condition.field,
        op: condition.op,
        actual: record.values[condition.field] ?? null,
        met: conditionHolds(condition, record.values),
      }));
      const auth = await automationAuth(trx, rule);
      const actions = await previewActions(
        trx,
        {
          ruleId: rule.id,
          ruleName: rule.name,
          auth,
          record,
          eventId: null,
          triggerKey: null,
          runId: newId(),
          triggerType: rule.trigger.type,
          now: new Date(),
        },
        rule.actions,
      );
      throw new DryRun({
        object: rule.trigger.object,
        object_id: objectId,
        object_label: record.label,
        trigger_filters_met: triggerFiltersHold(rule.trigger, record, null),
        conditions,
        conditions_met: conditions.every((c) => c.met),
        actions,
      });
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
  throw new Error('unreachable');
}

export const ruleFields = (
  db: Database,
  object: AutomationObject,
  typeId: string | undefined,
  locale: Locale,
) => listRuleFields(db, object, typeId, locale);
