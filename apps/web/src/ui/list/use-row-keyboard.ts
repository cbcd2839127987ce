import { useHotkeys } from '@mantine/hooks';
import { type KeyboardEvent, type RefObject, useState } from 'react';

interface Options {
  count: number;
  onOpen: (index: number) => void;
  scrollToIndex: (index: number) => void;
  container: RefObject<HTMLElement | null>;
}

/**
 * Keyboard flow of a list: `j`/`k` move the active row (roving focus, so screen readers follow), Enter opens.
 * The hotkeys are ignored while the user types in an input.
 */
export function useRowKeyboard({ count, onOpen, scrollToIndex, container }: Options) {
  const [activeIndex, setActiveIndex] = useState(-1);

  const move = (delta: number) => {
    if (count === 0) return;
    const next = Math.min(count - 1, Math.max(0, activeIndex + delta));
    setActiveIndex(next);
    scrollToIndex(next);
    // The row may only exist after the virtualiser renders it.
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        container.current
          ?.querySelector<HTMLElement>(`[data-index="${next}"]`)
          ?.focus({ preventScroll: true }),
      ),
    );
  };

  useHotkeys([
    ['j', () => move(1)],
    ['k', () => move(-1)],
  ]);

  const rowProps = (index: number) => ({
    tabIndex: index === activeIndex || (activeIndex < 0 && index === 0) ? 0 : -1,
    onFocus: () => setActiveIndex(index),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        onOpen(index);
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        move(1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        move(-1);
      }
    },
  });

  return { activeIndex, setActiveIndex, rowProps };
}
