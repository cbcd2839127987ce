import { Box, Checkbox, Skeleton, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import {
  type ColumnDef,
  type RowSelectionState,
  rowSelectionFeature,
  tableFeatures,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type MouseEvent, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataTable.module.css';
import type { ListField } from './list-fields';
import { parseSort } from './list-search';
import { useRowKeyboard } from './use-row-keyboard';

const features = tableFeatures({ rowSelectionFeature });
type Features = typeof features;

export interface DataTableProps<T extends { id: string }> {
  label: string;
  rows: T[];
  fields: ListField<T>[];
  sort: string | undefined;
  onSort: (field: string, additive: boolean) => void;
  loading: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  selection: RowSelectionState;
  onSelectionChange: (updater: Updater<RowSelectionState>) => void;
  onOpen: (row: T) => void;
}

const ROW_HEIGHT = 44;
const SELECT_WIDTH = 48;
const isInteractive = (target: EventTarget) =>
  target instanceof Element && Boolean(target.closest('a, button, input, label, [role="checkbox"]'));

/** A virtualised table: sortable headers, row selection, j/k/Enter, more rows loaded near the end. */
export function DataTable<T extends { id: string }>(props: DataTableProps<T>) {
  const { label, rows, fields, sort, onSort, loading, hasMore, onLoadMore, onOpen } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);

  const columns = useMemo<ColumnDef<Features, T>[]>(
    () => [
      {
        id: '__select',
        header: ({ table }) => (
          <Checkbox
            aria-label={t('list.select_all')}
            checked={table.getIsAllRowsSelected()}
            indeterminate={table.getIsSomeRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={t('list.select_row')}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      ...fields.map(
        (field): ColumnDef<Features, T> => ({
          id: field.id,
          header: field.label,
          cell: ({ row }) => field.render(row.original),
        }),
      ),
    ],
    [fields, t],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row: T) => row.id,
    state: { rowSelection: props.selection },
    onRowSelectionChange: props.onSelectionChange,
  });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= tableRows.length - 15) onLoadMore();
  }, [hasMore, loading, lastIndex, tableRows.length, onLoadMore]);

  const { activeIndex, setActiveIndex, rowProps } = useRowKeyboard({
    count: tableRows.length,
    onOpen: (index) => {
      const row = tableRows[index];
      if (row) onOpen(row.original);
    },
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
    container: scrollRef,
  });

  const sortKeys = parseSort(sort);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const width = SELECT_WIDTH + fields.reduce((sum, f) => sum + (f.width ?? 160), 0);
  const colSpan = fields.length + 1;

  return (
    <Box ref={scrollRef} className={classes.scroller} tabIndex={-1}>
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={0}
        className={classes.table}
        style={{ minWidth: width }}
        aria-label={label}
        aria-rowcount={tableRows.length + 1}
      >
        <colgroup>
          <col style={{ width: SELECT_WIDTH }} />
          {fields.map((f) => (
            <col key={f.id} style={{ width: f.width ?? 160 }} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            {table.getHeaderGroups()[0]?.headers.map((header) => {
              const field = fields.find((f) => f.id === header.column.id);
              const key = sortKeys.find((k) => k.field === header.column.id);
              return (
                <Table.Th
                  key={header.id}
                  aria-sort={key ? (key.desc ? 'descending' : 'ascending') : undefined}
                  className={classes.th}
                >
                  {field?.sortable ? (
                    <UnstyledButton
                      className={classes.sortButton}
                      onClick={(e: MouseEvent) => onSort(field.id, e.shiftKey)}
                    >
                      {field.label}
                      {key ? (
                        key.desc ? (
                          <IconArrowDown size={14} aria-hidden />
                        ) : (
                          <IconArrowUp size={14} aria-hidden />
                        )
                      ) : (
                        <IconArrowsSort size={14} aria-hidden className={classes.sortIdle} />
                      )}
                    </UnstyledButton>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={colSpan} style={{ height: paddingTop, padding: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <Table.Tr
                key={row.id}
                data-index={item.index}
                data-active={item.index === activeIndex || undefined}
                bg={row.getIsSelected() ? 'var(--mantine-primary-color-light)' : undefined}
                className={classes.row}
                {...rowProps(item.index)}
                onClick={(e) => {
                  setActiveIndex(item.index);
                  if (!isInteractive(e.target)) onOpen(row.original);
                }}
              >
                {row.getAllCells().map((cell) => (
                  <Table.Td key={cell.id} className={classes.td}>
                    <table.FlexRender cell={cell} />
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={colSpan} style={{ height: paddingBottom, padding: 0 }} />
            </tr>
          )}
          {loading &&
            Array.from({ length: tableRows.length ? 3 : 10 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Table.Tr key={`skeleton-${i}`} aria-hidden className={classes.row}>
                {Array.from({ length: colSpan }, (_, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                  <Table.Td key={j} className={classes.td}>
                    <Skeleton height={12} radius="sm" width={j === 0 ? 16 : '70%'} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
