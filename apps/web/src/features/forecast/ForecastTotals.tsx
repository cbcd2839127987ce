import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import type { ForecastIndex, PeriodTotals } from './forecast-data';
import { addMonths, formatMonth, quarterOf } from './forecast-months';

interface Props {
  /** A forecast that covers this quarter and next month (null while it loads). */
  index: ForecastIndex | null;
  thisMonth: string;
}

/** The months a totals card sums: this month, next month, this quarter. */
export function totalsRange(thisMonth: string) {
  const quarter = quarterOf(thisMonth);
  const next = addMonths(thisMonth, 1);
  // Next month is past the quarter in its last month (December → January).
  return { from: quarter.first, to: next.localeCompare(quarter.last) > 0 ? next : quarter.last };
}

/** Three cards: this month, next month and this quarter, each with pipeline, weighted and won. */
export function ForecastTotals({ index, thisMonth }: Props) {
  const { t } = useTranslation('forecast');
  const next = addMonths(thisMonth, 1);
  const quarter = quarterOf(thisMonth);
  const quarterMonths = [quarter.first, addMonths(quarter.first, 1), quarter.last];
  const cards = [
    { id: 'this', title: t('totals.this_month'), hint: formatMonth(thisMonth, 'long'), months: [thisMonth] },
    {
      id: 'next',
      title: t('totals.next_month'),
      hint: formatMonth(next, 'long'),
      months: [next],
      future: true,
    },
    {
      id: 'quarter',
      title: t('totals.quarter'),
      hint: `${formatMonth(quarter.first)} – ${formatMonth(quarter.last)}`,
      months: quarterMonths,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      {cards.map((card) => (
        <Paper
          key={card.id}
          withBorder
          radius="md"
          p="sm"
          component="section"
          aria-labelledby={`totals-${card.id}`}
        >
          <Group justify="space-between" align="baseline" gap={4} mb={6}>
            <Title order={2} size="h5" id={`totals-${card.id}`}>
              {card.title}
            </Title>
            <Text size="xs" c="dimmed">
              {card.hint}
            </Text>
          </Group>
          {index ? (
            <Figures
              totals={index.totals(card.months)}
              currency={index.forecast.currency}
              future={card.future}
            />
          ) : (
            <Skeleton height={58} />
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Figures({ totals, currency, future }: { totals: PeriodTotals; currency: string; future?: boolean }) {
  const { t } = useTranslation('forecast');
  const figure = (label: string, value: string, strong?: boolean) => (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text
        fw={strong ? 700 : 500}
        size={strong ? 'lg' : 'md'}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value}
      </Text>
    </Stack>
  );
  return (
    <Group gap="md" wrap="wrap" align="flex-start">
      {figure(t('pipeline'), formatMoney(totals.amount, currency))}
      {figure(t('weighted'), formatMoney(totals.weighted, currency), true)}
      {!future && figure(t('won'), formatMoney(totals.won, currency))}
      <Text size="xs" c="dimmed" w="100%">
        {t('totals.cases', { count: totals.cases })}
      </Text>
    </Group>
  );
}
