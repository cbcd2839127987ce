import type {
  ActionKind,
  AutomationObject,
  AutomationRule,
  ConditionOp,
  CreateAutomationRuleRequest,
  RuleField,
  RuleValue,
  TriggerType,
} from '@trato/contracts/automation';
import { TRIGGER_OBJECTS } from '@trato/contracts/automation';

// The builder's form mirrors the API body (so the API's error paths, `actions.1.template_id`, land on the
// right inputs); each row carries a `key` for React that is dropped when saving.

export type TriggerConfig = Record<string, unknown>;
export interface ConditionRow {
  key: string;
  field: string;
  op: ConditionOp;
  value: RuleValue | undefined;
}
export type ActionRow = { key: string; type: ActionKind } & Record<string, unknown>;
export interface RuleValues {
  name: string;
  description: string;
  active: boolean;
  trigger: { type: TriggerType; object: AutomationObject; config: TriggerConfig };
  conditions: ConditionRow[];
  actions: ActionRow[];
}

let counter = 0;
export const rowKey = () => `row-${++counter}`;

export const DEFAULT_CONFIG: Record<TriggerType, TriggerConfig> = {
  record_created: {},
  record_changed: { fields: [] },
  status_changed: { from_status_ids: [], to_status_ids: [] },
  action_done: { outcomes: [] },
  mail_received: {},
  days_before_close: { days: 7 },
  days_without_activity: { days: 30 },
  sla_due_soon: { hours: 4, target: 'any' },
};

export function newAction(type: ActionKind): ActionRow {
  const base = { key: rowKey(), type };
  switch (type) {
    case 'send_template':
      return { ...base, template_id: null, to: 'contact' };
    case 'create_action':
      return {
        ...base,
        type_id: null,
        subject: '',
        due_in_days: 0,
        time_of_day: null,
        assignee: 'owner',
        user_id: null,
        team_id: null,
      };
    case 'start_sequence':
      return { ...base, sequence_id: null };
    case 'assign_owner':
      return { ...base, user_id: null, team_id: null };
    case 'set_field':
      return { ...base, field: null, value: null };
    case 'set_status':
      return { ...base, status_id: null };
    case 'call_webhook':
      return { ...base, url: 'https://', webhook_id: null };
  }
}

export function valuesOf(rule: AutomationRule | undefined): RuleValues {
  if (!rule)
    return {
      name: '',
      description: '',
      active: true,
      trigger: { type: 'record_created', object: 'case', config: {} },
      conditions: [],
      actions: [newAction('create_action')],
    };
  return {
    name: rule.name,
    description: rule.description,
    active: rule.active,
    trigger: {
      type: rule.trigger.type,
      object: rule.trigger.object,
      config: { ...DEFAULT_CONFIG[rule.trigger.type], ...(rule.trigger.config as TriggerConfig) },
    },
    conditions: rule.conditions.map((c) => ({ key: rowKey(), field: c.field, op: c.op, value: c.value })),
    actions: rule.actions.map(
      (a) => ({ ...newAction(a.type), ...(a as Record<string, unknown>), key: rowKey() }) as ActionRow,
    ),
  };
}

/** A trigger of another type starts with that type's settings and an object it can watch. */
export function switchTrigger(current: RuleValues['trigger'], type: TriggerType): RuleValues['trigger'] {
  const objects = TRIGGER_OBJECTS[type];
  const object = objects.includes(current.object) ? current.object : objects[0]!;
  return { type, object, config: { ...DEFAULT_CONFIG[type] } };
}

const isBlank = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function cleanConfig(trigger: RuleValues['trigger']): TriggerConfig {
  const config: TriggerConfig = {};
  for (const [key, value] of Object.entries(trigger.config)) {
    if (isBlank(value)) continue;
    if (key === 'case_type_id' && trigger.object !== 'case') continue;
    if (key === 'action_type_id' && trigger.object !== 'action') continue;
    config[key] = value;
  }
  return config;
}

const ACTION_KEYS: Record<ActionKind, string[]> = {
  send_template: ['template_id', 'to'],
  create_action: ['type_id', 'subject', 'due_in_days', 'time_of_day', 'assignee', 'user_id', 'team_id'],
  start_sequence: ['sequence_id'],
  assign_owner: ['user_id', 'team_id'],
  set_field: ['field', 'value'],
  set_status: ['status_id'],
  call_webhook: ['url', 'webhook_id'],
};

/** The API body: rows without their keys, only each action's own settings, blank optional ones left out. */
export function bodyOf(values: RuleValues): CreateAutomationRuleRequest {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    active: values.active,
    trigger: {
      ...values.trigger,
      config: cleanConfig(values.trigger),
    } as CreateAutomationRuleRequest['trigger'],
    conditions: values.conditions.map(({ field, op, value }) =>
      op === 'empty' || op === 'not_empty' ? { field, op } : { field, op, value: value ?? null },
    ),
    actions: values.actions.map((row) => {
      const action: Record<string, unknown> = { type: row.type };
      for (const key of ACTION_KEYS[row.type]) {
        const value = row[key];
        if (key === 'value' || !isBlank(value)) action[key] = value ?? null;
      }
      if (row.type === 'create_action' && action.assignee !== 'user') delete action.user_id;
      if (row.type === 'create_action' && action.assignee !== 'team') delete action.team_id;
      return action;
    }) as CreateAutomationRuleRequest['actions'],
  };
}

// Conditions ------------------------------------------------------------------------------------------------------

const ORDERED: ConditionOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'];
const CHOICE: ConditionOp[] = ['eq', 'ne', 'in', 'empty', 'not_empty'];

/** The comparisons that make sense for a field of this type. */
export function opsFor(type: RuleField['type'] | undefined): ConditionOp[] {
  switch (type) {
    case 'number':
    case 'money':
    case 'date':
    case 'datetime':
      return ORDERED;
    case 'boolean':
      return ['eq', 'ne'];
    case 'multiselect':
      return ['contains', 'empty', 'not_empty'];
    case 'email':
      return ['eq', 'ne', 'contains', 'empty', 'not_empty'];
    case 'text':
    case undefined:
      return ['eq', 'ne', 'contains', 'in', 'empty', 'not_empty'];
    default:
      return CHOICE;
  }
}

/** A value typed into an input, as the rule stores it (numbers as numbers, money as exact text). */
export function valueFromInput(type: RuleField['type'] | undefined, raw: string): RuleValue {
  if (raw === '') return null;
  if (type === 'number') {
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? n : raw;
  }
  if (type === 'money') return raw.replace(',', '.');
  return raw;
}
