import type { Labels } from '@trato/contracts/common';
import type { PickListName, PickListOption } from '@trato/contracts/settings';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { diffChanges, recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';

type Row = {
  id: string;
  list: string;
  key: string;
  labels: Labels;
  position: number;
  active: boolean;
  version: number;
};
const toOption = (row: Row): PickListOption => ({
  ...row,
  list: row.list as PickListName,
  labels: row.labels as Record<string, string>,
});
const columns = ['id', 'list', 'key', 'labels', 'position', 'active', 'version'] as const;

export async function listOptions(db: Executor): Promise<PickListOption[]> {
  const rows = await db
    .selectFrom('pick_list_options')
    .select(columns)
    .orderBy('list')
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map((r) => toOption(r as Row));
}

/** Keys of the active options of each list, to check what a record may store. */
export async function activeKeys(db: Executor): Promise<Map<string, Set<string>>> {
  const rows = await db
    .selectFrom('pick_list_options')
    .select(['list', 'key'])
    .where('active', '=', true)
    .execute();
  const byList = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!byList.has(row.list)) byList.set(row.list, new Set());
    byList.get(row.list)!.add(row.key);
  }
  return byList;
}

export async function createOption(
  db: Database,
  auth: AuthContext,
  list: PickListName,
  input: { key: string; labels: Labels; position?: number | undefined },
): Promise<PickListOption> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('pick_list_options')
      .select('id')
      .where('list', '=', list)
      .where('key', '=', input.key)
      .executeTakeFirst();
    if (taken) throw new AppError('validation_failed', { issues: [{ field: 'key', code: 'key_taken' }] });
    const last = await trx
      .selectFrom('pick_list_options')
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('max'))
      .where('list', '=', list)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('pick_list_options')
      .values({
        id: newId(),
        list,
        key: input.key,
        labels: JSON.stringify(input.labels),
        position: input.position ?? Number(last.max) + 1,
        created_by: auth.userId,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'pick_list_option.created',
      object: 'pick_list_option',
      objectId: row.id,
      entityId: null,
      actorId: auth.userId,
      changes: { list, key: input.key },
    });
    return toOption(row as Row);
  });
}

export async function updateOption(
  db: Database,
  auth: AuthContext,
  list: PickListName,
  optionId: string,
  input: {
    version: number;
    labels?: Labels | undefined;
    position?: number | undefined;
    active?: boolean | undefined;
  },
): Promise<PickListOption> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('pick_list_options')
      .select(columns)
      .where('id', '=', optionId)
      .where('list', '=', list)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    if (current.version !== input.version) throw versionConflict(current.version);
    const patch = {
      ...(input.labels !== undefined && { labels: input.labels }),
      ...(input.position !== undefined && { position: input.position }),
      ...(input.active !== undefined && { active: input.active }),
    };
    const row = await trx
      .updateTable('pick_list_options')
      .set({
        ...patch,
        labels: JSON.stringify(patch.labels ?? current.labels),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', optionId)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      type: 'pick_list_option.updated',
      object: 'pick_list_option',
      objectId: optionId,
      entityId: null,
      actorId: auth.userId,
      changes: diffChanges(current, patch, ['labels', 'position', 'active']),
    });
    return toOption(row as Row);
  });
}

const USAGE: Record<PickListName, (db: Executor, key: string) => Promise<boolean>> = {
  source: async (db, key) =>
    Boolean(
      await db.selectFrom('entities').select('id').where('source', '=', key).limit(1).executeTakeFirst(),
    ),
  sector: async (db, key) =>
    Boolean(
      await db.selectFrom('entities').select('id').where('sector', '=', key).limit(1).executeTakeFirst(),
    ),
  zone: async (db, key) =>
    Boolean(await db.selectFrom('entities').select('id').where('zone', '=', key).limit(1).executeTakeFirst()),
  entity_roles: async (db, key) =>
    Boolean(
      await db
        .selectFrom('entities')
        .select('id')
        .where(sql<boolean>`${key} = any(roles)`)
        .limit(1)
        .executeTakeFirst(),
    ),
  action_outcomes: async (db, key) =>
    Boolean(
      await db.selectFrom('actions').select('id').where('outcome', '=', key).limit(1).executeTakeFirst(),
    ),
};

export async function deleteOption(
  db: Database,
  auth: AuthContext,
  list: PickListName,
  optionId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('pick_list_options')
      .select(['key'])
      .where('id', '=', optionId)
      .where('list', '=', list)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    if (await USAGE[list](trx, current.key))
      throw new AppError('conflict', { issues: [{ field: 'key', code: 'in_use' }] });
    await trx.deleteFrom('pick_list_options').where('id', '=', optionId).execute();
    await recordEvent(trx, {
      type: 'pick_list_option.deleted',
      object: 'pick_list_option',
      objectId: optionId,
      entityId: null,
      actorId: auth.userId,
      changes: { list, key: current.key },
    });
  });
}
