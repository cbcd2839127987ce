import { Button } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/Panel';
import { ActionFormModal } from '../actions/ActionFormModal';
import type { CreateActionRequest } from '../actions/actions.api';
import { RecordActionList } from '../actions/RecordActionList';
import { type Case, caseActionsQuery } from './cases.api';

/** The planned actions on the case, soonest first; plan one or log one already done, linked to the case. */
export function CaseActions({ item }: { item: Case }) {
  const { t } = useTranslation('cases');
  const { data, isPending } = useQuery(caseActionsQuery(item.id));
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
      <RecordActionList actions={actions} pending={isPending} empty={t('actions.none')} />
      <ActionFormModal opened={creating !== null} onClose={() => setCreating(null)} defaults={defaults} />
    </Panel>
  );
}
