import { Badge, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import type { ListField } from '../../ui/list/list-fields';
import { RelativeTime } from '../../ui/RelativeTime';
import { customListFields } from '../fields/custom-list-fields';
import { useCustomFields } from '../fields/fields.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useUsers } from '../users/users.api';
import { customerLanguageLabel, customerLanguageOptions } from './customer-language';
import type { Entity } from './entities.api';

export const DEFAULT_ENTITY_COLUMNS = ['name', 'roles', 'city', 'sector', 'owner_id', 'updated_at'];

const more = (values: string[]) =>
  values.length === 0 ? (
    <Text span c="dimmed">
      —
    </Text>
  ) : (
    <>
      {values[0]}
      {values.length > 1 && <Text span c="dimmed" size="xs">{` +${values.length - 1}`}</Text>}
    </>
  );

/** Every column the entity list can show, filter or sort: base fields, then the admin's custom fields. */
export function useEntityListFields(): ListField<Entity>[] {
  const { t, i18n } = useTranslation();
  const pick = usePickLists();
  const users = useUsers();
  const custom = useCustomFields('entity');
  const language = i18n.language;

  return useMemo(() => {
    const userOptions = users.options();
    const text = (id: keyof Entity & string, width = 160): ListField<Entity> => ({
      id,
      label: t(`entity.fields.${id}`),
      kind: 'text',
      sortable: true,
      filterable: true,
      width,
      render: (e) => (e[id] as string | null) ?? '',
    });
    const pickList = (id: 'source' | 'sector' | 'zone'): ListField<Entity> => ({
      id,
      label: t(`entity.fields.${id}`),
      kind: 'key',
      options: pick.options(id),
      sortable: true,
      filterable: true,
      render: (e) => pick.label(id, e[id]),
    });
    const base: ListField<Entity>[] = [
      {
        id: 'name',
        label: t('entity.fields.name'),
        kind: 'name',
        sortable: true,
        filterable: true,
        width: 220,
        render: (e) => (
          <AnchorLink to="/entities/$id" params={{ id: e.id }} fw={600} size="sm">
            {e.name}
          </AnchorLink>
        ),
      },
      {
        id: 'kind',
        label: t('entity.fields.kind'),
        kind: 'key',
        options: [
          { value: 'company', label: t('entity.kind.company') },
          { value: 'person', label: t('entity.kind.person') },
        ],
        sortable: true,
        filterable: true,
        width: 120,
        render: (e) => t(`entity.kind.${e.kind}`),
      },
      {
        id: 'roles',
        label: t('entity.fields.roles'),
        kind: 'array',
        options: pick.options('entity_roles'),
        sortable: false,
        filterable: true,
        width: 190,
        render: (e) => (
          <Group gap={4} wrap="nowrap">
            {e.roles.map((r) => (
              <Badge key={r} variant="light" size="sm">
                {pick.label('entity_roles', r)}
              </Badge>
            ))}
          </Group>
        ),
      },
      text('code', 120),
      text('tax_id', 130),
      { ...text('emails', 220), kind: 'array', sortable: false, render: (e) => more(e.emails) },
      { ...text('phones', 160), kind: 'array', sortable: false, render: (e) => more(e.phones) },
      text('city', 150),
      text('province'),
      text('postal_code', 110),
      { ...text('country', 90), kind: 'key' },
      pickList('source'),
      { ...pickList('sector'), width: 150 },
      pickList('zone'),
      {
        id: 'owner_id',
        label: t('entity.fields.owner_id'),
        kind: 'user',
        options: userOptions,
        sortable: true,
        filterable: true,
        width: 150,
        render: (e) => e.owner?.name ?? '',
      },
      {
        id: 'language',
        label: t('customer_language.short'),
        kind: 'key',
        options: customerLanguageOptions(t),
        sortable: true,
        filterable: true,
        width: 130,
        render: (e) => customerLanguageLabel(t, e.language) ?? '',
      },
      {
        id: 'created_at',
        label: t('entity.fields.created_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 140,
        render: (e) => <RelativeTime value={e.created_at} short />,
      },
      {
        id: 'updated_at',
        label: t('entity.fields.updated_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 120,
        render: (e) => <RelativeTime value={e.updated_at} short />,
      },
    ];
    return [...base, ...customListFields<Entity>(custom, language, userOptions)];
  }, [t, language, custom, pick, users]);
}
