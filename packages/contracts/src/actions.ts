import { z } from 'zod';
import {
  id,
  isoDate,
  isoDateTime,
  Labels,
  optionalText,
  PALETTE_COLORS,
  text,
  UserRef,
  Version,
} from './common.ts';
import { CustomValues } from './settings.ts';

// Commercial actions: calls, emails, visits, meetings… planned for a user or a team, linked to an entity,
// contact and (later) case and campaign. See DESIGN §3 and issue 3.

const key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'invalid_key' });

export const ACTION_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Icons an action type can show (Tabler icon names the web app maps). */
export const ACTION_ICONS = [
  'phone',
  'mail',
  'map-pin',
  'users',
  'file-text',
  'presentation',
  'checkbox',
  'calendar',
  'message',
  'video',
  'truck',
  'star',
] as const;

export const ActionType = z.object({
  id,
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  icon: z.enum(ACTION_ICONS),
  color: z.enum(PALETTE_COLORS),
  default_duration_minutes: z.number().int().min(0).max(1440),
  /** true: start and end time; false: only a due date. */
  timed: z.boolean(),
  position: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type ActionType = z.infer<typeof ActionType>;

export const CreateActionTypeRequest = z.strictObject({
  key,
  labels: Labels,
  icon: z.enum(ACTION_ICONS).optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  default_duration_minutes: z.number().int().min(0).max(1440).optional(),
  timed: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export const UpdateActionTypeRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  icon: z.enum(ACTION_ICONS).optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  default_duration_minutes: z.number().int().min(0).max(1440).optional(),
  timed: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
});

export const Attendee = z.strictObject({
  email: z.string().max(320),
  name: optionalText(200),
  /** iCalendar PARTSTAT as the attendee last answered; the server keeps it. */
  status: z.enum(['NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE']).optional(),
});
export const MAX_ATTENDEES = 100;
/** An attendee as the API answers it (output: no input transforms, so responses serialise). */
export const AttendeeView = z.object({
  email: z.string().max(320),
  name: z.string().max(200).nullable().optional(),
  status: z.enum(['NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE']).optional(),
});

/**
 * A timed action has starts_at (and ends_at, default start + the type's duration); an untimed one has
 * due_date. Assign it to a user, a team, or both (a team action taken by one of its members).
 */
const actionFields = {
  type_id: id,
  subject: text(300).pipe(z.string().min(1)),
  notes: optionalText(20_000),
  location: optionalText(300),
  starts_at: isoDateTime.nullish(),
  ends_at: isoDateTime.nullish(),
  due_date: isoDate.nullish(),
  assignee_user_id: id.nullish(),
  assignee_team_id: id.nullish(),
  entity_id: id.nullish(),
  contact_id: id.nullish(),
  case_id: id.nullish(),
  campaign_id: id.nullish(),
  private: z.boolean().optional(),
  attendees: z.array(Attendee).max(MAX_ATTENDEES).optional(),
  custom: CustomValues.optional(),
};

export const CreateActionRequest = z.strictObject({
  ...actionFields,
  /** Created already done (logging a call that just happened). */
  status: z.enum(['planned', 'done']).optional(),
  outcome: z.string().max(64).nullish(),
  outcome_notes: optionalText(5000),
});
export type CreateActionRequest = z.input<typeof CreateActionRequest>;

export const UpdateActionRequest = z.strictObject({
  version: Version,
  ...actionFields,
  type_id: id.optional(),
  subject: actionFields.subject.optional(),
  outcome: z.string().max(64).nullish(),
  outcome_notes: optionalText(5000),
});
export type UpdateActionRequest = z.input<typeof UpdateActionRequest>;

/** Mark done with an outcome (an `action_outcomes` pick-list key; `stop` ends the action's sequence). */
export const CompleteActionRequest = z.strictObject({
  version: Version,
  outcome: z.string().max(64).nullish(),
  outcome_notes: optionalText(5000),
});
export const CancelActionRequest = z.strictObject({ version: Version, reason: optionalText(1000) });
/** Reopen a done or cancelled action. */
export const ReopenActionRequest = z.strictObject({ version: Version });
/** A member of the action's team takes it (becomes its assignee; the team stays). */
export const TakeActionRequest = z.strictObject({ version: Version });

/** Reassign many actions at once (one transaction); the reason is kept on each action's history. */
export const ReassignActionsRequest = z.strictObject({
  ids: z.array(id).min(1).max(5000),
  assignee_user_id: id.nullish(),
  assignee_team_id: id.nullish(),
  reason: optionalText(1000),
});
export const ReassignActionsResponse = z.object({ updated: z.number().int().min(0) });

export const EntityRef = z.object({ id, name: z.string().max(200) }).nullable();
export const ContactRef = z.object({ id, name: z.string().max(300) }).nullable();

export const Action = z.object({
  id,
  type_id: id,
  type: z.object({
    key: z.string().max(64),
    labels: z.record(z.string().max(8), z.string().max(200)),
    icon: z.string().max(64),
    color: z.string().max(64),
    timed: z.boolean(),
  }),
  subject: z.string().max(300),
  notes: z.string().max(20_000).nullable(),
  location: z.string().max(300).nullable(),
  starts_at: isoDateTime.nullable(),
  ends_at: isoDateTime.nullable(),
  due_date: isoDate.nullable(),
  due_at: isoDateTime,
  status: z.enum(ACTION_STATUSES),
  outcome: z.string().max(64).nullable(),
  outcome_notes: z.string().max(5000).nullable(),
  completed_at: isoDateTime.nullable(),
  completed_by: UserRef,
  assignee_user_id: id.nullable(),
  assignee_user: UserRef,
  assignee_team_id: id.nullable(),
  assignee_team: z.object({ id, name: z.string().max(200) }).nullable(),
  entity_id: id.nullable(),
  entity: EntityRef,
  contact_id: id.nullable(),
  contact: ContactRef,
  case_id: id.nullable(),
  campaign_id: id.nullable(),
  sequence_run_id: id.nullable(),
  sequence_step_key: z.string().max(64).nullable(),
  private: z.boolean(),
  attendees: z.array(AttendeeView).max(MAX_ATTENDEES),
  custom: z.record(z.string().max(100), z.unknown()),
  /** planned and due_at in the past. */
  overdue: z.boolean(),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: id.nullable(),
  deleted_at: isoDateTime.nullable(),
});
export type Action = z.infer<typeof Action>;

/** Fields of the action list that can be filtered and sorted (plus `custom.<key>`). */
export const ACTION_LIST_FIELDS = [
  'type_id',
  'status',
  'subject',
  'assignee_user_id',
  'assignee_team_id',
  'entity_id',
  'contact_id',
  'case_id',
  'campaign_id',
  'starts_at',
  'due_at',
  'due_date',
  'outcome',
  'created_at',
  'updated_at',
] as const;

/** The control panel: counts and first items of overdue, today and upcoming planned actions. */
export const PANEL_BUCKETS = ['overdue', 'today', 'upcoming'] as const;
export const ControlPanelQuery = z.object({
  /** mine (default), team (the teams the user is in, managers see their members' work), or a user id. */
  scope: z.enum(['mine', 'team']).optional(),
  user_id: id.optional(),
  team_id: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ControlPanel = z.object({
  /** Day boundaries in this time zone (the user's). */
  time_zone: z.string().max(64),
  counts: z.object({
    overdue: z.number().int().min(0),
    today: z.number().int().min(0),
    upcoming: z.number().int().min(0),
    done_today: z.number().int().min(0),
  }),
  overdue: z.array(Action).max(200),
  today: z.array(Action).max(200),
  upcoming: z.array(Action).max(200),
});

/** Agenda: every action whose time or due date falls in [from, to), for a user, a team or several users. */
export const AgendaQuery = z.object({
  from: isoDateTime,
  to: isoDateTime,
  user_id: z.union([id, z.array(id).max(100)]).optional(),
  team_id: id.optional(),
  type_id: z.union([id, z.array(id).max(100)]).optional(),
  status: z.union([z.enum(ACTION_STATUSES), z.array(z.enum(ACTION_STATUSES)).max(3)]).optional(),
});
export const MAX_AGENDA_ITEMS = 2000;
export const Agenda = z.object({
  data: z.array(Action).max(MAX_AGENDA_ITEMS),
  /** True when more than MAX_AGENDA_ITEMS matched (narrow the range or filters). */
  truncated: z.boolean(),
});

/** Quick add: one line of text ("llamar Muñoz mañana 10:00") parsed into a draft the user confirms. */
export const QuickAddRequest = z.strictObject({ text: text(500).pipe(z.string().min(1)) });
export const QuickAddDraft = z.object({
  type_id: id.nullable(),
  subject: z.string().max(300),
  starts_at: isoDateTime.nullable(),
  ends_at: isoDateTime.nullable(),
  due_date: isoDate.nullable(),
  entity: EntityRef,
  contact: ContactRef,
  assignee_user_id: id.nullable(),
  /** Parts of the text that were recognised, for the preview: type, date, time, entity. */
  recognised: z.array(z.object({ kind: z.string().max(20), text: z.string().max(500) })).max(20),
});

/** Admin setting: whether done actions can still be edited (edits are recorded on the timeline). */
export const ActionSettings = z.object({ allow_editing_closed_actions: z.boolean() });
export const UpdateActionSettingsRequest = z.strictObject({ allow_editing_closed_actions: z.boolean() });

// Sequences (flows): ordered steps that create the next action when one is done.

export const ASSIGNEE_RULES = ['same', 'owner', 'user', 'team'] as const;
export const SequenceStep = z.strictObject({
  key,
  type_id: id,
  subject: text(300).pipe(z.string().min(1)),
  notes: optionalText(5000),
  /** Days after the previous step is done (or after the start, for the first step). */
  offset_days: z.number().int().min(0).max(365),
  working_days: z.boolean().optional(),
  /** 'HH:MM' in the assignee's time zone, for timed types. */
  time_of_day: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'invalid_time' })
    .nullish(),
  assignee_rule: z.enum(ASSIGNEE_RULES),
  assignee_user_id: id.nullish(),
  assignee_team_id: id.nullish(),
  /** The step that follows (a key); missing = the next in the list. */
  next_key: key.nullish(),
});
/** A step as the API answers it (output: no input transforms, so responses serialise). */
export const SequenceStepView = z.object({
  key: z.string().max(64),
  type_id: id,
  subject: z.string().max(300),
  notes: z.string().max(5000).nullable(),
  offset_days: z.number().int().min(0).max(365),
  working_days: z.boolean(),
  time_of_day: z.string().max(5).nullable(),
  assignee_rule: z.enum(ASSIGNEE_RULES),
  assignee_user_id: id.nullable(),
  assignee_team_id: id.nullable(),
  next_key: z.string().max(64).nullable(),
});
export const Sequence = z.object({
  id,
  name: z.string().max(200),
  description: z.string().max(5000).nullable(),
  goal_outcomes: z.array(z.string().max(64)).max(20),
  active: z.boolean(),
  steps: z.array(SequenceStepView).max(50),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export const CreateSequenceRequest = z.strictObject({
  name: text(200).pipe(z.string().min(1)),
  description: optionalText(5000),
  goal_outcomes: z.array(z.string().max(64)).max(20).optional(),
  steps: z.array(SequenceStep).min(1).max(50),
});
export const UpdateSequenceRequest = z.strictObject({
  version: Version,
  name: text(200).pipe(z.string().min(1)).optional(),
  description: optionalText(5000),
  goal_outcomes: z.array(z.string().max(64)).max(20).optional(),
  active: z.boolean().optional(),
  steps: z.array(SequenceStep).min(1).max(50).optional(),
});

export const SEQUENCE_RUN_STATUSES = ['active', 'completed', 'achieved', 'stopped'] as const;
export const SequenceRun = z.object({
  id,
  sequence_id: id,
  sequence_name: z.string().max(200),
  entity_id: id,
  contact_id: id.nullable(),
  status: z.enum(SEQUENCE_RUN_STATUSES),
  current_step_key: z.string().max(64).nullable(),
  /** 1-based position of the current step and the number of steps, for "step 2 of 4". */
  current_step_position: z.number().int().nullable(),
  step_count: z.number().int(),
  end_reason: z.string().max(200).nullable(),
  started_at: isoDateTime,
  ended_at: isoDateTime.nullable(),
  version: z.number().int(),
});
export const StartSequenceRequest = z.strictObject({
  entity_id: id,
  contact_id: id.nullish(),
  /** Who the first step goes to when its rule is `same` (default: the user starting it). */
  assignee_user_id: id.nullish(),
});
export const StopSequenceRunRequest = z.strictObject({ version: Version, reason: optionalText(1000) });

// Calendar feeds: a private ICS URL per user.

export const CalendarFeed = z.object({
  id,
  created_at: isoDateTime,
  last_used_at: isoDateTime.nullable(),
  /** The full feed URL; only in the answer that creates it (the token is stored hashed). */
  url: z.string().max(1000).optional(),
});
