import { Skeleton, Stack, Text } from '@mantine/core';
import { useMe } from '../auth/auth.api';
import { ActionFormModal } from './ActionFormModal';
import { ActionRow } from './ActionRow';
import type { Action } from './actions.api';
import { ReassignModal } from './ReassignModal';
import { useDialogItem } from './use-dialog-item';
import { useNow } from './use-now';

/** The actions of one record (entity, contact, case) as cards; each opens to be edited or reassigned. */
export function RecordActionList({
  actions,
  pending,
  empty,
}: {
  actions: Action[];
  pending: boolean;
  /** What shows when there are none. */
  empty: string;
}) {
  const me = useMe();
  const now = useNow();
  const editing = useDialogItem<Action>();
  const reassigning = useDialogItem<Action>();
  return (
    <>
      {pending ? (
        <Skeleton height={48} />
      ) : actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {actions.map((action) => (
            <li key={action.id}>
              <ActionRow
                action={action}
                timeZone={me.time_zone}
                now={now}
                onOpen={editing.open}
                onReassign={reassigning.open}
                hideEntity
                layout="card"
              />
            </li>
          ))}
        </Stack>
      )}
      <ActionFormModal opened={editing.opened} onClose={editing.close} action={editing.item ?? undefined} />
      <ReassignModal
        opened={reassigning.opened}
        onClose={reassigning.close}
        actions={reassigning.item ? [reassigning.item] : []}
      />
    </>
  );
}
