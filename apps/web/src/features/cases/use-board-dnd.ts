import {
  type Announcements,
  type CollisionDetection,
  KeyboardCode,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from './cases.api';

/** The pointer's column when there is a pointer; else (keyboard) the column the card overlaps most. */
export const columnCollision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/**
 * Keyboard dragging jumps whole columns: ← and → put the card over the previous or next column (in screen
 * order), ↑ and ↓ do nothing. Space or Enter drops it, Escape cancels (dnd-kit's keys).
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code !== KeyboardCode.Right && event.code !== KeyboardCode.Left) {
    if (event.code === KeyboardCode.Up || event.code === KeyboardCode.Down) event.preventDefault();
    return undefined;
  }
  event.preventDefault();
  const { droppableContainers, droppableRects, over, active, collisionRect } = context;
  if (!collisionRect) return undefined;
  const columns = droppableContainers
    .getEnabled()
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      return rect ? [{ id: container.id, rect }] : [];
    })
    .sort((a, b) => a.rect.left - b.rect.left);
  const from = over?.id ?? (active?.data.current?.item as Case | undefined)?.status_id;
  const index = columns.findIndex((c) => c.id === from);
  const target = columns[index + (event.code === KeyboardCode.Right ? 1 : -1)];
  if (!target) return undefined;
  return {
    x: target.rect.left + (target.rect.width - collisionRect.width) / 2,
    y: currentCoordinates.y,
  };
};

/** Pointer (starts after 6 px, so clicks on the card's link and menu still work) and keyboard sensors. */
export function useBoardSensors() {
  return useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates }),
  );
}

/** What a screen reader hears while a card is dragged, in the user's language. */
export function useBoardAnnouncements(statusName: (id: string | number | undefined) => string) {
  const { t } = useTranslation('cases');
  return useMemo(() => {
    const nameOf = (data: Record<string, unknown> | undefined) => {
      const item = data?.item as Case | undefined;
      return item ? `${item.number} ${item.title}` : '';
    };
    const announcements: Announcements = {
      onDragStart: ({ active }) =>
        t('dnd.picked', {
          name: nameOf(active.data.current),
          status: statusName(active.data.current?.item?.status_id),
        }),
      onDragOver: ({ active, over }) =>
        over
          ? t('dnd.over', { name: nameOf(active.data.current), status: statusName(over.id) })
          : t('dnd.outside', { name: nameOf(active.data.current) }),
      onDragEnd: ({ active, over }) =>
        over
          ? t('dnd.dropped', { name: nameOf(active.data.current), status: statusName(over.id) })
          : t('dnd.dropped_outside', { name: nameOf(active.data.current) }),
      onDragCancel: ({ active }) => t('dnd.cancelled', { name: nameOf(active.data.current) }),
    };
    return { announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } };
  }, [t, statusName]);
}
