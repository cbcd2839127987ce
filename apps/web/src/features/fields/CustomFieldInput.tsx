import { Checkbox, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../ui/labels';
import { useOwnerOptions } from '../users/use-owner-options';
import type { FieldDefinition } from './fields.api';

interface Props {
  field: FieldDefinition;
  value: unknown;
  error?: string | undefined;
  onChange: (value: unknown) => void;
  /** Inline edit: no visible label (the field's label is next to it), focus on mount. */
  compact?: boolean;
}

/** The input for one custom field, by its type, with the required mark and the server's error. */
export function CustomFieldInput({ field, value, error, onChange, compact }: Props) {
  const { i18n } = useTranslation();
  const owners = useOwnerOptions();
  const label = localLabel(field.labels, i18n.language, field.key);
  const common = {
    ...(compact ? { 'aria-label': label, autoFocus: true } : { label }),
    required: field.required,
    error,
  };
  const options = field.options.map((o) => ({
    value: o.key,
    label: localLabel(o.labels, i18n.language, o.key),
  }));
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);

  switch (field.type) {
    case 'long_text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
    case 'money':
      return (
        <NumberInput
          {...common}
          value={text}
          decimalScale={field.validation.decimals ?? (field.type === 'money' ? 2 : 4)}
          decimalSeparator={i18n.language === 'en' ? '.' : ','}
          thousandSeparator={i18n.language === 'en' ? ',' : '.'}
          rightSection={field.type === 'money' ? (field.validation.currency ?? 'EUR') : undefined}
          rightSectionWidth={field.type === 'money' ? 48 : undefined}
          min={field.validation.min}
          max={field.validation.max}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? String(v) : v)}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          value={text || null}
          valueFormat="L"
          clearable
          onChange={(v) => onChange(v ?? null)}
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          error={error}
          onChange={(e) => onChange(e.currentTarget.checked)}
          mt={compact ? 0 : 'md'}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          value={text || null}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    case 'user':
      return (
        <Select
          {...common}
          data={owners}
          value={text || null}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    case 'email':
      return (
        <TextInput {...common} type="email" value={text} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case 'phone':
      return (
        <TextInput {...common} type="tel" value={text} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case 'url':
      return (
        <TextInput
          {...common}
          type="url"
          placeholder="https://"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return <TextInput {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
