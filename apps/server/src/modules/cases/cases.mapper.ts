import type { Case, CaseCategory, CaseKind, CaseLine } from '@trato/contracts/cases';
import { sql } from 'kysely';
import type { CaseRow } from '../../db/schema.ts';
import type { FieldMap } from '../../platform/list-query.ts';
import { fromScaled, money, toScaled, weightedAmount } from './case-lines.ts';
import { slaView } from './sla.ts';

/** A case row with what the API shows next to it: its type and status, the names it points to, its next action. */
export type CaseRowWithRefs = CaseRow & {
  type_key: string;
  type_labels: Record<string, string>;
  type_kind: CaseKind;
  type_color: string;
  type_has_lines: boolean;
  status_key: string;
  status_labels: Record<string, string>;
  status_category: CaseCategory;
  status_color: string;
  status_probability: number;
  entity_name: string | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  owner_name: string | null;
  team_name: string | null;
  referrer_name: string | null;
  next_action_id: string | null;
  next_action_subject: string | null;
  next_action_due_at: Date | null;
};

export interface CaseLineRow {
  id: string;
  position: number;
  product_id: string | null;
  product_code: string | null;
  product_name: string | null;
  description: string | null;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_rate: string;
  net_amount: string;
  tax_amount: string;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;
const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

/** The probability in effect: the case's own, or its status's default. */
export const effectiveProbability = (row: Pick<CaseRowWithRefs, 'probability' | 'status_probability'>) =>
  row.probability ?? row.status_probability;

export function toCaseLine(row: CaseLineRow): CaseLine {
  const total = (toScaled(row.net_amount, 4) ?? 0n) + (toScaled(row.tax_amount, 4) ?? 0n);
  return {
    id: row.id,
    position: row.position,
    product: row.product_id
      ? { id: row.product_id, code: row.product_code ?? '', name: row.product_name ?? '' }
      : null,
    description: row.description,
    quantity: money(row.quantity)!,
    unit_price: money(row.unit_price)!,
    discount_pct: money(row.discount_pct)!,
    tax_rate: money(row.tax_rate)!,
    net_amount: money(row.net_amount)!,
    tax_amount: money(row.tax_amount)!,
    total_amount: fromScaled(total, 4),
  };
}

export function toCase(row: CaseRowWithRefs, now: Date = new Date(), lines?: CaseLineRow[]): Case {
  const probability = effectiveProbability(row);
  return {
    id: row.id,
    type_id: row.type_id,
    type: {
      key: row.type_key,
      labels: row.type_labels,
      kind: row.type_kind,
      color: row.type_color,
      has_lines: row.type_has_lines,
    },
    number: row.number,
    title: row.title,
    entity_id: row.entity_id,
    entity: { id: row.entity_id, name: row.entity_name ?? '' },
    contact_id: row.contact_id,
    contact: row.contact_id
      ? {
          id: row.contact_id,
          name: [row.contact_first_name, row.contact_last_name].filter(Boolean).join(' '),
        }
      : null,
    owner_id: row.owner_id,
    owner: ref(row.owner_id, row.owner_name),
    team_id: row.team_id,
    team: ref(row.team_id, row.team_name),
    status_id: row.status_id,
    status: {
      id: row.status_id,
      key: row.status_key,
      labels: row.status_labels,
      category: row.status_category,
      color: row.status_color,
    },
    status_changed_at: row.status_changed_at.toISOString(),
    priority: row.priority,
    amount: money(row.amount),
    tax_amount: money(row.tax_amount),
    currency: row.currency,
    probability,
    probability_overridden: row.probability !== null,
    weighted_amount: weightedAmount(row.amount, probability),
    expected_close: row.expected_close,
    closed_at: iso(row.closed_at),
    referrer_id: row.referrer_id,
    referrer: ref(row.referrer_id, row.referrer_name),
    campaign_id: row.campaign_id,
    description: row.description,
    sla: slaView(row, now),
    custom: row.custom,
    next_action:
      row.next_action_id && row.next_action_due_at
        ? {
            id: row.next_action_id,
            subject: row.next_action_subject ?? '',
            due_at: row.next_action_due_at.toISOString(),
          }
        : null,
    ...(lines && { lines: lines.map(toCaseLine) }),
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    deleted_at: iso(row.deleted_at),
  };
}

const col = (name: string) => sql.ref(`cases.${name}`);

/**
 * Fields of the case list, board and export for filters and sort; `kind` and `status_category` come from the
 * type (`ct`) and status (`cs`) joined to every case query. The type's custom fields are added per request.
 */
export const CASE_FIELDS: FieldMap = {
  number: { expr: col('number'), kind: 'text', nullable: false },
  title: { expr: col('title'), kind: 'text', nullable: false },
  type_id: { expr: col('type_id'), kind: 'uuid', nullable: false },
  kind: { expr: sql.ref('ct.kind'), kind: 'key', nullable: false },
  status_id: { expr: col('status_id'), kind: 'uuid', nullable: false },
  status_category: { expr: sql.ref('cs.category'), kind: 'key', nullable: false },
  entity_id: { expr: col('entity_id'), kind: 'uuid', nullable: false },
  contact_id: { expr: col('contact_id'), kind: 'uuid', nullable: true },
  owner_id: { expr: col('owner_id'), kind: 'uuid', nullable: true },
  team_id: { expr: col('team_id'), kind: 'uuid', nullable: true },
  priority: { expr: col('priority'), kind: 'key', nullable: false },
  amount: { expr: col('amount'), kind: 'number', nullable: true },
  currency: { expr: col('currency'), kind: 'key', nullable: false },
  probability: {
    expr: sql`coalesce(cases.probability, cs.probability)`,
    kind: 'number',
    nullable: false,
  },
  expected_close: { expr: col('expected_close'), kind: 'date', nullable: true },
  closed_at: { expr: col('closed_at'), kind: 'datetime', nullable: true },
  referrer_id: { expr: col('referrer_id'), kind: 'uuid', nullable: true },
  campaign_id: { expr: col('campaign_id'), kind: 'uuid', nullable: true },
  sla_breached: {
    expr: sql`(cases.sla_breached_at is not null)`,
    kind: 'boolean',
    nullable: false,
    sortable: false,
  },
  created_at: { expr: col('created_at'), kind: 'datetime', nullable: false },
  updated_at: { expr: col('updated_at'), kind: 'datetime', nullable: false },
};

/** Case fields a write may change, in the order a timeline lists them. */
export const CASE_TRACKED = [
  'title',
  'entity_id',
  'contact_id',
  'owner_id',
  'team_id',
  'status_id',
  'priority',
  'amount',
  'tax_amount',
  'currency',
  'probability',
  'expected_close',
  'referrer_id',
  'campaign_id',
  'description',
  'custom',
] as const;

/** The tracked values of a row in a form that compares by meaning ("10.5000" and "10.50" are equal). */
export function trackedValues(row: Partial<Record<(typeof CASE_TRACKED)[number], unknown>>) {
  return {
    ...row,
    amount: typeof row.amount === 'string' ? money(row.amount) : row.amount,
    tax_amount: typeof row.tax_amount === 'string' ? money(row.tax_amount) : row.tax_amount,
  };
}

export const DEFAULT_CASE_COLUMNS = [
  'number',
  'title',
  'type',
  'status',
  'entity',
  'contact',
  'owner',
  'team',
  'priority',
  'amount',
  'tax_amount',
  'currency',
  'probability',
  'weighted_amount',
  'expected_close',
  'closed_at',
  'created_at',
] as const;

const EXTRA_COLUMNS = [
  'id',
  'type_id',
  'status_id',
  'entity_id',
  'owner_id',
  'team_id',
  'referrer',
  'campaign_id',
  'description',
  'sla_state',
  'next_action',
  'updated_at',
];

/** Columns a case export may have: the defaults, a few more, and the type's custom fields. */
export function exportableCaseColumns(customKeys: string[]): Set<string> {
  return new Set([...DEFAULT_CASE_COLUMNS, ...EXTRA_COLUMNS, ...customKeys.map((k) => `custom.${k}`)]);
}

/** One cell of the export; labels in the caller's language. */
export function caseCell(locale: string) {
  const label = (labels: Record<string, string>) =>
    labels[locale] ?? labels.es ?? Object.values(labels)[0] ?? '';
  return (item: Case, column: string): unknown => {
    if (column.startsWith('custom.')) return item.custom[column.slice(7)];
    switch (column) {
      case 'type':
        return label(item.type.labels);
      case 'status':
        return label(item.status.labels);
      case 'entity':
        return item.entity.name;
      case 'contact':
      case 'owner':
      case 'team':
      case 'referrer':
        return item[column]?.name;
      case 'sla_state':
        return item.sla.state;
      case 'next_action':
        return item.next_action?.subject;
      default:
        return (item as unknown as Record<string, unknown>)[column];
    }
  };
}
