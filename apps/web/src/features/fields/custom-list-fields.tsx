import { localLabel } from '../../ui/labels';
import type { ListField, ListFieldKind } from '../../ui/list/list-fields';
import { CustomFieldValue } from './CustomFieldValue';
import type { FieldDefinition } from './fields.api';

const KIND: Record<FieldDefinition['type'], ListFieldKind> = {
  text: 'text',
  long_text: 'text',
  number: 'number',
  money: 'number',
  date: 'date',
  boolean: 'boolean',
  select: 'key',
  multiselect: 'multiselect',
  email: 'text',
  phone: 'text',
  url: 'text',
  user: 'user',
};

/** Custom fields as list columns and filters (`custom.<key>` on the API). */
export function customListFields<T extends { custom: Record<string, unknown> }>(
  definitions: FieldDefinition[],
  language: string,
  userOptions: { value: string; label: string }[],
): ListField<T>[] {
  return definitions.map((def) => ({
    id: `custom.${def.key}`,
    label: localLabel(def.labels, language, def.key),
    kind: KIND[def.type],
    sortable: def.type !== 'multiselect',
    filterable: true,
    width: def.type === 'long_text' ? 240 : 160,
    ...(def.type === 'select' || def.type === 'multiselect'
      ? { options: def.options.map((o) => ({ value: o.key, label: localLabel(o.labels, language, o.key) })) }
      : def.type === 'user'
        ? { options: userOptions }
        : {}),
    render: (row: T) => <CustomFieldValue field={def} value={row.custom[def.key]} />,
  }));
}
