import { Badge, Button, Group, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconHistory, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
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
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookFormModal } from './WebhookFormModal';
import {
  cachedWebhook,
  deleteWebhook,
  invalidateWebhooks,
  putWebhook,
  updateWebhook,
  type Webhook,
  webhooksQuery,
} from './webhooks.api';

/** The URL without its scheme, as people read it ("hooks.example.com/trato"). */
const shortUrl = (url: string) => url.replace(/^https?:\/\//i, '');

/** Webhooks: URLs that receive Trato's events, signed with a secret; each with its delivery log. */
export function WebhooksAdmin() {
  const { t } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('webhooks.title'));
  const queryClient = useQueryClient();
  const query = useQuery(webhooksQuery());
  const dialog = useDialog<Webhook>();
  const log = useDialog<Webhook>();
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const reload = () => invalidateWebhooks(queryClient);

  /** Switches a webhook on or off at once; writes follow each other with the version the last one answered. */
  const setActive = (webhook: Webhook, active: boolean) => {
    putWebhook(queryClient, webhook.id, { active });
    chain.current = chain.current.then(async () => {
      const current = cachedWebhook(queryClient, webhook.id) ?? webhook;
      try {
        const saved = await updateWebhook(webhook.id, { version: current.version, active });
        putWebhook(queryClient, webhook.id, saved);
        notifySuccess(
          t(active ? 'webhooks.activated' : 'webhooks.deactivated', { url: shortUrl(webhook.url) }),
        );
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
      }
    });
  };

  const remove = (webhook: Webhook) =>
    confirmDanger({
      title: t('webhooks.delete_title', { url: shortUrl(webhook.url) }),
      message: t('webhooks.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteWebhook(webhook.id);
          await reload();
          notifySuccess(t('webhooks.deleted'));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const url = (w: Webhook) => (
    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
      <UnstyledButton
        className={classes.cellButton}
        onClick={() => dialog.open(w)}
        style={{ overflowWrap: 'anywhere', minWidth: 0 }}
      >
        {shortUrl(w.url)}
      </UnstyledButton>
      {!w.active && (
        <Badge size="sm" variant="default" tt="none" fw={500} style={{ flexShrink: 0 }}>
          {t('webhooks.inactive')}
        </Badge>
      )}
    </Group>
  );
  const events = (w: Webhook) => (
    <Group gap={4}>
      {w.event_types.map((e) => (
        <Badge key={e} size="sm" variant="light" color="gray" tt="none" ff="monospace" fw={500}>
          {e === '*' ? t('webhooks.all_events') : e}
        </Badge>
      ))}
    </Group>
  );
  const activeSwitch = (w: Webhook) => (
    <Switch
      checked={w.active}
      onChange={(event) => setActive(w, event.currentTarget.checked)}
      aria-label={t('webhooks.active_label', { url: shortUrl(w.url) })}
    />
  );
  const logButton = (w: Webhook) => (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconHistory size={16} aria-hidden />}
      onClick={() => log.open(w)}
      aria-label={t('webhooks.deliveries_of', { url: shortUrl(w.url) })}
    >
      {t('webhooks.deliveries')}
    </Button>
  );
  const columns: Column<Webhook>[] = [
    { key: 'url', header: t('webhooks.url'), cell: url },
    { key: 'events', header: t('webhooks.event_types'), cell: events, width: '32%' },
    {
      key: 'created',
      header: t('webhooks.created_at'),
      cell: (w) => (
        <Text size="sm" c="dimmed">
          <RelativeTime value={w.created_at} />
        </Text>
      ),
      width: 130,
    },
    { key: 'active', header: t('webhooks.active'), cell: activeSwitch, width: 80 },
    { key: 'log', header: t('webhooks.deliveries'), cell: logButton, width: 120 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('webhooks.new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('webhooks.title')} description={t('webhooks.description')} action={newButton} />
      <AdminList
        label={t('webhooks.title')}
        rows={query.data}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={760}
        empty={
          <AdminEmpty
            icon={<IconWebhook size={32} />}
            title={t('webhooks.empty')}
            description={t('webhooks.empty_hint')}
            action={newButton}
          />
        }
        card={(w) => (
          <Stack gap={6}>
            {url(w)}
            {events(w)}
            <Group justify="space-between" gap="xs">
              {activeSwitch(w)}
              {logButton(w)}
            </Group>
          </Stack>
        )}
        actions={(w) => (
          <RowMenu
            name={shortUrl(w.url)}
            items={[
              rowItems.edit(() => dialog.open(w)),
              {
                label: t('webhooks.deliveries'),
                icon: <IconHistory size={16} aria-hidden />,
                onClick: () => log.open(w),
              },
              rowItems.remove(() => remove(w)),
            ]}
          />
        )}
      />
      <WebhookFormModal
        key={dialog.key}
        webhook={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
      />
      <WebhookDeliveries webhook={log.target} opened={log.opened} onClose={log.close} />
    </Stack>
  );
}
