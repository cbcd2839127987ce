import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A badge tinted with a status or priority colour whose text keeps the body colour, so it reads at 4.5:1
 * whatever the tint (Mantine's coloured light text does not for orange, cyan, lime…).
 */
export function ColorBadge({ children, ...props }: BadgeProps & { children: ReactNode; tabIndex?: number }) {
  return (
    <Badge variant="light" c="var(--mantine-color-text)" {...props}>
      {children}
    </Badge>
  );
}
