import { Badge, Button, Code, Drawer, Group, Stack, Text } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../../ui/notify';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePhone } from '../../../ui/use-phone';
import { AdminEmpty, AdminList, type Column, classes } from '../ui';
import { deliveriesQuery, replayDelivery, type Webhook, type WebhookDelivery } from './webhooks.api';

// Light badges with the darkest shade of their colour as text: 4.5:1 on the tinted background.
const STATUS_COLOR = { pending: 'blue', delivered: 'teal', failed: 'red' } as const;

interface Props {
  webhook: Webhook | undefined;
  opened: boolean;
  onClose: () => void;
}

/** One webhook's delivery log in a side drawer (full screen on a phone), newest first, with "send again". */
export function WebhookDeliveries({ webhook, opened, onClose }: Props) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={t('webhooks.deliveries_title')}
      closeButtonProps={{ 'aria-label': t('close') }}
      className={classes.touch}
    >
      {webhook && opened && <DeliveryLog webhook={webhook} />}
    </Drawer>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({ ...deliveriesQuery(webhook.id), refetchInterval: 10_000 });
  const [sending, setSending] = useState<string | null>(null);
  const rows = query.data?.pages.flatMap((page) => page.data);

  const replay = async (delivery: WebhookDelivery) => {
    setSending(delivery.id);
    try {
      const result = await replayDelivery(delivery.id);
      notifySuccess(
        result.status === 'delivered' ? t('webhooks.replay_delivered') : t('webhooks.replay_failed'),
      );
      await queryClient.invalidateQueries({ queryKey: ['webhooks', 'deliveries', webhook.id] });
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(null);
    }
  };

  const status = (d: WebhookDelivery) => (
    <Badge
      size="sm"
      variant="light"
      color={STATUS_COLOR[d.status]}
      c={`${STATUS_COLOR[d.status]}.9`}
      tt="none"
    >
      {t(`webhooks.status.${d.status}`)}
    </Badge>
  );
  const outcome = (d: WebhookDelivery) =>
    d.last_status_code === null && !d.last_error ? (
      <Text size="sm" c="dimmed">
        {t('webhooks.no_attempt')}
      </Text>
    ) : (
      <Stack gap={0} style={{ minWidth: 0 }}>
        {d.last_status_code !== null && (
          <Text size="sm" ff="monospace">
            HTTP {d.last_status_code}
          </Text>
        )}
        {d.last_error && (
          <Text size="xs" c="dimmed" lineClamp={2} title={d.last_error} style={{ overflowWrap: 'anywhere' }}>
            {d.last_error}
          </Text>
        )}
      </Stack>
    );
  const when = (d: WebhookDelivery) => (
    <Text size="sm" c="dimmed">
      <RelativeTime value={d.delivered_at ?? d.created_at} />
    </Text>
  );
  const replayButton = (d: WebhookDelivery) => (
    <Button
      variant="default"
      size="compact-sm"
      leftSection={<IconSend size={14} aria-hidden />}
      loading={sending === d.id}
      onClick={() => void replay(d)}
      aria-label={t('webhooks.replay_label', { event: d.event_type })}
    >
      {t('webhooks.replay')}
    </Button>
  );
  const columns: Column<WebhookDelivery>[] = [
    { key: 'event', header: t('webhooks.event'), cell: (d) => <Code>{d.event_type}</Code> },
    { key: 'status', header: t('webhooks.status_label'), cell: status, width: 100 },
    { key: 'attempts', header: t('webhooks.attempts'), cell: (d) => d.attempts, width: 70 },
    { key: 'outcome', header: t('webhooks.last_result'), cell: outcome },
    { key: 'when', header: t('webhooks.when'), cell: when, width: 110 },
    { key: 'replay', header: t('webhooks.replay'), cell: replayButton, width: 110 },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {webhook.url}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={query.isRefetching}
          onClick={() => void query.refetch()}
        >
          {t('webhooks.refresh')}
        </Button>
      </Group>
      <AdminList
        label={t('webhooks.deliveries_title')}
        rows={rows}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={640}
        empty={
          <AdminEmpty
            icon={<IconSend size={32} />}
            title={t('webhooks.no_deliveries')}
            description={t('webhooks.no_deliveries_hint')}
          />
        }
        card={(d) => (
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Code style={{ overflowWrap: 'anywhere' }}>{d.event_type}</Code>
              {status(d)}
            </Group>
            {outcome(d)}
            <Group justify="space-between" gap="xs">
              <Text size="sm" c="dimmed">
                {t('webhooks.attempts_count', { count: d.attempts })} ·{' '}
                <RelativeTime value={d.delivered_at ?? d.created_at} />
              </Text>
              {replayButton(d)}
            </Group>
          </Stack>
        )}
      />
      {query.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {t('webhooks.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
