import type { ASSIGNEE_RULES, CreateSequenceRequest, SequenceStep } from '@trato/contracts/actions';
import type { z } from 'zod';
import type { SequenceData } from '../../actions/actions.api';

export type AssigneeRule = (typeof ASSIGNEE_RULES)[number];
export type StepBody = z.input<typeof SequenceStep>;
export type CreateSequenceBody = z.input<typeof CreateSequenceRequest>;

/** One step as the form edits it: every field present (null or '' when empty) so server errors find it. */
export interface StepValues {
  /** Only for React: a new step has no key yet that is stable while the user types. */
  uid: string;
  key: string;
  type_id: string | null;
  subject: string;
  notes: string;
  offset_days: number | string;
  working_days: boolean;
  time_of_day: string;
  assignee_rule: AssigneeRule;
  assignee_user_id: string | null;
  assignee_team_id: string | null;
  next_key: string | null;
}

export interface SequenceValues {
  name: string;
  description: string;
  goal_outcomes: string[];
  active: boolean;
  steps: StepValues[];
}

let uidSeq = 0;
const uid = () => `step-${++uidSeq}`;

/** A key no other step has: s1, s2… (saved steps keep theirs: runs point at them). */
export function freshKey(steps: { key: string }[]): string {
  const taken = new Set(steps.map((s) => s.key));
  let n = steps.length + 1;
  while (taken.has(`s${n}`)) n++;
  return `s${n}`;
}

export const newStep = (steps: StepValues[], typeId: string | null): StepValues => ({
  uid: uid(),
  key: freshKey(steps),
  type_id: typeId,
  subject: '',
  notes: '',
  offset_days: steps.length === 0 ? 0 : 2,
  working_days: true,
  time_of_day: '',
  assignee_rule: 'same',
  assignee_user_id: null,
  assignee_team_id: null,
  next_key: null,
});

export const valuesOf = (sequence: SequenceData | undefined, firstTypeId: string | null): SequenceValues => ({
  name: sequence?.name ?? '',
  description: sequence?.description ?? '',
  goal_outcomes: sequence?.goal_outcomes ?? [],
  active: sequence?.active ?? true,
  steps: sequence
    ? sequence.steps.map((step) => ({
        uid: uid(),
        key: step.key,
        type_id: step.type_id,
        subject: step.subject,
        notes: step.notes ?? '',
        offset_days: step.offset_days,
        working_days: step.working_days ?? false,
        time_of_day: step.time_of_day ?? '',
        assignee_rule: step.assignee_rule,
        assignee_user_id: step.assignee_user_id ?? null,
        assignee_team_id: step.assignee_team_id ?? null,
        next_key: step.next_key ?? null,
      }))
    : [newStep([], firstTypeId)],
});

/** The step as the API takes it; a time of day only for a timed type, a person or team only for its rule. */
export function stepBody(step: StepValues, timed: boolean): StepBody {
  return {
    key: step.key,
    type_id: step.type_id ?? '',
    subject: step.subject.trim(),
    notes: step.notes.trim() || null,
    offset_days: Number(step.offset_days) || 0,
    working_days: step.working_days,
    time_of_day: timed && step.time_of_day ? step.time_of_day.slice(0, 5) : null,
    assignee_rule: step.assignee_rule,
    assignee_user_id: step.assignee_rule === 'user' ? step.assignee_user_id : null,
    assignee_team_id: step.assignee_rule === 'team' ? step.assignee_team_id : null,
    next_key: step.next_key || null,
  };
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
