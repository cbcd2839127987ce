import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { usePhone } from '../../ui/use-phone';
import { lineAmounts } from './case-format';
import type { Product } from './cases.api';
import classes from './cases.module.css';
import { DecimalInput, trimDecimal } from './DecimalInput';
import { emptyLine, type LineDraft } from './line-drafts';
import { ProductPicker } from './ProductPicker';

interface Props {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  currency: string;
  /** Server errors by `<index>.<field>` (from `lines.<index>.<field>`). */
  errors?: Record<string, string>;
  disabled?: boolean;
}

type Field = 'quantity' | 'unit_price' | 'discount_pct' | 'tax_rate';

/**
 * The lines of a case: product (its price and VAT fill in), description, quantity, price, discount and VAT,
 * each line's net amount as the server will compute it. A table on wide screens, cards on phones.
 */
export function CaseLinesEditor({ lines, onChange, currency, errors = {}, disabled }: Props) {
  const { t } = useTranslation('cases');
  const phone = usePhone();
  const set = (index: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const remove = (index: number) => onChange(lines.filter((_, i) => i !== index));
  const pick = (index: number, product: Product | null) => {
    const line = lines[index]!;
    set(
      index,
      product
        ? {
            product_id: product.id,
            product_label: `${product.code} · ${product.name}`,
            unit_price: trimDecimal(product.unit_price),
            tax_rate: trimDecimal(product.tax_rate) || '0',
            description: line.description || product.name,
          }
        : { product_id: null, product_label: undefined },
    );
  };
  const error = (index: number, field: string) => errors[`${index}.${field}`];
  const label = (field: string, index: number) =>
    t('lines.field_of_line', { field: t(`lines.${field}`), n: index + 1 });

  const number = (line: LineDraft, index: number, field: Field, compact: boolean) => (
    <DecimalInput
      {...(compact ? { 'aria-label': label(field, index) } : { label: t(`lines.${field}`) })}
      value={line[field]}
      onChange={(value) => set(index, { [field]: value })}
      error={error(index, field)}
      disabled={disabled}
      min={0}
      {...(field === 'discount_pct' || field === 'tax_rate' ? { max: 100, suffix: ' %' } : {})}
    />
  );

  const add = (
    <Button
      variant="light"
      size="compact-sm"
      leftSection={<IconPlus size={14} />}
      onClick={() => onChange([...lines, emptyLine()])}
      disabled={disabled}
      w="fit-content"
    >
      {t('lines.add')}
    </Button>
  );

  if (phone)
    return (
      <Stack gap="sm">
        {lines.map((line, index) => (
          <Paper
            key={line.key}
            withBorder
            p="sm"
            radius="md"
            aria-label={t('lines.line_n', { n: index + 1 })}
          >
            <Stack gap="xs">
              <ProductPicker
                label={t('lines.product')}
                value={line.product_id}
                initialLabel={line.product_label}
                onChange={(product) => pick(index, product)}
                error={error(index, 'product_id')}
              />
              <TextInput
                label={t('lines.description')}
                value={line.description}
                onChange={(e) => set(index, { description: e.currentTarget.value })}
                error={error(index, 'description')}
                disabled={disabled}
              />
              <SimpleGrid cols={2}>
                {number(line, index, 'quantity', false)}
                {number(line, index, 'unit_price', false)}
                {number(line, index, 'discount_pct', false)}
                {number(line, index, 'tax_rate', false)}
              </SimpleGrid>
              <Group justify="space-between">
                <Text size="sm" fw={600}>
                  {formatMoney(lineAmounts(line).net, currency)}
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('lines.remove_n', { n: index + 1 })}
                  onClick={() => remove(index)}
                  disabled={disabled}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Stack>
          </Paper>
        ))}
        {add}
      </Stack>
    );

  return (
    <Stack gap="xs">
      <div className={classes.lines}>
        <Table verticalSpacing={4} horizontalSpacing={4} miw={780} aria-label={t('lines.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={190}>{t('lines.product')}</Table.Th>
              <Table.Th>{t('lines.description')}</Table.Th>
              <Table.Th w={84}>{t('lines.quantity')}</Table.Th>
              <Table.Th w={104}>{t('lines.unit_price')}</Table.Th>
              <Table.Th w={76}>{t('lines.discount_pct')}</Table.Th>
              <Table.Th w={76}>{t('lines.tax_rate')}</Table.Th>
              <Table.Th w={104} ta="right">
                {t('lines.net')}
              </Table.Th>
              <Table.Th w={40}>
                <VisuallyHidden>{t('lines.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((line, index) => (
              <Table.Tr key={line.key}>
                <Table.Td>
                  <ProductPicker
                    label={label('product', index)}
                    hideLabel
                    value={line.product_id}
                    initialLabel={line.product_label}
                    onChange={(product) => pick(index, product)}
                    error={error(index, 'product_id')}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={label('description', index)}
                    value={line.description}
                    onChange={(e) => set(index, { description: e.currentTarget.value })}
                    error={error(index, 'description')}
                    disabled={disabled}
                  />
                </Table.Td>
                <Table.Td>{number(line, index, 'quantity', true)}</Table.Td>
                <Table.Td>{number(line, index, 'unit_price', true)}</Table.Td>
                <Table.Td>{number(line, index, 'discount_pct', true)}</Table.Td>
                <Table.Td>{number(line, index, 'tax_rate', true)}</Table.Td>
                <Table.Td ta="right" className={classes.number}>
                  {formatMoney(lineAmounts(line).net, currency)}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('lines.remove_n', { n: index + 1 })}
                    onClick={() => remove(index)}
                    disabled={disabled}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
            {lines.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text size="sm" c="dimmed" ta="center" py="xs">
                    {t('lines.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </div>
      {add}
    </Stack>
  );
}
