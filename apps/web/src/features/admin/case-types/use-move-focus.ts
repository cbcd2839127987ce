import { type RefObject, useEffect, useRef } from 'react';

/**
 * Keeps the keyboard on a row moved with its arrow buttons: once the row is drawn at its new place, the same
 * arrow gets the focus again (or the other one when the row reached an end and that arrow is disabled).
 */
export function useMoveFocus(rootRef: RefObject<HTMLElement | null>, indexOf: (id: string) => number) {
  const pending = useRef<{ id: string; direction: -1 | 1; to: number } | null>(null);
  // After every render: the move is only done when the row is at its new index.
  useEffect(() => {
    const move = pending.current;
    if (!move || indexOf(move.id) !== move.to) return;
    pending.current = null;
    const root = rootRef.current;
    const same = root?.querySelector<HTMLButtonElement>(
      `[data-move="${move.id}:${move.direction}"]:not([disabled])`,
    );
    (same ?? root?.querySelector<HTMLButtonElement>(`[data-move="${move.id}:${-move.direction}"]`))?.focus();
  });
  return (id: string, direction: -1 | 1, to: number) => {
    pending.current = { id, direction, to };
  };
}
