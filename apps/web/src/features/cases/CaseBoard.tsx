import { DndContext, type DragEndEvent, DragOverlay, type DragStartEvent } from '@dnd-kit/core';
import { Alert, Button, Group, ScrollArea, Skeleton, Tabs, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, type TouchEvent, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, notifyError } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { BoardColumn } from './BoardColumn';
import { BoardFilterBar } from './BoardFilterBar';
import { appendCards, locate, movedCard, placeCard } from './board-state';
import { CaseCardOverlay } from './CaseCard';
import { CaseFormModal } from './CaseForm/CaseFormModal';
import {
  type BoardColumnData,
  type BoardFilters,
  type Case,
  type CaseBoardData,
  type CaseStatus,
  type CaseType,
  caseBoardQuery,
  fetchColumnPage,
  useCaseTypes,
} from './cases.api';
import classes from './cases.module.css';
import { columnCollision, useBoardAnnouncements, useBoardSensors } from './use-board-dnd';
import { type Optimistic, useCaseMove } from './use-case-move';

interface Props {
  title: string;
  /** The type switcher and the board/list toggle. */
  header: ReactNode;
  type: CaseType;
  filters: BoardFilters;
  onFiltersChange: (filters: BoardFilters) => void;
  /** Phones: the status whose column is on screen. */
  phoneStatus: string | undefined;
  onPhoneStatusChange: (statusId: string) => void;
}

/**
 * The pipeline of one case type: a column per live status with counts and totals. Cards move by dragging
 * (mouse or keyboard) on wide screens and from their menu on phones, where one column shows at a time.
 */
export function CaseBoard({
  title,
  header,
  type,
  filters,
  onFiltersChange,
  phoneStatus,
  onPhoneStatusChange,
}: Props) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const phone = usePhone();
  const types = useCaseTypes();
  const board = caseBoardQuery(type.id, filters);
  const query = useQuery(board);
  const { move, moving, dialogs } = useCaseMove();
  const [dragged, setDragged] = useState<Case | null>(null);
  const [loadingMore, setLoadingMore] = useState<Set<string>>(() => new Set());
  const [creating, setCreating] = useState<{ statusId?: string } | null>(null);
  useHotkeys([['n', () => setCreating({})]]);

  const columns = query.data?.columns ?? [];
  const statuses = columns.map((c) => c.status);
  const statusLabel = types.label;
  const statusName = useCallback(
    (id: string | number | undefined) => {
      const status = columns.find((c) => c.status.id === id)?.status;
      return status ? types.label(status) : '';
    },
    [columns, types],
  );
  const accessibility = useBoardAnnouncements(statusName);
  const sensors = useBoardSensors();

  /** Moves the card in the cached board at once; the returned function puts it back. */
  const optimistic: Optimistic = (item, status) => {
    void queryClient.cancelQueries({ queryKey: board.queryKey });
    const before = queryClient.getQueryData<CaseBoardData>(board.queryKey);
    const origin = before ? locate(before, item.id) : null;
    queryClient.setQueryData<CaseBoardData>(board.queryKey, (old) =>
      old ? placeCard(old, movedCard(item, status), status.id) : old,
    );
    return () =>
      queryClient.setQueryData<CaseBoardData>(board.queryKey, (old) =>
        old && origin ? placeCard(old, item, origin.statusId, origin.index) : old,
      );
  };
  const moveCard = (item: Case, status: CaseStatus) => move(item, status, optimistic);

  const onDragStart = (event: DragStartEvent) =>
    setDragged((event.active.data.current?.item as Case) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const item = active.data.current?.item as Case | undefined;
    const status = statuses.find((s) => s.id === over?.id);
    if (item && status && status.id !== item.status_id) moveCard(item, status);
  };

  const loadMore = useCallback(
    async (column: BoardColumnData) => {
      const statusId = column.status.id;
      if (!column.next_cursor || loadingMore.has(statusId)) return;
      setLoadingMore((old) => new Set(old).add(statusId));
      try {
        const page = await fetchColumnPage(type.id, statusId, filters, column.next_cursor);
        queryClient.setQueryData<CaseBoardData>(board.queryKey, (old) =>
          old ? appendCards(old, statusId, page.data, page.next_cursor) : old,
        );
      } catch (error) {
        notifyError(error);
      } finally {
        setLoadingMore((old) => {
          const next = new Set(old);
          next.delete(statusId);
          return next;
        });
      }
    },
    [type.id, filters, loadingMore, queryClient, board.queryKey],
  );

  const columnProps = (column: BoardColumnData) => ({
    column,
    type,
    statuses,
    statusLabel,
    onMove: moveCard,
    onNew: (status: CaseStatus) => setCreating({ statusId: status.id }),
    onLoadMore: (c: BoardColumnData) => void loadMore(c),
    loadingMore: loadingMore.has(column.status.id),
    pending: moving,
  });

  // Phones: swipe sideways to the next or previous status.
  const current = columns.find((c) => c.status.id === phoneStatus) ?? columns[0];
  const touch = useRef<{ x: number; y: number } | null>(null);
  const onTouchStart = (e: TouchEvent) => {
    const point = e.touches[0];
    touch.current = point ? { x: point.clientX, y: point.clientY } : null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    const start = touch.current;
    const point = e.changedTouches[0];
    touch.current = null;
    if (!start || !point || !current) return;
    const dx = point.clientX - start.x;
    const dy = point.clientY - start.y;
    if (Math.abs(dx) < 60 || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    const index = columns.indexOf(current);
    const next = columns[index + (dx < 0 ? 1 : -1)];
    if (next) onPhoneStatusChange(next.status.id);
  };

  return (
    <div className={classes.screen}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Tooltip label={t('translation:shortcuts.new_hint')}>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(phone && current ? { statusId: current.status.id } : {})}
            aria-label={t('new')}
          >
            {phone ? t('new_short') : t('new')}
          </Button>
        </Tooltip>
      </Group>
      {header}
      <BoardFilterBar filters={filters} onChange={onFiltersChange} />
      {query.error ? (
        <Alert color="red" title={t('translation:errors.title')}>
          {errorMessage(query.error)}
        </Alert>
      ) : query.isPending ? (
        <Group gap="sm" wrap="nowrap" align="flex-start" aria-busy>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={320} width={292} radius="md" />
          ))}
        </Group>
      ) : phone ? (
        <>
          <ScrollArea type="never">
            <Tabs
              value={current?.status.id ?? null}
              onChange={(value) => value && onPhoneStatusChange(value)}
              variant="pills"
              radius="xl"
            >
              <Tabs.List style={{ flexWrap: 'nowrap' }} aria-label={t('board.statuses')}>
                {columns.map((column) => (
                  <Tabs.Tab key={column.status.id} value={column.status.id}>
                    {`${statusLabel(column.status)} · ${column.count}`}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
          </ScrollArea>
          {current && (
            <div onTouchStart={onTouchStart} onTouchEnd={onTouchEnd}>
              <BoardColumn {...columnProps(current)} single />
            </div>
          )}
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating({ statusId: current?.status.id })}
          >
            {t('new')}
          </Button>
        </>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={columnCollision}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragged(null)}
          accessibility={accessibility}
        >
          <div className={classes.columns} data-board>
            {columns.map((column) => (
              <BoardColumn key={column.status.id} {...columnProps(column)} />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {dragged ? (
              <CaseCardOverlay item={dragged} type={type} statuses={statuses} statusLabel={statusLabel} />
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
      <CaseFormModal
        opened={creating !== null}
        onClose={() => setCreating(null)}
        defaults={{ type_id: type.id, ...(creating?.statusId ? { status_id: creating.statusId } : {}) }}
      />
      {dialogs}
    </div>
  );
}
