import { ActionIcon, Button, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconChevronDown, IconPlayerStop, IconPlus, IconRoute } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { usePhone } from '../../ui/use-phone';
import { ActionFormModal } from './ActionFormModal';
import {
  actionsChanged,
  entityActionsQuery,
  type SequenceRunData,
  sequenceRunsQuery,
  sequencesQuery,
  startSequence,
  stopSequenceRun,
} from './actions.api';
import { RecordActionList } from './RecordActionList';

interface Props {
  entityId: string;
  /** On a contact's page: that contact's actions, and new ones are linked to them. */
  contactId?: string;
  readOnly?: boolean;
}

/** The record page's next actions: planned ones soonest first, "new action", and the running sequence. */
export function EntityActions({ entityId, contactId, readOnly }: Props) {
  const { t } = useTranslation('actions');
  const { data, isPending } = useQuery(entityActionsQuery(entityId, contactId));
  const [creating, setCreating] = useState(false);
  const actions = data?.data ?? [];
  useHotkeys([['a', () => !readOnly && setCreating(true)]]);

  return (
    <Panel
      title={t('entity.title')}
      count={actions.length}
      actions={
        !readOnly && (
          <>
            <StartSequence entityId={entityId} contactId={contactId} />
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setCreating(true)}
            >
              {t('new')}
            </Button>
          </>
        )
      }
    >
      <Stack gap="xs">
        <SequenceRuns entityId={entityId} contactId={contactId} readOnly={readOnly} />
        <RecordActionList actions={actions} pending={isPending} empty={t('entity.none')} />
      </Stack>
      <ActionFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        defaults={{ entity_id: entityId, ...(contactId ? { contact_id: contactId } : {}) }}
      />
    </Panel>
  );
}

/** "Paso 2 de 4 · Bienvenida a nuevos clientes", with Stop. */
function SequenceRuns({ entityId, contactId, readOnly }: Props) {
  const { t } = useTranslation('actions');
  const queryClient = useQueryClient();
  const phone = usePhone();
  const { data } = useQuery({ ...sequenceRunsQuery(entityId), retry: false });
  const runs = (data?.data ?? []).filter(
    (run) => run.status === 'active' && (!contactId || !run.contact_id || run.contact_id === contactId),
  );
  const stop = async (run: SequenceRunData) => {
    try {
      await stopSequenceRun(run);
      actionsChanged(queryClient);
      notifySuccess(t('sequence.stopped', { name: run.sequence_name }));
    } catch (error) {
      notifyError(error);
    }
  };
  if (runs.length === 0) return null;
  return (
    <>
      {runs.map((run) => (
        <Paper key={run.id} withBorder radius="md" px="sm" py={6} bg="var(--mantine-color-default-hover)">
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconRoute size={18} aria-hidden style={{ flexShrink: 0 }} />
              <Text size="sm" truncate>
                {run.current_step_position
                  ? t('sequence.step', { n: run.current_step_position, total: run.step_count })
                  : t('sequence.running')}
                {' · '}
                <Text span fw={600}>
                  {run.sequence_name}
                </Text>
              </Text>
            </Group>
            {!readOnly && (
              <Tooltip label={t('sequence.stop')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={phone ? 44 : 32}
                  aria-label={t('sequence.stop_named', { name: run.sequence_name })}
                  onClick={() => void stop(run)}
                >
                  <IconPlayerStop size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Paper>
      ))}
    </>
  );
}

function StartSequence({ entityId, contactId }: { entityId: string; contactId?: string | undefined }) {
  const { t } = useTranslation('actions');
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...sequencesQuery, retry: false });
  const sequences = (data?.data ?? []).filter((s) => s.active);
  if (sequences.length === 0) return null;
  const start = async (sequenceId: string, name: string) => {
    try {
      await startSequence(sequenceId, {
        entity_id: entityId,
        ...(contactId ? { contact_id: contactId } : {}),
      });
      actionsChanged(queryClient);
      notifySuccess(t('sequence.started', { name }));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconRoute size={14} />}
          rightSection={<IconChevronDown size={12} />}
        >
          {t('sequence.start')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('sequence.pick')}</Menu.Label>
        {sequences.map((s) => (
          <Menu.Item key={s.id} onClick={() => void start(s.id, s.name)}>
            {s.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
