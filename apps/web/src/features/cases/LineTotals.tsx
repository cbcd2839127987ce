import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { sumDecimals } from './case-format';
import classes from './cases.module.css';

/** Net, VAT and total under the lines. */
export function LineTotals({
  net,
  tax,
  currency,
  preview,
}: {
  net: string | null;
  tax: string | null;
  currency: string;
  /** The figures are this screen's estimate, not yet saved. */
  preview?: boolean;
}) {
  const { t } = useTranslation('cases');
  const total = sumDecimals([net, tax]);
  return (
    <Group justify="flex-end" gap="lg" data-line-totals>
      <Text size="sm">
        {t('lines.total_net')}{' '}
        <Text span fw={600} className={classes.number}>
          {formatMoney(net ?? '0', currency)}
        </Text>
      </Text>
      <Text size="sm">
        {t('lines.total_tax')}{' '}
        <Text span fw={600} className={classes.number}>
          {formatMoney(tax ?? '0', currency)}
        </Text>
      </Text>
      <Text size="sm">
        {t('lines.total')}{' '}
        <Text span fw={700} className={classes.number}>
          {formatMoney(total, currency)}
        </Text>
      </Text>
      {preview && (
        <Text size="xs" c="dimmed">
          {t('lines.unsaved')}
        </Text>
      )}
    </Group>
  );
}
