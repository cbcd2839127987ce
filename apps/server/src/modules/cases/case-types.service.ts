import {
  CASE_PRIORITIES,
  type CaseStatus,
  type CaseType,
  type CreateCaseTypeRequest,
  type UpdateCaseTypeRequest,
} from '@trato/contracts/cases';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CaseSla, CaseStatusRow, CaseTypeRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  AppError,
  IssueCollector,
  isUniqueViolation,
  notFound,
  versionConflict,
} from '../../platform/errors.ts';
import { type DomainEvent, diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { actionTypesById } from '../actions/action-types.service.ts';

// Case types (admin). Their statuses are changed in case-statuses.service.ts and retired in retire-status.ts;
// the helpers those two share with this file are exported from here, once.

/** Issue codes of case types and statuses (localised as field.<code> in packages/contracts/src/i18n). */
export const CASE_TYPE_ISSUES = {
  keyTaken: 'key_taken',
  prefixTaken: 'prefix_taken',
  typeInUse: 'case_type_in_use',
  statusInUse: 'status_in_use',
  lastOpenStatus: 'last_open_status',
  statusOfOtherType: 'status_of_other_type',
  unknownStatus: 'unknown_status',
  duplicateStatus: 'duplicate_status',
  statusesMissing: 'statuses_missing',
  sameStatus: 'same_status',
  statusRetired: 'status_retired',
  unknownActionType: 'unknown_action_type',
  linesInUse: 'case_lines_exist',
} as const;
const I = CASE_TYPE_ISSUES;

export const invalid = (field: string, code: string) =>
  new AppError('validation_failed', { issues: [{ field, code }] });
export const conflictOn = (field: string, code: string) =>
  new AppError('conflict', { issues: [{ field, code }] });

type CreateTypeInput = z.output<typeof CreateCaseTypeRequest>;
type UpdateTypeInput = z.output<typeof UpdateCaseTypeRequest>;
type StatusInput = CreateTypeInput['statuses'][number];

// Mapping -------------------------------------------------------------------------------------------------

function toCaseStatus(row: CaseStatusRow, caseCount: number): CaseStatus {
  return {
    id: row.id,
    type_id: row.type_id,
    key: row.key,
    labels: row.labels as Record<string, string>,
    category: row.category,
    probability: row.probability,
    position: row.position,
    color: row.color as CaseStatus['color'],
    next_action: row.next_action,
    next_action_type_id: row.next_action_type_id,
    retired: row.retired_at !== null,
    case_count: caseCount,
    version: row.version,
  };
}

function toCaseType(row: CaseTypeRow, statuses: CaseStatus[]): CaseType {
  return {
    id: row.id,
    key: row.key,
    labels: row.labels as Record<string, string>,
    kind: row.kind,
    prefix: row.prefix,
    has_lines: row.has_lines,
    color: row.color as CaseType['color'],
    sla: row.sla,
    position: row.position,
    active: row.active,
    statuses,
    version: row.version,
  };
}

/** Only the targets given, in working hours; a priority without any target is left out. */
function normalizeSla(sla: CreateTypeInput['sla']): CaseSla {
  const out: CaseSla = {};
  for (const priority of CASE_PRIORITIES) {
    const target = sla?.[priority];
    const first = target?.first_response_hours ?? null;
    const resolution = target?.resolution_hours ?? null;
    if (first === null && resolution === null) continue;
    out[priority] = {
      ...(first !== null && { first_response_hours: first }),
      ...(resolution !== null && { resolution_hours: resolution }),
    };
  }
  return out;
}

/** A new status's columns, with the defaults of what was not given. */
export function statusValues(input: StatusInput) {
  return {
    key: input.key,
    labels: input.labels,
    category: input.category,
    probability: input.probability ?? (input.category === 'won' ? 100 : 0),
    color: input.color ?? 'gray',
    next_action: input.next_action ?? 'none',
    next_action_type_id: input.next_action_type_id ?? null,
  };
}

/** The fields of a patch that were given (undefined means "leave as is"). */
export const givenFields = (patch: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));

// Reading -------------------------------------------------------------------------------------------------

const liveTypes = (db: Executor) => db.selectFrom('case_types').selectAll().where('deleted_at', 'is', null);

/** The statuses of the types in pipeline order: by position, retired last. */
export const statusesOf = (db: Executor, typeIds: string[]) =>
  db
    .selectFrom('case_statuses')
    .selectAll()
    .where('type_id', 'in', typeIds)
    .orderBy(sql`retired_at is not null`)
    .orderBy('position')
    .orderBy('key')
    .execute();

/**
 * Types with their statuses (by position, retired last) and each status's live case count. Each status is
 * counted on its own (a case's status belongs to its type): an index-only count of its entries in
 * cases_status_idx (status_id of live cases; deduplicated, 3.4 MB at 500,000 cases), not a read of the table
 * nor a parallel scan of a whole index testing every row against the list of statuses.
 */
async function loadTypes(db: Executor, rows: CaseTypeRow[]): Promise<CaseType[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const statuses = await statusesOf(db, ids);
  const counts =
    statuses.length === 0
      ? []
      : (
          await sql<{ status_id: string; n: number | string }>`
            select s.id as status_id,
              (select count(*) from cases c where c.status_id = s.id and c.deleted_at is null) as n
            from unnest(${statuses.map((s) => s.id)}::uuid[]) as s(id)`.execute(db)
        ).rows;
  const countOf = new Map(counts.map((c) => [c.status_id, Number(c.n)]));
  return rows.map((row) =>
    toCaseType(
      row,
      statuses.filter((s) => s.type_id === row.id).map((s) => toCaseStatus(s, countOf.get(s.id) ?? 0)),
    ),
  );
}

export async function listCaseTypes(
  db: Executor,
  options: { includeInactive?: boolean } = {},
): Promise<CaseType[]> {
  let query = liveTypes(db).orderBy('position').orderBy('key');
  if (!options.includeInactive) query = query.where('active', '=', true);
  return loadTypes(db, await query.execute());
}

export async function getCaseType(db: Executor, id: string): Promise<CaseType> {
  const [type] = await loadTypes(db, [await requireType(db, id)]);
  if (!type) throw notFound();
  return type;
}

export async function requireType(db: Executor, id: string, forUpdate = false): Promise<CaseTypeRow> {
  let query = liveTypes(db).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function liveCaseCount(
  db: Executor,
  column: 'type_id' | 'status_id',
  id: string,
): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select(sql<string>`count(*)`.as('n'))
    .where(column, '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Checks --------------------------------------------------------------------------------------------------

/**
 * A prefix is taken by another live type, or by numbers already given with it (a deleted type's cases, or a
 * type that has changed its prefix since): case numbers are unique, and a new counter would repeat them.
 */
async function prefixTaken(db: Executor, prefix: string, ownTypeId: string | null): Promise<boolean> {
  let types = liveTypes(db).where('prefix', '=', prefix);
  if (ownTypeId) types = types.where('id', '<>', ownTypeId);
  if (await types.executeTakeFirst()) return true;
  let numbers = db.selectFrom('cases').select('id').where('number', 'like', `${prefix}-%`).limit(1);
  if (ownTypeId) numbers = numbers.where('type_id', '<>', ownTypeId);
  return Boolean(await numbers.executeTakeFirst());
}

/** `suggest` and `require` need an active action type; a type id given must name one. */
export async function checkNextActions(
  db: Executor,
  statuses: { field: string; rule: string; typeId: string | null | undefined }[],
  issues: IssueCollector,
): Promise<void> {
  const types = statuses.some((s) => s.typeId) ? await actionTypesById(db) : new Map();
  for (const s of statuses) {
    if (s.typeId) {
      if (!types.get(s.typeId)?.active) issues.add(`${s.field}next_action_type_id`, I.unknownActionType);
    } else if (s.rule === 'suggest' || s.rule === 'require') {
      issues.add(`${s.field}next_action_type_id`, 'required');
    }
  }
}

export function typeEvent(
  auth: AuthContext,
  typeId: string,
  type: string,
  changes: Record<string, unknown>,
): DomainEvent {
  return { type, object: 'case_type', objectId: typeId, entityId: null, actorId: auth.userId, changes };
}

export const throwIfKeyTaken = (error: unknown): never => {
  if (isUniqueViolation(error, 'case_types_key')) throw invalid('key', I.keyTaken);
  if (isUniqueViolation(error, 'case_statuses_type_id_key_key')) throw invalid('key', I.keyTaken);
  throw error;
};

// Case types ----------------------------------------------------------------------------------------------

export async function createCaseType(
  db: Database,
  auth: AuthContext,
  input: CreateTypeInput,
): Promise<CaseType> {
  const id = newId();
  await db
    .transaction()
    .execute(async (trx) => {
      const issues = new IssueCollector();
      if (await liveTypes(trx).where('key', '=', input.key).executeTakeFirst()) issues.add('key', I.keyTaken);
      if (await prefixTaken(trx, input.prefix, null)) issues.add('prefix', I.prefixTaken);
      const keys = new Set<string>();
      input.statuses.forEach((s, i) => {
        if (keys.has(s.key)) issues.add(`statuses.${i}.key`, I.keyTaken);
        keys.add(s.key);
      });
      if (!input.statuses.some((s) => s.category === 'open')) issues.add('statuses', I.lastOpenStatus);
      await checkNextActions(
        trx,
        input.statuses.map((s, i) => ({
          field: `statuses.${i}.`,
          rule: s.next_action ?? 'none',
          typeId: s.next_action_type_id,
        })),
        issues,
      );
      issues.throwIfAny();

      const last = await trx
        .selectFrom('case_types')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('max'))
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      const values = {
        key: input.key,
        labels: input.labels,
        kind: input.kind,
        prefix: input.prefix,
        has_lines: input.has_lines ?? false,
        color: input.color ?? 'blue',
        sla: normalizeSla(input.sla),
        position: input.position ?? Number(last.max) + 1,
      };
      await trx
        .insertInto('case_types')
        .values({
          id,
          ...values,
          labels: JSON.stringify(values.labels),
          sla: JSON.stringify(values.sla),
          created_by: auth.userId,
        })
        .execute();
      await trx
        .insertInto('case_statuses')
        .values(
          input.statuses.map((s, position) => {
            const status = statusValues(s);
            return {
              id: newId(),
              type_id: id,
              ...status,
              labels: JSON.stringify(status.labels),
              position,
              created_by: auth.userId,
            };
          }),
        )
        .execute();
      await recordEvent(
        trx,
        typeEvent(auth, id, 'case_type.created', {
          ...diffChanges({}, values, Object.keys(values)),
          statuses: input.statuses.map((s) => s.key),
        }),
      );
    })
    .catch(throwIfKeyTaken);
  return getCaseType(db, id);
}

export async function updateCaseType(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateTypeInput,
): Promise<CaseType> {
  const { version, ...patch } = input;
  await db.transaction().execute(async (trx) => {
    const current = await requireType(trx, id, true);
    if (current.version !== version) throw versionConflict(current.version);
    const values = givenFields(patch);
    if (patch.sla !== undefined) values.sla = normalizeSla(patch.sla);
    const changes = diffChanges(current, values, Object.keys(values));
    if (Object.keys(changes).length === 0) return;
    if (changes.prefix && (await prefixTaken(trx, String(values.prefix), id)))
      throw invalid('prefix', I.prefixTaken);
    if (changes.has_lines && values.has_lines === false) {
      const withLines = await trx
        .selectFrom('case_lines')
        .innerJoin('cases', 'cases.id', 'case_lines.case_id')
        .select('cases.id')
        .where('cases.type_id', '=', id)
        .where('cases.deleted_at', 'is', null)
        .limit(1)
        .executeTakeFirst();
      if (withLines) throw conflictOn('has_lines', I.linesInUse);
    }
    await trx
      .updateTable('case_types')
      .set({
        ...values,
        ...(values.labels !== undefined && { labels: JSON.stringify(values.labels) }),
        ...(values.sla !== undefined && { sla: JSON.stringify(values.sla) }),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, typeEvent(auth, id, 'case_type.updated', { key: current.key, ...changes }));
  });
  return getCaseType(db, id);
}

/** Soft delete, with the type's own custom fields; refused (409) while live cases are of this type. */
export async function deleteCaseType(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireType(trx, id, true);
    if ((await liveCaseCount(trx, 'type_id', id)) > 0) throw conflictOn('id', I.typeInUse);
    const now = new Date();
    await trx
      .updateTable('case_types')
      .set({ deleted_at: now, active: false, version: current.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await trx
      .updateTable('field_definitions')
      .set({ deleted_at: now, updated_at: now })
      .where('object', '=', 'case')
      .where('type_id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
    await recordEvent(trx, typeEvent(auth, id, 'case_type.deleted', { key: current.key }));
  });
}
