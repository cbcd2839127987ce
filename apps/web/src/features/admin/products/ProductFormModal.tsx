import {
  Button,
  Grid,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { formatMoney } from '../../../ui/format';
import { notifySuccess } from '../../../ui/notify';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import { AdminModal } from '../ui';
import {
  createProduct,
  currencyOptions,
  invalidateProducts,
  type Product,
  putProduct,
  updateProduct,
} from './products.api';

interface Values {
  code: string;
  name: string;
  description: string;
  unit_price: string;
  currency: string;
  tax_rate: number | string;
  active: boolean;
}

/** Prices as people type them: "1234,5", "1234.50" (no thousands separators), up to 4 decimals. */
const PRICE = /^\d{1,14}([.,]\d{1,4})?$/;
const priceText = (value: string) => value.trim().replace(',', '.');

const valuesOf = (product: Product | undefined): Values => ({
  code: product?.code ?? '',
  name: product?.name ?? '',
  description: product?.description ?? '',
  unit_price: product?.unit_price ?? '',
  currency: product?.currency ?? 'EUR',
  tax_rate: product ? Number(product.tax_rate) : 21,
  active: product?.active ?? true,
});

interface Props {
  product: Product | undefined;
  opened: boolean;
  onClose: () => void;
}

/** Create or edit a product: code, name, description, unit price with currency, VAT rate. */
export function ProductFormModal({ product, opened, onClose }: Props) {
  const { t } = useTranslation('admin');
  const title = product ? t('products.edit_title', { name: product.name }) : t('products.new');
  return (
    <AdminModal opened={opened} onClose={onClose} title={title}>
      <ProductForm product={product} onDone={onClose} />
    </AdminModal>
  );
}

function ProductForm({ product: initial, onDone }: { product: Product | undefined; onDone: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (!v.code.trim()) errors.code = t('validation.required');
      if (!v.name.trim()) errors.name = t('validation.required');
      if (!PRICE.test(v.unit_price.trim())) errors.unit_price = t('products.price_invalid');
      if (!v.currency) errors.currency = t('validation.required');
      return errors;
    },
  });
  const values = form.getValues();
  const preview = PRICE.test(values.unit_price.trim())
    ? formatMoney(priceText(values.unit_price), values.currency)
    : '';

  const reload = async () => {
    if (!base) return;
    setProblem(NO_PROBLEM);
    const fresh = await api<Product>(`/products/${base.id}`);
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      description: v.description.trim() || null,
      unit_price: priceText(v.unit_price),
      currency: v.currency,
      ...(v.tax_rate !== '' && { tax_rate: String(v.tax_rate) }),
    };
    try {
      if (base) {
        const saved = await updateProduct(base.id, { version: base.version, ...body, active: v.active });
        putProduct(queryClient, saved.id, saved);
        notifySuccess(t('products.saved', { name: saved.name }));
      } else {
        const created = await createProduct(body);
        notifySuccess(t('products.created', { name: created.name }));
      }
      await invalidateProducts(queryClient);
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('products.code')}
              required
              maxLength={64}
              autoComplete="off"
              data-autofocus
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('code')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput label={t('products.name')} required maxLength={200} {...form.getInputProps('name')} />
          </Grid.Col>
        </Grid>
        <Textarea
          label={t('products.description_label')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={5000}
          {...form.getInputProps('description')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('products.price')}
            description={preview || t('products.price_hint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            inputMode="decimal"
            autoComplete="off"
            {...form.getInputProps('unit_price')}
          />
          <Select
            label={t('products.currency')}
            data={currencies}
            searchable
            required
            allowDeselect={false}
            nothingFoundMessage={t('products.no_currency')}
            {...form.getInputProps('currency')}
          />
          <NumberInput
            label={t('products.tax_rate')}
            description={t('products.tax_rate_hint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            suffix=" %"
            min={0}
            max={100}
            decimalScale={3}
            allowNegative={false}
            {...form.getInputProps('tax_rate')}
          />
        </SimpleGrid>
        {base && (
          <Switch
            label={t('products.active')}
            description={t('products.active_hint')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('products.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
