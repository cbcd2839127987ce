import { Anchor, Text } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import type { ListField } from '../../ui/list/list-fields';
import { RelativeTime } from '../../ui/RelativeTime';
import { customerLanguageLabel, customerLanguageOptions } from '../entities/customer-language';
import { customListFields } from '../fields/custom-list-fields';
import { useCustomFields } from '../fields/fields.api';
import { useUsers } from '../users/users.api';
import type { Contact } from './contacts.api';

export const DEFAULT_CONTACT_COLUMNS = ['name', 'entity_id', 'job_title', 'emails', 'phones', 'updated_at'];

const first = (values: string[], scheme: string) =>
  values[0] ? (
    <Anchor href={`${scheme}${values[0]}`} size="sm">
      {values[0]}
      {values.length > 1 && <Text span c="dimmed" size="xs">{` +${values.length - 1}`}</Text>}
    </Anchor>
  ) : null;

/** Columns, filters and sort keys of the contact list. */
export function useContactListFields(): ListField<Contact>[] {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const custom = useCustomFields('contact');
  const language = i18n.language;
  return useMemo(() => {
    const text = (
      id: 'first_name' | 'last_name' | 'job_title' | 'department',
      width = 160,
    ): ListField<Contact> => ({
      id,
      label: t(`contact.fields.${id}`),
      kind: 'text',
      sortable: true,
      filterable: true,
      width,
      render: (c) => c[id] ?? '',
    });
    const base: ListField<Contact>[] = [
      {
        id: 'name',
        label: t('contact.fields.name'),
        kind: 'name',
        sortable: true,
        filterable: true,
        width: 240,
        render: (c) => (
          <AnchorLink to="/contacts/$id" params={{ id: c.id }} fw={600} size="sm">
            {c.full_name}
            {c.is_primary && (
              <IconStarFilled
                size={12}
                color="var(--mantine-color-yellow-6)"
                aria-label={t('contact.primary')}
                style={{ marginInlineStart: 4 }}
              />
            )}
          </AnchorLink>
        ),
      },
      {
        id: 'entity_id',
        label: t('contact.fields.entity'),
        kind: 'user',
        sortable: false,
        filterable: false,
        width: 220,
        render: (c) => (
          <AnchorLink to="/entities/$id" params={{ id: c.entity_id }} size="sm">
            {c.entity_name}
          </AnchorLink>
        ),
      },
      text('first_name'),
      text('last_name'),
      text('job_title', 180),
      text('department'),
      {
        id: 'emails',
        label: t('contact.fields.emails'),
        kind: 'array',
        sortable: false,
        filterable: true,
        width: 220,
        render: (c) => first(c.emails, 'mailto:'),
      },
      {
        id: 'phones',
        label: t('contact.fields.phones'),
        kind: 'array',
        sortable: false,
        filterable: true,
        width: 160,
        render: (c) => first(c.phones, 'tel:'),
      },
      {
        id: 'is_primary',
        label: t('contact.fields.is_primary'),
        kind: 'boolean',
        sortable: true,
        filterable: true,
        width: 110,
        render: (c) => (c.is_primary ? t('common.yes') : t('common.no')),
      },
      {
        id: 'language',
        label: t('customer_language.short'),
        kind: 'key',
        options: customerLanguageOptions(t),
        sortable: true,
        filterable: true,
        width: 130,
        render: (c) => customerLanguageLabel(t, c.language) ?? '',
      },
      {
        id: 'created_at',
        label: t('contact.fields.created_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 140,
        render: (c) => <RelativeTime value={c.created_at} short />,
      },
      {
        id: 'updated_at',
        label: t('contact.fields.updated_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 140,
        render: (c) => <RelativeTime value={c.updated_at} short />,
      },
    ];
    return [...base, ...customListFields<Contact>(custom, language, users.options())];
  }, [t, language, custom, users]);
}
