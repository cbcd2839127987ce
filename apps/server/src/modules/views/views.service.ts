import type { SavedViewObject } from '@trato/contracts/records';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

type ViewQuery = {
  filters: { field: string; op: string; value: string }[];
  sort?: string | undefined;
  columns?: string[] | undefined;
  q?: string | undefined;
};
type Row = {
  id: string;
  object: string;
  name: string;
  owner_id: string;
  shared: boolean;
  query: Record<string, unknown>;
  position: number;
  version: number;
};

const toView = (row: Row) => ({
  ...row,
  object: row.object as SavedViewObject,
  query: row.query as ViewQuery,
});
const columns = ['id', 'object', 'name', 'owner_id', 'shared', 'query', 'position', 'version'] as const;

/** Your own views and the ones others shared, in tab order. */
export async function listViews(db: Database, auth: AuthContext, object: string | undefined) {
  let query = db
    .selectFrom('saved_views')
    .select(columns)
    .where((eb) => eb.or([eb('owner_id', '=', auth.userId), eb('shared', '=', true)]));
  if (object) query = query.where('object', '=', object);
  return (await query.orderBy('position').orderBy('name').execute()).map((r) => toView(r as Row));
}

export async function createView(
  db: Database,
  auth: AuthContext,
  input: {
    object: SavedViewObject;
    name: string;
    shared?: boolean | undefined;
    query: ViewQuery;
    position?: number | undefined;
  },
) {
  const row = await db
    .insertInto('saved_views')
    .values({
      id: newId(),
      object: input.object,
      name: input.name,
      owner_id: auth.userId,
      shared: input.shared ?? false,
      query: JSON.stringify(input.query),
      position: input.position ?? 0,
      created_by: auth.userId,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toView(row as Row);
}

/** Only the owner changes or deletes a view; others see shared ones read-only. */
async function requireOwnView(db: Database, auth: AuthContext, viewId: string) {
  const view = await db.selectFrom('saved_views').select(columns).where('id', '=', viewId).executeTakeFirst();
  if (!view || (view.owner_id !== auth.userId && !view.shared)) throw notFound();
  if (view.owner_id !== auth.userId) throw new AppError('forbidden');
  return view;
}

export async function updateView(
  db: Database,
  auth: AuthContext,
  viewId: string,
  input: {
    version: number;
    name?: string | undefined;
    shared?: boolean | undefined;
    query?: ViewQuery | undefined;
    position?: number | undefined;
  },
) {
  const view = await requireOwnView(db, auth, viewId);
  if (view.version !== input.version) throw versionConflict(view.version);
  const row = await db
    .updateTable('saved_views')
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.shared !== undefined && { shared: input.shared }),
      ...(input.query !== undefined && { query: JSON.stringify(input.query) }),
      ...(input.position !== undefined && { position: input.position }),
      version: view.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', viewId)
    .where('version', '=', input.version)
    .returning(columns)
    .executeTakeFirst();
  if (!row) throw versionConflict(view.version + 1);
  return toView(row as Row);
}

export async function deleteView(db: Database, auth: AuthContext, viewId: string): Promise<void> {
  await requireOwnView(db, auth, viewId);
  await db.deleteFrom('saved_views').where('id', '=', viewId).execute();
}
