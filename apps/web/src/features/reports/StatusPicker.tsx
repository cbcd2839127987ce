import { Box, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseType } from '../cases/cases.api';

interface Props {
  types: CaseType[];
  label: (item: { labels: Record<string, string>; key: string }) => string;
  value: string[];
  onChange: (ids: string[]) => void;
  /** Back to the default: every open status. */
  onAllOpen: () => void;
  /** Bigger targets (the phone's drawer). */
  touch?: boolean;
}

/** Which statuses count as open for the report: checkboxes grouped by case type, any mix across types. */
export function StatusPicker({ types, label, value, onChange, onAllOpen, touch }: Props) {
  const { t } = useTranslation('reports');
  const picked = new Set(value);
  const size = touch ? 'md' : 'sm';
  const toggle = (ids: string[], on: boolean) => {
    const next = new Set(picked);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    // The pipelines' order, so the URL (and a saved report) does not depend on the clicking order.
    onChange(types.flatMap((type) => type.statuses.map((s) => s.id)).filter((id) => next.has(id)));
  };
  const shown = types.filter((type) => type.active || type.statuses.some((s) => picked.has(s.id)));

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Button size="compact-sm" variant="light" onClick={onAllOpen}>
          {t('statuses.all_open')}
        </Button>
        <Button size="compact-sm" variant="subtle" onClick={() => onChange([])} disabled={value.length === 0}>
          {t('statuses.none')}
        </Button>
      </Group>
      {shown.map((type) => {
        const statuses = type.statuses.filter((s) => !s.retired || picked.has(s.id));
        const ids = statuses.map((s) => s.id);
        const count = ids.filter((id) => picked.has(id)).length;
        return (
          <Stack
            key={type.id}
            gap={touch ? 'sm' : 6}
            component="fieldset"
            style={{ border: 0, padding: 0, margin: 0 }}
          >
            <Box component="legend" p={0}>
              <Checkbox
                size={size}
                label={
                  <Text fw={650} size="sm">
                    {label(type)}
                  </Text>
                }
                checked={count === ids.length && ids.length > 0}
                indeterminate={count > 0 && count < ids.length}
                onChange={(e) => toggle(ids, e.currentTarget.checked)}
                aria-label={t('statuses.whole_type', { type: label(type) })}
              />
            </Box>
            <Stack gap={touch ? 'sm' : 6} pl={touch ? 'lg' : 'md'}>
              {statuses.map((status) => (
                <Checkbox
                  key={status.id}
                  size={size}
                  checked={picked.has(status.id)}
                  onChange={(e) => toggle([status.id], e.currentTarget.checked)}
                  label={
                    <Group gap={6} wrap="nowrap">
                      <span>{label(status)}</span>
                      {status.category !== 'open' && (
                        <Text span size="xs" c="dimmed">
                          {t(`category.${status.category}`)}
                        </Text>
                      )}
                      {status.retired && (
                        <Text span size="xs" c="dimmed">
                          {t('statuses.retired')}
                        </Text>
                      )}
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Stack>
        );
      })}
    </Stack>
  );
}
