import { Alert, Button, Drawer, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { localLabel } from '../../ui/labels';
import { errorMessage } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { ColorBadge } from '../cases/ColorBadge';
import { CaseLink } from '../entity-cases/CaseLink';
import {
  type Case,
  type DrillDown,
  drillDownParams,
  drillDownQuery,
  type ForecastFilters,
} from './forecast.api';
import { formatMonth } from './forecast-months';

interface Props {
  drill: DrillDown | null;
  /** What the bar's label says (a status, an agent, "Pipeline", "Won"…). */
  title: string;
  filters: ForecastFilters & { currency: string };
  onClose: () => void;
}

/** The cases behind a bar or a figure of the forecast, each a link to its page. */
export function DrillDownDrawer({ drill, title, filters, onClose }: Props) {
  const { t } = useTranslation('forecast');
  const phone = usePhone();
  return (
    <Drawer
      opened={drill !== null}
      onClose={onClose}
      position={phone ? 'bottom' : 'right'}
      size={phone ? '90%' : 'lg'}
      title={drill ? `${title} · ${formatMonth(drill.month, 'long')}` : ''}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      {drill && <DrillDownList drill={drill} filters={filters} />}
    </Drawer>
  );
}

function DrillDownList({ drill, filters }: { drill: DrillDown; filters: Props['filters'] }) {
  const { t } = useTranslation('forecast');
  const me = useMe();
  const query = useInfiniteQuery(drillDownQuery(drillDownParams(drill, filters, me.time_zone)));
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const total = query.data?.pages[0]?.total;

  if (query.isError)
    return (
      <Alert color="red" title={t('translation:errors.title')}>
        {errorMessage(query.error)}
      </Alert>
    );
  if (query.isPending)
    return (
      <Stack gap="xs" aria-hidden>
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} height={64} radius="md" />
        ))}
      </Stack>
    );
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" role="status">
        {t('drill.count', { count: total ?? rows.length })}
      </Text>
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((row) => (
          <li key={row.id}>
            <DrillRow row={row} won={drill.kind === 'won'} />
          </li>
        ))}
      </Stack>
      {query.hasNextPage && (
        <Button variant="light" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('drill.more')}
        </Button>
      )}
    </Stack>
  );
}

function DrillRow({ row, won }: { row: Case; won: boolean }) {
  const { t, i18n } = useTranslation('forecast');
  return (
    <Paper withBorder radius="md" p="sm">
      <Group justify="space-between" wrap="wrap" align="flex-start" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 220px', minWidth: 0 }}>
          <CaseLink id={row.id} fw={600}>
            {row.number} · {row.title}
          </CaseLink>
          <Text size="sm" c="dimmed" truncate>
            {row.entity.name}
            {row.owner ? ` · ${row.owner.name}` : ''}
          </Text>
          <Group gap={6}>
            <ColorBadge color={row.status.color} size="sm" tt="none">
              {localLabel(row.status.labels, i18n.language, row.status.key)}
            </ColorBadge>
            <Text size="xs" c="dimmed">
              {won
                ? t('drill.closed_on', { date: formatDate(row.closed_at) })
                : t('drill.closes_on', { date: formatDate(row.expected_close) })}
            </Text>
          </Group>
        </Stack>
        <Stack gap={0} align="flex-end" style={{ flexShrink: 0, marginLeft: 'auto' }}>
          <Text fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(row.amount ?? '0', row.currency)}
          </Text>
          {!won && (
            <Text size="xs" c="dimmed">
              {t('drill.weighted', {
                probability: row.probability,
                amount: formatMoney(row.weighted_amount ?? '0', row.currency),
              })}
            </Text>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
