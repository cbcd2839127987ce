import { Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { IconBolt, IconHistory, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePageTitle } from '../../../ui/use-page-title';
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
import {
  type AutomationRule,
  deleteRule,
  invalidateRules,
  putRule,
  rulesQuery,
  setRuleActive,
} from './automation.api';
import { RuleRunsModal } from './RuleRuns';
import { triggerSummary } from './rule-summary';
import { useRuleOptions } from './use-rule-options';

/** Administración → Automatización: the rules, with a switch each, how often they ran, and their logs. */
export function AutomationAdmin() {
  const { t } = useTranslation(['automation', 'admin']);
  usePageTitle(t('title'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const rowItems = useRowItems();
  const query = useQuery(rulesQuery());
  const options = useRuleOptions();
  const log = useDialog<AutomationRule>();
  const reload = () => invalidateRules(queryClient);
  const edit = (rule: AutomationRule) =>
    void navigate({ to: '/admin/automation/$ruleId', params: { ruleId: rule.id } });

  const setActive = async (rule: AutomationRule, active: boolean) => {
    putRule(queryClient, rule.id, { active });
    try {
      putRule(queryClient, rule.id, await setRuleActive(rule.id, active));
      notifySuccess(t(active ? 'activated' : 'deactivated', { name: rule.name }));
    } catch (error) {
      notifyWriteError(error, reload);
      void reload();
    }
  };

  const remove = (rule: AutomationRule) =>
    confirmDanger({
      title: t('delete_title', { name: rule.name }),
      message: t('delete_message'),
      confirm: t('admin:delete'),
      onConfirm: async () => {
        try {
          await deleteRule(rule.id);
          await reload();
          notifySuccess(t('deleted'));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const name = (rule: AutomationRule) => (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="nowrap">
        <Link
          to="/admin/automation/$ruleId"
          params={{ ruleId: rule.id }}
          className={classes.cellButton}
          style={{ overflowWrap: 'anywhere' }}
        >
          {rule.name}
        </Link>
        {!rule.active && (
          <Badge size="sm" variant="default" tt="none" fw={500} style={{ flexShrink: 0 }}>
            {t('inactive')}
          </Badge>
        )}
      </Group>
      {rule.description && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {rule.description}
        </Text>
      )}
    </Stack>
  );
  const summary = (rule: AutomationRule) => <Text size="sm">{triggerSummary(t, rule, options)}</Text>;
  const activeSwitch = (rule: AutomationRule) => (
    <Switch
      checked={rule.active}
      onChange={(event) => void setActive(rule, event.currentTarget.checked)}
      aria-label={t('active_label', { name: rule.name })}
    />
  );
  const runs = (rule: AutomationRule) => (
    <Stack gap={0}>
      <Text size="sm">{t('runs_count', { count: rule.runs_total })}</Text>
      <Text size="xs" c="dimmed">
        {rule.last_run_at ? <RelativeTime value={rule.last_run_at} /> : t('never')}
      </Text>
    </Stack>
  );
  const logButton = (rule: AutomationRule) => (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconHistory size={16} aria-hidden />}
      onClick={() => log.open(rule)}
      aria-label={t('log_of', { name: rule.name })}
    >
      {t('log')}
    </Button>
  );
  const columns: Column<AutomationRule>[] = [
    { key: 'name', header: t('name'), cell: name, width: '28%' },
    { key: 'trigger', header: t('when_column'), cell: summary },
    { key: 'runs', header: t('runs'), cell: runs, width: 130 },
    { key: 'active', header: t('active'), cell: activeSwitch, width: 80 },
    { key: 'log', header: t('log'), cell: logButton, width: 120 },
  ];
  const newButton = (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={() => void navigate({ to: '/admin/automation/$ruleId', params: { ruleId: 'new' } })}
    >
      {t('new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('title')} description={t('description')} action={newButton} />
      <AdminList
        label={t('title')}
        rows={query.data}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={760}
        empty={
          <AdminEmpty
            icon={<IconBolt size={32} />}
            title={t('empty')}
            description={t('empty_hint')}
            action={newButton}
          />
        }
        card={(rule) => (
          <Stack gap={6}>
            {name(rule)}
            {summary(rule)}
            <Group justify="space-between" gap="xs">
              {activeSwitch(rule)}
              <Text size="xs" c="dimmed">
                {t('runs_count', { count: rule.runs_total })}
              </Text>
              {logButton(rule)}
            </Group>
          </Stack>
        )}
        actions={(rule) => (
          <RowMenu
            name={rule.name}
            items={[
              rowItems.edit(() => edit(rule)),
              { label: t('log'), icon: <IconHistory size={16} aria-hidden />, onClick: () => log.open(rule) },
              rowItems.remove(() => remove(rule)),
            ]}
          />
        )}
      />
      <RuleRunsModal rule={log.target} opened={log.opened} onClose={log.close} />
    </Stack>
  );
}
