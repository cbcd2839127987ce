import { Button, Skeleton, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/Panel';
import { ActionFormModal } from '../actions/ActionFormModal';
import { ActionRow } from '../actions/ActionRow';
import type { Action, CreateActionRequest } from '../actions/actions.api';
import { ReassignModal } from '../actions/ReassignModal';
import { useDialogItem } from '../actions/use-dialog-item';
import { useNow } from '../actions/use-now';
import { useMe } from '../auth/auth.api';
import { type Case, caseActionsQuery } from './cases.api';

/** The planned actions on the case, soonest first; plan one or log one already done, linked to the case. */
export function CaseActions({ item }: { item: Case }) {
  const { t } = useTranslation('cases');
  const me = useMe();
  const now = useNow();
  const { data, isPending } = useQuery(caseActionsQuery(item.id));
  const editing = useDialogItem<Action>();
  const reassigning = useDialogItem<Action>();
  const [creating, setCreating] = useState<'plan' | 'log' | null>(null);
  const readOnly = Boolean(item.deleted_at);
  const actions = data?.data ?? [];
  useHotkeys([['a', () => !readOnly && setCreating('plan')]]);

  const defaults: Partial<CreateActionRequest> = {
    entity_id: item.entity_id,
    case_id: item.id,
    ...(item.contact_id ? { contact_id: item.contact_id } : {}),
    ...(creating === 'log' ? { status: 'done' as const } : {}),
  };

  return (
    <Panel
      title={t('actions.title')}
      count={actions.length}
      actions={
        !readOnly && (
          <>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconCircleCheck size={14} />}
              onClick={() => setCreating('log')}
            >
              {t('actions.log')}
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setCreating('plan')}
            >
              {t('actions.plan')}
            </Button>
          </>
        )
      }
    >
      {isPending ? (
        <Skeleton height={48} />
      ) : actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('actions.none')}
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
      <ActionFormModal opened={creating !== null} onClose={() => setCreating(null)} defaults={defaults} />
      <ActionFormModal opened={editing.opened} onClose={editing.close} action={editing.item ?? undefined} />
      <ReassignModal
        opened={reassigning.opened}
        onClose={reassigning.close}
        actions={reassigning.item ? [reassigning.item] : []}
      />
    </Panel>
  );
}
