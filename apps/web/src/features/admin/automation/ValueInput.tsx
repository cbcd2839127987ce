import { MultiSelect, Select, TagsInput, TextInput } from '@mantine/core';
import type { ConditionOp, RuleField, RuleValue } from '@trato/contracts/automation';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { valueFromInput } from './rule-form';
import type { Option, OptionGroup, RuleOptions } from './use-rule-options';

interface Props {
  field: RuleField | undefined;
  /** The comparison (conditions) or undefined (set_field: the new value). */
  op?: ConditionOp;
  value: RuleValue | undefined;
  onChange: (value: RuleValue) => void;
  label: string;
  error?: ReactNode;
  options: RuleOptions;
}

/** The choices of a field: its own options (enum values translated), or people, teams, statuses, types. */
function choicesOf(field: RuleField, options: RuleOptions, t: TFunction): (Option | OptionGroup)[] {
  const base = field.key.replace(/^entity\./, '');
  switch (field.type) {
    case 'user':
      return options.users;
    case 'team':
      return options.teams;
    case 'case_status':
      return options.statusGroups();
    case 'case_type':
      return options.caseTypes;
    case 'action_type':
      return options.actionTypes;
    default:
      return field.options.map((o) => ({
        value: o.value,
        label: t(`values.${base}.${o.value}`, { defaultValue: o.label }),
      }));
  }
}

const asList = (value: RuleValue | undefined): string[] =>
  Array.isArray(value)
    ? value
    : typeof value === 'string' && value
      ? value.split(',').map((s) => s.trim())
      : [];
const asText = (value: RuleValue | undefined): string =>
  value === null || value === undefined || Array.isArray(value) ? '' : String(value);

/** A value input that fits the field: a list of choices, yes/no, a date, a number, or text. */
export function ValueInput({ field, op, value, onChange, label, error, options }: Props) {
  const { t } = useTranslation('automation');
  const type = field?.type;
  const common = { label, error, miw: 0 };
  if (type === 'boolean')
    return (
      <Select
        {...common}
        data={[
          { value: 'true', label: t('condition.yes') },
          { value: 'false', label: t('condition.no') },
        ]}
        value={typeof value === 'boolean' ? String(value) : null}
        onChange={(v) => onChange(v === null ? null : v === 'true')}
        allowDeselect={false}
      />
    );
  const choices = field ? choicesOf(field, options, t) : [];
  const hasChoices =
    choices.length > 0 ||
    ['user', 'team', 'case_status', 'case_type', 'action_type', 'select', 'multiselect'].includes(type ?? '');
  if (hasChoices) {
    const many = op === 'in' || (op === undefined && type === 'multiselect');
    if (many)
      return (
        <MultiSelect
          {...common}
          data={choices}
          value={asList(value)}
          onChange={(v) => onChange(v)}
          searchable
          hidePickedOptions
        />
      );
    return (
      <Select
        {...common}
        data={choices}
        value={asText(value) || null}
        onChange={(v) => onChange(v)}
        searchable
        placeholder={t('action.choose')}
      />
    );
  }
  if (op === 'in')
    return <TagsInput {...common} value={asList(value)} onChange={(v) => onChange(v)} clearable />;
  if (type === 'date' || type === 'datetime')
    return (
      <TextInput
        {...common}
        type={type === 'date' ? 'date' : 'datetime-local'}
        value={type === 'datetime' ? asText(value).slice(0, 16) : asText(value)}
        onChange={(event) => {
          const raw = event.currentTarget.value;
          onChange(type === 'datetime' && raw ? new Date(raw).toISOString() : raw || null);
        }}
      />
    );
  return (
    <TextInput
      {...common}
      inputMode={type === 'number' || type === 'money' ? 'decimal' : undefined}
      value={asText(value)}
      onChange={(event) => onChange(valueFromInput(type, event.currentTarget.value))}
    />
  );
}
