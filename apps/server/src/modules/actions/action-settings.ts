import type { ActionSettings } from '@trato/contracts/actions';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';

// The admin's settings for actions, one row of the `settings` table under the key 'actions'.

type Settings = z.infer<typeof ActionSettings>;

const KEY = 'actions';
// Settings rows have a text key, events want a uuid object id: one fixed id stands for "the settings".
const SETTINGS_OBJECT_ID = '00000000-0000-0000-0000-000000000000';
const DEFAULTS: Settings = { allow_editing_closed_actions: false };

export async function getActionSettings(db: Executor): Promise<Settings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const stored = (row?.value ?? {}) as Partial<Settings>;
  return {
    allow_editing_closed_actions:
      typeof stored.allow_editing_closed_actions === 'boolean'
        ? stored.allow_editing_closed_actions
        : DEFAULTS.allow_editing_closed_actions,
  };
}

export async function updateActionSettings(
  db: Database,
  auth: AuthContext,
  input: Settings,
): Promise<Settings> {
  await db.transaction().execute(async (trx) => {
    const before = await getActionSettings(trx);
    const value = JSON.stringify({ allow_editing_closed_actions: input.allow_editing_closed_actions });
    await trx
      .insertInto('settings')
      .values({ key: KEY, value, updated_by: auth.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value, updated_at: new Date(), updated_by: auth.userId }),
      )
      .execute();
    await recordEvent(trx, {
      type: 'settings.updated',
      object: 'settings',
      objectId: SETTINGS_OBJECT_ID,
      entityId: null,
      actorId: auth.userId,
      changes: {
        key: KEY,
        allow_editing_closed_actions: [
          before.allow_editing_closed_actions,
          input.allow_editing_closed_actions,
        ],
      },
    });
  });
  return getActionSettings(db);
}
