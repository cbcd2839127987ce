import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { localLabel } from '../../ui/labels';
import { useUsers } from '../users/users.api';
import type { FieldDefinition } from './fields.api';

/** A custom field's value shown by its type: money in the locale, dates, option labels, links. */
export function CustomFieldValue({ field, value }: { field: FieldDefinition; value: unknown }) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  const option = (key: string) =>
    localLabel(field.options.find((o) => o.key === key)?.labels, i18n.language, key);
  switch (field.type) {
    case 'number':
      return <>{formatNumber(value as number, field.validation.decimals)}</>;
    case 'money':
      return <>{formatMoney(value as string, field.validation.currency ?? 'EUR')}</>;
    case 'date':
      return <>{formatDate(String(value))}</>;
    case 'boolean':
      return <>{t(value ? 'common.yes' : 'common.no')}</>;
    case 'select':
      return <>{option(String(value))}</>;
    case 'multiselect':
      return (
        <Group gap={4} wrap="nowrap">
          {(value as string[]).map((key) => (
            <Badge key={key} variant="light" size="sm">
              {option(key)}
            </Badge>
          ))}
        </Group>
      );
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm">
          {String(value)}
        </Anchor>
      );
    case 'phone':
      return (
        <Anchor href={`tel:${String(value)}`} size="sm">
          {String(value)}
        </Anchor>
      );
    case 'url':
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm">
          {String(value)}
        </Anchor>
      );
    case 'user':
      return <>{users.name(String(value)) || String(value)}</>;
    default:
      return <>{String(value)}</>;
  }
}
