import {
  Badge,
  Button,
  Code,
  Group,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../../ui/format';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { notifyWriteError } from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';
import { ProductFormModal } from './ProductFormModal';
import {
  adminProductsQuery,
  cachedProduct,
  deleteProduct,
  formatPercent,
  invalidateProducts,
  PRODUCT_ACTIVE_FILTERS,
  type Product,
  type ProductActiveFilter,
  type ProductSearch,
  putProduct,
  updateProduct,
} from './products.api';

/** The price list: products with code, name, price and VAT, searchable, 50 at a time. */
export function ProductsAdmin({
  search,
  onSearch,
}: {
  search: ProductSearch;
  onSearch: (search: ProductSearch) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('products.title'));
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(adminProductsQuery(search));
  const dialog = useDialog<Product>();
  const [q, setQ] = useState(search.q);
  const pushQ = useDebouncedCallback((value: string) => onSearch({ ...search, q: value }), 300);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const reload = () => invalidateProducts(queryClient);
  const rows = query.data?.pages.flatMap((page) => page.data);
  const total = query.data?.pages[0]?.total;

  /** Turns a product on or off at once; the write follows the previous one with the version it answered. */
  const setActive = (product: Product, active: boolean) => {
    putProduct(queryClient, product.id, { active });
    chain.current = chain.current.then(async () => {
      const current = cachedProduct(queryClient, product.id) ?? product;
      try {
        const saved = await updateProduct(product.id, { version: current.version, active });
        putProduct(queryClient, product.id, saved);
        notifySuccess(t(active ? 'products.activated' : 'products.deactivated', { name: product.name }));
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
      }
    });
  };

  const remove = (product: Product) =>
    confirmDanger({
      title: t('products.delete_title', { name: product.name }),
      message: t('products.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteProduct(product.id);
          await reload();
          notifySuccess(t('products.deleted', { name: product.name }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const name = (p: Product) => (
    <Group gap="xs" wrap="nowrap">
      <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(p)}>
        {p.name}
      </UnstyledButton>
      {!p.active && (
        <Badge size="sm" variant="default" tt="none" fw={500}>
          {t('products.inactive')}
        </Badge>
      )}
    </Group>
  );
  const price = (p: Product) => formatMoney(p.unit_price, p.currency);
  const tax = (p: Product) => formatPercent(p.tax_rate, i18n.language);
  const activeSwitch = (p: Product) => (
    <Switch
      checked={p.active}
      onChange={(event) => setActive(p, event.currentTarget.checked)}
      aria-label={t('products.active_label', { name: p.name })}
    />
  );
  const columns: Column<Product>[] = [
    { key: 'code', header: t('products.code'), cell: (p) => <Code>{p.code}</Code>, width: 160 },
    { key: 'name', header: t('products.name'), cell: name },
    {
      key: 'price',
      header: t('products.price'),
      cell: (p) => (
        <Text size="sm" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {price(p)}
        </Text>
      ),
      width: 150,
    },
    { key: 'tax', header: t('products.tax_rate_short'), cell: tax, width: 90 },
    { key: 'active', header: t('products.active'), cell: activeSwitch, width: 90 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('products.new')}
    </Button>
  );
  const filtered = search.q.trim() !== '' || search.active !== 'all';

  return (
    <Stack gap="md">
      <SectionHeader title={t('products.title')} description={t('products.description')} action={newButton} />
      <Group gap="sm" align="center" wrap="wrap">
        <TextInput
          type="search"
          aria-label={t('products.search')}
          placeholder={t('products.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
          style={{ flex: '1 1 220px', maxWidth: 360 }}
        />
        <SegmentedControl
          aria-label={t('products.show')}
          data={PRODUCT_ACTIVE_FILTERS.map((value) => ({ value, label: t(`products.filters.${value}`) }))}
          value={search.active}
          onChange={(value) => onSearch({ ...search, active: value as ProductActiveFilter })}
        />
      </Group>
      <AdminList
        label={t('products.title')}
        rows={rows}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={720}
        empty={
          filtered ? (
            <AdminEmpty
              icon={<IconSearch size={32} />}
              title={t('products.none_found')}
              description={t('products.none_found_hint')}
            />
          ) : (
            <AdminEmpty
              icon={<IconPackage size={32} />}
              title={t('products.empty')}
              description={t('products.empty_hint')}
              action={newButton}
            />
          )
        }
        card={(p) => (
          <Stack gap={4}>
            {name(p)}
            <Group gap={6}>
              <Code>{p.code}</Code>
              <Text size="sm" fw={600}>
                {price(p)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('products.tax_of', { rate: tax(p) })}
              </Text>
            </Group>
            {activeSwitch(p)}
          </Stack>
        )}
        actions={(p) => (
          <RowMenu
            name={p.name}
            items={[rowItems.edit(() => dialog.open(p)), rowItems.remove(() => remove(p))]}
          />
        )}
      />
      {rows && rows.length > 0 && (
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {total === undefined
              ? t('products.shown', { count: rows.length, formatted: formatNumber(rows.length) })
              : t('products.shown_of', {
                  count: total,
                  shown: formatNumber(rows.length),
                  formatted: formatNumber(total),
                })}
          </Text>
          {query.hasNextPage && (
            <Button
              variant="default"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {t('products.more')}
            </Button>
          )}
        </Group>
      )}
      <ProductFormModal
        key={dialog.key}
        product={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
      />
    </Stack>
  );
}
