import { Badge, Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  count?: number;
  actions?: ReactNode;
  children: ReactNode;
}

/** A titled section of a record page (a landmark with its own heading). */
export function Panel({ title, count, actions, children }: Props) {
  return (
    <Paper component="section" withBorder p="md" radius="md" aria-label={title}>
      <Group justify="space-between" mb="sm" gap="xs" wrap="wrap">
        <Group gap={6}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {count !== undefined && count > 0 && (
            <Badge variant="default" size="sm">
              {count}
            </Badge>
          )}
        </Group>
        {actions && <Group gap={4}>{actions}</Group>}
      </Group>
      {children}
    </Paper>
  );
}
