import type { Action } from '@trato/contracts/actions';
import { sql } from 'kysely';
import type { ActionRow } from '../../db/schema.ts';
import type { FieldMap } from '../../platform/list-query.ts';

/** An action row with what the API shows next to it: its type, and the names of the records it points to. */
export type ActionRowWithRefs = ActionRow & {
  type_key: string;
  type_labels: Record<string, string>;
  type_icon: string;
  type_color: string;
  type_timed: boolean;
  assignee_user_name: string | null;
  assignee_team_name: string | null;
  entity_name: string | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  completed_by_name: string | null;
};

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function toAction(row: ActionRowWithRefs, now: Date = new Date()): Action {
  return {
    id: row.id,
    type_id: row.type_id,
    type: {
      key: row.type_key,
      labels: row.type_labels,
      icon: row.type_icon,
      color: row.type_color,
      timed: row.type_timed,
    },
    subject: row.subject,
    notes: row.notes,
    location: row.location,
    starts_at: iso(row.starts_at),
    ends_at: iso(row.ends_at),
    due_date: row.due_date,
    due_at: row.due_at.toISOString(),
    status: row.status,
    outcome: row.outcome,
    outcome_notes: row.outcome_notes,
    completed_at: iso(row.completed_at),
    completed_by: row.completed_by ? { id: row.completed_by, name: row.completed_by_name ?? '' } : null,
    assignee_user_id: row.assignee_user_id,
    assignee_user: row.assignee_user_id
      ? { id: row.assignee_user_id, name: row.assignee_user_name ?? '' }
      : null,
    assignee_team_id: row.assignee_team_id,
    assignee_team: row.assignee_team_id
      ? { id: row.assignee_team_id, name: row.assignee_team_name ?? '' }
      : null,
    entity_id: row.entity_id,
    entity: row.entity_id ? { id: row.entity_id, name: row.entity_name ?? '' } : null,
    contact_id: row.contact_id,
    contact: row.contact_id
      ? {
          id: row.contact_id,
          name: [row.contact_first_name, row.contact_last_name].filter(Boolean).join(' '),
        }
      : null,
    case_id: row.case_id,
    campaign_id: row.campaign_id,
    sequence_run_id: row.sequence_run_id,
    sequence_step_key: row.sequence_step_key,
    private: row.private,
    attendees: row.attendees.map((a) => ({
      email: a.email,
      name: a.name ?? null,
      ...(a.status && { status: a.status as 'NEEDS-ACTION' }),
    })),
    custom: row.custom,
    overdue: row.status === 'planned' && row.due_at.getTime() < now.getTime(),
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    deleted_at: iso(row.deleted_at),
  };
}

const col = (name: string) => sql.ref(`actions.${name}`);

/** Fields of the action list for filters and sort (custom fields of every action type are added per request). */
export const ACTION_FIELDS: FieldMap = {
  type_id: { expr: col('type_id'), kind: 'uuid', nullable: false },
  status: { expr: col('status'), kind: 'key', nullable: false },
  subject: { expr: col('subject'), kind: 'text', nullable: false },
  assignee_user_id: { expr: col('assignee_user_id'), kind: 'uuid', nullable: true },
  assignee_team_id: { expr: col('assignee_team_id'), kind: 'uuid', nullable: true },
  entity_id: { expr: col('entity_id'), kind: 'uuid', nullable: true },
  contact_id: { expr: col('contact_id'), kind: 'uuid', nullable: true },
  case_id: { expr: col('case_id'), kind: 'uuid', nullable: true },
  campaign_id: { expr: col('campaign_id'), kind: 'uuid', nullable: true },
  starts_at: { expr: col('starts_at'), kind: 'datetime', nullable: true },
  due_at: { expr: col('due_at'), kind: 'datetime', nullable: false },
  due_date: { expr: col('due_date'), kind: 'date', nullable: true },
  outcome: { expr: col('outcome'), kind: 'key', nullable: true },
  created_at: { expr: col('created_at'), kind: 'datetime', nullable: false },
  updated_at: { expr: col('updated_at'), kind: 'datetime', nullable: false },
  private: { expr: col('private'), kind: 'boolean', nullable: false, sortable: false },
  overdue: {
    expr: sql`(actions.status = 'planned' and actions.due_at < now())`,
    kind: 'boolean',
    nullable: false,
    sortable: false,
  },
};

/** Action fields a write may change, in the order a timeline lists them (the contact is tracked as `contact`). */
export const ACTION_TRACKED = [
  'type_id',
  'subject',
  'notes',
  'location',
  'starts_at',
  'ends_at',
  'due_date',
  'status',
  'outcome',
  'outcome_notes',
  'assignee_user_id',
  'assignee_team_id',
  'entity_id',
  'case_id',
  'campaign_id',
  'private',
  'attendees',
  'custom',
] as const;
