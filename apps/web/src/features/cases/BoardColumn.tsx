import { useDroppable } from '@dnd-kit/core';
import { ActionIcon, Badge, Button, ColorSwatch, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { type CSSProperties, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseCard } from './CaseCard';
import { formatTotals } from './case-format';
import type { BoardColumnData, Case, CaseStatus, CaseType } from './cases.api';
import classes from './cases.module.css';

interface Props {
  column: BoardColumnData;
  type: CaseType;
  statuses: CaseStatus[];
  statusLabel: (status: { labels: Record<string, string>; key: string }) => string;
  onMove: (item: Case, status: CaseStatus) => void;
  onNew: (status: CaseStatus) => void;
  onLoadMore: (column: BoardColumnData) => void;
  loadingMore: boolean;
  /** Ids of cards whose move is being saved. */
  pending: Set<string>;
  /** Phones: the only column on screen, full width, no dragging. */
  single?: boolean;
}

/** A status of the pipeline: its name, count and totals, its cards, "Ver más" and "+ Nuevo". */
export function BoardColumn(props: Props) {
  const { column, type, statusLabel, single, loadingMore } = props;
  const { t } = useTranslation('cases');
  const { status } = column;
  const { setNodeRef, isOver } = useDroppable({ id: status.id, data: { status }, disabled: single });
  const label = statusLabel(status);
  const headingId = `column-${status.id}`;
  const style = { '--column-color': `var(--mantine-color-${status.color}-6)` } as CSSProperties;
  const remaining = column.count - column.cards.length;

  // More cards arrive when the end of the column scrolls into view (and with "Ver más").
  const sentinel = useRef<HTMLLIElement>(null);
  const { onLoadMore } = props;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !column.next_cursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore(column);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [column, loadingMore, onLoadMore]);

  return (
    <section
      ref={setNodeRef}
      className={`${classes.column} ${single ? classes.single : ''}`}
      style={style}
      data-over={isOver || undefined}
      data-status-id={status.id}
      aria-labelledby={headingId}
    >
      <Stack gap={2} px={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <ColorSwatch color={`var(--mantine-color-${status.color}-6)`} size={12} withShadow={false} />
            <Title order={2} size="h5" id={headingId} lineClamp={1}>
              {label}
            </Title>
            <Badge variant="default" size="sm" aria-label={t('board.count', { count: column.count })}>
              {column.count}
            </Badge>
          </Group>
          <Tooltip label={t('board.new_in', { status: label })}>
            <ActionIcon
              variant="subtle"
              size="md"
              aria-label={t('board.new_in', { status: label })}
              onClick={() => props.onNew(status)}
            >
              <IconPlus size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {column.totals.length > 0 ? (
          <Text size="xs" c="dimmed" data-column-totals>
            <Text span fw={600} c="var(--mantine-color-text)" size="xs">
              {formatTotals(column.totals, 'amount')}
            </Text>
            {type.kind === 'sale' &&
              ` · ${t('board.weighted', { amount: formatTotals(column.totals, 'weighted') })}`}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" data-column-totals>
            {type.kind === 'sale' ? t('board.no_amount') : '\u00a0'}
          </Text>
        )}
      </Stack>
      <ul className={classes.cards} aria-labelledby={headingId}>
        {column.cards.map((item) => (
          <li key={item.id}>
            <CaseCard
              item={item}
              type={type}
              statuses={props.statuses}
              statusLabel={statusLabel}
              onMove={props.onMove}
              dragDisabled={single || props.pending.has(item.id)}
              pending={props.pending.has(item.id)}
            />
          </li>
        ))}
        {column.cards.length === 0 && (
          <li>
            <Text size="sm" c="dimmed" ta="center" py="md">
              {t('board.empty_column')}
            </Text>
          </li>
        )}
        {column.next_cursor && (
          <li ref={sentinel}>
            <Button
              variant="subtle"
              size="compact-sm"
              fullWidth
              loading={loadingMore}
              onClick={() => onLoadMore(column)}
            >
              {t('board.more', { count: remaining })}
            </Button>
          </li>
        )}
      </ul>
    </section>
  );
}
