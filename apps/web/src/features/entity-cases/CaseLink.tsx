import type { MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '../../ui/links';

interface Props {
  id: string;
  children: ReactNode;
  size?: MantineSize;
  fw?: number;
  className?: string;
}

/** A link to a case's page. */
export function CaseLink({ id, children, ...props }: Props) {
  return (
    <AnchorLink to="/cases/$id" params={{ id }} {...props}>
      {children}
    </AnchorLink>
  );
}
