import { Box, Paper, ScrollArea, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { usePhone } from '../../ui/use-phone';
import { toScaled } from '../cases/case-format';
import type { DrillDown } from './forecast.api';
import classes from './forecast.module.css';
import type { ForecastIndex, ForecastSeries } from './forecast-data';
import { formatMonth } from './forecast-months';
import type { ForecastMeasure } from './forecast-search';

interface Props {
  index: ForecastIndex;
  measure: ForecastMeasure;
  onSelect: (drill: DrillDown) => void;
}

export const swatchColor = (color: string) => `var(--mantine-color-${color.replace('.', '-')})`;

/**
 * The chart's figures as a table (the accessible way to read them, and the main view on a phone). Every
 * figure is a button that lists the cases behind it.
 */
export function ForecastTable(props: Props) {
  const phone = usePhone();
  return phone ? <MonthCards {...props} /> : <PivotTable {...props} />;
}

function useCell({ index, onSelect }: Pick<Props, 'index' | 'onSelect'>) {
  const { t } = useTranslation('forecast');
  const { currency, group } = index.forecast;
  return (drill: Omit<DrillDown, 'group'>, amount: string, cases: number, what: string) => {
    if (toScaled(amount) === 0n && cases === 0)
      return (
        <Text span c="dimmed">
          —
        </Text>
      );
    const money = formatMoney(amount, currency);
    return (
      <UnstyledButton
        className={classes.cellButton}
        onClick={() => onSelect({ ...drill, group })}
        aria-label={t('table.cell_label', {
          what,
          month: formatMonth(drill.month, 'long'),
          amount: money,
          count: cases,
        })}
      >
        {money}
      </UnstyledButton>
    );
  };
}

const value = (measure: ForecastMeasure, figures: { amount: string; weighted: string }) =>
  measure === 'weighted' ? figures.weighted : figures.amount;

function PivotTable(props: Props) {
  const { index, measure } = props;
  const { t } = useTranslation('forecast');
  const cell = useCell(props);
  const { months, currency } = index.forecast;
  const groupRow = (s: ForecastSeries) => {
    const total = index.totals(months, s.key);
    return (
      <Table.Tr key={s.name}>
        <Table.Th scope="row" className={classes.sticky}>
          <span className={classes.swatch} style={{ background: swatchColor(s.color) }} aria-hidden />
          {s.label}
        </Table.Th>
        {months.map((month) => {
          const bucket = index.cell(month, s.key);
          return (
            <Table.Td key={month} className={classes.number}>
              {bucket ? (
                cell({ month, kind: 'open', key: s.key }, value(measure, bucket), bucket.cases, s.label)
              ) : (
                <Text span c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
          );
        })}
        <Table.Td className={classes.number}>{formatMoney(value(measure, total), currency)}</Table.Td>
      </Table.Tr>
    );
  };
  const totalRow = (label: string, kind: 'amount' | 'weighted' | 'won') => {
    const all = index.totals(months);
    return (
      <Table.Tr className={classes.total}>
        <Table.Th scope="row" className={classes.sticky}>
          {label}
        </Table.Th>
        {months.map((month) => {
          const m = index.totals([month]);
          return (
            <Table.Td key={month} className={classes.number}>
              {kind === 'won'
                ? cell({ month, kind: 'won' }, m.won, m.wonCases, label)
                : cell({ month, kind: 'open' }, m[kind], m.cases, label)}
            </Table.Td>
          );
        })}
        <Table.Td className={classes.number}>{formatMoney(all[kind], currency)}</Table.Td>
      </Table.Tr>
    );
  };

  return (
    <ScrollArea type="auto" className={classes.tableScroller}>
      <Table className={classes.table} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th className={classes.sticky}>{t(`group.${index.forecast.group}`)}</Table.Th>
            {months.map((month) => (
              <Table.Th key={month} className={classes.number}>
                {formatMonth(month)}
              </Table.Th>
            ))}
            <Table.Th className={classes.number}>{t('table.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {index.series.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={months.length + 2}>
                <Text size="sm" c="dimmed">
                  {t('empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            index.series.map(groupRow)
          )}
        </Table.Tbody>
        <Table.Tfoot>
          {totalRow(t('pipeline'), 'amount')}
          {totalRow(t('weighted'), 'weighted')}
          {totalRow(t('won'), 'won')}
        </Table.Tfoot>
      </Table>
    </ScrollArea>
  );
}

/** The phone's view: a card per month with its totals and its groups; each line opens its cases. */
function MonthCards({ index, measure, onSelect }: Props) {
  const { t } = useTranslation('forecast');
  const { currency, group } = index.forecast;
  const line = (
    drill: Omit<DrillDown, 'group'>,
    label: string,
    amount: string,
    cases: number,
    color?: string,
  ) => {
    const money = formatMoney(amount, currency);
    const content = (
      <>
        <Text size="sm" truncate style={{ display: 'flex', alignItems: 'center', flex: 1, minWidth: 0 }}>
          {color && (
            <span className={classes.swatch} style={{ background: swatchColor(color) }} aria-hidden />
          )}
          {label}
        </Text>
        <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {toScaled(amount) === 0n && cases === 0 ? '—' : money}
        </Text>
      </>
    );
    if (cases === 0)
      return (
        <div className={classes.phoneRow}>
          {content}
          <span className={classes.chevronSpace} />
        </div>
      );
    // Its name is what it shows ("Pipeline 12.000,00 €"); the card's month names the region around it.
    return (
      <UnstyledButton className={classes.phoneRow} onClick={() => onSelect({ ...drill, group })}>
        {content}
        <IconChevronRight size={16} aria-hidden className={classes.chevron} />
      </UnstyledButton>
    );
  };
  return (
    <Stack gap="sm">
      {index.forecast.months.map((month) => {
        const m = index.totals([month]);
        const title = formatMonth(month, 'long');
        return (
          <Paper key={month} withBorder radius="md" p="xs" component="section" aria-label={title}>
            <Title order={3} size="h5" px="xs" py={4}>
              {title}
            </Title>
            {line({ month, kind: 'open' }, t('pipeline'), m.amount, m.cases)}
            {line({ month, kind: 'open' }, t('weighted'), m.weighted, m.cases)}
            {line({ month, kind: 'won' }, t('won'), m.won, m.wonCases)}
            {index.series.some((s) => index.cell(month, s.key)) && (
              <Box mt={4} pt={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                {index.series.map((s) => {
                  const bucket = index.cell(month, s.key);
                  return (
                    bucket && (
                      <div key={s.name}>
                        {line(
                          { month, kind: 'open', key: s.key },
                          s.label,
                          value(measure, bucket),
                          bucket.cases,
                          s.color,
                        )}
                      </div>
                    )
                  );
                })}
              </Box>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
