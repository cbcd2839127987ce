import { MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import type { FilterOp } from '@trato/contracts/common';
import { useTranslation } from 'react-i18next';
import type { ListField } from './list-fields';

interface Props {
  field: ListField<unknown>;
  op: FilterOp;
  value: string;
  onChange: (value: string) => void;
}

/** The value part of a filter, shaped by the field: a select for pick lists, a number, a date, yes/no. */
export function FilterValueInput({ field, op, value, onChange }: Props) {
  const { t } = useTranslation();
  const label = t('list.filter.value');
  if (op === 'empty' || field.kind === 'boolean') {
    const data =
      op === 'empty'
        ? [
            { value: 'true', label: t('list.ops.is_empty') },
            { value: 'false', label: t('list.ops.is_not_empty') },
          ]
        : [
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ];
    return (
      <Select
        label={label}
        data={data}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        allowDeselect={false}
      />
    );
  }
  if (field.options && op !== 'contains' && op !== 'starts') {
    if (op === 'in')
      return (
        <MultiSelect
          label={label}
          data={field.options}
          value={value ? value.split(',') : []}
          onChange={(v) => onChange(v.join(','))}
          searchable
          comboboxProps={{ withinPortal: false }}
        />
      );
    return (
      <Select
        label={label}
        data={field.options}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        searchable
        comboboxProps={{ withinPortal: false }}
      />
    );
  }
  if (field.kind === 'number')
    return (
      <NumberInput label={label} value={value} onChange={(v) => onChange(String(v))} decimalSeparator="," />
    );
  if (field.kind === 'date' || field.kind === 'datetime')
    return (
      <TextInput label={label} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
    );
  return (
    <TextInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} data-autofocus />
  );
}
