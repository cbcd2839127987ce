import type { Entity } from '@trato/contracts/entities';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  AppError,
  IssueCollector,
  isUniqueViolation,
  notFound,
  versionConflict,
} from '../../platform/errors.ts';
import { diffChanges, type Executor, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { escapeLike, type FieldMap, parseListQuery } from '../../platform/list-query.ts';
import { assertCan } from '../../platform/permissions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { customFieldMap, listFields } from '../fields/fields.service.ts';
import { activeKeys } from '../pick-lists/pick-lists.service.ts';
import { liveUserIds } from '../users/users.service.ts';
import { ENTITY_FIELDS, ENTITY_WRITABLE, toEntity } from './entities.mapper.ts';
import * as repo from './entities.repository.ts';
import { type EntityInput, type EntityRules, resolveEntityValues } from './entity-values.ts';

export async function loadEntityRules(db: Executor): Promise<EntityRules> {
  const [definitions, pickLists, userIds] = await Promise.all([
    listFields(db, 'entity'),
    activeKeys(db),
    liveUserIds(db),
  ]);
  return { definitions, pickLists, userIds };
}

export async function entityFieldMap(db: Executor): Promise<FieldMap> {
  return { ...ENTITY_FIELDS, ...customFieldMap(await listFields(db, 'entity'), 'entities.custom') };
}

/** The entity if the caller may see it; otherwise 404, the same answer as for one that does not exist. */
export async function requireVisibleEntity(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean } = {},
) {
  const row = await repo.findVisibleEntity(db, auth, id, options);
  if (!row) throw notFound();
  return row;
}

export async function getEntity(db: Database, auth: AuthContext, id: string): Promise<Entity> {
  return toEntity(await requireVisibleEntity(db, auth, id, { includeDeleted: true }));
}

export async function listEntities(db: Database, auth: AuthContext, query: Record<string, unknown>) {
  const list = parseListQuery(query, await entityFieldMap(db), {
    sort: 'name',
    idExpr: sql.ref('entities.id'),
  });
  const extra = typeof query.q === 'string' && query.q ? [searchCondition(query.q)] : [];
  const page = await repo.listEntities(db, auth, list, extra);
  return {
    data: page.rows.map(toEntity),
    next_cursor: page.nextCursor,
    ...(page.total !== undefined && { total: page.total }),
  };
}

function searchCondition(q: string) {
  const term = normalizeSearchText(q);
  const digits = q.replace(/[\s().-]/g, '');
  const needle = /^\+?\d{6,}$/.test(digits) ? digits.replace(/^\+/, '') : term;
  return sql<boolean>`entities.search_text like ${`%${escapeLike(needle)}%`}`;
}

function throwIfCodeTaken(error: unknown): never {
  if (isUniqueViolation(error, 'entities_code_key'))
    throw new AppError('conflict', { issues: [{ field: 'code', code: 'code_taken' }] });
  throw error;
}

export async function createEntity(
  db: Database,
  auth: AuthContext,
  input: EntityInput & { kind: 'person' | 'company'; name: string },
) {
  const id = newId();
  await db
    .transaction()
    .execute((trx) => insertNewEntity(trx, auth, id, input))
    .catch(throwIfCodeTaken);
  return getEntity(db, auth, id);
}

/** Checks, inserts and records a new entity (owned by its creator unless told otherwise), in the caller's transaction. */
export async function insertNewEntity(
  trx: Executor,
  auth: AuthContext,
  id: string,
  input: EntityInput & { kind: 'person' | 'company'; name: string },
): Promise<void> {
  const issues = new IssueCollector();
  const values = resolveEntityValues(
    { owner_id: auth.userId, ...input },
    null,
    await loadEntityRules(trx),
    issues,
  );
  if (typeof values.code === 'string' && (await repo.isCodeTaken(trx, values.code, null)))
    issues.add('code', 'code_taken');
  issues.throwIfAny();
  await repo.insertEntity(trx, {
    id,
    ...(values as { kind: 'person' | 'company'; name: string; name_key: string; search_text: string }),
    custom: JSON.stringify(values.custom ?? {}),
    created_by: auth.userId,
    updated_by: auth.userId,
  });
  await recordEvent(trx, {
    type: 'entity.created',
    object: 'entity',
    objectId: id,
    entityId: id,
    actorId: auth.userId,
    changes: diffChanges({}, values, ENTITY_WRITABLE),
  });
}

export async function updateEntity(
  db: Database,
  auth: AuthContext,
  id: string,
  input: EntityInput & { version: number },
) {
  const { version, ...patch } = input;
  await inTransaction(db, async (trx) => {
    const current = await requireVisibleEntity(trx, auth, id, { forUpdate: true });
    if (current.version !== version) throw versionConflict(current.version);
    await applyEntityPatch(trx, auth, current, patch);
  }).catch(throwIfCodeTaken);
  return getEntity(db, auth, id);
}

/** Checks, writes and records one change to an entity, inside the caller's transaction. */
export async function applyEntityPatch(
  trx: Executor,
  auth: AuthContext,
  current: Awaited<ReturnType<typeof requireVisibleEntity>>,
  patch: EntityInput,
  eventType = 'entity.updated',
) {
  const issues = new IssueCollector();
  const values = resolveEntityValues(patch, current, await loadEntityRules(trx), issues);
  if (
    typeof values.code === 'string' &&
    values.code !== current.code &&
    (await repo.isCodeTaken(trx, values.code, current.id))
  ) {
    issues.add('code', 'code_taken');
  }
  issues.throwIfAny();
  const changes = diffChanges(current, values, ENTITY_WRITABLE);
  if (Object.keys(changes).length === 0 && eventType === 'entity.updated') return;
  await repo.updateEntityRow(trx, current.id, {
    ...values,
    ...(values.custom !== undefined && { custom: JSON.stringify(values.custom) }),
    version: current.version + 1,
    updated_at: new Date(),
    updated_by: auth.userId,
  });
  await recordEvent(trx, {
    type: eventType,
    object: 'entity',
    objectId: current.id,
    entityId: current.id,
    actorId: auth.userId,
    changes,
  });
}

export async function deleteEntity(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await requireVisibleEntity(trx, auth, id, { forUpdate: true });
    await repo.updateEntityRow(trx, id, {
      deleted_at: new Date(),
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    });
    await recordEvent(trx, {
      type: 'entity.deleted',
      object: 'entity',
      objectId: id,
      entityId: id,
      actorId: auth.userId,
    });
  });
}

export async function restoreEntity(db: Database, auth: AuthContext, id: string): Promise<Entity> {
  await db.transaction().execute(async (trx) => {
    const current = await requireVisibleEntity(trx, auth, id, { forUpdate: true, includeDeleted: true });
    if (!current.deleted_at) return;
    if (current.merged_into_id)
      throw new AppError('conflict', { issues: [{ field: 'id', code: 'already_merged' }] });
    await repo.updateEntityRow(trx, id, {
      deleted_at: null,
      version: current.version + 1,
      updated_at: new Date(),
      updated_by: auth.userId,
    });
    await recordEvent(trx, {
      type: 'entity.restored',
      object: 'entity',
      objectId: id,
      entityId: id,
      actorId: auth.userId,
    });
  });
  return getEntity(db, auth, id);
}

/**
 * ERP upsert: the entity with this external code is created or updated with the given fields.
 * A `version`, when sent, must match; an entity outside the caller's scope answers 404.
 */
export async function upsertEntityByCode(
  db: Database,
  auth: AuthContext,
  code: string,
  input: EntityInput & { kind: 'person' | 'company'; name: string; version?: number | undefined },
): Promise<{ entity: Entity; created: boolean }> {
  const { version, ...fields } = input;
  let id: string | null = null;
  let created = false;
  await db
    .transaction()
    .execute(async (trx) => {
      const existing = await repo.findEntityIdByCode(trx, code);
      if (!existing) {
        assertCan(auth, 'entities', 'create');
        created = true;
        id = newId();
        await insertNewEntity(trx, auth, id, { ...fields, code });
        return;
      }
      assertCan(auth, 'entities', 'edit');
      id = existing.id;
      const current = await requireVisibleEntity(trx, auth, existing.id, {
        forUpdate: true,
        includeDeleted: true,
      });
      if (version !== undefined && current.version !== version) throw versionConflict(current.version);
      await applyEntityPatch(trx, auth, current, fields);
    })
    .catch(throwIfCodeTaken);
  return { entity: await getEntity(db, auth, id!), created };
}

export async function bulkUpdateEntities(
  db: Database,
  auth: AuthContext,
  input: {
    ids: string[];
    set: {
      owner_id?: string | null | undefined;
      source?: string | null | undefined;
      sector?: string | null | undefined;
      zone?: string | null | undefined;
      add_roles?: string[] | undefined;
      remove_roles?: string[] | undefined;
    };
  },
) {
  const { add_roles, remove_roles, ...plain } = input.set;
  // One transaction for the batch: every row is checked first; if any fails, nothing is written.
  return db.transaction().execute(async (trx) => {
    const errors: { id: string; code: string; message: string }[] = [];
    let updated = 0;
    for (const id of [...new Set(input.ids)]) {
      const current = await repo.findVisibleEntity(trx, auth, id, { forUpdate: true });
      if (!current) {
        errors.push({ id, code: 'not_found', message: 'not_found' });
        continue;
      }
      const patch: EntityInput = { ...plain };
      if (add_roles || remove_roles) {
        patch.roles = [...new Set([...current.roles, ...(add_roles ?? [])])].filter(
          (r) => !(remove_roles ?? []).includes(r),
        );
      }
      try {
        await applyEntityPatch(trx, auth, current, patch);
        updated++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({
          id,
          code: error.issues[0]?.code ?? error.code,
          message: error.issues[0]?.field ?? error.code,
        });
      }
    }
    if (errors.length > 0)
      throw new AppError('validation_failed', {
        issues: errors.map((e) => ({ field: `ids.${input.ids.indexOf(e.id)}`, code: e.code })),
      });
    return { updated, errors };
  });
}
