import { AppError, type FieldIssue } from '../../platform/errors.ts';

// Issue codes of the actions module (localised as field.<code> in packages/contracts/src/i18n).
export const ACTION_ISSUES = {
  unknownType: 'unknown_action_type',
  notTeamMember: 'not_team_member',
  endsBeforeStart: 'ends_before_start',
  typeNotTimed: 'type_not_timed',
  typeIsTimed: 'type_is_timed',
  notDone: 'action_not_done',
  contactOfAnotherEntity: 'contact_entity_mismatch',
  closed: 'action_closed',
  notPlanned: 'action_not_planned',
  notClosed: 'action_not_closed',
  notTeamAction: 'not_a_team_action',
  alreadyTaken: 'already_taken',
  inactiveUser: 'inactive_user',
  unknownStep: 'unknown_step',
  sequenceLoop: 'sequence_loop',
  sequenceRunning: 'sequence_running',
  sequenceInactive: 'sequence_inactive',
  runNotActive: 'run_not_active',
  invalidRange: 'invalid_range',
  rangeTooLong: 'range_too_long',
  inUse: 'in_use',
} as const;

/** A done or cancelled action is read-only unless the admin allows editing closed actions. */
export const actionClosed = () =>
  new AppError('conflict', { issues: [{ field: 'status', code: ACTION_ISSUES.closed }] });

export const conflictOn = (field: string, code: string) =>
  new AppError('conflict', { issues: [{ field, code }] });

export const invalid = (field: string, code: string, params?: Record<string, unknown>) => {
  const issue: FieldIssue = params ? { field, code, params } : { field, code };
  return new AppError('validation_failed', { issues: [issue] });
};
