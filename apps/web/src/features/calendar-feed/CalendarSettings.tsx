import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/use-page-title';
import { CalendarFeeds } from './CalendarFeeds';
import { TimeZoneSetting } from './TimeZoneSetting';

/** The user's calendar settings: time zone, and the private feed for Google Calendar, Outlook, Thunderbird. */
export function CalendarSettings() {
  const { t } = useTranslation('calendar-feed');
  usePageTitle(t('title'));
  return (
    <Stack gap="md" maw={880}>
      <div>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('intro')}
        </Text>
      </div>
      <TimeZoneSetting />
      <CalendarFeeds />
    </Stack>
  );
}
