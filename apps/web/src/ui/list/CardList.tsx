import { Box, Checkbox, Skeleton, Stack } from '@mantine/core';
import type { RowSelectionState, Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './CardList.module.css';
import { useRowKeyboard } from './use-row-keyboard';

export interface CardListProps<T extends { id: string }> {
  label: string;
  rows: T[];
  loading: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  selection: RowSelectionState;
  onSelectionChange: (updater: Updater<RowSelectionState>) => void;
  onOpen: (row: T) => void;
  renderCard: (row: T) => ReactNode;
}

/** The phone version of a list: one card per row, still virtualised, with a thumb-sized checkbox. */
export function CardList<T extends { id: string }>(props: CardListProps<T>) {
  const { label, rows, loading, hasMore, onLoadMore, selection, onSelectionChange, onOpen, renderCard } =
    props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 88,
    gap: 8,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= rows.length - 10) onLoadMore();
  }, [hasMore, loading, lastIndex, rows.length, onLoadMore]);
  const { rowProps } = useRowKeyboard({
    count: rows.length,
    onOpen: (i) => rows[i] && onOpen(rows[i]),
    scrollToIndex: (i) => virtualizer.scrollToIndex(i),
    container: scrollRef,
  });
  const toggle = (id: string) =>
    onSelectionChange((old) => {
      const next = { ...old };
      if (next[id]) delete next[id];
      else next[id] = true;
      return next;
    });

  return (
    <Box ref={scrollRef} className={classes.scroller} tabIndex={-1}>
      <Box
        role="list"
        aria-label={label}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <Box
              key={row.id}
              role="listitem"
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={classes.card}
              data-selected={selection[row.id] || undefined}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${item.start}px)`,
              }}
              {...rowProps(item.index)}
              onClick={(e) => {
                if (!(e.target instanceof Element && e.target.closest('a, button, input, label')))
                  onOpen(row);
              }}
            >
              {/* biome-ignore lint/a11y/noLabelWithoutControl: the Checkbox inside is the control */}
              <label className={classes.checkbox}>
                <Checkbox
                  aria-label={t('list.select_row')}
                  checked={Boolean(selection[row.id])}
                  onChange={() => toggle(row.id)}
                />
              </label>
              <Box style={{ flex: 1, minWidth: 0 }}>{renderCard(row)}</Box>
            </Box>
          );
        })}
      </Box>
      {loading && (
        <Stack gap="xs" mt={rows.length ? 'xs' : 0} aria-hidden>
          {Array.from({ length: rows.length ? 2 : 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={i} height={72} radius="md" />
          ))}
        </Stack>
      )}
    </Box>
  );
}
