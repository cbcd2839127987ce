import { Badge, Button, Group, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconPlus, IconRoute } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { type SequenceData, sequencesQuery } from '../../actions/actions.api';
import { usePickLists } from '../../pick-lists/pick-lists.api';
import { notifyWriteError } from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';
import { SequenceFormModal } from './SequenceFormModal';
import { deleteSequence, updateSequence } from './sequences.api';

type Data = { data: SequenceData[] };

/** Sequences (flows): the steps that follow one another as each action is done. */
export function SequencesAdmin() {
  const { t } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('sequences.title'));
  const queryClient = useQueryClient();
  const query = useQuery(sequencesQuery);
  const pickLists = usePickLists();
  const dialog = useDialog<SequenceData>();
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const key = sequencesQuery.queryKey;
  const reload = () => queryClient.invalidateQueries({ queryKey: key });

  const setLocal = (id: string, patch: Partial<SequenceData>) =>
    queryClient.setQueryData<Data>(key, (old) =>
      old ? { ...old, data: old.data.map((x) => (x.id === id ? { ...x, ...patch } : x)) } : old,
    );
  const setActive = (sequence: SequenceData, active: boolean) => {
    setLocal(sequence.id, { active });
    chain.current = chain.current.then(async () => {
      const version = queryClient.getQueryData<Data>(key)?.data.find((x) => x.id === sequence.id)?.version;
      try {
        const saved = await updateSequence(sequence.id, { version: version ?? sequence.version, active });
        setLocal(sequence.id, saved);
        notifySuccess(t(active ? 'sequences.activated' : 'sequences.deactivated', { name: sequence.name }));
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
      }
    });
  };

  const remove = (sequence: SequenceData) =>
    confirmDanger({
      title: t('sequences.delete_title', { name: sequence.name }),
      message: t('sequences.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteSequence(sequence.id);
          await reload();
          notifySuccess(t('sequences.deleted', { name: sequence.name }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const name = (sequence: SequenceData) => (
    <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(sequence)}>
      {sequence.name}
    </UnstyledButton>
  );
  const goals = (sequence: SequenceData) =>
    sequence.goal_outcomes.length === 0 ? (
      <Text size="sm" c="dimmed">
        {t('sequences.no_goal')}
      </Text>
    ) : (
      <Group gap={4}>
        {sequence.goal_outcomes.map((outcome) => (
          <Badge key={outcome} variant="light" color="gray" tt="none" fw={500}>
            {pickLists.label('action_outcomes', outcome)}
          </Badge>
        ))}
      </Group>
    );
  const activeSwitch = (sequence: SequenceData) => (
    <Switch
      checked={sequence.active}
      onChange={(event) => setActive(sequence, event.currentTarget.checked)}
      aria-label={t('sequences.active_label', { name: sequence.name })}
    />
  );
  const stepCount = (sequence: SequenceData) => t('sequences.step_count', { count: sequence.steps.length });

  const columns: Column<SequenceData>[] = [
    { key: 'name', header: t('sequences.name'), cell: name, width: '32%' },
    { key: 'steps', header: t('sequences.steps'), cell: stepCount, width: 110 },
    { key: 'goals', header: t('sequences.goal_outcomes'), cell: goals },
    { key: 'active', header: t('sequences.active_short'), cell: activeSwitch, width: 90 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('sequences.new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader
        title={t('sequences.title')}
        description={t('sequences.description')}
        action={newButton}
      />
      <AdminList
        label={t('sequences.title')}
        rows={query.data?.data}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={640}
        empty={
          <AdminEmpty
            icon={<IconRoute size={32} />}
            title={t('sequences.empty')}
            description={t('sequences.empty_hint')}
            action={newButton}
          />
        }
        card={(sequence) => (
          <Stack gap={6}>
            {name(sequence)}
            <Text size="sm" c="dimmed">
              {stepCount(sequence)}
            </Text>
            {goals(sequence)}
            {activeSwitch(sequence)}
          </Stack>
        )}
        actions={(sequence) => (
          <RowMenu
            name={sequence.name}
            items={[rowItems.edit(() => dialog.open(sequence)), rowItems.remove(() => remove(sequence))]}
          />
        )}
      />
      <SequenceFormModal
        key={dialog.key}
        sequence={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
      />
    </Stack>
  );
}
