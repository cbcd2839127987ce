import { Button, Checkbox, Popover, ScrollArea, Stack } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ListField } from './list-fields';

interface Props<T> {
  fields: ListField<T>[];
  columns: string[];
  onChange: (columns: string[] | undefined) => void;
}

/** Which columns the table shows, in the fields' order; "default" clears the choice from the URL. */
export function ColumnPicker<T>({ fields, columns, onChange }: Props<T>) {
  const { t } = useTranslation();
  const toggle = (id: string, checked: boolean) => {
    const next = checked ? [...columns, id] : columns.filter((c) => c !== id);
    const ordered = fields.map((f) => f.id).filter((fid) => next.includes(fid));
    if (ordered.length > 0) onChange(ordered);
  };
  return (
    <Popover position="bottom-end" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <Button variant="default" h={36} leftSection={<IconColumns size={16} />}>
          {t('list.columns.title')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group label={t('list.columns.title')} value={columns}>
          <ScrollArea.Autosize mah={320} type="auto" mt="xs">
            <Stack gap={6}>
              {fields.map((field) => (
                <Checkbox
                  key={field.id}
                  value={field.id}
                  label={field.label}
                  onChange={(e) => toggle(field.id, e.currentTarget.checked)}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Checkbox.Group>
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => onChange(undefined)}>
          {t('list.columns.reset')}
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
