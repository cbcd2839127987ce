import {
  Accordion,
  Alert,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCalendarPlus, IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { errorMessage, notifyError, notifySuccess } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePhone } from '../../ui/use-phone';
import {
  type CalendarFeedItem,
  calendarFeedsQuery,
  createCalendarFeed,
  revokeCalendarFeed,
} from './calendar-feed.api';

const APPS = ['google', 'outlook', 'thunderbird'] as const;

/** Private ICS feeds: create one (its URL shown once, with how to subscribe), see them, revoke them. */
export function CalendarFeeds() {
  const { t } = useTranslation('calendar-feed');
  const phone = usePhone();
  const queryClient = useQueryClient();
  const query = useQuery(calendarFeedsQuery);
  const [created, setCreated] = useState<CalendarFeedItem | null>(null);
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarFeedsQuery.queryKey });

  const create = async () => {
    setCreating(true);
    try {
      setCreated(await createCalendarFeed());
      await refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setCreating(false);
    }
  };
  const revoke = (feed: CalendarFeedItem) =>
    modals.openConfirmModal({
      title: t('revoke_title'),
      centered: true,
      children: <Text size="sm">{t('revoke_body', { date: formatDateTime(feed.created_at) })}</Text>,
      labels: { confirm: t('revoke'), cancel: t('cancel') },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': t('close') },
      onConfirm: async () => {
        try {
          await revokeCalendarFeed(feed.id);
          if (created?.id === feed.id) setCreated(null);
          await refresh();
          notifySuccess(t('revoked'));
        } catch (error) {
          notifyError(error);
        }
      },
    });
  const feeds = query.data?.data ?? [];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="feeds-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="feeds-title">
            {t('feeds.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('feeds.intro')}
          </Text>
        </div>
        <Group>
          <Button
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            loading={creating}
            onClick={() => void create()}
            h={phone ? 44 : undefined}
          >
            {t('create')}
          </Button>
        </Group>
        {created?.url && (
          <Alert color="teal" title={t('created_title')} role="status">
            <Stack gap="xs">
              <Text size="sm">{t('shown_once')}</Text>
              <Group gap="xs" wrap={phone ? 'wrap' : 'nowrap'} align="stretch">
                <Code block style={{ flex: '1 1 240px', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                  {created.url}
                </Code>
                <CopyButton value={created.url}>
                  {({ copied, copy }) => (
                    <Button
                      variant={copied ? 'filled' : 'light'}
                      onClick={copy}
                      leftSection={
                        copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                      }
                      h={phone ? 44 : undefined}
                    >
                      {copied ? t('copied') : t('copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="sm" fw={600} mt="xs">
                {t('how.title')}
              </Text>
              <Accordion variant="separated" radius="md">
                {APPS.map((app) => (
                  <Accordion.Item key={app} value={app}>
                    <Accordion.Control>{t(`how.${app}.name`)}</Accordion.Control>
                    <Accordion.Panel>
                      <List type="ordered" size="sm" spacing={4}>
                        {(t(`how.${app}.steps`, { returnObjects: true }) as string[]).map((line) => (
                          <List.Item key={line}>{line}</List.Item>
                        ))}
                      </List>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
              <Text size="xs" c="dimmed">
                {t('how.refresh')}
              </Text>
            </Stack>
          </Alert>
        )}
        {query.isPending ? (
          <Skeleton height={60} />
        ) : query.error ? (
          <Alert color="red">{errorMessage(query.error)}</Alert>
        ) : feeds.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('none')}
          </Text>
        ) : (
          <Stack
            gap={0}
            component="ul"
            aria-label={t('list_label')}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {feeds.map((feed) => (
              <Box
                component="li"
                key={feed.id}
                py="xs"
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500}>
                      {t('created_at', { date: formatDateTime(feed.created_at) })}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('last_used')}{' '}
                      {feed.last_used_at ? <RelativeTime value={feed.last_used_at} /> : t('never')}
                    </Text>
                  </div>
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    onClick={() => revoke(feed)}
                    aria-label={t('revoke_label', { date: formatDateTime(feed.created_at) })}
                    h={phone ? 44 : undefined}
                  >
                    {t('revoke')}
                  </Button>
                </Group>
              </Box>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
