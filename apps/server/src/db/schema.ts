import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Table types for Kysely. Columns with defaults are Generated; timestamps come back as Date.
// Kysely cannot wrap a ColumnType in Generated: a column with a default is optional on insert instead.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type Labels = Partial<Record<'es' | 'ca' | 'en', string>>;

interface Audited {
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface RolesTable extends Audited {
  id: Generated<string>;
  key: string;
  labels: Json<Labels>;
  permissions: Json<unknown>;
  system: Generated<boolean>;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface UsersTable extends Audited {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  role_id: string;
  locale: string | null;
  time_zone: Generated<string>;
  active: Generated<boolean>;
  last_login_at: NullableTimestamp;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface TeamsTable extends Audited {
  id: Generated<string>;
  name: string;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface PickListOptionsTable extends Audited {
  id: Generated<string>;
  list: string;
  key: string;
  labels: Json<Labels>;
  position: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
}

export interface FieldDefinitionsTable extends Audited {
  id: Generated<string>;
  object: string;
  key: string;
  labels: Json<Labels>;
  type: string;
  options: Json<{ key: string; labels: Labels }[]>;
  required: Generated<boolean>;
  validation: Json<Record<string, unknown>>;
  position: Generated<number>;
  indexed: Generated<boolean>;
  /** The action type (or case type) whose own field this is; null for entity and contact fields. */
  type_id: string | null;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

/** A customer's language of communication (entities.language, contacts.language). */
export type Language = 'es' | 'ca' | 'en';

export interface EntitiesTable extends Audited {
  id: Generated<string>;
  kind: 'person' | 'company';
  name: string;
  legal_name: string | null;
  name_key: string;
  roles: TextArray;
  code: string | null;
  tax_id: string | null;
  tax_country: string | null;
  emails: TextArray;
  phones: TextArray;
  web: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  source: string | null;
  sector: string | null;
  zone: string | null;
  owner_id: string | null;
  /** The language the customer is written to: 'es' | 'ca' | 'en', null = not known. */
  language: ColumnType<Language | null, Language | null | undefined, Language | null>;
  custom: Json<Record<string, unknown>>;
  search_text: string;
  merged_into_id: string | null;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface ContactsTable extends Audited {
  id: Generated<string>;
  entity_id: string;
  first_name: string;
  last_name: string | null;
  name_key: string;
  job_title: string | null;
  department: string | null;
  emails: TextArray;
  phones: TextArray;
  is_primary: Generated<boolean>;
  birthday: ColumnType<string | null, string | null | undefined, string | null>;
  language: ColumnType<Language | null, Language | null | undefined, Language | null>;
  custom: Json<Record<string, unknown>>;
  search_text: string;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface NotesTable extends Audited {
  id: Generated<string>;
  entity_id: string;
  contact_id: string | null;
  body: string;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface FilesTable extends Audited {
  id: Generated<string>;
  entity_id: string;
  contact_id: string | null;
  name: string;
  mime_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  deleted_at: NullableTimestamp;
}

export interface SavedViewsTable extends Audited {
  id: Generated<string>;
  object: string;
  name: string;
  owner_id: string;
  shared: Generated<boolean>;
  query: Json<Record<string, unknown>>;
  position: Generated<number>;
  version: Generated<number>;
}

export interface EventsTable {
  id: string;
  occurred_at: Timestamp;
  type: string;
  object: string;
  object_id: string;
  entity_id: string | null;
  actor_id: string | null;
  changes: Json<Record<string, unknown>>;
  processed_at: NullableTimestamp;
}

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ActionTypesTable extends Audited {
  id: Generated<string>;
  key: string;
  labels: Json<Labels>;
  icon: Generated<string>;
  color: Generated<string>;
  default_duration_minutes: Generated<number>;
  /** true: the action has a start and end time; false: only a due date. */
  timed: Generated<boolean>;
  position: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface SequencesTable extends Audited {
  id: Generated<string>;
  name: string;
  description: string | null;
  /** Outcomes that reach the sequence's goal: an action done with one of them ends the run as achieved. */
  goal_outcomes: TextArray;
  active: Generated<boolean>;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface SequenceStepsTable {
  id: Generated<string>;
  sequence_id: string;
  key: string;
  position: number;
  type_id: string;
  subject: string;
  notes: string | null;
  offset_days: Generated<number>;
  working_days: Generated<boolean>;
  /** 'HH:MM' in the assignee's time zone, for timed types. */
  time_of_day: string | null;
  /** same (the previous step's assignee), owner (the entity's owner), user, team. */
  assignee_rule: Generated<string>;
  assignee_user_id: string | null;
  assignee_team_id: string | null;
  /** The step that follows; null = the next by position. */
  next_key: string | null;
}

export interface SequenceRunsTable {
  id: Generated<string>;
  sequence_id: string;
  entity_id: string;
  contact_id: string | null;
  /** active, completed (ran out of steps), achieved (goal outcome), stopped (outcome stop or by hand). */
  status: Generated<string>;
  current_step_key: string | null;
  end_reason: string | null;
  started_by: string | null;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface ActionAttendee {
  email: string;
  name?: string | null;
  /** NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE (iCalendar PARTSTAT). */
  status?: string;
}

export interface ActionsTable extends Audited {
  id: Generated<string>;
  type_id: string;
  subject: string;
  notes: string | null;
  location: string | null;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  due_date: DateColumn;
  /** When it falls due (see the migration); overdue = planned and due_at < now. */
  due_at: Timestamp;
  status: Generated<'planned' | 'done' | 'cancelled'>;
  outcome: string | null;
  outcome_notes: string | null;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  assignee_user_id: string | null;
  assignee_team_id: string | null;
  entity_id: string | null;
  contact_id: string | null;
  case_id: string | null;
  campaign_id: string | null;
  sequence_run_id: string | null;
  sequence_step_key: string | null;
  private: Generated<boolean>;
  attendees: Json<ActionAttendee[]>;
  ical_uid: string | null;
  ical_sequence: Generated<number>;
  custom: Json<Record<string, unknown>>;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface MailQueueTable {
  id: string;
  /** What sends it: invitation, … */
  kind: string;
  object: string | null;
  object_id: string | null;
  recipients: TextArray;
  /** The message as nodemailer takes it (from, to, subject, text, html, icalEvent, attachments…). */
  message: Json<Record<string, unknown>>;
  /** pending, sent, failed (gave up after the last retry). */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  message_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

/** Every word of the entities' and contacts' search_text, kept by triggers (migration 0003). */
export interface SearchWordsTable {
  target: 'entity' | 'contact';
  word: string;
  rows: Generated<number>;
}

type Numeric = ColumnType<string, string | number, string | number>;
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export type CaseCategory = 'open' | 'won' | 'lost' | 'closed';
export type CasePriority = 'low' | 'normal' | 'high' | 'urgent';
/** SLA targets in working hours per priority. */
export type CaseSla = Partial<
  Record<CasePriority, { first_response_hours?: number; resolution_hours?: number }>
>;

export interface CaseTypesTable extends Audited {
  id: Generated<string>;
  key: string;
  labels: Json<Labels>;
  /** sale: opportunities (forecast); service: claims, incidents, requests (SLA). */
  kind: Generated<'sale' | 'service'>;
  /** Number prefix: OPP → OPP-2026-00042. */
  prefix: string;
  has_lines: Generated<boolean>;
  color: Generated<string>;
  icon: Generated<string>;
  sla: Json<CaseSla>;
  position: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface CaseStatusesTable extends Audited {
  id: Generated<string>;
  type_id: string;
  key: string;
  labels: Json<Labels>;
  category: CaseCategory;
  probability: Generated<number>;
  position: number;
  color: Generated<string>;
  next_action: Generated<'none' | 'suggest' | 'require'>;
  next_action_type_id: string | null;
  /** A retired status takes no new cases; one in use is retired, never deleted. */
  retired_at: NullableTimestamp;
  version: Generated<number>;
}

export interface CaseNumberCountersTable {
  type_id: string;
  year: number;
  last_value: Generated<number>;
}

export interface ProductsTable extends Audited {
  id: Generated<string>;
  code: string;
  name: string;
  description: string | null;
  unit_price: Numeric;
  currency: Generated<string>;
  tax_rate: Numeric;
  active: Generated<boolean>;
  version: Generated<number>;
  deleted_at: NullableTimestamp;
}

export interface CasesTable extends Audited {
  id: Generated<string>;
  type_id: string;
  number: string;
  title: string;
  entity_id: string;
  contact_id: string | null;
  owner_id: string | null;
  team_id: string | null;
  status_id: string;
  status_changed_at: Timestamp;
  priority: Generated<CasePriority>;
  /** Net amount; on a type with lines, the sum of the lines' net amounts. */
  amount: NullableNumeric;
  tax_amount: NullableNumeric;
  currency: Generated<string>;
  /** null: the status's default probability applies. */
  probability: number | null;
  expected_close: DateColumn;
  closed_at: NullableTimestamp;
  referrer_id: string | null;
  campaign_id: string | null;
  description: string | null;
  first_response_at: NullableTimestamp;
  first_response_due_at: NullableTimestamp;
  resolution_due_at: NullableTimestamp;
  sla_breached_at: NullableTimestamp;
  custom: Json<Record<string, unknown>>;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface CaseLinesTable {
  id: Generated<string>;
  case_id: string;
  position: number;
  product_id: string | null;
  description: string | null;
  quantity: Numeric;
  unit_price: Numeric;
  discount_pct: Numeric;
  tax_rate: Numeric;
  net_amount: Numeric;
  tax_amount: Numeric;
}

export interface CaseStatusHistoryTable {
  id: Generated<string>;
  case_id: string;
  status_id: string;
  entered_at: Timestamp;
  entered_by: string | null;
  left_at: NullableTimestamp;
}

export interface ForecastSnapshotsTable {
  id: Generated<string>;
  taken_on: string;
  month: string;
  type_id: string;
  owner_id: string | null;
  team_id: string | null;
  status_id: string;
  currency: string;
  cases: number;
  amount: Numeric;
  weighted: Numeric;
  created_at: Timestamp;
}

/** An uploaded import file and its report (issues as codes + params, localised when read). */
/** Webhook subscriptions (migration 0010). The secret signs deliveries; encryption at rest comes later. */
export interface WebhooksTable extends Audited {
  id: string;
  url: string;
  /** 'case.status_changed', 'case.*' or '*'. */
  event_types: TextArray;
  secret: string;
  active: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** pending, delivered, failed (gave up after the last retry). */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface ImportsTable {
  id: Generated<string>;
  kind: 'cases';
  filename: string;
  dry_run: boolean;
  status: Generated<'running' | 'completed' | 'failed'>;
  cases_total: Generated<number>;
  lines_total: Generated<number>;
  cases_created: Generated<number>;
  cases_failed: Generated<number>;
  issues: Json<unknown[]>;
  issues_total: Generated<number>;
  created: Json<unknown[]>;
  finished_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

/** A recipient or sender as stored in emails.*_recipients. */
export interface StoredAddress {
  name: string;
  address: string;
}

/** The company SMTP sender and IMAP mailboxes (migration 0011). Passwords hold platform/secrets.ts ciphertext. */
export interface MailAccountsTable extends Audited {
  id: string;
  name: string;
  address: string;
  display_name: Generated<string>;
  kind: 'shared' | 'personal';
  user_id: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: Generated<'tls' | 'starttls' | 'none'>;
  smtp_user: string | null;
  smtp_password: string | null;
  imap_host: string | null;
  imap_port: number | null;
  imap_security: Generated<'tls' | 'starttls' | 'none'>;
  imap_user: string | null;
  imap_password: string | null;
  imap_folder: Generated<string>;
  send_enabled: Generated<boolean>;
  receive_enabled: Generated<boolean>;
  is_default: Generated<boolean>;
  unknown_sender: Generated<'ignore' | 'create_lead'>;
  open_case_type_id: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface MailboxStateTable {
  account_id: string;
  folder: string;
  uidvalidity: ColumnType<
    string | null,
    string | number | bigint | null | undefined,
    string | number | bigint | null
  >;
  last_uid: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  last_polled_at: NullableTimestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface TemplateContent {
  subject: string;
  html: string;
  text: string;
}

export interface EmailTemplatesTable extends Audited {
  id: string;
  name: string;
  description: Generated<string>;
  content: Json<Partial<Record<'es' | 'ca' | 'en', TemplateContent>>>;
  default_language: Generated<string>;
  active: Generated<boolean>;
  /** Marketing mail: an unsubscribe link, List-Unsubscribe headers, never to an opted-out address. */
  commercial: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface EmailsTable {
  id: string;
  direction: 'out' | 'in';
  account_id: string | null;
  message_id: string;
  in_reply_to: string | null;
  references: TextArray;
  thread_id: string;
  from_address: string;
  from_name: Generated<string>;
  to_recipients: Json<StoredAddress[]>;
  cc_recipients: Json<StoredAddress[]>;
  bcc_recipients: Json<StoredAddress[]>;
  reply_to: string | null;
  subject: Generated<string>;
  text_body: Generated<string>;
  html_body: string | null;
  template_id: string | null;
  language: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'received';
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  received_at: NullableTimestamp;
  size_bytes: Generated<number>;
  entity_id: string | null;
  contact_id: string | null;
  case_id: string | null;
  rule_id: string | null;
  /** Sent with List-Unsubscribe (RFC 2369/8058) pointing at this mail's unsubscribe link. */
  unsubscribe: Generated<boolean>;
  imap_uid: ColumnType<
    string | null,
    string | number | bigint | null | undefined,
    string | number | bigint | null
  >;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface EmailOptOutsTable {
  /** Lowercased. */
  address: string;
  source: 'link' | 'one_click' | 'user';
  email_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface EmailLinksTable {
  email_id: string;
  entity_id: string;
  contact_id: string | null;
  case_id: string | null;
}

export interface EmailAttachmentsTable {
  id: string;
  email_id: string;
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
  inline: Generated<boolean>;
  sha256: string;
  storage_key: string;
  created_at: Timestamp;
}

export interface AutomationRulesTable extends Audited {
  id: string;
  name: string;
  description: Generated<string>;
  trigger_type: string;
  object: string;
  trigger_config: Json<Record<string, unknown>>;
  conditions: Json<unknown[]>;
  actions: Json<unknown[]>;
  state: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  runs_total: Generated<number>;
  last_run_at: NullableTimestamp;
  version: Generated<number>;
  updated_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface AutomationRunsTable {
  id: string;
  rule_id: string;
  event_id: string | null;
  trigger_key: string | null;
  object: string;
  object_id: string;
  status: 'succeeded' | 'failed' | 'skipped';
  outcome: Json<unknown[]>;
  error: string | null;
  depth: Generated<number>;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface DB {
  roles: RolesTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  pick_list_options: PickListOptionsTable;
  field_definitions: FieldDefinitionsTable;
  entities: EntitiesTable;
  contacts: ContactsTable;
  notes: NotesTable;
  files: FilesTable;
  saved_views: SavedViewsTable;
  events: EventsTable;
  settings: SettingsTable;
  action_types: ActionTypesTable;
  sequences: SequencesTable;
  sequence_steps: SequenceStepsTable;
  sequence_runs: SequenceRunsTable;
  actions: ActionsTable;
  calendar_feeds: CalendarFeedsTable;
  mail_queue: MailQueueTable;
  search_words: SearchWordsTable;
  case_types: CaseTypesTable;
  case_statuses: CaseStatusesTable;
  case_number_counters: CaseNumberCountersTable;
  products: ProductsTable;
  cases: CasesTable;
  case_lines: CaseLinesTable;
  case_status_history: CaseStatusHistoryTable;
  forecast_snapshots: ForecastSnapshotsTable;
  imports: ImportsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  mail_accounts: MailAccountsTable;
  mailbox_state: MailboxStateTable;
  email_templates: EmailTemplatesTable;
  emails: EmailsTable;
  email_links: EmailLinksTable;
  email_opt_outs: EmailOptOutsTable;
  email_attachments: EmailAttachmentsTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
}

export type EntityRow = Selectable<EntitiesTable>;
export type NewEntityRow = Insertable<EntitiesTable>;
export type EntityRowUpdate = Updateable<EntitiesTable>;
export type ContactRow = Selectable<ContactsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleRow = Selectable<RolesTable>;
export type FieldDefinitionRow = Selectable<FieldDefinitionsTable>;
export type ActionRow = Selectable<ActionsTable>;
export type ActionTypeRow = Selectable<ActionTypesTable>;
export type CaseRow = Selectable<CasesTable>;
export type CaseTypeRow = Selectable<CaseTypesTable>;
export type CaseStatusRow = Selectable<CaseStatusesTable>;
export type ProductRow = Selectable<ProductsTable>;
