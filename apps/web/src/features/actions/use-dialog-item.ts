import { useState } from 'react';

/**
 * A dialog about one item: the item stays set while the dialog plays its closing transition, so the title
 * and form do not flash to their empty state.
 */
export function useDialogItem<T>() {
  const [item, setItem] = useState<T | null>(null);
  const [opened, setOpened] = useState(false);
  return {
    item,
    opened,
    open: (next: T) => {
      setItem(next);
      setOpened(true);
    },
    close: () => setOpened(false),
  };
}
