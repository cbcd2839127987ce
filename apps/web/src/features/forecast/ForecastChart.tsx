import '@mantine/charts/styles.css';
import { BarChart, type BarChartSeries } from '@mantine/charts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { usePhone } from '../../ui/use-phone';
import type { DrillDown } from './forecast.api';
import { type ChartRow, chartRows, type ForecastIndex, WON_SERIES } from './forecast-data';
import { formatMoneyCompact } from './forecast-months';
import type { ForecastMeasure } from './forecast-search';

interface Props {
  index: ForecastIndex;
  measure: ForecastMeasure;
  /** YYYY-MM: on a phone the chart shows the months around it (the table below has them all). */
  thisMonth: string;
  onSelect: (drill: DrillDown) => void;
}

const PHONE_MONTHS = 6;

/** Up to six months for a phone's width: from last month on when the range allows, else the range's last six. */
export function phoneWindow(months: readonly string[], thisMonth: string): { start: number; end: number } {
  if (months.length <= PHONE_MONTHS) return { start: 0, end: months.length };
  const current = months.findIndex((m) => m >= thisMonth);
  const wanted = current < 0 ? months.length - PHONE_MONTHS : Math.max(0, current - 1);
  const start = Math.min(wanted, months.length - PHONE_MONTHS);
  return { start, end: start + PHONE_MONTHS };
}

/**
 * Per month of expected close, the open pipeline stacked by status, agent or team (weighted or not), and
 * beside it what was won that month, so forecast and actual compare. A click on a bar lists its cases.
 */
export function ForecastChart({ index, measure, thisMonth, onSelect }: Props) {
  const { t } = useTranslation('forecast');
  const phone = usePhone();
  const { forecast } = index;
  const allRows = useMemo(() => chartRows(index, measure), [index, measure]);
  const shown = phoneWindow(forecast.months, thisMonth);
  const rows = phone ? allRows.slice(shown.start, shown.end) : allRows;
  const series: BarChartSeries[] = [
    ...index.series.map((s) => ({ name: s.name, label: s.label, color: s.color, stackId: 'open' })),
    { name: WON_SERIES, label: t('won'), color: 'green.8', stackId: 'won' },
  ];
  const keyOf = new Map(index.series.map((s) => [s.name, s.key]));

  return (
    <BarChart
      h={phone ? 280 : 340}
      data={rows}
      dataKey="label"
      series={series}
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      valueFormatter={(value) => formatMoney(value, forecast.currency)}
      yAxisProps={{
        tickFormatter: (value: number) => formatMoneyCompact(value, forecast.currency),
        width: phone ? 64 : 72,
      }}
      // Every month named under its bars, unless there are too many to fit.
      xAxisProps={{ interval: rows.length > 18 ? 'preserveStartEnd' : 0 }}
      gridAxis="y"
      maxBarWidth={36}
      barProps={(s) => ({
        cursor: 'pointer',
        onClick: (data: { payload?: ChartRow }) => {
          const month = data.payload?.month;
          if (typeof month !== 'string') return;
          if (s.name === WON_SERIES) onSelect({ month, kind: 'won', group: forecast.group });
          else onSelect({ month, kind: 'open', group: forecast.group, key: keyOf.get(s.name) ?? null });
        },
      })}
    />
  );
}
