import { AppError } from '../../platform/errors.ts';

/** Issue codes of the cases module (localised as field.<code> in packages/contracts/src/i18n). */
export const CASE_ISSUES = {
  unknownType: 'unknown_case_type',
  unknownStatus: 'unknown_status',
  statusOfOtherType: 'status_of_other_type',
  statusRetired: 'status_retired',
  noOpenStatus: 'no_open_status',
  linesNotAllowed: 'lines_not_allowed',
  computedFromLines: 'computed_from_lines',
  currencyMismatch: 'currency_mismatch',
  notAPrescriber: 'not_a_prescriber',
  inactiveUser: 'inactive_user',
  contactOfAnotherEntity: 'contact_entity_mismatch',
  probabilityFixed: 'probability_fixed',
  nextActionRequired: 'next_action_required',
  notALead: 'not_a_lead',
  unknownCase: 'unknown_case',
  caseOfOtherEntity: 'case_of_other_entity',
} as const;

export const invalid = (field: string, code: string, params?: Record<string, unknown>) =>
  new AppError('validation_failed', { issues: [params ? { field, code, params } : { field, code }] });
