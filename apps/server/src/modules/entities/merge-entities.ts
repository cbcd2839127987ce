import type { Entity } from '@trato/contracts/entities';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { recordEvent } from '../../platform/events.ts';
import { applyEntityPatch, getEntity, requireVisibleEntity } from './entities.service.ts';
import type { EntityInput } from './entity-values.ts';

/**
 * Joins `fromId` into `intoId`: contacts, notes, files and history move to the survivor; emails, phones and
 * roles are united; `values` decides field by field what the survivor keeps. The other one stays, marked as
 * merged (and deleted), so links to it can still be followed.
 */
export async function mergeEntities(
  db: Database,
  auth: AuthContext,
  intoId: string,
  input: { from_id: string; version: number; values?: EntityInput | undefined },
): Promise<Entity> {
  if (input.from_id === intoId)
    throw new AppError('validation_failed', { issues: [{ field: 'from_id', code: 'same_entity' }] });
  await db.transaction().execute(async (trx) => {
    const into = await requireVisibleEntity(trx, auth, intoId, { forUpdate: true });
    const from = await requireVisibleEntity(trx, auth, input.from_id, {
      forUpdate: true,
      includeDeleted: true,
    }).catch(() => {
      throw new AppError('validation_failed', { issues: [{ field: 'from_id', code: 'unknown_entity' }] });
    });
    if (from.merged_into_id || from.deleted_at)
      throw new AppError('conflict', { issues: [{ field: 'from_id', code: 'already_merged' }] });
    if (into.version !== input.version) throw versionConflict(into.version);

    const values = input.values ?? {};
    const patch: EntityInput = {
      ...values,
      emails: [...new Set([...(values.emails ?? into.emails), ...from.emails])],
      phones: [...new Set([...(values.phones ?? into.phones), ...from.phones])],
      roles: [...new Set([...(values.roles ?? into.roles), ...from.roles])],
      custom: { ...from.custom, ...into.custom, ...(values.custom ?? {}) },
      // A language known on either side is kept (the survivor's first).
      language: values.language !== undefined ? values.language : (into.language ?? from.language),
    };
    // A code is unique: the loser gives it up first, so the survivor may take it.
    const movingCode = values.code !== undefined && values.code === from.code;
    const now = new Date();
    await trx
      .updateTable('entities')
      .set({
        merged_into_id: intoId,
        deleted_at: now,
        ...(movingCode && { code: null }),
        version: from.version + 1,
        updated_at: now,
        updated_by: auth.userId,
      })
      .where('id', '=', from.id)
      .execute();
    await trx
      .updateTable('contacts')
      .set({ entity_id: intoId, is_primary: false, updated_at: now })
      .where('entity_id', '=', from.id)
      .execute();
    await trx.updateTable('notes').set({ entity_id: intoId }).where('entity_id', '=', from.id).execute();
    await trx.updateTable('files').set({ entity_id: intoId }).where('entity_id', '=', from.id).execute();
    await trx.updateTable('events').set({ entity_id: intoId }).where('entity_id', '=', from.id).execute();
    await applyEntityPatch(trx, auth, into, patch, 'entity.merged');
    await recordEvent(trx, {
      type: 'entity.merged_away',
      object: 'entity',
      objectId: from.id,
      entityId: intoId,
      actorId: auth.userId,
      changes: { merged_into_id: [null, intoId], name: [from.name, from.name] },
    });
  });
  return getEntity(db, auth, intoId);
}
