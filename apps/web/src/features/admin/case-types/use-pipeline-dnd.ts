import {
  type Announcements,
  type DndContextProps,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from './case-types.api';

/**
 * Arrow keys move a picked-up status one row at a time (dnd-kit's default moves a fixed number of pixels):
 * the dragged row jumps to the top of the next row up or down.
 */
const rowByRow: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const direction = event.code === 'ArrowDown' ? 1 : event.code === 'ArrowUp' ? -1 : 0;
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!direction || !collisionRect) return undefined;
  event.preventDefault();
  const tops = droppableContainers
    .getEnabled()
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      return rect ? [rect.top] : [];
    })
    .filter((top) => (direction > 0 ? top > collisionRect.top + 1 : top < collisionRect.top - 1))
    .sort((a, b) => direction * (a - b));
  const next = tops[0];
  return next === undefined ? currentCoordinates : { x: currentCoordinates.x, y: next };
};

/**
 * Dragging the live statuses of a pipeline (pointer or keyboard), with what a screen reader hears in the
 * user's language, and where the dragged one would land (`dropSide` of the row under it).
 */
export function usePipelineDnd(
  live: CaseStatus[],
  label: (status: CaseStatus) => string,
  onDrop: (from: number, to: number) => void,
) {
  const { t } = useTranslation('admin');
  const [dragging, setDragging] = useState<{ active: string; over: string | null } | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: rowByRow }),
  );
  const indexOf = (id: UniqueIdentifier) => live.findIndex((s) => s.id === id);
  const name = (id: UniqueIdentifier) => {
    const status = live.find((s) => s.id === id);
    return status ? label(status) : '';
  };
  const total = live.length;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('caseTypes.pipeline.drag_start', { label: name(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('caseTypes.pipeline.drag_over', { label: name(active.id), position: indexOf(over.id) + 1, total })
        : undefined,
    onDragEnd: ({ active, over }) =>
      t('caseTypes.pipeline.drag_end', {
        label: name(active.id),
        position: indexOf(over?.id ?? active.id) + 1,
        total,
      }),
    onDragCancel: ({ active }) => t('caseTypes.pipeline.drag_cancel', { label: name(active.id) }),
  };

  const context: DndContextProps = {
    sensors,
    accessibility: {
      announcements,
      screenReaderInstructions: { draggable: t('caseTypes.pipeline.drag_instructions') },
    },
    onDragStart: ({ active }) => setDragging({ active: String(active.id), over: null }),
    onDragOver: ({ active, over }) =>
      setDragging({ active: String(active.id), over: over ? String(over.id) : null }),
    onDragEnd: ({ active, over }) => {
      setDragging(null);
      if (over) onDrop(indexOf(active.id), indexOf(over.id));
    },
    onDragCancel: () => setDragging(null),
  };
  /** Above or below the row under the dragged status (a line shows where it would land). */
  const dropSide = (status: CaseStatus): 'before' | 'after' | undefined => {
    if (!dragging || dragging.over !== status.id || dragging.active === status.id) return undefined;
    return indexOf(dragging.active) < indexOf(status.id) ? 'after' : 'before';
  };
  return { context, dropSide };
}
