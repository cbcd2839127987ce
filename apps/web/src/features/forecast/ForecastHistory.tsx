import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Accordion, Alert, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { errorMessage } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { type ForecastFilters, forecastHistoryQuery } from './forecast.api';
import { formatMoneyCompact, formatMonth } from './forecast-months';

interface Props {
  month: string;
  onMonthChange: (month: string) => void;
  filters: ForecastFilters;
}

/**
 * "Forecast vs actual": how the forecast for one close month moved from one weekly snapshot to the next,
 * unweighted and weighted, against what was actually won in that month.
 */
export function ForecastHistory({ month, onMonthChange, filters }: Props) {
  const { t } = useTranslation('forecast');
  const phone = usePhone();
  const query = useQuery(forecastHistoryQuery(month, filters));
  const history = query.data;
  const currency = history?.currency ?? filters.currency ?? 'EUR';
  const rows = (history?.snapshots ?? []).map((s) => ({
    label: formatDate(s.taken_on),
    amount: Number(s.amount),
    weighted: Number(s.weighted),
  }));
  const actual = history ? formatMoney(history.actual.amount, currency) : '';

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <MonthPickerInput
          label={t('history.month')}
          value={`${month}-01`}
          onChange={(value) => value && onMonthChange(value.slice(0, 7))}
          valueFormat="MMMM YYYY"
          w={phone ? '100%' : 220}
          popoverProps={{ withinPortal: true }}
        />
        {history && (
          <Text size="sm" pb={6}>
            {t('history.actual', { amount: actual, count: history.actual.cases })}
          </Text>
        )}
      </Group>
      {query.isError ? (
        <Alert color="red" title={t('translation:errors.title')}>
          {errorMessage(query.error)}
        </Alert>
      ) : !history ? (
        <Skeleton height={260} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('history.empty', { month: formatMonth(month, 'long') })}
        </Text>
      ) : (
        <>
          <LineChart
            h={phone ? 220 : 260}
            data={rows}
            dataKey="label"
            series={[
              { name: 'amount', label: t('pipeline'), color: 'blue.6' },
              { name: 'weighted', label: t('weighted'), color: 'grape.6' },
            ]}
            curveType="linear"
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 40 }}
            valueFormatter={(value) => formatMoney(value, currency)}
            yAxisProps={{
              tickFormatter: (value: number) => formatMoneyCompact(value, currency),
              width: 72,
            }}
            referenceLines={[
              {
                y: Number(history.actual.amount),
                label: t('history.won_line', { amount: actual }),
                color: 'green.8',
                strokeDasharray: '6 4',
                labelPosition: 'insideTopRight',
                // The won line stays in view even when it is above every snapshot.
                ifOverflow: 'extendDomain',
              },
            ]}
            gridAxis="y"
          />
          <Accordion variant="contained" chevronPosition="left">
            <Accordion.Item value="table">
              <Accordion.Control>{t('history.show_table')}</Accordion.Control>
              <Accordion.Panel>
                <Table striped style={{ fontVariantNumeric: 'tabular-nums' }}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('history.taken_on')}</Table.Th>
                      <Table.Th ta="right">{t('pipeline')}</Table.Th>
                      <Table.Th ta="right">{t('weighted')}</Table.Th>
                      <Table.Th ta="right">{t('history.cases')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {history.snapshots.map((s) => (
                      <Table.Tr key={s.taken_on}>
                        <Table.Td>{formatDate(s.taken_on)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(s.amount, currency)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(s.weighted, currency)}</Table.Td>
                        <Table.Td ta="right">{s.cases}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        </>
      )}
    </Stack>
  );
}
