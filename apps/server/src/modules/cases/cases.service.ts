import type { Case, CreateCaseRequest, UpdateCaseRequest } from '@trato/contracts/cases';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { type RawBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseRow, CaseStatusRow, CasesTable, CaseTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, IssueCollector, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { encodeCursor, escapeLike, type FieldMap, parseListQuery } from '../../platform/list-query.ts';
import { localDate } from '../actions/zoned-time.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { customFieldMap, listFields, validateCustomValues } from '../fields/fields.service.ts';
import { getTeam } from '../teams/teams.service.ts';
import { type TimelineQuery, timelinePage } from '../timeline/timeline.service.ts';
import { getUser, liveUserIds } from '../users/users.service.ts';
import { money, type ResolvedLine, resolveLines, toScaled } from './case-lines.ts';
import { CASE_FIELDS, CASE_TRACKED, type CaseRowWithRefs, toCase, trackedValues } from './cases.mapper.ts';
import * as repo from './cases.repository.ts';
import { computeSlaDueDates } from './sla.ts';
import { getWorkingHours } from './working-hours.ts';

export { visibleCases } from './case-scope.ts';

export type CreateCaseInput = z.output<typeof CreateCaseRequest>;
export type UpdateCaseInput = z.output<typeof UpdateCaseRequest>;
type CaseFields = Omit<UpdateCaseInput, 'version'>;

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

/** The case if the caller may see it; otherwise 404, the same answer as for one that does not exist. */
export async function requireVisibleCase(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRowWithRefs> {
  const row = await repo.findVisibleCase(db, auth, id, options);
  if (!row) throw notFound();
  return row;
}

/** The plain case row, locked for a write, if the caller may see it (404 otherwise); checks the version. */
export async function lockCaseForChange(
  trx: Executor,
  auth: AuthContext,
  id: string,
  version: number | undefined,
  options: { includeDeleted?: boolean } = {},
): Promise<CaseRow> {
  const row = await repo.lockVisibleCase(trx, auth, id, options);
  if (!row) throw notFound();
  if (version !== undefined && row.version !== version) throw versionConflict(row.version);
  return row;
}

export async function getCase(db: Executor, auth: AuthContext, id: string): Promise<Case> {
  const row = await requireVisibleCase(db, auth, id, { includeDeleted: true });
  return toCase(row, new Date(), await repo.caseLines(db, id));
}

/** The case as just written, with its lines, for the answer to a write. */
export async function writtenCase(db: Executor, auth: AuthContext, id: string): Promise<Case> {
  const row = await repo.findCaseWithRefs(db, auth, id);
  if (!row) throw notFound();
  return toCase(row, new Date(), await repo.caseLines(db, id));
}

// Lists ------------------------------------------------------------------------------------------------------

/** The list fields, plus the custom fields of the type the query filters on (filter[type_id][eq]). */
export async function caseFieldMap(db: Executor, query: Record<string, unknown>): Promise<FieldMap> {
  const typeId = query['filter[type_id][eq]'] ?? query['filter[type_id]'];
  if (typeof typeId !== 'string' || !isUuid(typeId)) return CASE_FIELDS;
  return { ...CASE_FIELDS, ...customFieldMap(await listFields(db, 'case', typeId), 'cases.custom') };
}

/** `q`: the number, the title or the entity's name. */
function searchCondition(q: string): RawBuilder<SqlBool> {
  const like = `%${escapeLike(q.trim())}%`;
  const name = `%${escapeLike(normalizeSearchText(q))}%`;
  return sql<SqlBool>`(cases.number ilike ${like} or cases.title ilike ${like}
    or exists (select 1 from entities se where se.id = cases.entity_id and se.search_text like ${name}))`;
}

export function searchConditions(query: Record<string, unknown>): RawBuilder<SqlBool>[] {
  return typeof query.q === 'string' && query.q.trim() ? [searchCondition(query.q)] : [];
}

export async function listCases(db: Executor, auth: AuthContext, query: Record<string, unknown>) {
  const list = parseListQuery(query, await caseFieldMap(db, query), {
    sort: '-updated_at',
    idExpr: sql.ref('cases.id'),
  });
  const page = await repo.listCases(db, auth, list, searchConditions(query));
  const now = new Date();
  return {
    data: page.rows.map((r) => toCase(r, now)),
    next_cursor: page.nextCursor,
    ...(page.total !== undefined && { total: page.total }),
  };
}

/** Query of the board: the type, how many cards per column, `q`, and the list's filters. */
export type BoardInput = { type_id: string; cards: number; q?: string | undefined } & Record<string, unknown>;

/**
 * The board of one case type: a column per live status in pipeline order, with how many matching cases it
 * holds, their totals per currency (amount and weighted) and its first cards, most recently changed first.
 * A column's next_cursor continues with GET /cases?filter[status_id][eq]=<status>&sort=-updated_at and the
 * same filters. Three queries whatever the size: the statuses, one grouped query, one for every column's cards.
 */
export async function caseBoard(db: Executor, auth: AuthContext, query: BoardInput) {
  const type = await repo.findCaseType(db, query.type_id);
  if (!type) throw invalid('type_id', CASE_ISSUES.unknownType);
  const filters = Object.fromEntries(Object.entries(query).filter(([key]) => key.startsWith('filter')));
  const fields = await caseFieldMap(db, { ...filters, 'filter[type_id][eq]': type.id });
  const list = parseListQuery({ ...filters, sort: '-updated_at' }, fields, {
    sort: '-updated_at',
    idExpr: sql.ref('cases.id'),
  });
  const extra = searchConditions(query);
  const statuses = (await repo.statusesOfType(db, type.id)).filter((s) => !s.retired_at);
  const totals = await repo.boardTotals(db, auth, type.id, list, extra);
  const cards = await repo.boardCards(db, auth, type.id, list, extra, query.cards);
  const now = new Date();
  return {
    type_id: type.id,
    columns: statuses.map((status) => {
      const groups = totals.filter((t) => t.status_id === status.id);
      const rows = cards.filter((c) => c.status_id === status.id);
      const page = rows.slice(0, query.cards);
      const last = page.at(-1);
      return {
        status: {
          id: status.id,
          type_id: status.type_id,
          key: status.key,
          labels: status.labels as Record<string, string>,
          category: status.category,
          probability: status.probability,
          position: status.position,
          color: status.color as never,
          next_action: status.next_action,
          next_action_type_id: status.next_action_type_id,
          retired: false,
          case_count: groups.reduce((n, g) => n + Number(g.all_cases), 0),
          version: status.version,
        },
        count: groups.reduce((n, g) => n + Number(g.cases), 0),
        totals: groups
          .filter((g) => g.amount !== null)
          .sort((a, b) => a.currency.localeCompare(b.currency))
          .map((g) => ({
            currency: g.currency,
            amount: money(g.amount)!,
            weighted: money(g.weighted ?? '0')!,
          })),
        cards: page.map((r) => toCase(r, now)),
        next_cursor:
          rows.length > query.cards && last ? encodeCursor(list, { __s0: last.updated_at }, last.id) : null,
      };
    }),
  };
}

// Writes -----------------------------------------------------------------------------------------------------

/** The type of a new case: live and active. */
async function requireActiveType(trx: Executor, typeId: string, field = 'type_id'): Promise<CaseTypeRow> {
  const type = await repo.findCaseType(trx, typeId);
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

type CaseValues = Omit<
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
async function resolveCaseValues(
  trx: Executor,
  auth: AuthContext,
  type: CaseTypeRow,
  status: CaseStatusRow | null,
  input: CaseFields,
  current: CaseRow | null,
  issues: IssueCollector,
): Promise<{ values: CaseValues; lines: ResolvedLine[] | null }> {
  const sent = (key: keyof CaseFields) => input[key] !== undefined;
  const pick = <K extends keyof CaseFields & keyof CaseRow>(key: K): CaseRow[K] | null =>
    (sent(key) ? input[key] : (current?.[key] ?? null)) as CaseRow[K] | null;
  const changed = (key: keyof CaseFields & keyof CaseRow) =>
    !current || (sent(key) && input[key] !== current[key]);

  const entityId = input.entity_id ?? current?.entity_id ?? '';
  if (changed('entity_id')) {
    const entity = await requireVisibleEntity(trx, auth, entityId).catch(() => null);
    if (!entity) issues.add('entity_id', 'unknown_entity');
  }
  const contactId = pick('contact_id');
  if (contactId && (changed('contact_id') || changed('entity_id'))) {
    const contact = await requireVisibleContact(trx, auth, contactId).catch(() => null);
    if (!contact) issues.add('contact_id', 'unknown_contact');
    else if (contact.entity_id !== entityId) issues.add('contact_id', CASE_ISSUES.contactOfAnotherEntity);
  }
  // The owner: the writer unless told otherwise; an active user.
  const ownerId = sent('owner_id') ? (input.owner_id ?? null) : current ? current.owner_id : auth.userId;
  if (ownerId && (!current || ownerId !== current.owner_id)) {
    const owner = await getUser(trx, ownerId).catch(() => null);
    if (!owner) issues.add('owner_id', 'unknown_user');
    else if (!owner.active) issues.add('owner_id', CASE_ISSUES.inactiveUser);
  }
  const teamId = pick('team_id');
  if (teamId && changed('team_id') && !(await getTeam(trx, teamId).catch(() => null)))
    issues.add('team_id', 'unknown_team');
  const referrerId = pick('referrer_id');
  if (referrerId && changed('referrer_id')) {
    const referrer = await requireVisibleEntity(trx, auth, referrerId).catch(() => null);
    if (!referrer) issues.add('referrer_id', 'unknown_entity');
    else if (!referrer.roles.includes('prescriber')) issues.add('referrer_id', CASE_ISSUES.notAPrescriber);
  }

  const currentStatus = status ?? (current ? await repo.findStatus(trx, current.status_id) : undefined);
  const probability = pick('probability');
  if (probability !== null && sent('probability') && currentStatus && fixesProbability(currentStatus))
    issues.add('probability', CASE_ISSUES.probabilityFixed);

  let custom = current?.custom ?? {};
  if (sent('custom') || !current) {
    const [definitions, userIds] = await Promise.all([listFields(trx, 'case', type.id), liveUserIds(trx)]);
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
    const products = await repo.findProducts(
      trx,
      newLines.flatMap((l) => (l.product_id ? [l.product_id] : [])),
    );
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
    due = await computeSlaDueDates(trx, type.sla, priority, current?.created_at ?? new Date());

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

/** OPP-2026-00042: the type's prefix, the year, and the counter padded to five digits. */
export const formatCaseNumber = (prefix: string, year: number, n: number) =>
  `${prefix}-${year}-${String(n).padStart(5, '0')}`;

/** Case numbers run per type and calendar year in the installation's time zone. */
export async function caseNumberYear(trx: Executor, at: Date): Promise<number> {
  return Number(localDate(at, (await getWorkingHours(trx)).time_zone).slice(0, 4));
}

async function nextCaseNumber(trx: Executor, type: CaseTypeRow, now: Date): Promise<string> {
  const year = await caseNumberYear(trx, now);
  // A number can be taken already when a deleted type's prefix was given to a new one: skip past it.
  for (;;) {
    const [n] = await repo.takeCaseNumbers(trx, type.id, year, 1);
    const number = formatCaseNumber(type.prefix, year, n!);
    if (!(await repo.isNumberTaken(trx, number))) return number;
  }
}

/** What a timeline shows of a case write: its number and title, and what changed. */
export function caseEventChanges(
  before: Record<string, unknown> | null,
  after: CaseRow,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const diff: Record<string, unknown> = diffChanges(
    before ? trackedValues(before) : {},
    trackedValues(after),
    CASE_TRACKED,
  );
  if (!before)
    for (const [field, [, value]] of Object.entries(diff) as [string, [unknown, unknown]][])
      if (value === null || (typeof value === 'object' && Object.keys(value as object).length === 0))
        delete diff[field];
  return { summary: `${after.number} · ${after.title}`, number: after.number, ...diff, ...extra };
}

/**
 * Checks everything about a new case and writes it in the caller's transaction: the row with its number, its
 * lines, its first stay in the status history and its `case.created` event. Throws AppError with field issues.
 */
export async function insertCaseIn(
  trx: Executor,
  auth: AuthContext,
  input: CreateCaseInput,
): Promise<{ id: string; number: string }> {
  const { type_id, status_id, ...fields } = input;
  const type = await requireActiveType(trx, type_id);
  const issues = new IssueCollector();
  let status: CaseStatusRow | undefined;
  if (status_id) {
    const found = await repo.findStatus(trx, status_id);
    if (checkTargetStatus(found, type.id, issues)) status = found;
  } else {
    status = (await repo.statusesOfType(trx, type.id)).find((s) => !s.retired_at && s.category === 'open');
    if (!status) issues.add('status_id', CASE_ISSUES.noOpenStatus);
  }
  const { values, lines } = await resolveCaseValues(trx, auth, type, status ?? null, fields, null, issues);
  issues.throwIfAny();

  // Timestamps from the clock here (millisecond precision), so list cursors on them compare exactly.
  const now = new Date();
  const row = await repo.insertCase(trx, {
    id: newId(),
    type_id: type.id,
    number: await nextCaseNumber(trx, type, now),
    status_id: status!.id,
    status_changed_at: now,
    closed_at: isFinal(status!) ? now : null,
    ...values,
    custom: JSON.stringify(values.custom),
    created_at: now,
    updated_at: now,
    created_by: auth.userId,
    updated_by: auth.userId,
  });
  if (lines) await repo.insertLines(trx, row.id, lines);
  await repo.insertStay(trx, {
    case_id: row.id,
    status_id: row.status_id,
    entered_at: now,
    entered_by: auth.userId,
  });
  await recordEvent(trx, {
    type: 'case.created',
    object: 'case',
    objectId: row.id,
    entityId: row.entity_id,
    actorId: auth.userId,
    changes: caseEventChanges(null, row, {
      type_key: type.key,
      ...(lines && lines.length > 0 && { lines: lines.length }),
    }),
  });
  return { id: row.id, number: row.number };
}

export async function createCase(db: Database, auth: AuthContext, input: CreateCaseInput): Promise<Case> {
  const { id } = await db.transaction().execute((trx) => insertCaseIn(trx, auth, input));
  return writtenCase(db, auth, id);
}

/** The lines as they compare for "did they change": product, text and numbers by value. */
const linesKey = (
  lines: {
    product_id: string | null;
    description: string | null;
    quantity: string;
    unit_price: string;
    discount_pct: string;
    tax_rate: string;
  }[],
) =>
  JSON.stringify(
    lines.map((l) => [
      l.product_id,
      l.description,
      ...[l.quantity, l.unit_price, l.discount_pct, l.tax_rate].map((v) => String(toScaled(v, 4))),
    ]),
  );

/**
 * Changes a case: fields left out stay, `lines` (when sent) replace all its lines. Its type and status do not
 * change here (the status moves through POST /cases/{id}/move).
 */
export async function updateCase(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateCaseInput,
): Promise<Case> {
  const { version, ...patch } = input;
  await db.transaction().execute(async (trx) => {
    const current = await lockCaseForChange(trx, auth, id, version);
    const type = (await repo.findCaseType(trx, current.type_id)) ?? notFoundType();
    const issues = new IssueCollector();
    const { values, lines } = await resolveCaseValues(trx, auth, type, null, patch, current, issues);
    issues.throwIfAny();
    const extra: Record<string, unknown> = {};
    if (lines) {
      const before = await repo.caseLines(trx, id);
      if (linesKey(before) !== linesKey(lines)) extra.lines = [before.length, lines.length];
    }
    const changes = caseEventChanges(current, { ...current, ...values } as CaseRow, extra);
    const changedFields = Object.keys(changes).filter((k) => k !== 'summary' && k !== 'number');
    if (changedFields.length === 0) return;
    if (lines && extra.lines) await repo.replaceLines(trx, id, lines);
    const after = await repo.updateCaseRow(trx, id, {
      ...values,
      custom: JSON.stringify(values.custom),
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    });
    await recordEvent(trx, {
      type: 'case.updated',
      object: 'case',
      objectId: id,
      entityId: after.entity_id,
      actorId: auth.userId,
      changes: caseEventChanges(current, after, extra),
    });
  });
  return writtenCase(db, auth, id);
}

function notFoundType(): never {
  throw notFound();
}

async function setDeleted(
  db: Database,
  auth: AuthContext,
  id: string,
  deleted: boolean,
  version: number | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockCaseForChange(trx, auth, id, version, { includeDeleted: true });
    if (Boolean(current.deleted_at) === deleted) {
      if (deleted) throw notFound();
      return;
    }
    const values: Updateable<CasesTable> = {
      deleted_at: deleted ? new Date() : null,
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    };
    await repo.updateCaseRow(trx, id, values);
    await recordEvent(trx, {
      type: deleted ? 'case.deleted' : 'case.restored',
      object: 'case',
      objectId: id,
      entityId: current.entity_id,
      actorId: auth.userId,
      changes: { summary: `${current.number} · ${current.title}`, number: current.number },
    });
  });
}

/** Moves a case to the bin (restorable). */
export const deleteCase = (db: Database, auth: AuthContext, id: string, version?: number) =>
  setDeleted(db, auth, id, true, version);

export async function restoreCase(db: Database, auth: AuthContext, id: string): Promise<Case> {
  await setDeleted(db, auth, id, false, undefined);
  return writtenCase(db, auth, id);
}

// History and timeline -----------------------------------------------------------------------------------------

export async function caseHistory(db: Database, auth: AuthContext, id: string) {
  await requireVisibleCase(db, auth, id, { includeDeleted: true });
  const stays = await repo.caseStays(db, id);
  const now = Date.now();
  const totals = new Map<string, { status: ReturnType<typeof statusRef>; seconds: number }>();
  const data = stays.map((stay) => {
    const end = stay.left_at?.getTime() ?? now;
    const seconds = Math.max(0, Math.floor((end - stay.entered_at.getTime()) / 1000));
    const status = statusRef(stay);
    const total = totals.get(stay.status_id) ?? { status, seconds: 0 };
    total.seconds += seconds;
    totals.set(stay.status_id, total);
    return {
      status,
      entered_at: stay.entered_at.toISOString(),
      entered_by: stay.entered_by ? { id: stay.entered_by, name: stay.entered_by_name ?? '' } : null,
      left_at: stay.left_at?.toISOString() ?? null,
      seconds,
    };
  });
  return { data, totals: [...totals.values()] };
}

function statusRef(stay: repo.StayRow) {
  return {
    id: stay.status_id,
    key: stay.status_key,
    labels: stay.status_labels,
    category: stay.status_category,
    color: stay.status_color,
  };
}

/** The case's own events and those of the actions on it that the caller may see; newest first. */
export async function caseTimeline(db: Database, auth: AuthContext, id: string, query: TimelineQuery) {
  await requireVisibleCase(db, auth, id, { includeDeleted: true });
  return timelinePage(
    db,
    auth,
    sql<boolean>`((ev.object = 'case' and ev.object_id = ${id}::uuid)
      or (ev.object = 'action' and ev.object_id in (select a.id from actions a where a.case_id = ${id}::uuid)))`,
    query,
  );
}

// For other modules -------------------------------------------------------------------------------------------

/**
 * The case an action links to: live and visible to the writer; null when it is neither (the caller answers
 * 422 case_id unknown_case).
 */
export async function linkableCase(
  trx: Executor,
  auth: AuthContext,
  caseId: string,
): Promise<{ id: string; entity_id: string } | null> {
  return (await repo.findLinkableCase(trx, auth, caseId)) ?? null;
}

/** The first response on a case: an action on it was completed (kept if it had one already). */
export async function recordCaseFirstResponse(trx: Executor, caseId: string, at: Date = new Date()) {
  await repo.markFirstResponse(trx, caseId, at);
}
