import { Badge, Button, Drawer, Group, List, Loader, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconHistory, IconMinus, IconRefresh, IconX } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../ui/links';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePhone } from '../../../ui/use-phone';
import { AdminEmpty, classes } from '../ui';
import { type AutomationRule, type AutomationRun, runsQuery } from './automation.api';

// Light badges with the darkest shade of their colour as text: 4.5:1 on the tinted background.
const STATUS_COLOR = { succeeded: 'teal', failed: 'red', skipped: 'gray' } as const;
const OUTCOME_ICON = {
  ok: { color: 'teal', icon: IconCheck },
  failed: { color: 'red', icon: IconX },
  skipped: { color: 'gray', icon: IconMinus },
} as const;

/** An outcome's detail in words: known codes translated, anything else (an error, an address) as it is. */
export function outcomeDetail(t: TFunction, detail: string | null | undefined): string {
  if (!detail) return '';
  return t(`automation:run.details.${detail}`, { defaultValue: detail });
}

/** The record a run worked on, linked when it has a page. */
function RecordLink({ run }: { run: AutomationRun }) {
  const { t } = useTranslation('automation');
  const label = run.object_label ?? t('run.deleted_record');
  if (run.object === 'case')
    return (
      <AnchorLink to="/cases/$id" params={{ id: run.object_id }} size="sm" fw={500}>
        {label}
      </AnchorLink>
    );
  if (run.entity_id)
    return (
      <AnchorLink to="/entities/$id" params={{ id: run.entity_id }} size="sm" fw={500}>
        {label}
      </AnchorLink>
    );
  return (
    <Text size="sm" fw={500}>
      {label}
    </Text>
  );
}

function RunCard({ run }: { run: AutomationRun }) {
  const { t } = useTranslation('automation');
  return (
    <Paper withBorder p="sm" radius="md" data-testid="automation-run">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge
              size="sm"
              variant="light"
              color={STATUS_COLOR[run.status]}
              c={`${STATUS_COLOR[run.status]}.9`}
              tt="none"
              style={{ flexShrink: 0 }}
            >
              {t(`run.status.${run.status}`)}
            </Badge>
            <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              <Text span size="xs" c="dimmed" mr={4}>
                {t(`objects.${run.object}`)}:
              </Text>
              <RecordLink run={run} />
            </span>
          </Group>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            <RelativeTime value={run.started_at} />
          </Text>
        </Group>
        {run.reason && (
          <Text size="sm" c="dimmed">
            {t(`run.reasons.${run.reason}`, { defaultValue: run.reason })}
          </Text>
        )}
        {run.outcome.length > 0 && (
          <List spacing={4} size="sm" center>
            {run.outcome.map((outcome, index) => {
              const look = OUTCOME_ICON[outcome.status];
              return (
                <List.Item
                  // biome-ignore lint/suspicious/noArrayIndexKey: outcomes are in the order of the rule's actions
                  key={index}
                  icon={
                    <ThemeIcon size={20} radius="xl" variant="light" color={look.color}>
                      <look.icon size={12} aria-hidden />
                    </ThemeIcon>
                  }
                >
                  <Text span size="sm">
                    {t(`action.types.${outcome.type}`, { defaultValue: outcome.type })}
                  </Text>
                  {outcome.detail && (
                    <Text span size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {' · '}
                      {outcomeDetail(t, outcome.detail)}
                    </Text>
                  )}
                </List.Item>
              );
            })}
          </List>
        )}
        {run.error && (
          <Text size="xs" c="red.8" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {t('run.error')}: {run.error}
          </Text>
        )}
        {(run.depth > 0 || run.trigger_key) && (
          <Text size="xs" c="dimmed">
            {[run.depth > 0 ? t('run.chain', { depth: run.depth }) : null, run.trigger_key]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** A rule's runs, newest first, refreshed every few seconds while open. */
export function RuleRunList({ ruleId }: { ruleId: string }) {
  const { t } = useTranslation('automation');
  const query = useInfiniteQuery({ ...runsQuery(ruleId), refetchInterval: 5_000 });
  const runs = query.data?.pages.flatMap((page) => page.data) ?? [];
  if (query.isPending) return <Loader size="sm" aria-label={t('editor.loading')} />;
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={() => void query.refetch()}
        >
          {t('run.refresh')}
        </Button>
      </Group>
      {runs.length === 0 ? (
        <AdminEmpty
          icon={<IconHistory size={32} />}
          title={t('run.empty')}
          description={t('run.empty_hint')}
        />
      ) : (
        runs.map((run) => <RunCard key={run.id} run={run} />)
      )}
      {query.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t('run.more')}
        </Button>
      )}
    </Stack>
  );
}

/** The run log in a side drawer (full screen on a phone). */
export function RuleRunsModal({
  rule,
  opened,
  onClose,
}: {
  rule: AutomationRule | undefined;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation(['automation', 'admin']);
  const phone = usePhone();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'lg'}
      title={rule ? t('log_of', { name: rule.name }) : t('run.title')}
      closeButtonProps={{ 'aria-label': t('admin:close') }}
      className={classes.touch}
    >
      {rule && opened && <RuleRunList ruleId={rule.id} />}
    </Drawer>
  );
}
