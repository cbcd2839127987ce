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

// Cases (expedientes): opportunities, claims, incidents, service requests… of admin-defined types, each with
// its own ordered statuses and fields. See DESIGN §3 and issue 4.

const key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'invalid_key' });

/** sale: opportunities, counted in the forecast; service: after-sales work with SLA targets. */
export const CASE_KINDS = ['sale', 'service'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_CATEGORIES = ['open', 'won', 'lost', 'closed'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
/** What moving a case into a status asks for: nothing, a suggested next action, or a required one. */
export const NEXT_ACTION_RULES = ['none', 'suggest', 'require'] as const;

/** Every ISO 4217 code this runtime knows (Node and browsers ship the list). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const Currency = z
  .string()
  .length(3)
  .transform((s) => s.toUpperCase())
  .refine((s) => CURRENCIES.has(s), { params: { code: 'unknown_currency' }, message: 'unknown_currency' });

/**
 * A decimal amount: a JSON number or a string like "1234.5", at most 14 integer and 4 decimal digits.
 * Answered as a string with 2–4 decimals (money is never a float on the server).
 */
export const Decimal = z
  .union([z.number(), z.string().max(24)])
  .transform((v) => String(v).trim())
  .refine((s) => /^-?\d{1,14}(\.\d{1,4})?$/.test(s), {
    params: { code: 'invalid_decimal' },
    message: 'invalid_decimal',
  });
const nonNegative = (schema: typeof Decimal) =>
  schema.refine((s) => !s.startsWith('-'), { params: { code: 'negative' }, message: 'negative' });
export const Amount = nonNegative(Decimal);
export const Percent = Decimal.refine((s) => Number(s) >= 0 && Number(s) <= 100, {
  params: { code: 'out_of_range' },
  message: 'out_of_range',
});
const DecimalOut = z.string().max(24);

/** SLA targets in working hours (the installation's working hours, Ajustes → Calendario), per priority. */
export const SlaTarget = z.strictObject({
  first_response_hours: z.number().min(0).max(10_000).nullish(),
  resolution_hours: z.number().min(0).max(100_000).nullish(),
});
export const Sla = z.strictObject({
  low: SlaTarget.optional(),
  normal: SlaTarget.optional(),
  high: SlaTarget.optional(),
  urgent: SlaTarget.optional(),
});
export type Sla = z.infer<typeof Sla>;

export const CaseStatus = z.object({
  id,
  type_id: id,
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  category: z.enum(CASE_CATEGORIES),
  probability: z.number().int().min(0).max(100),
  position: z.number().int(),
  color: z.enum(PALETTE_COLORS),
  next_action: z.enum(NEXT_ACTION_RULES),
  next_action_type_id: id.nullable(),
  /** Retired statuses take no new cases and are hidden from the board; old history keeps them. */
  retired: z.boolean(),
  /** Live cases in this status (a status in use cannot be deleted, only retired and mapped). */
  case_count: z.number().int().min(0),
  version: z.number().int(),
});
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseType = z.object({
  id,
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  kind: z.enum(CASE_KINDS),
  prefix: z.string().max(10),
  /** Whether its cases have lines (products, quantities, prices); then the amount is the lines' total. */
  has_lines: z.boolean(),
  color: z.enum(PALETTE_COLORS),
  sla: Sla,
  position: z.number().int(),
  active: z.boolean(),
  /** Ordered by position, retired ones last. */
  statuses: z.array(CaseStatus).max(100),
  version: z.number().int(),
});
export type CaseType = z.infer<typeof CaseType>;

const prefix = z
  .string()
  .min(1)
  .max(10)
  .regex(/^[A-Z0-9]+$/, { message: 'invalid_prefix' });

const statusFields = {
  labels: Labels,
  category: z.enum(CASE_CATEGORIES),
  probability: z.number().int().min(0).max(100).optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  next_action: z.enum(NEXT_ACTION_RULES).optional(),
  next_action_type_id: id.nullish(),
};
export const CreateCaseStatusRequest = z.strictObject({
  key,
  ...statusFields,
  /** Where it goes in the pipeline; at the end when missing. */
  position: z.number().int().min(0).max(1000).optional(),
});
export const UpdateCaseStatusRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  next_action: z.enum(NEXT_ACTION_RULES).optional(),
  next_action_type_id: id.nullish(),
});
/** The new order of a type's statuses: every live status id, once. */
export const ReorderCaseStatusesRequest = z.strictObject({ status_ids: z.array(id).min(1).max(100) });
/** Retire a status; its live cases move to `map_to_status_id` (a live status of the same type). */
export const RetireCaseStatusRequest = z.strictObject({ version: Version, map_to_status_id: id.nullish() });

export const CreateCaseTypeRequest = z.strictObject({
  key,
  labels: Labels,
  kind: z.enum(CASE_KINDS),
  prefix,
  has_lines: z.boolean().optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  sla: Sla.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  statuses: z
    .array(z.strictObject({ key, ...statusFields }))
    .min(1)
    .max(100),
});
export const UpdateCaseTypeRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  prefix: prefix.optional(),
  has_lines: z.boolean().optional(),
  color: z.enum(PALETTE_COLORS).optional(),
  sla: Sla.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});

export const Product = z.object({
  id,
  code: z.string().max(64),
  name: z.string().max(200),
  description: z.string().max(5000).nullable(),
  unit_price: DecimalOut,
  currency: z.string().max(3),
  /** VAT rate in percent (21, 10, 4, 0 in Spain). */
  tax_rate: DecimalOut,
  active: z.boolean(),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type Product = z.infer<typeof Product>;
const productCode = text(64).pipe(z.string().min(1));
export const CreateProductRequest = z.strictObject({
  code: productCode,
  name: text(200).pipe(z.string().min(1)),
  description: optionalText(5000),
  unit_price: Amount,
  currency: Currency.optional(),
  tax_rate: Percent.optional(),
  active: z.boolean().optional(),
});
export const UpdateProductRequest = z.strictObject({
  version: Version,
  code: productCode.optional(),
  name: text(200).pipe(z.string().min(1)).optional(),
  description: optionalText(5000),
  unit_price: Amount.optional(),
  currency: Currency.optional(),
  tax_rate: Percent.optional(),
  active: z.boolean().optional(),
});
/** Products list: `q` (code or name), `active=true|false`, cursor pagination. */
export const PRODUCT_LIST_FIELDS = ['code', 'name', 'unit_price', 'active', 'updated_at'] as const;

/**
 * A line: a product (its price and tax rate are the defaults) or a free description, a quantity, a unit
 * price, a discount in percent and a tax rate in percent. The server computes net and tax amounts.
 */
export const CaseLineInput = z
  .strictObject({
    product_id: id.nullish(),
    description: optionalText(2000),
    quantity: Amount,
    unit_price: Amount.optional(),
    discount_pct: Percent.optional(),
    tax_rate: Percent.optional(),
  })
  .refine((l) => Boolean(l.product_id || l.description), {
    params: { code: 'product_or_description' },
    message: 'product_or_description',
    path: ['product_id'],
  });
export const MAX_CASE_LINES = 500;

export const CaseLine = z.object({
  id,
  position: z.number().int(),
  product: z.object({ id, code: z.string().max(64), name: z.string().max(200) }).nullable(),
  description: z.string().max(2000).nullable(),
  quantity: DecimalOut,
  unit_price: DecimalOut,
  discount_pct: DecimalOut,
  tax_rate: DecimalOut,
  /** quantity × unit price × (1 − discount). */
  net_amount: DecimalOut,
  tax_amount: DecimalOut,
  total_amount: DecimalOut,
});
export type CaseLine = z.infer<typeof CaseLine>;

const caseFields = {
  title: text(300).pipe(z.string().min(1)),
  entity_id: id,
  contact_id: id.nullish(),
  owner_id: id.nullish(),
  team_id: id.nullish(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  /** Net amount; on a type with lines it is computed from them and may not be sent. */
  amount: Amount.nullish(),
  currency: Currency.optional(),
  /** 0–100; null or missing: the status's default probability. */
  probability: z.number().int().min(0).max(100).nullish(),
  expected_close: isoDate.nullish(),
  /** An entity with the prescriber role. */
  referrer_id: id.nullish(),
  campaign_id: id.nullish(),
  description: optionalText(20_000),
  custom: CustomValues.optional(),
  lines: z.array(CaseLineInput).max(MAX_CASE_LINES).optional(),
};

export const CreateCaseRequest = z.strictObject({
  type_id: id,
  /** Default: the type's first open status. */
  status_id: id.optional(),
  ...caseFields,
});
export type CreateCaseRequest = z.input<typeof CreateCaseRequest>;

/** A PATCH: fields left out stay; `lines`, when sent, replace all the lines. The type cannot change. */
export const UpdateCaseRequest = z.strictObject({
  version: Version,
  ...caseFields,
  title: caseFields.title.optional(),
  entity_id: id.optional(),
});
export type UpdateCaseRequest = z.input<typeof UpdateCaseRequest>;

/** The next action created with a move (required or suggested by the target status). */
export const NextActionInput = z.strictObject({
  type_id: id,
  subject: text(300).pipe(z.string().min(1)),
  starts_at: isoDateTime.nullish(),
  due_date: isoDate.nullish(),
  assignee_user_id: id.nullish(),
  assignee_team_id: id.nullish(),
  notes: optionalText(20_000),
});

/** Move a case to another status of its type (the board's drag). A stale version gets 409. */
export const MoveCaseRequest = z.strictObject({
  version: Version,
  status_id: id,
  /** Required when the status says `require` and the case has no planned action. */
  next_action: NextActionInput.optional(),
});

export const CaseStatusRef = z.object({
  id,
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  category: z.enum(CASE_CATEGORIES),
  color: z.string().max(20),
});

/** ok: within target; at_risk: less than 20% of the time left; breached; met: resolved in time. */
export const SLA_STATES = ['none', 'ok', 'at_risk', 'breached', 'met'] as const;
export const CaseSlaView = z.object({
  state: z.enum(SLA_STATES),
  first_response_due_at: isoDateTime.nullable(),
  first_response_at: isoDateTime.nullable(),
  resolution_due_at: isoDateTime.nullable(),
  breached_at: isoDateTime.nullable(),
});

const Ref = z.object({ id, name: z.string().max(300) }).nullable();

export const Case = z.object({
  id,
  type_id: id,
  type: z.object({
    key: z.string().max(64),
    labels: z.record(z.string().max(8), z.string().max(200)),
    kind: z.enum(CASE_KINDS),
    color: z.string().max(20),
    has_lines: z.boolean(),
  }),
  /** OPP-2026-00042 */
  number: z.string().max(40),
  title: z.string().max(300),
  entity_id: id,
  entity: z.object({ id, name: z.string().max(200) }),
  contact_id: id.nullable(),
  contact: Ref,
  owner_id: id.nullable(),
  owner: UserRef,
  team_id: id.nullable(),
  team: Ref,
  status_id: id,
  status: CaseStatusRef,
  status_changed_at: isoDateTime,
  priority: z.enum(CASE_PRIORITIES),
  amount: DecimalOut.nullable(),
  tax_amount: DecimalOut.nullable(),
  currency: z.string().max(3),
  /** The probability in effect: the case's own, or its status's default. */
  probability: z.number().int().min(0).max(100),
  probability_overridden: z.boolean(),
  /** amount × probability / 100. */
  weighted_amount: DecimalOut.nullable(),
  expected_close: isoDate.nullable(),
  closed_at: isoDateTime.nullable(),
  referrer_id: id.nullable(),
  referrer: Ref,
  campaign_id: id.nullable(),
  description: z.string().max(20_000).nullable(),
  sla: CaseSlaView,
  custom: z.record(z.string().max(100), z.unknown()),
  /** The earliest planned action on the case. */
  next_action: z.object({ id, subject: z.string().max(300), due_at: isoDateTime }).nullable(),
  /** Only on GET /cases/{id}. */
  lines: z.array(CaseLine).max(MAX_CASE_LINES).optional(),
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: id.nullable(),
  deleted_at: isoDateTime.nullable(),
});
export type Case = z.infer<typeof Case>;

/**
 * The answer to a move: the case, and what the target status asks for (`suggest`: the client offers to
 * plan the next action with the type given).
 */
export const MoveCaseResponse = z.object({
  case: Case,
  next_action: z.object({
    rule: z.enum(NEXT_ACTION_RULES),
    type_id: id.nullable(),
    created_action_id: id.nullable(),
  }),
});

/** Filterable and sortable fields of the case list (plus `custom.<key>` for the type's custom fields). */
export const CASE_LIST_FIELDS = [
  'number',
  'title',
  'type_id',
  'kind',
  'status_id',
  'status_category',
  'entity_id',
  'contact_id',
  'owner_id',
  'team_id',
  'priority',
  'amount',
  'currency',
  'probability',
  'expected_close',
  'closed_at',
  'referrer_id',
  'campaign_id',
  'sla_breached',
  'created_at',
  'updated_at',
] as const;

/** Time spent in each status: one stay per arrival. */
export const CaseStatusStay = z.object({
  status: CaseStatusRef,
  entered_at: isoDateTime,
  entered_by: UserRef,
  left_at: isoDateTime.nullable(),
  /** Until left_at, or until now for the current stay. */
  seconds: z.number().int().min(0),
});
export const CaseHistoryResponse = z.object({
  data: z.array(CaseStatusStay).max(1000),
  /** Total seconds per status id across every stay. */
  totals: z.array(z.object({ status: CaseStatusRef, seconds: z.number().int().min(0) })).max(100),
});

/** Sums per currency (a pipeline can hold cases in several). */
export const MoneyTotal = z.object({
  currency: z.string().max(3),
  amount: DecimalOut,
  weighted: DecimalOut,
});

/**
 * The board of one case type: a column per live status with its count and totals, and the first cards
 * (the rest through GET /cases?filter[status_id][eq]=…&cursor=…). Takes the same filters as the list.
 */
export const BoardQuery = z
  .object({
    type_id: id,
    cards: z.coerce.number().int().min(0).max(200).default(50),
    q: text(200).optional(),
  })
  .catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]));
export const CaseBoard = z.object({
  type_id: id,
  columns: z
    .array(
      z.object({
        status: CaseStatus,
        count: z.number().int().min(0),
        totals: z.array(MoneyTotal).max(20),
        cards: z.array(Case).max(200),
        next_cursor: z.string().max(1000).nullable(),
      }),
    )
    .max(100),
});

/** Lead conversion: the entity becomes a customer (its contacts and history stay); optionally opens an opportunity. */
export const ConvertLeadRequest = z.strictObject({
  version: Version,
  opportunity: z
    .strictObject({
      /** A case type of kind sale; default the first one. */
      type_id: id.optional(),
      title: text(300).pipe(z.string().min(1)),
      amount: Amount.nullish(),
      currency: Currency.optional(),
      expected_close: isoDate.nullish(),
      owner_id: id.nullish(),
      contact_id: id.nullish(),
    })
    .optional(),
});

// Forecast -------------------------------------------------------------------------------------------------

export const FORECAST_GROUPS = ['status', 'owner', 'team'] as const;
/**
 * Open opportunities (cases of sale types in open statuses) by month of expected close, grouped by status,
 * owner or team, unweighted and weighted; and what was won in each month (by closed_at). Amounts in one
 * currency (the default installation currency unless `currency` is given); other currencies are left out and
 * counted in `other_currencies`.
 */
export const ForecastQuery = z.strictObject({
  /** First and last month, YYYY-MM; default: 5 months back to 6 ahead. */
  from: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  group: z.enum(FORECAST_GROUPS).default('status'),
  type_id: id.optional(),
  owner_id: id.optional(),
  team_id: id.optional(),
  currency: Currency.optional(),
});
export const ForecastBucket = z.object({
  /** YYYY-MM */
  month: z.string().max(7),
  /** The status, owner or team id (null: no owner / no team). */
  key: z.string().max(64).nullable(),
  cases: z.number().int().min(0),
  amount: DecimalOut,
  weighted: DecimalOut,
});
export const Forecast = z.object({
  currency: z.string().max(3),
  group: z.enum(FORECAST_GROUPS),
  months: z.array(z.string().max(7)).max(60),
  /** Labels of the group keys (status labels per locale; owner and team names). */
  groups: z
    .array(
      z.object({
        key: z.string().max(64).nullable(),
        name: z.string().max(300),
        labels: z.record(z.string().max(8), z.string().max(200)).optional(),
        color: z.string().max(20).optional(),
      }),
    )
    .max(1000),
  open: z.array(ForecastBucket).max(60_000),
  won: z
    .array(
      z.object({
        month: z.string().max(7),
        cases: z.number().int().min(0),
        amount: DecimalOut,
      }),
    )
    .max(60),
  other_currencies: z.number().int().min(0),
});
export type Forecast = z.infer<typeof Forecast>;

/** How the forecast for one close month moved from snapshot to snapshot, and what was actually won. */
export const ForecastHistoryQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  type_id: id.optional(),
  owner_id: id.optional(),
  team_id: id.optional(),
  currency: Currency.optional(),
});
export const ForecastHistory = z.object({
  month: z.string().max(7),
  currency: z.string().max(3),
  snapshots: z
    .array(
      z.object({
        taken_on: isoDate,
        cases: z.number().int().min(0),
        amount: DecimalOut,
        weighted: DecimalOut,
      }),
    )
    .max(600),
  actual: z.object({ cases: z.number().int().min(0), amount: DecimalOut }),
});

// Open-cases report ----------------------------------------------------------------------------------------

/**
 * Every visible case whose status is one of `status_ids` (any statuses, across types), with age, owner,
 * amount and last action. Saved as a named report through /views with object `case_reports` and the query
 * `{ filters: [{ field: 'status_id', op: 'in', value: '<id>,<id>' }] }`.
 */
export const OpenCasesQuery = z
  .object({
    status_ids: z.string().max(7600),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(1000).optional(),
    sort: z.string().max(200).optional(),
    q: text(200).optional(),
  })
  .catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]));
export const OpenCaseRow = z.object({
  id,
  number: z.string().max(40),
  title: z.string().max(300),
  type: z.object({ id, labels: z.record(z.string().max(8), z.string().max(200)) }),
  status: CaseStatusRef,
  entity: z.object({ id, name: z.string().max(200) }),
  owner: UserRef,
  priority: z.enum(CASE_PRIORITIES),
  amount: DecimalOut.nullable(),
  currency: z.string().max(3),
  created_at: isoDateTime,
  /** Whole days since the case was opened. */
  age_days: z.number().int().min(0),
  last_action: z
    .object({ id, subject: z.string().max(300), at: isoDateTime, status: z.string().max(20) })
    .nullable(),
  sla: CaseSlaView,
});
export const OpenCasesResponse = z.object({
  data: z.array(OpenCaseRow).max(500),
  next_cursor: z.string().max(1000).nullable(),
  total: z.number().int().min(0),
  totals: z.array(z.object({ currency: z.string().max(3), amount: DecimalOut })).max(20),
});

// Import ---------------------------------------------------------------------------------------------------

/**
 * Import of case headers and lines from one CSV (a `record` column: `case` or `line`) or one XLSX (one sheet
 * with that column, or sheets named Cases/Casos/Expedients and Lines/Líneas/Línies). Lines point to their
 * case by `case_ref`. Entities are matched by `entity_code`, products by `product_code`.
 * `dry_run=true` writes nothing and reports every row's problems; a real run writes each case with its
 * lines in one transaction, all or nothing per case.
 */
export const ImportRowIssue = z.object({
  sheet: z.string().max(100),
  /** 1-based row number as the spreadsheet shows it (the header is row 1). */
  row: z.number().int().min(1),
  case_ref: z.string().max(100).nullable(),
  field: z.string().max(100),
  code: z.string().max(64),
  message: z.string().max(1000),
});
export const CaseImportResult = z.object({
  /** The saved report: GET /imports/{id} answers it again. */
  id,
  filename: z.string().max(255),
  created_at: isoDateTime,
  dry_run: z.boolean(),
  cases_total: z.number().int().min(0),
  lines_total: z.number().int().min(0),
  /** Cases written (0 on a dry run). */
  cases_created: z.number().int().min(0),
  /** Cases left out because a row of theirs has a problem. */
  cases_failed: z.number().int().min(0),
  issues: z.array(ImportRowIssue).max(10_000),
  /** Every issue found; only the first 10 000 are listed in `issues`. */
  issues_total: z.number().int().min(0),
  /** The cases written, with the file's own reference (a file holds at most 20 000 rows). */
  created: z.array(z.object({ case_ref: z.string().max(100), id, number: z.string().max(40) })).max(20_000),
});

// Working hours --------------------------------------------------------------------------------------------

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().regex(CLOCK_TIME, { message: 'invalid_time' });
/** ISO weekdays: 1 = Monday … 7 = Sunday. */
const isoWeekday = z.number().int().min(1).max(7);

/**
 * The installation's working hours, in which SLA targets are counted: working days, the daily start and end
 * (local time in `time_zone`) and the holidays (no working time at all).
 */
export const WorkingHours = z.object({
  /** IANA zone, e.g. Europe/Madrid. */
  time_zone: z.string().max(64),
  days: z.array(isoWeekday).max(7),
  /** HH:MM */
  start: z.string().max(5),
  /** HH:MM, after start. */
  end: z.string().max(5),
  holidays: z.array(isoDate).max(200),
});
export type WorkingHours = z.infer<typeof WorkingHours>;
export const UpdateWorkingHoursRequest = z
  .strictObject({
    time_zone: text(64).pipe(z.string().min(1)),
    days: z.array(isoWeekday).min(1).max(7),
    start: clockTime,
    end: clockTime,
    holidays: z.array(isoDate).max(200),
  })
  // Only when both are valid times (a malformed one has its own issue).
  .refine((w) => !CLOCK_TIME.test(w.start) || !CLOCK_TIME.test(w.end) || w.end > w.start, {
    params: { code: 'ends_before_start' },
    message: 'ends_before_start',
    path: ['end'],
  });
export type UpdateWorkingHoursRequest = z.input<typeof UpdateWorkingHoursRequest>;
