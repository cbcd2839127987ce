import { Stack, Text } from '@mantine/core';

interface Props {
  changes: [string, [unknown, unknown]][];
  label: (field: string) => string;
  value: (field: string, raw: unknown) => string;
}

/** "Field: before → after", one line each (before struck through). */
export function ChangeList({ changes, label, value }: Props) {
  if (changes.length === 0) return null;
  return (
    <Stack gap={2} mt={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {changes.map(([field, [before, after]]) => (
        <Text key={field} size="sm" component="li" style={{ overflowWrap: 'anywhere' }}>
          <Text span fw={500}>
            {label(field)}:
          </Text>{' '}
          <Text span c="dimmed" td="line-through">
            {value(field, before)}
          </Text>{' '}
          → {value(field, after)}
        </Text>
      ))}
    </Stack>
  );
}

export const isChange = (value: unknown): value is [unknown, unknown] =>
  Array.isArray(value) && value.length === 2;
