import type { Case, ConvertLeadRequest } from '@trato/contracts/cases';
import type { Entity } from '@trato/contracts/entities';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { assertCan } from '../../platform/permissions.ts';
import { applyEntityPatch, getEntity, requireVisibleEntity } from '../entities/entities.service.ts';
import * as repo from './cases.repository.ts';
import { CASE_ISSUES, insertCaseIn, invalid, writtenCase } from './cases.service.ts';

type ConvertInput = z.output<typeof ConvertLeadRequest>;

/** The sale type a conversion opens its opportunity in: the one asked for, or the first live one. */
async function saleTypeId(trx: Executor, typeId: string | undefined): Promise<string> {
  if (typeId) {
    const type = await repo.findCaseType(trx, typeId);
    if (!type?.active) throw invalid('opportunity.type_id', CASE_ISSUES.unknownType);
    if (type.kind !== 'sale') throw invalid('opportunity.type_id', 'not_a_sale_type');
    return type.id;
  }
  const first = (await repo.liveTypesOfKind(trx, 'sale'))[0];
  if (!first) throw invalid('opportunity.type_id', CASE_ISSUES.unknownType);
  return first.id;
}

/**
 * Converts a lead: in one transaction the entity loses the role `lead` and gains `customer` (an
 * `entity.converted` event; its contacts, notes, actions and history stay, it is the same entity), and when
 * asked an opportunity is opened for it in the first open status of a sale type.
 */
export async function convertLead(
  db: Database,
  auth: AuthContext,
  entityId: string,
  input: ConvertInput,
): Promise<{ entity: Entity; case: Case | null }> {
  if (input.opportunity) assertCan(auth, 'cases', 'create');
  const created = await db.transaction().execute(async (trx) => {
    const current = await requireVisibleEntity(trx, auth, entityId, { forUpdate: true });
    if (current.version !== input.version) throw versionConflict(current.version);
    if (!current.roles.includes('lead')) throw invalid('roles', CASE_ISSUES.notALead);
    const roles = current.roles.filter((role) => role !== 'lead');
    if (!roles.includes('customer')) roles.push('customer');
    await applyEntityPatch(trx, auth, current, { roles }, 'entity.converted');
    if (!input.opportunity) return null;
    const { type_id, ...opportunity } = input.opportunity;
    return insertCaseIn(trx, auth, {
      ...opportunity,
      description: undefined,
      type_id: await saleTypeId(trx, type_id),
      entity_id: entityId,
    }).catch((error: unknown) => {
      // The opportunity's problems name its fields under opportunity.
      if (error instanceof AppError && error.code === 'validation_failed')
        throw new AppError('validation_failed', {
          issues: error.issues.map((i) => ({ ...i, field: `opportunity.${i.field}` })),
        });
      throw error;
    });
  });
  return {
    entity: await getEntity(db, auth, entityId),
    case: created ? await writtenCase(db, auth, created.id) : null,
  };
}
