import { ActionIcon, Button, Menu } from '@mantine/core';
import { IconArrowsExchange, IconBan, IconDots, IconHandGrab, IconPencil } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess, notifyWithUndo } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import type { ActionRowProps } from './ActionRow';
import {
  type Action,
  actionsChanged,
  cancelAction,
  dropFromPanels,
  reopenAction,
  takeAction,
} from './actions.api';
import classes from './actions.module.css';

/** A team action nobody has taken yet: any member of the team takes it. */
export function TakeButton({ action }: { action: Action }) {
  const { t } = useTranslation('actions');
  const me = useMe();
  const queryClient = useQueryClient();
  const phone = usePhone();
  const [busy, setBusy] = useState(false);
  const member = me.teams.some((team) => team.id === action.assignee_team_id);
  if (!action.assignee_team_id || action.assignee_user_id || !member) return null;
  const take = async () => {
    setBusy(true);
    try {
      actionsChanged(queryClient, await takeAction(action));
      notifySuccess(t('row.taken', { subject: action.subject }));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size={phone ? 'sm' : 'compact-sm'}
      variant="light"
      leftSection={<IconHandGrab size={16} aria-hidden />}
      aria-label={t('row.take_for', { subject: action.subject })}
      onClick={take}
      loading={busy}
    >
      {t('row.take')}
    </Button>
  );
}

export function RowMenu({ action, onOpen, onReassign }: ActionRowProps) {
  const { t } = useTranslation('actions');
  const queryClient = useQueryClient();
  const phone = usePhone();
  const cancel = async () => {
    dropFromPanels(queryClient, [action.id]);
    try {
      const cancelled = await cancelAction(action);
      actionsChanged(queryClient, cancelled);
      const message = t('cancelled', { subject: action.subject });
      // Whoever closed it may undo that for a while (the server allows it), whatever the closed-edit setting.
      notifyWithUndo(message, async () => actionsChanged(queryClient, await reopenAction(cancelled)));
    } catch (error) {
      actionsChanged(queryClient);
      notifyError(error);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={phone ? 44 : 32}
          aria-label={t('row.more_for', { subject: action.subject })}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onOpen(action)}>
          {t('translation:common.edit')}
        </Menu.Item>
        {onReassign && (
          <Menu.Item leftSection={<IconArrowsExchange size={16} />} onClick={() => onReassign(action)}>
            {t('reassign.one')}
          </Menu.Item>
        )}
        <Menu.Item
          className={classes.danger}
          leftSection={<IconBan size={16} />}
          onClick={() => void cancel()}
        >
          {t('cancel_action')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
