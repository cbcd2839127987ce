import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, notifyWithUndo } from '../../ui/notify';
import { useOwnerOptions } from '../users/use-owner-options';
import { type Action, actionsChanged, dropFromPanels, reassignActions } from './actions.api';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The actions to hand over (one or many). */
  actions: Action[];
  onDone?: () => void;
}

/** Hand one or many actions to someone else, with a reason kept on each action's history; Undo puts them back. */
export function ReassignModal({ opened, onClose, actions, onDone }: Props) {
  const { t } = useTranslation('actions');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('reassign.title', { count: actions.length })}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      <ReassignForm actions={actions} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function ReassignForm({ actions, onClose, onDone }: Omit<Props, 'opened'>) {
  const { t } = useTranslation('actions');
  const queryClient = useQueryClient();
  const users = useOwnerOptions();
  const [userId, setUserId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = actions.map((a) => a.id);

  const submit = async () => {
    if (!userId) {
      setError(t('reassign.pick_someone'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await reassignActions({ ids, assignee_user_id: userId, reason: reason.trim() || null });
      dropFromPanels(queryClient, ids);
      actionsChanged(queryClient);
      onClose();
      onDone?.();
      const name = users.find((u) => u.value === userId)?.label ?? '';
      notifyWithUndo(t('reassign.done', { count: result.updated, name }), async () => {
        for (const group of groupByAssignee(actions)) {
          await reassignActions({ ...group, reason: t('reassign.undo_reason') });
        }
        actionsChanged(queryClient);
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        {actions.length === 1 && (
          <Text size="sm" c="dimmed">
            {actions[0]!.subject}
          </Text>
        )}
        <Select
          label={t('reassign.to')}
          data={users}
          value={userId}
          onChange={(value) => {
            setUserId(value);
            setError(null);
          }}
          searchable
          required
          data-autofocus
          error={error && !userId ? error : undefined}
        />
        <Textarea
          label={t('reassign.reason')}
          description={t('reassign.reason_hint')}
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {error && userId && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('translation:common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('reassign.submit', { count: actions.length })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The previous assignments, one reassign call per distinct (user, team). */
function groupByAssignee(actions: Action[]) {
  const groups = new Map<
    string,
    { ids: string[]; assignee_user_id: string | null; assignee_team_id: string | null }
  >();
  for (const a of actions) {
    const key = `${a.assignee_user_id}|${a.assignee_team_id}`;
    const group = groups.get(key) ?? {
      ids: [],
      assignee_user_id: a.assignee_user_id,
      assignee_team_id: a.assignee_team_id,
    };
    group.ids.push(a.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}
