import {
  ActionIcon,
  Alert,
  Button,
  Drawer,
  Group,
  Indicator,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFilter, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { FORECAST_GROUPS } from '@trato/contracts/cases';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { DrillDownDrawer } from './DrillDownDrawer';
import { ForecastChart } from './ForecastChart';
import { type FilterPatch, ForecastFilters } from './ForecastFilters';
import { ForecastHistory } from './ForecastHistory';
import { ForecastTable } from './ForecastTable';
import { ForecastTotals, totalsRange } from './ForecastTotals';
import { type DrillDown, forecastQuery } from './forecast.api';
import { indexForecast } from './forecast-data';
import { monthOf } from './forecast-months';
import {
  FORECAST_MEASURES,
  type ForecastGroup,
  type ForecastMeasure,
  type ForecastSearch,
} from './forecast-search';

interface Props {
  search: ForecastSearch;
  onSearchChange: (search: ForecastSearch) => void;
}

/**
 * The sales forecast: open opportunities by month of expected close, stacked by status, agent or team,
 * weighted or not, beside what was won; totals for this month, next month and the quarter; the figures as a
 * table; a drill-down from any bar or figure; and how one month's forecast moved against what was won.
 */
export function ForecastPage({ search, onSearchChange }: Props) {
  const { t, i18n } = useTranslation('forecast');
  usePageTitle(t('title'));
  const me = useMe();
  const phone = usePhone();
  const [filtersOpen, filtersDrawer] = useDisclosure(false);
  const [drill, setDrill] = useState<{ drill: DrillDown; title: string } | null>(null);
  const thisMonth = monthOf(new Date(), me.time_zone);
  const group = search.group ?? 'status';
  const measure = search.measure ?? 'weighted';
  const filters = { type: search.type, owner: search.owner, team: search.team, currency: search.currency };

  const query = useQuery(forecastQuery({ ...filters, from: search.from, to: search.to, group }));
  const totalsQuery = useQuery(forecastQuery({ ...filters, ...totalsRange(thisMonth), group: 'status' }));
  const index = useMemo(
    () => query.data && indexForecast(query.data, i18n.language, t),
    [query.data, i18n.language, t],
  );
  const totalsIndex = useMemo(
    () => totalsQuery.data && indexForecast(totalsQuery.data, i18n.language, t),
    [totalsQuery.data, i18n.language, t],
  );
  const forecast = query.data;
  const currency = forecast?.currency ?? search.currency;

  const patch = (next: Partial<ForecastSearch>) => {
    const merged: Record<string, unknown> = { ...search, ...next };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    onSearchChange(merged as ForecastSearch);
  };
  const select = (next: DrillDown) => {
    const title =
      next.kind === 'won'
        ? t('won')
        : next.key === undefined
          ? t('pipeline')
          : (index?.series.find((s) => s.key === next.key)?.label ?? t('pipeline'));
    setDrill({ drill: next, title });
  };
  const activeFilters = [search.type, search.owner, search.team, search.from].filter(Boolean).length;

  const filterControls = (stacked: boolean) => (
    <ForecastFilters
      search={search}
      onChange={(p: FilterPatch) => patch(p)}
      months={
        forecast ? { from: forecast.months[0] ?? thisMonth, to: forecast.months.at(-1) ?? thisMonth } : null
      }
      withCurrency={Boolean(search.currency) || (forecast?.other_currencies ?? 0) > 0}
      currency={currency}
      stacked={stacked}
    />
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {phone && (
          <Indicator label={activeFilters} size={16} disabled={activeFilters === 0}>
            <ActionIcon
              variant="default"
              size={44}
              onClick={filtersDrawer.open}
              aria-haspopup="dialog"
              aria-label={t('filters.title')}
            >
              <IconFilter size={20} aria-hidden />
            </ActionIcon>
          </Indicator>
        )}
      </Group>
      {!phone && filterControls(false)}
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('group.label')}
          value={group}
          onChange={(value) => patch({ group: value as ForecastGroup })}
          data={FORECAST_GROUPS.map((g) => ({ value: g, label: t(`group.by_${g}`) }))}
          fullWidth={phone}
          style={phone ? { flex: '1 1 100%' } : undefined}
        />
        <SegmentedControl
          aria-label={t('measure.label')}
          value={measure}
          onChange={(value) => patch({ measure: value as ForecastMeasure })}
          data={FORECAST_MEASURES.map((m) => ({ value: m, label: t(`measure.${m}`) }))}
          fullWidth={phone}
          style={phone ? { flex: '1 1 100%' } : undefined}
        />
      </Group>
      {forecast && forecast.other_currencies > 0 && (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} aria-hidden />} p="xs">
          {t('other_currencies', { count: forecast.other_currencies, currency: forecast.currency })}
        </Alert>
      )}
      <ForecastTotals index={totalsIndex ?? null} thisMonth={thisMonth} />
      {query.isError ? (
        <Alert color="red" title={t('translation:errors.title')}>
          {errorMessage(query.error)}
        </Alert>
      ) : (
        <>
          <Section id="forecast-chart" title={t('chart.title')} hint={t(`chart.hint_${measure}`)}>
            {index ? (
              index.series.length === 0 && index.forecast.won.every((w) => w.cases === 0) ? (
                <Text size="sm" c="dimmed">
                  {t('empty')}
                </Text>
              ) : (
                <>
                  <ForecastChart index={index} measure={measure} thisMonth={thisMonth} onSelect={select} />
                  {phone && index.forecast.months.length > 6 && (
                    <Text size="xs" c="dimmed" mt={4}>
                      {t('chart.phone_months')}
                    </Text>
                  )}
                </>
              )
            ) : (
              <Skeleton height={340} />
            )}
          </Section>
          <Section id="forecast-table" title={t('table.title')} hint={t('table.hint')}>
            {index ? (
              <ForecastTable index={index} measure={measure} onSelect={select} />
            ) : (
              <Skeleton height={200} />
            )}
          </Section>
        </>
      )}
      <Section id="forecast-history" title={t('history.title')} hint={t('history.hint')}>
        <ForecastHistory
          month={search.month ?? thisMonth}
          onMonthChange={(month) => patch({ month: month === thisMonth ? undefined : month })}
          filters={filters}
        />
      </Section>
      {forecast && (
        <DrillDownDrawer
          drill={drill?.drill ?? null}
          title={drill?.title ?? ''}
          filters={{ ...filters, currency: forecast.currency }}
          onClose={() => setDrill(null)}
        />
      )}
      {phone && (
        <Drawer
          opened={filtersOpen}
          onClose={filtersDrawer.close}
          position="bottom"
          size="auto"
          title={t('filters.title')}
          closeButtonProps={{ 'aria-label': t('translation:common.close') }}
        >
          {filterControls(true)}
          <Button fullWidth mt="md" h={44} onClick={filtersDrawer.close}>
            {t('filters.done')}
          </Button>
        </Drawer>
      )}
    </Stack>
  );
}

function Section({
  id,
  title,
  hint,
  children,
}: {
  id: string;
  title: string;
  hint?: string;
  children: ReactNode;
}) {
  // On a phone the sections run edge to edge: their cards are the boxes.
  const phone = usePhone();
  return (
    <Paper component="section" withBorder={!phone} radius="md" p={phone ? 0 : 'md'} aria-labelledby={id}>
      <Stack gap={2} mb="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
      {children}
    </Paper>
  );
}
