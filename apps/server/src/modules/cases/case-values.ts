import type { UpdateCaseRequest } from '@trato/contracts/cases';
import type { z } from 'zod';
import type { CaseRow, CaseStatusRow, CaseTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { IssueCollector } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { listFields, validateCustomValues } from '../fields/fields.service.ts';
import { getTeam } from '../teams/teams.service.ts';
import { getUser, liveUserIds } from '../users/users.service.ts';
import { type LineProduct, money, type ResolvedLine, resolveLines } from './case-lines.ts';
import { CASE_ISSUES, invalid } from './cases.errors.ts';
import * as repo from './cases.repository.ts';
import { computeSlaDueDates } from './sla.ts';
import { getWorkingHours } from './working-hours.ts';

// What a case write may set, checked: its type and status, its references, its money and lines, its SLA.

/** The fields a create or an update sends (type and status aside). */
export type CaseFields = Omit<z.output<typeof UpdateCaseRequest>, 'version'>;

/**
 * Lookups that a run of many case writes by one caller may share (an import): the case type and its statuses,
 * the type's custom fields, live users, entities, contacts, owners, teams, products and the working hours are
 * each read once, in the transaction of the first case that needs them. Only for one caller (visibility is
 * checked as that caller) and one run, during which such reference data is taken not to change. The API's
 * single writes pass none and read everything afresh.
 */
export class CaseLookups {
  private readonly memo = new Map<string, unknown>();
  private readonly products = new Map<string, LineProduct | null>();
  /** Numbers handed out so far per type and year when numbers are only previewed. */
  readonly previewed = new Map<string, number>();

  /**
   * `previewNumbers`: a dry run that will be rolled back reads the counters instead of taking them, so it
   * holds no lock on them and never keeps anyone else from creating a case meanwhile.
   */
  readonly options: { previewNumbers?: boolean };
  constructor(options: { previewNumbers?: boolean } = {}) {
    this.options = options;
  }

  /** The value under `key`, loaded once (a load that throws is not kept). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = await load();
    this.memo.set(key, value);
    return value;
  }

  /** Products by id: only those not read before are queried. */
  async productsById(trx: Executor, ids: readonly string[]): Promise<Map<string, LineProduct>> {
    const missing = [...new Set(ids.filter((id) => !this.products.has(id)))];
    if (missing.length > 0) {
      const found = await repo.findProducts(trx, missing);
      for (const id of missing) this.products.set(id, found.get(id) ?? null);
    }
    const out = new Map<string, LineProduct>();
    for (const id of ids) {
      const product = this.products.get(id);
      if (product) out.set(id, product);
    }
    return out;
  }
}

/** `load()`, or its value kept in `cache` under `key` when there is one. */
export const lookup = <T>(cache: CaseLookups | undefined, key: string, load: () => Promise<T>): Promise<T> =>
  cache ? cache.get(key, load) : load();

/** The type of a new case: live and active. */
export async function requireActiveType(
  trx: Executor,
  typeId: string,
  field = 'type_id',
  cache?: CaseLookups,
): Promise<CaseTypeRow> {
  const type = await lookup(cache, `type ${typeId}`, () => repo.findCaseType(trx, typeId));
  if (!type?.active) throw invalid(field, CASE_ISSUES.unknownType);
  return type;
}

/** A status a case of this type may enter: of the type and live. */
export function checkTargetStatus(
  status: CaseStatusRow | undefined,
  typeId: string,
  issues: IssueCollector,
  field = 'status_id',
): status is CaseStatusRow {
  if (!status) issues.add(field, CASE_ISSUES.unknownStatus);
  else if (status.type_id !== typeId) issues.add(field, CASE_ISSUES.statusOfOtherType);
  else if (status.retired_at) issues.add(field, CASE_ISSUES.statusRetired);
  else return true;
  return false;
}

export const isFinal = (status: Pick<CaseStatusRow, 'category'>) => status.category !== 'open';
/** Won and lost statuses fix the probability (100 and 0): a case there has no override of its own. */
export const fixesProbability = (status: Pick<CaseStatusRow, 'category'>) =>
  status.category === 'won' || status.category === 'lost';

export type CaseValues = Omit<
  CaseRow,
  | 'id'
  | 'type_id'
  | 'number'
  | 'status_id'
  | 'status_changed_at'
  | 'closed_at'
  | 'first_response_at'
  | 'sla_breached_at'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'created_by'
  | 'updated_by'
  | 'deleted_at'
>;

/**
 * Checks a case write (current = null on create) and returns every column it sets, and the new lines when
 * they are sent. All problems are collected and thrown together (422 naming each field).
 */
export async function resolveCaseValues(
  trx: Executor,
  auth: AuthContext,
  type: CaseTypeRow,
  status: CaseStatusRow | null,
  input: CaseFields,
  current: CaseRow | null,
  issues: IssueCollector,
  cache?: CaseLookups,
): Promise<{ values: CaseValues; lines: ResolvedLine[] | null }> {
  const sent = (key: keyof CaseFields) => input[key] !== undefined;
  const pick = <K extends keyof CaseFields & keyof CaseRow>(key: K): CaseRow[K] | null =>
    (sent(key) ? input[key] : (current?.[key] ?? null)) as CaseRow[K] | null;
  const changed = (key: keyof CaseFields & keyof CaseRow) =>
    !current || (sent(key) && input[key] !== current[key]);

  const visibleEntity = (id: string) =>
    lookup(cache, `entity ${id}`, () => requireVisibleEntity(trx, auth, id).catch(() => null));

  const entityId = input.entity_id ?? current?.entity_id ?? '';
  if (changed('entity_id')) {
    const entity = await visibleEntity(entityId);
    if (!entity) issues.add('entity_id', 'unknown_entity');
  }
  const contactId = pick('contact_id');
  if (contactId && (changed('contact_id') || changed('entity_id'))) {
    const contact = await lookup(cache, `contact ${contactId}`, () =>
      requireVisibleContact(trx, auth, contactId).catch(() => null),
    );
    if (!contact) issues.add('contact_id', 'unknown_contact');
    else if (contact.entity_id !== entityId) issues.add('contact_id', CASE_ISSUES.contactOfAnotherEntity);
  }
  // The owner: the writer unless told otherwise; an active user.
  const ownerId = sent('owner_id') ? (input.owner_id ?? null) : current ? current.owner_id : auth.userId;
  if (ownerId && (!current || ownerId !== current.owner_id)) {
    const owner = await lookup(cache, `user ${ownerId}`, () => getUser(trx, ownerId).catch(() => null));
    if (!owner) issues.add('owner_id', 'unknown_user');
    else if (!owner.active) issues.add('owner_id', CASE_ISSUES.inactiveUser);
  }
  const teamId = pick('team_id');
  if (
    teamId &&
    changed('team_id') &&
    !(await lookup(cache, `team ${teamId}`, () => getTeam(trx, teamId).catch(() => null)))
  )
    issues.add('team_id', 'unknown_team');
  const referrerId = pick('referrer_id');
  if (referrerId && changed('referrer_id')) {
    const referrer = await visibleEntity(referrerId);
    if (!referrer) issues.add('referrer_id', 'unknown_entity');
    else if (!referrer.roles.includes('prescriber')) issues.add('referrer_id', CASE_ISSUES.notAPrescriber);
  }

  const currentStatus = status ?? (current ? await repo.findStatus(trx, current.status_id) : undefined);
  const probability = pick('probability');
  if (probability !== null && sent('probability') && currentStatus && fixesProbability(currentStatus))
    issues.add('probability', CASE_ISSUES.probabilityFixed);

  let custom = current?.custom ?? {};
  if (sent('custom') || !current) {
    const [definitions, userIds] = await Promise.all([
      lookup(cache, `fields ${type.id}`, () => listFields(trx, 'case', type.id)),
      lookup(cache, 'live users', () => liveUserIds(trx)),
    ]);
    custom = validateCustomValues(definitions, input.custom, custom, issues, userIds);
  }

  // Money: on a type with lines, the lines make the amount; otherwise (or while there are none) it is typed in.
  const currency = input.currency ?? current?.currency ?? 'EUR';
  const newLines = input.lines;
  const hasLinesNow = !newLines && current ? (await repo.lineCount(trx, current.id)) > 0 : false;
  let amount = sent('amount') ? (input.amount ?? null) : (current?.amount ?? null);
  let taxAmount = current?.tax_amount ?? null;
  let lines: ResolvedLine[] | null = null;
  if (newLines && newLines.length > 0 && !type.has_lines) issues.add('lines', CASE_ISSUES.linesNotAllowed);
  else if (sent('amount') && ((newLines && newLines.length > 0) || hasLinesNow))
    issues.add('amount', CASE_ISSUES.computedFromLines);
  else if (newLines) {
    const kept = current ? await repo.lineProductIds(trx, current.id) : new Set<string>();
    const productIds = newLines.flatMap((l) => (l.product_id ? [l.product_id] : []));
    const products = cache
      ? await cache.productsById(trx, productIds)
      : await repo.findProducts(trx, productIds);
    const resolved = resolveLines(newLines, products, { currency, keptProductIds: kept }, issues);
    lines = resolved.lines;
    if (newLines.length > 0) {
      amount = resolved.amount;
      taxAmount = resolved.tax_amount;
    } else {
      taxAmount = null;
      if (!sent('amount')) amount = null;
    }
  } else if (hasLinesNow && current && currency !== current.currency) {
    // Lines kept: their products must be in the new currency.
    const products = await repo.findProducts(trx, [...(await repo.lineProductIds(trx, current.id))]);
    if ([...products.values()].some((p) => p.currency !== currency))
      issues.add('currency', CASE_ISSUES.currencyMismatch);
  }
  if (!newLines && !hasLinesNow && sent('amount')) taxAmount = null;

  // SLA targets of a service case: from when it was opened; again when its priority changes.
  const priority = input.priority ?? current?.priority ?? 'normal';
  let due = {
    first_response_due_at: current?.first_response_due_at ?? null,
    resolution_due_at: current?.resolution_due_at ?? null,
  };
  if (type.kind === 'service' && (!current || priority !== current.priority))
    due = await computeSlaDueDates(trx, type.sla, priority, current?.created_at ?? new Date(), () =>
      lookup(cache, 'working hours', () => getWorkingHours(trx)),
    );

  return {
    lines,
    values: {
      title: input.title ?? current?.title ?? '',
      entity_id: entityId,
      contact_id: contactId,
      owner_id: ownerId,
      team_id: teamId,
      priority,
      amount: amount === null ? null : money(amount),
      tax_amount: taxAmount === null ? null : money(taxAmount),
      currency,
      probability: currentStatus && fixesProbability(currentStatus) ? null : probability,
      expected_close: pick('expected_close'),
      referrer_id: referrerId,
      campaign_id: pick('campaign_id'),
      description: pick('description'),
      custom,
      ...due,
    },
  };
}
