import { z } from 'zod';
import { id, isoDateTime, listResponse, text, UserRef, Version } from './common.ts';
import { WebhookUrl } from './webhooks.ts';

// Automation rules (/api/v1/automation-rules). Issue 5 §5: when something happens (a trigger), if the record's
// fields hold (conditions), then do things (actions). Every run is logged with the outcome of each action.

/** The records a rule can watch. 'email' is a received mail (mail_received). */
export const AUTOMATION_OBJECTS = ['entity', 'contact', 'case', 'action', 'email'] as const;
export type AutomationObject = (typeof AUTOMATION_OBJECTS)[number];

export const TRIGGER_TYPES = [
  'record_created',
  'record_changed',
  'status_changed',
  'action_done',
  'mail_received',
  'days_before_close',
  'days_without_activity',
  'sla_due_soon',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** Which objects each trigger can watch (the first one is the default in a builder). */
export const TRIGGER_OBJECTS: Record<TriggerType, readonly AutomationObject[]> = {
  record_created: ['entity', 'contact', 'case', 'action'],
  record_changed: ['entity', 'contact', 'case', 'action'],
  status_changed: ['case'],
  action_done: ['action'],
  mail_received: ['email'],
  days_before_close: ['case'],
  days_without_activity: ['entity', 'case'],
  sla_due_soon: ['case'],
};

/** Date triggers are found by a periodic scan instead of an event. */
export const DATE_TRIGGERS: readonly TriggerType[] = [
  'days_before_close',
  'days_without_activity',
  'sla_due_soon',
];

export const CONDITION_OPS = [
  'eq',
  'ne',
  'in',
  'contains',
  'empty',
  'not_empty',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const ACTION_KINDS = [
  'send_template',
  'create_action',
  'start_sequence',
  'assign_owner',
  'set_field',
  'set_status',
  'call_webhook',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Which objects each action can run on (set_status moves a case; assign_owner needs a record with an owner). */
export const ACTION_OBJECTS: Record<ActionKind, readonly AutomationObject[]> = {
  send_template: ['entity', 'contact', 'case', 'action', 'email'],
  create_action: ['entity', 'contact', 'case', 'action', 'email'],
  start_sequence: ['entity', 'contact', 'case', 'action', 'email'],
  assign_owner: ['entity', 'case'],
  set_field: ['entity', 'contact', 'case', 'action'],
  set_status: ['case'],
  call_webhook: ['entity', 'contact', 'case', 'action', 'email'],
};

/** A field a condition reads or set_field writes: 'priority', 'custom.region', 'entity.sector'. */
export const FieldPath = text(100).refine((s) => /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$/i.test(s), {
  params: { code: 'invalid_format' },
  message: 'invalid_format',
});

/** A value in a condition or a set_field action: text, number, yes/no, nothing, or a list of texts. */
export const RuleValue = z.union([
  z.string().max(1000),
  z.number().min(-1e15).max(1e15),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(100),
]);
export type RuleValue = z.infer<typeof RuleValue>;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'invalid_time' });
const ids = (max: number) => z.array(id).max(max);

export const SLA_TARGETS = ['first_response', 'resolution', 'any'] as const;
export const MAIL_RECIPIENTS = ['contact', 'entity', 'owner'] as const;
export const ACTION_ASSIGNEES = ['owner', 'user', 'team'] as const;

/**
 * The trigger, condition and action schemas, built twice: for requests (text trimmed and checked) and for
 * responses (plain strings: an answer's schema carries no transform).
 */
function ruleParts(input: boolean) {
  const str = (max: number) => (input ? text(max) : z.string().max(max));
  const required = (max: number) => (input ? text(max).pipe(z.string().min(1)) : z.string().max(max));
  const path = input ? FieldPath : z.string().max(100);
  const config = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).default({} as never);
  const caseTypeFilter = { case_type_id: id.nullish() };
  const recordObject = z.enum(['entity', 'contact', 'case', 'action']);

  // Triggers
  const trigger = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('record_created'),
      object: recordObject,
      config: config({
        /** Cases of this type only. */
        ...caseTypeFilter,
        /** Actions of this type only. */
        action_type_id: id.nullish(),
      }),
    }),
    z.strictObject({
      type: z.literal('record_changed'),
      object: recordObject,
      config: config({
        ...caseTypeFilter,
        action_type_id: id.nullish(),
        /** Fires only when one of these fields changed (custom.<key> for custom fields); empty = any change. */
        fields: z.array(path).max(50).optional(),
      }),
    }),
    z.strictObject({
      type: z.literal('status_changed'),
      object: z.literal('case'),
      config: config({
        ...caseTypeFilter,
        /** Only when leaving one of these statuses; empty = any. */
        from_status_ids: ids(100).optional(),
        /** Only when entering one of these statuses; empty = any. */
        to_status_ids: ids(100).optional(),
      }),
    }),
    z.strictObject({
      type: z.literal('action_done'),
      object: z.literal('action'),
      config: config({
        action_type_id: id.nullish(),
        /** Only when done with one of these outcomes (pick list keys); empty = any. */
        outcomes: z.array(str(100)).max(50).optional(),
      }),
    }),
    z.strictObject({
      type: z.literal('mail_received'),
      object: z.literal('email'),
      config: config({
        /** Only mail received in this mailbox; unset = any. */
        account_id: id.nullish(),
      }),
    }),
    z.strictObject({
      type: z.literal('days_before_close'),
      object: z.literal('case'),
      config: z.strictObject({
        ...caseTypeFilter,
        /** Fires once per open case and expected close date, this many days before it (0 = on the day). */
        days: z.number().int().min(0).max(365),
      }),
    }),
    z.strictObject({
      type: z.literal('days_without_activity'),
      object: z.enum(['entity', 'case']),
      config: z.strictObject({
        ...caseTypeFilter,
        /** Fires once per quiet spell: nothing happened on the record (or its actions) for this many days. */
        days: z.number().int().min(1).max(365),
      }),
    }),
    z.strictObject({
      type: z.literal('sla_due_soon'),
      object: z.literal('case'),
      config: z.strictObject({
        ...caseTypeFilter,
        /** Fires once per due date, this many hours before the first response or resolution is due. */
        hours: z.number().int().min(1).max(720),
        target: z.enum(SLA_TARGETS).default('any'),
      }),
    }),
  ]);

  /** All conditions must hold. `value` is ignored by empty / not_empty; `in` takes a list. */
  const condition = z.strictObject({
    field: path,
    op: z.enum(CONDITION_OPS),
    value: RuleValue.optional(),
  });

  // Actions
  const action = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('send_template'),
      template_id: id,
      /** The record's contact, the entity's address, or the record's owner. */
      to: z.enum(MAIL_RECIPIENTS),
    }),
    z.strictObject({
      type: z.literal('create_action'),
      type_id: id,
      subject: required(300),
      notes: str(5000).nullish(),
      /** Due this many days after the run (0 = the same day). */
      due_in_days: z.number().int().min(0).max(365).default(0),
      /** For timed action types: when it starts, in the assignee's time zone (09:00 by default). */
      time_of_day: TimeOfDay.nullish(),
      assignee: z.enum(ACTION_ASSIGNEES).default('owner'),
      user_id: id.nullish(),
      team_id: id.nullish(),
    }),
    z.strictObject({
      type: z.literal('start_sequence'),
      sequence_id: id,
    }),
    /** A user, or round robin among a team's active members (the rule remembers whose turn it is). */
    z.strictObject({
      type: z.literal('assign_owner'),
      user_id: id.nullish(),
      team_id: id.nullish(),
    }),
    z.strictObject({
      type: z.literal('set_field'),
      field: path,
      value: RuleValue,
    }),
    z.strictObject({
      type: z.literal('set_status'),
      status_id: id,
    }),
    /**
     * A signed POST (like webhooks: HMAC-SHA256 in x-trato-signature, retries with backoff, private addresses
     * refused). `webhook_id` is set by the server; send it back unchanged to keep the secret.
     */
    z.strictObject({
      type: z.literal('call_webhook'),
      url: input ? WebhookUrl : z.string().max(2000),
      webhook_id: id.nullish(),
    }),
  ]);
  return { trigger, condition, action };
}

const requestParts = ruleParts(true);
const responseParts = ruleParts(false);

/** When the rule runs: an event on a record, or a date coming. */
export const RuleTrigger = requestParts.trigger;
export type RuleTrigger = z.output<typeof RuleTrigger>;
export const RuleCondition = requestParts.condition;
export type RuleCondition = z.output<typeof RuleCondition>;
export const RuleAction = requestParts.action;
export type RuleAction = z.output<typeof RuleAction>;

// Rules --------------------------------------------------------------------------------------------------------

export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 10;

export const AutomationRule = z.object({
  id,
  name: z.string().max(200),
  description: z.string().max(2000),
  trigger: responseParts.trigger,
  conditions: z.array(responseParts.condition).max(MAX_CONDITIONS),
  actions: z.array(responseParts.action).max(MAX_ACTIONS),
  active: z.boolean(),
  runs_total: z.number().int().min(0),
  last_run_at: isoDateTime.nullable(),
  version: Version,
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: UserRef,
});
export type AutomationRule = z.infer<typeof AutomationRule>;

/** The signing secret of each new call_webhook action: shown once, in the answer to the save that made it. */
export const WebhookSecret = z.object({
  action_index: z.number().int().min(0).max(MAX_ACTIONS),
  url: z.string().max(2000),
  secret: z.string().max(200),
});

export const SavedAutomationRule = AutomationRule.extend({
  webhook_secrets: z.array(WebhookSecret).max(MAX_ACTIONS),
});
export type SavedAutomationRule = z.infer<typeof SavedAutomationRule>;

export const CreateAutomationRuleRequest = z.strictObject({
  name: text(200).pipe(z.string().min(1)),
  description: text(2000).optional(),
  trigger: RuleTrigger,
  conditions: z.array(RuleCondition).max(MAX_CONDITIONS).default([]),
  actions: z.array(RuleAction).min(1).max(MAX_ACTIONS),
  active: z.boolean().default(true),
});
export type CreateAutomationRuleRequest = z.input<typeof CreateAutomationRuleRequest>;

export const UpdateAutomationRuleRequest = z.strictObject({
  version: Version,
  name: text(200).pipe(z.string().min(1)).optional(),
  description: text(2000).optional(),
  trigger: RuleTrigger.optional(),
  conditions: z.array(RuleCondition).max(MAX_CONDITIONS).optional(),
  actions: z.array(RuleAction).min(1).max(MAX_ACTIONS).optional(),
  active: z.boolean().optional(),
});
export type UpdateAutomationRuleRequest = z.input<typeof UpdateAutomationRuleRequest>;

export const SetRuleActiveRequest = z.strictObject({ version: Version.optional(), active: z.boolean() });

export const AutomationRuleList = z.object({ data: z.array(AutomationRule).max(500) });

// Runs ---------------------------------------------------------------------------------------------------------

export const RUN_STATUSES = ['succeeded', 'failed', 'skipped'] as const;
export const OUTCOME_STATUSES = ['ok', 'failed', 'skipped'] as const;

/** What one action of a run did: ok (with what it made), failed (why), skipped (why not, e.g. no_address). */
export const RunOutcome = z.object({
  type: z.string().max(50),
  status: z.enum(OUTCOME_STATUSES),
  detail: z.string().max(2000).nullable(),
  /** The record it made or changed (action, email, sequence run, case, entity…). */
  record_id: id.nullable().optional(),
});
export type RunOutcome = z.infer<typeof RunOutcome>;

export const AutomationRun = z.object({
  id,
  rule_id: id,
  /** The event that fired it; null for a date trigger. */
  event_id: id.nullable(),
  /** A date trigger's key ('close:2026-12-01'): each date fires once per record. */
  trigger_key: z.string().max(200).nullable(),
  object: z.enum(AUTOMATION_OBJECTS),
  object_id: id,
  /** The record as a person reads it: a name, a case number and title, a subject. */
  object_label: z.string().max(500).nullable(),
  /** The entity the record belongs to, for a link. */
  entity_id: id.nullable(),
  status: z.enum(RUN_STATUSES),
  /** Why a run was skipped: 'loop' (the rule's own change, or a chain of rules three deep). */
  reason: z.string().max(50).nullable(),
  outcome: z.array(RunOutcome).max(MAX_ACTIONS + 1),
  error: z.string().max(2000).nullable(),
  /** How many rules caused the change that fired it (0: a person or an outside system). */
  depth: z.number().int().min(0).max(100),
  started_at: isoDateTime,
  finished_at: isoDateTime,
});
export type AutomationRun = z.infer<typeof AutomationRun>;

export const AutomationRunList = listResponse(AutomationRun);
export const AutomationRunQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  status: z.enum(RUN_STATUSES).optional(),
});

// Dry run ------------------------------------------------------------------------------------------------------

export const TestAutomationRuleRequest = z.strictObject({ object_id: id });

export const TestAutomationRuleResult = z.object({
  object: z.enum(AUTOMATION_OBJECTS),
  object_id: id,
  object_label: z.string().max(500).nullable(),
  /** The trigger's own filters (case type, action type, mailbox) hold for this record. */
  trigger_filters_met: z.boolean(),
  conditions: z
    .array(
      z.object({
        index: z.number().int().min(0).max(MAX_CONDITIONS),
        field: z.string().max(100),
        op: z.enum(CONDITION_OPS),
        /** The record's value of the field now. */
        actual: z.unknown(),
        met: z.boolean(),
      }),
    )
    .max(MAX_CONDITIONS),
  conditions_met: z.boolean(),
  /** What each action would do now (nothing is done): run, or skipped with a reason. */
  actions: z.array(RunOutcome).max(MAX_ACTIONS),
});
export type TestAutomationRuleResult = z.infer<typeof TestAutomationRuleResult>;

// Field catalogue for the builder ------------------------------------------------------------------------------

export const RULE_FIELD_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'datetime',
  'boolean',
  /** One of `options`. */
  'select',
  /** A list of `options` (roles, multiselect fields). */
  'multiselect',
  'user',
  'team',
  'case_status',
  'case_type',
  'action_type',
  'email',
] as const;

export const RuleField = z.object({
  /** 'priority', 'custom.region', 'entity.sector' */
  key: z.string().max(100),
  label: z.string().max(300),
  type: z.enum(RULE_FIELD_TYPES),
  options: z.array(z.object({ value: z.string().max(200), label: z.string().max(300) })).max(500),
  /** set_field may write it. */
  writable: z.boolean(),
});
export type RuleField = z.infer<typeof RuleField>;

export const RuleFieldsQuery = z.object({
  object: z.enum(AUTOMATION_OBJECTS),
  /** Adds the custom fields of this case type (case rules) or action type (action rules). */
  type_id: id.optional(),
});
export const RuleFieldList = z.object({ data: z.array(RuleField).max(500) });
