import { ColorSwatch, Group, Progress, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/Panel';
import { RelativeTime } from '../../ui/RelativeTime';
import { useNow } from '../actions/use-now';
import { formatDuration } from './case-format';
import { caseHistoryQuery, useCaseTypes } from './cases.api';

/** Each stay in a status (who moved it, when, for how long) and the total time per status. */
export function CaseStatusHistory({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const types = useCaseTypes();
  const { data, isPending } = useQuery(caseHistoryQuery(caseId));
  // The current stay keeps growing while the page is open.
  const now = useNow();
  const stays = [...(data?.data ?? [])].sort((a, b) => Date.parse(b.entered_at) - Date.parse(a.entered_at));
  const seconds = (stay: (typeof stays)[number]) =>
    stay.left_at
      ? stay.seconds
      : Math.max(stay.seconds, (now.getTime() - Date.parse(stay.entered_at)) / 1000);
  const totals = data?.totals ?? [];
  const longest = Math.max(1, ...totals.map((x) => x.seconds));

  return (
    <Panel title={t('history.title')}>
      {isPending ? (
        <Skeleton height={80} />
      ) : (
        <Stack gap="md">
          {totals.length > 0 && (
            <Stack gap={6}>
              <Title order={3} size="h6">
                {t('history.time_in_status')}
              </Title>
              {totals.map((total) => (
                <Group key={total.status.id} gap="xs" wrap="nowrap">
                  <Text size="sm" w={140} truncate>
                    {types.label(total.status)}
                  </Text>
                  <Progress
                    value={(total.seconds / longest) * 100}
                    color={total.status.color}
                    style={{ flex: 1 }}
                    aria-hidden
                  />
                  <Text size="sm" w={96} ta="right">
                    {formatDuration(total.seconds)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
          <Table verticalSpacing={6} aria-label={t('history.stays')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('history.status')}</Table.Th>
                <Table.Th>{t('history.entered')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('history.by')}</Table.Th>
                <Table.Th ta="right">{t('history.duration')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stays.map((stay) => (
                <Table.Tr key={`${stay.status.id}:${stay.entered_at}`}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <ColorSwatch
                        color={`var(--mantine-color-${stay.status.color}-6)`}
                        size={10}
                        withShadow={false}
                      />
                      <Text size="sm">{types.label(stay.status)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <RelativeTime value={stay.entered_at} />
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{stay.entered_by?.name ?? t('history.system')}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">
                      {formatDuration(seconds(stay))}
                      {!stay.left_at && <Text span size="xs" c="dimmed">{` · ${t('history.current')}`}</Text>}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Panel>
  );
}
