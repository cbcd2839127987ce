import { ActionBar, Alert, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useHotkeys, useLocalStorage } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowsExchange, IconCircleCheck, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { PANEL_BUCKETS } from '@trato/contracts/actions';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { ActionFormModal } from '../actions/ActionFormModal';
import { type Action, panelQuery } from '../actions/actions.api';
import { QuickAdd } from '../actions/QuickAdd';
import { ReassignModal } from '../actions/ReassignModal';
import { useDialogItem } from '../actions/use-dialog-item';
import { useNow } from '../actions/use-now';
import { useMe } from '../auth/auth.api';
import { PanelScope } from './PanelScope';
import { PanelSection } from './PanelSection';
import classes from './panel.module.css';
import { type PanelSearch, panelParams } from './panel-search';

type Bucket = (typeof PANEL_BUCKETS)[number];

interface Props {
  search: PanelSearch;
  onSearchChange: (search: PanelSearch) => void;
}

/**
 * The first screen after login: what is overdue, due today and coming up (mine or my team's), with counts,
 * a one-line quick add, mark done in two clicks and bulk reassign.
 */
export function ControlPanel({ search, onSearchChange }: Props) {
  const { t } = useTranslation('panel');
  const me = useMe();
  const phone = usePhone();
  const now = useNow();
  const [limit, setLimit] = useState(50);
  const query = useQuery(panelQuery(panelParams(search, limit)));
  const [collapsed, setCollapsed] = useLocalStorage<Bucket[]>({
    key: 'trato.panel.collapsed',
    defaultValue: [],
  });
  const [selected, setSelected] = useState<Record<string, Action>>({});
  const editing = useDialogItem<Action>();
  const reassigning = useDialogItem<Action[]>();
  const [creating, setCreating] = useState(false);
  useHotkeys([['n', () => setCreating(true)]]);

  const scopeKey = `${search.scope ?? ''}|${search.team ?? ''}|${search.user ?? ''}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new scope is a new set of rows
  useEffect(() => setSelected({}), [scopeKey]);

  const select = (actions: Action[], on: boolean) =>
    setSelected((old) => {
      const next = { ...old };
      for (const a of actions) {
        if (on) next[a.id] = a;
        else delete next[a.id];
      }
      return next;
    });
  const selectedList = Object.values(selected);
  const data = query.data;
  const timeZone = data?.time_zone ?? me.time_zone;
  const mine = !search.scope && !search.user;

  return (
    <Stack gap="md" className={classes.screen}>
      <Stack gap={4}>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Group gap="xs" wrap="wrap">
            <PanelScope search={search} onSearchChange={onSearchChange} />
            {!phone && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                {t('actions:new')}
              </Button>
            )}
          </Group>
        </Group>
        {data && (
          <Text size="sm" c="dimmed" style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
            <IconCircleCheck size={16} aria-hidden />
            {t(mine ? 'done_today_mine' : 'done_today_team', { count: data.counts.done_today })}
          </Text>
        )}
      </Stack>
      <QuickAdd />
      {query.isError ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('translation:errors.title')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(query.error)}</Text>
            <Button variant="default" size="compact-md" onClick={() => void query.refetch()}>
              {t('translation:common.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : !data ? (
        <Stack gap="sm" aria-busy="true">
          {PANEL_BUCKETS.map((b) => (
            <Skeleton key={b} height={120} radius="md" />
          ))}
        </Stack>
      ) : (
        PANEL_BUCKETS.map((bucket) => (
          <PanelSection
            key={bucket}
            bucket={bucket}
            actions={data[bucket]}
            count={data.counts[bucket]}
            open={!collapsed.includes(bucket)}
            onToggle={() =>
              setCollapsed((old) =>
                old.includes(bucket) ? old.filter((b) => b !== bucket) : [...old, bucket],
              )
            }
            selected={selected}
            onSelect={select}
            onOpen={editing.open}
            onReassign={(action) => reassigning.open([action])}
            onMore={limit < 200 ? () => setLimit(200) : undefined}
            timeZone={timeZone}
            now={now}
            hideOwnAssignee={mine}
          />
        ))
      )}
      {phone && (
        <Button
          variant="light"
          leftSection={<IconPlus size={18} />}
          size="md"
          onClick={() => setCreating(true)}
        >
          {t('actions:new')}
        </Button>
      )}
      <ActionBar
        opened={selectedList.length > 0}
        onClose={() => setSelected({})}
        closeOnEscape
        aria-label={t('translation:list.bulk_actions')}
        position={{ bottom: phone ? 80 : 30, left: 0, right: 0 }}
      >
        <Text size="sm" fw={600} px="xs">
          {t('translation:list.selected', { count: selectedList.length })}
        </Text>
        <ActionBar.Divider />
        <Button
          size="compact-md"
          variant="light"
          leftSection={<IconArrowsExchange size={16} />}
          onClick={() => reassigning.open(selectedList)}
        >
          {t('reassign')}
        </Button>
        <ActionBar.CloseButton aria-label={t('translation:list.clear_selection')} />
      </ActionBar>
      <ActionFormModal opened={creating} onClose={() => setCreating(false)} />
      <ActionFormModal opened={editing.opened} onClose={editing.close} action={editing.item ?? undefined} />
      <ReassignModal
        opened={reassigning.opened}
        onClose={reassigning.close}
        actions={reassigning.item ?? []}
        onDone={() => setSelected({})}
      />
    </Stack>
  );
}
