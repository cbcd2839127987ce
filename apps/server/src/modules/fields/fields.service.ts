import type { Labels } from '@trato/contracts/common';
import type { FieldDefinition, FieldObject, FieldType, FieldValidation } from '@trato/contracts/settings';
import { sql } from 'kysely';
import type { Database, DatabaseKind } from '../../db/connection.ts';
import type { FieldDefinitionRow } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { FieldKind, FieldMap } from '../../platform/list-query.ts';
import { isLiveActionType } from '../actions/action-types.service.ts';

export { validateCustomValues } from './custom-values.ts';

const TABLE_OF: Record<FieldObject, 'entities' | 'contacts' | 'actions' | 'cases'> = {
  entity: 'entities',
  contact: 'contacts',
  action: 'actions',
  case: 'cases',
};

/** Objects whose fields belong to one type (an action type, a case type). */
const TYPED_OBJECTS: FieldObject[] = ['action', 'case'];

async function isLiveType(db: Executor, object: FieldObject, typeId: string): Promise<boolean> {
  if (object === 'action') return isLiveActionType(db, typeId);
  const row = await db
    .selectFrom('case_types')
    .select('id')
    .where('id', '=', typeId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

export function toFieldDefinition(row: FieldDefinitionRow): FieldDefinition {
  return {
    id: row.id,
    object: row.object as FieldObject,
    key: row.key,
    labels: row.labels as Record<string, string>,
    type: row.type as FieldType,
    options: row.options.map((o) => ({ key: o.key, labels: o.labels as Record<string, string> })),
    required: row.required,
    validation: row.validation as FieldValidation,
    position: row.position,
    indexed: row.indexed,
    type_id: row.type_id,
    version: row.version,
  };
}

/** Custom fields of an object; for `action` and `case`, `typeId` narrows them to one action type's own fields. */
export async function listFields(
  db: Executor,
  object?: FieldObject,
  typeId?: string,
): Promise<FieldDefinition[]> {
  let query = db.selectFrom('field_definitions').selectAll().where('deleted_at', 'is', null);
  if (object) query = query.where('object', '=', object);
  if (typeId) query = query.where('type_id', '=', typeId);
  const rows = await query.orderBy('object').orderBy('position').orderBy('key').execute();
  return rows.map(toFieldDefinition);
}

/** The list-query fields for an object's custom fields: `custom.<key>`, cast by type so filters compare right. */
export function customFieldMap(definitions: FieldDefinition[], column = 'custom'): FieldMap {
  const map: FieldMap = {};
  for (const def of definitions) {
    const text = sql`(${sql.ref(column)}->>${sql.lit(def.key)})`;
    const [expr, kind]: [ReturnType<typeof sql>, FieldKind] =
      def.type === 'number' || def.type === 'money'
        ? [sql`(${text})::numeric`, 'number']
        : def.type === 'date'
          ? [text, 'isodate']
          : def.type === 'boolean'
            ? [sql`(${text})::boolean`, 'boolean']
            : def.type === 'user'
              ? [sql`(${text})::uuid`, 'uuid']
              : def.type === 'multiselect'
                ? [sql`(${sql.ref(column)}->${sql.lit(def.key)})`, 'multiselect']
                : def.type === 'select'
                  ? [text, 'key']
                  : [text, 'text'];
    map[`custom.${def.key}`] = { expr, kind, nullable: true, sortable: def.type !== 'multiselect' };
  }
  return map;
}

function checkDefinition(input: {
  type: FieldType;
  options?: { key: string }[] | undefined;
  validation?: FieldValidation | undefined;
}) {
  const issues: { field: string; code: string; params?: Record<string, unknown> }[] = [];
  const needsOptions = input.type === 'select' || input.type === 'multiselect';
  if (needsOptions && (input.options ?? []).length === 0)
    issues.push({ field: 'options', code: 'too_few', params: { min: 1 } });
  const keys = new Set<string>();
  (input.options ?? []).forEach((o, i) => {
    if (keys.has(o.key)) issues.push({ field: `options.${i}.key`, code: 'key_taken' });
    keys.add(o.key);
  });
  const pattern = input.validation?.pattern;
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, 'u');
    } catch {
      issues.push({ field: 'validation.pattern', code: 'invalid_format' });
    }
  }
  const v = input.validation;
  if (v?.min !== undefined && v.max !== undefined && v.min > v.max)
    issues.push({ field: 'validation.max', code: 'too_small', params: { min: v.min } });
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
}

export async function createField(
  db: Database,
  dbKind: DatabaseKind,
  auth: AuthContext,
  input: {
    object: FieldObject;
    key: string;
    labels: Labels;
    type: FieldType;
    options?: { key: string; labels: Labels }[] | undefined;
    required?: boolean | undefined;
    validation?: FieldValidation | undefined;
    position?: number | undefined;
    indexed?: boolean | undefined;
    type_id?: string | null | undefined;
  },
): Promise<FieldDefinition> {
  checkDefinition(input);
  const typeId = input.type_id ?? null;
  const row = await db.transaction().execute(async (trx) => {
    // Action and case fields belong to one action or case type; entity and contact fields to none.
    const typed = TYPED_OBJECTS.includes(input.object);
    if (typed && !typeId)
      throw new AppError('validation_failed', { issues: [{ field: 'type_id', code: 'required' }] });
    if (!typed && typeId)
      throw new AppError('validation_failed', { issues: [{ field: 'type_id', code: 'not_applicable' }] });
    if (typeId && !(await isLiveType(trx, input.object, typeId)))
      throw new AppError('validation_failed', {
        issues: [
          { field: 'type_id', code: input.object === 'action' ? 'unknown_action_type' : 'unknown_case_type' },
        ],
      });
    const sameType = (qb: any) =>
      typeId ? qb.where('type_id', '=', typeId) : qb.where('type_id', 'is', null);
    const taken = await sameType(
      trx
        .selectFrom('field_definitions')
        .select('id')
        .where('object', '=', input.object)
        .where('key', '=', input.key)
        .where('deleted_at', 'is', null),
    ).executeTakeFirst();
    if (taken) throw new AppError('validation_failed', { issues: [{ field: 'key', code: 'key_taken' }] });
    const last = await sameType(
      trx
        .selectFrom('field_definitions')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('max'))
        .where('object', '=', input.object)
        .where('deleted_at', 'is', null),
    ).executeTakeFirstOrThrow();
    const created = await trx
      .insertInto('field_definitions')
      .values({
        id: newId(),
        object: input.object,
        key: input.key,
        labels: JSON.stringify(input.labels),
        type: input.type,
        options: JSON.stringify(input.options ?? []),
        required: input.required ?? false,
        validation: JSON.stringify(input.validation ?? {}),
        position: input.position ?? Number(last.max) + 1,
        indexed: input.indexed ?? false,
        type_id: typeId,
        created_by: auth.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'field.created',
      object: 'field',
      objectId: created.id,
      entityId: null,
      actorId: auth.userId,
      changes: { object: input.object, key: input.key, type: input.type, type_id: typeId },
    });
    return created;
  });
  const definition = toFieldDefinition(row);
  if (definition.indexed) await ensureCustomIndex(db, dbKind, definition);
  return definition;
}

export async function updateField(
  db: Database,
  dbKind: DatabaseKind,
  auth: AuthContext,
  fieldId: string,
  input: {
    version: number;
    labels?: Labels | undefined;
    options?: { key: string; labels: Labels }[] | undefined;
    required?: boolean | undefined;
    validation?: FieldValidation | undefined;
    position?: number | undefined;
    indexed?: boolean | undefined;
  },
): Promise<FieldDefinition> {
  const row = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('field_definitions')
      .selectAll()
      .where('id', '=', fieldId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    checkDefinition({
      type: current.type as FieldType,
      options: input.options ?? current.options,
      validation: input.validation,
    });
    const patch = {
      ...(input.labels !== undefined && { labels: input.labels }),
      ...(input.options !== undefined && { options: input.options }),
      ...(input.required !== undefined && { required: input.required }),
      ...(input.validation !== undefined && { validation: input.validation }),
      ...(input.position !== undefined && { position: input.position }),
      ...(input.indexed !== undefined && { indexed: input.indexed }),
    };
    const updated = await trx
      .updateTable('field_definitions')
      .set({
        ...patch,
        labels: JSON.stringify(patch.labels ?? current.labels),
        options: JSON.stringify(patch.options ?? current.options),
        validation: JSON.stringify(patch.validation ?? current.validation),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', fieldId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'field.updated',
      object: 'field',
      objectId: fieldId,
      entityId: null,
      actorId: auth.userId,
      changes: diffChanges(current, patch, [
        'labels',
        'options',
        'required',
        'validation',
        'position',
        'indexed',
      ]),
    });
    return updated;
  });
  const definition = toFieldDefinition(row);
  if (definition.indexed) await ensureCustomIndex(db, dbKind, definition);
  return definition;
}

export async function deleteField(db: Database, auth: AuthContext, fieldId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('field_definitions')
      .set({ deleted_at: new Date(), updated_at: new Date() })
      .where('id', '=', fieldId)
      .where('deleted_at', 'is', null)
      .returning(['object', 'key'])
      .executeTakeFirst();
    if (!result) throw notFound();
    await recordEvent(trx, {
      type: 'field.deleted',
      object: 'field',
      objectId: fieldId,
      entityId: null,
      actorId: auth.userId,
      changes: result,
    });
  });
}

/**
 * An expression index for a field users filter or sort on at scale. Built CONCURRENTLY on a PostgreSQL server
 * (outside any transaction, so writes go on meanwhile); PGlite has one connection, so a plain build there.
 */
async function ensureCustomIndex(db: Database, dbKind: DatabaseKind, def: FieldDefinition): Promise<void> {
  const table = TABLE_OF[def.object];
  const map = customFieldMap([def]);
  const field = map[`custom.${def.key}`];
  if (!field) return;
  const name = `${table}_custom_${def.key}_idx`;
  const using =
    def.type === 'multiselect' ? sql`using gin ((custom->${sql.lit(def.key)}))` : sql`((${field.expr}))`;
  const concurrently = dbKind === 'postgres' ? sql`concurrently` : sql``;
  await sql`create index ${concurrently} if not exists ${sql.id(name)} on ${sql.table(table)} ${using}`.execute(
    db,
  );
}
