import { Button, Group, Pill, Popover, Select, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFilterPlus } from '@tabler/icons-react';
import type { FilterOp } from '@trato/contracts/common';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterValueInput } from './FilterValueInput';
import { type ListField, OPS_BY_KIND } from './list-fields';
import type { ListFilter } from './list-search';

interface Props<T> {
  fields: ListField<T>[];
  filters: ListFilter[];
  onChange: (filters: ListFilter[]) => void;
}

/** Filters as removable chips ("City contains Madrid ×") plus a popover to add one. */
export function FilterChips<T>({ fields, filters, onChange }: Props<T>) {
  const { t } = useTranslation();
  const describe = useDescribeFilter(fields);
  return (
    <Group
      gap="xs"
      wrap="wrap"
      role="group"
      aria-label={t('list.filter.title')}
      style={{ flex: '1 1 auto', minHeight: 36 }}
    >
      {filters.map((filter, index) => (
        <Pill
          // biome-ignore lint/suspicious/noArrayIndexKey: two identical filters are allowed; the position tells them apart
          key={`${filter.field}-${filter.op}-${index}`}
          size="lg"
          withRemoveButton
          removeButtonProps={{ 'aria-label': t('list.filter.remove', { filter: describe(filter) }) }}
          onRemove={() => onChange(filters.filter((_, i) => i !== index))}
        >
          {describe(filter)}
        </Pill>
      ))}
      <AddFilter fields={fields} onAdd={(filter) => onChange([...filters, filter])} />
      {filters.length > 1 && (
        <Button variant="subtle" size="compact-sm" onClick={() => onChange([])}>
          {t('list.filter.clear')}
        </Button>
      )}
    </Group>
  );
}

function useDescribeFilter<T>(fields: ListField<T>[]) {
  const { t } = useTranslation();
  return (filter: ListFilter) => {
    const field = fields.find((f) => f.id === filter.field);
    const label = field?.label ?? filter.field;
    if (filter.op === 'empty')
      return `${label} ${t(filter.value === 'false' ? 'list.ops.is_not_empty' : 'list.ops.is_empty')}`;
    const valueLabel = (v: string) =>
      field?.kind === 'boolean'
        ? t(v === 'true' ? 'common.yes' : 'common.no')
        : (field?.options?.find((o) => o.value === v)?.label ?? v);
    const value =
      filter.op === 'in' ? filter.value.split(',').map(valueLabel).join(', ') : valueLabel(filter.value);
    return `${label} ${t(`list.ops.${filter.op}`)} ${value}`;
  };
}

function AddFilter<T>({ fields, onAdd }: { fields: ListField<T>[]; onAdd: (filter: ListFilter) => void }) {
  const { t } = useTranslation();
  const [opened, { close, toggle }] = useDisclosure(false);
  const filterable = fields.filter((f) => f.filterable);
  const [fieldId, setFieldId] = useState<string | null>(null);
  const [op, setOp] = useState<FilterOp>('eq');
  const [value, setValue] = useState('');
  const field = filterable.find((f) => f.id === fieldId);
  const ops = field ? OPS_BY_KIND[field.kind] : [];

  const pickField = (id: string | null) => {
    setFieldId(id);
    const next = filterable.find((f) => f.id === id);
    setOp(next ? (OPS_BY_KIND[next.kind][0] ?? 'eq') : 'eq');
    setValue('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!field || value === '') return;
    onAdd({ field: field.id, op, value });
    close();
    pickField(null);
  };

  return (
    <Popover
      opened={opened}
      onChange={(o) => !o && close()}
      position="bottom-start"
      trapFocus
      width={300}
      shadow="md"
    >
      <Popover.Target>
        <Button variant="light" h={36} leftSection={<IconFilterPlus size={16} />} onClick={toggle}>
          {t('list.filter.add')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Select
              label={t('list.filter.field')}
              data={filterable.map((f) => ({ value: f.id, label: f.label }))}
              value={fieldId}
              onChange={pickField}
              searchable
              comboboxProps={{ withinPortal: false }}
              data-autofocus
            />
            {field && (
              <>
                <Select
                  label={t('list.filter.operator')}
                  data={ops.map((o) => ({ value: o, label: t(`list.ops.${o}`) }))}
                  value={op}
                  onChange={(v) => {
                    setOp((v as FilterOp | null) ?? 'eq');
                    setValue('');
                  }}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: false }}
                />
                <FilterValueInput
                  field={field as ListField<unknown>}
                  op={op}
                  value={value}
                  onChange={setValue}
                />
              </>
            )}
            <Button type="submit" disabled={!field || value === ''}>
              {t('list.filter.apply')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
