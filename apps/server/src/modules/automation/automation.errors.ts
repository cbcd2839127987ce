/** Field issue codes of automation rules (localised as field.<code> in the contracts' catalogues). */
export const AUTOMATION_ISSUES = {
  unknownTemplate: 'unknown_email_template',
  unknownSequence: 'unknown_sequence',
  unknownMailAccount: 'unknown_mail_account',
  userOrTeam: 'user_or_team',
  readOnlyField: 'read_only_field',
  objectChanged: 'conditions_of_other_object',
} as const;
