import { ActionBar, Alert, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { RowSelectionState, Updater } from '@tanstack/react-table';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../notify';
import { usePhone } from '../use-phone';
import { CardList } from './CardList';
import { ColumnPicker } from './ColumnPicker';
import { DataTable } from './DataTable';
import { FilterChips } from './FilterChips';
import classes from './ListScreen.module.css';
import type { ListField } from './list-fields';
import { type ListSearch, nextSort } from './list-search';

export interface ListData<T> {
  rows: T[];
  total: number | undefined;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
}

interface Props<T extends { id: string }> {
  title: string;
  /** Buttons next to the title (new, export). */
  actions?: ReactNode;
  /** Saved view tabs. */
  tabs?: ReactNode;
  search: ListSearch;
  onSearchChange: (search: ListSearch) => void;
  fields: ListField<T>[];
  defaultColumns: string[];
  data: ListData<T>;
  onOpen: (row: T) => void;
  onNew?: () => void;
  renderCard: (row: T) => ReactNode;
  empty: ReactNode;
  /** Actions on the selected rows, shown in a bar while some are selected. */
  bulkActions?: (ids: string[], clear: () => void) => ReactNode;
  countLabel: (count: number) => string;
}

/** A list people can work in: views, search, filter chips, columns, sort, selection, virtual rows. */
export function ListScreen<T extends { id: string }>(props: Props<T>) {
  const { search, onSearchChange, fields, data } = props;
  const { t } = useTranslation();
  const phone = usePhone();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [q, setQ] = useState(search.q ?? '');
  const searchKey = JSON.stringify({ ...search, columns: undefined });

  // A new query is a new set of rows: forget the selection (ids may no longer be in view).
  // biome-ignore lint/correctness/useExhaustiveDependencies: searchKey stands for the query
  useEffect(() => setSelection({}), [searchKey]);
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const pushQ = useDebouncedCallback((value: string) => {
    const { q: _old, ...rest } = search;
    // Sent as typed (the server trims), so a pause after a space does not eat the space.
    onSearchChange(value.trim() ? { ...rest, q: value } : rest);
  }, 300);
  useHotkeys([['n', () => props.onNew?.()]]);

  const columnIds = search.columns ?? props.defaultColumns;
  const visible = columnIds.flatMap((id) => fields.filter((f) => f.id === id));
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const onSelectionChange = (updater: Updater<RowSelectionState>) =>
    setSelection((old) => (typeof updater === 'function' ? updater(old) : updater));
  const clear = () => setSelection({});
  const showEmpty = !data.loading && !data.error && data.rows.length === 0;

  const common = {
    label: props.title,
    rows: data.rows,
    loading: data.loading,
    hasMore: data.hasMore,
    onLoadMore: data.loadMore,
    selection,
    onSelectionChange,
    onOpen: props.onOpen,
  };

  return (
    <Stack gap="sm" className={classes.screen}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={1} size="h2">
          {props.title}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {props.actions}
        </Group>
      </Group>
      {props.tabs}
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          className={classes.search}
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('list.search_placeholder')}
          aria-label={t('list.search')}
          value={q}
          data-list-search
          type="search"
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
        />
        <FilterChips
          fields={fields}
          filters={search.filters ?? []}
          onChange={(filters) => {
            const { filters: _old, ...rest } = search;
            onSearchChange(filters.length ? { ...rest, filters } : rest);
          }}
        />
        {!phone && (
          <ColumnPicker
            fields={fields}
            columns={columnIds}
            onChange={(columns) => {
              const { columns: _old, ...rest } = search;
              onSearchChange(columns ? { ...rest, columns } : rest);
            }}
          />
        )}
      </Group>
      {data.error ? (
        <Alert color="red" title={t('errors.title')}>
          {errorMessage(data.error)}
        </Alert>
      ) : showEmpty ? (
        props.empty
      ) : phone ? (
        <CardList {...common} renderCard={props.renderCard} />
      ) : (
        <DataTable
          {...common}
          fields={visible}
          sort={search.sort}
          onSort={(field, additive) => {
            const { sort: _old, ...rest } = search;
            const sort = nextSort(search.sort, field, additive);
            onSearchChange(sort ? { ...rest, sort } : rest);
          }}
        />
      )}
      <Text size="sm" c="dimmed" role="status" aria-live="polite" component="footer">
        {data.total !== undefined
          ? props.countLabel(data.total)
          : data.rows.length > 0
            ? props.countLabel(data.rows.length)
            : ''}
        {selectedIds.length > 0 && ` · ${t('list.selected', { count: selectedIds.length })}`}
      </Text>
      {props.bulkActions && (
        <ActionBar
          opened={selectedIds.length > 0}
          onClose={clear}
          closeOnEscape
          aria-label={t('list.bulk_actions')}
          position={{ bottom: phone ? 80 : 30, left: 0, right: 0 }}
        >
          <Text size="sm" fw={600} px="xs">
            {t('list.selected', { count: selectedIds.length })}
          </Text>
          <ActionBar.Divider />
          {props.bulkActions(selectedIds, clear)}
          <ActionBar.CloseButton aria-label={t('list.clear_selection')} />
        </ActionBar>
      )}
    </Stack>
  );
}
