import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import type { ListField } from '../../ui/list/list-fields';
import { RelativeTime } from '../../ui/RelativeTime';
import { customListFields } from '../fields/custom-list-fields';
import { useUsers } from '../users/users.api';
import { ColorBadge } from './ColorBadge';
import { type Case, type CaseType, useCaseFields, useCaseTypes } from './cases.api';
import { SlaBadge } from './SlaBadge';
import { useCaseOptions } from './use-case-options';

export const DEFAULT_CASE_COLUMNS = [
  'number',
  'title',
  'entity_id',
  'status_id',
  'owner_id',
  'amount',
  'probability',
  'expected_close',
  'priority',
];
export const DEFAULT_SERVICE_COLUMNS = [
  'number',
  'title',
  'entity_id',
  'status_id',
  'owner_id',
  'priority',
  'sla_breached',
  'created_at',
];

const PRIORITY_COLOR = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' } as const;

/** Every column the case list can show, filter or sort: the case's fields, then the type's custom fields. */
export function useCaseListFields(type: CaseType | undefined): ListField<Case>[] {
  const { t, i18n } = useTranslation('cases');
  const users = useUsers();
  const types = useCaseTypes();
  const options = useCaseOptions();
  const custom = useCaseFields(type?.id);
  const language = i18n.language;

  return useMemo(() => {
    const userOptions = users.options();
    const label = (id: string) => t(`fields.${id}`);
    const base: ListField<Case>[] = [
      {
        id: 'number',
        label: label('number'),
        kind: 'text',
        sortable: true,
        filterable: true,
        width: 140,
        render: (c) => (
          <AnchorLink to="/cases/$id" params={{ id: c.id }} size="sm" ff="monospace">
            {c.number}
          </AnchorLink>
        ),
      },
      {
        id: 'title',
        label: label('title'),
        kind: 'name',
        sortable: true,
        filterable: true,
        width: 240,
        render: (c) => (
          <AnchorLink to="/cases/$id" params={{ id: c.id }} fw={600} size="sm">
            {c.title}
          </AnchorLink>
        ),
      },
      {
        id: 'entity_id',
        label: label('entity'),
        kind: 'key',
        sortable: false,
        filterable: false,
        width: 190,
        render: (c) => (
          <AnchorLink to="/entities/$id" params={{ id: c.entity.id }} size="sm">
            {c.entity.name}
          </AnchorLink>
        ),
      },
      {
        id: 'status_id',
        label: label('status'),
        kind: 'key',
        options: options.statuses(type),
        sortable: true,
        filterable: true,
        width: 160,
        render: (c) => (
          <ColorBadge color={c.status.color} size="sm">
            {types.label(c.status)}
          </ColorBadge>
        ),
      },
      {
        id: 'status_category',
        label: label('status_category'),
        kind: 'key',
        options: ['open', 'won', 'lost', 'closed'].map((k) => ({ value: k, label: t(`category.${k}`) })),
        sortable: true,
        filterable: true,
        width: 120,
        render: (c) => t(`category.${c.status.category}`),
      },
      {
        id: 'owner_id',
        label: label('owner'),
        kind: 'user',
        options: userOptions,
        sortable: true,
        filterable: true,
        width: 150,
        render: (c) => c.owner?.name ?? '',
      },
      {
        id: 'team_id',
        label: label('team'),
        kind: 'key',
        options: options.teams,
        sortable: true,
        filterable: true,
        width: 140,
        render: (c) => c.team?.name ?? '',
      },
      {
        id: 'amount',
        label: label('amount'),
        kind: 'number',
        sortable: true,
        filterable: true,
        width: 130,
        render: (c) => (
          <Text size="sm" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(c.amount, c.currency)}
          </Text>
        ),
      },
      {
        id: 'currency',
        label: label('currency'),
        kind: 'key',
        options: options.currencies,
        sortable: true,
        filterable: true,
        width: 90,
        render: (c) => c.currency,
      },
      {
        id: 'probability',
        label: label('probability'),
        kind: 'number',
        sortable: true,
        filterable: true,
        width: 110,
        render: (c) => t('card.percent', { value: c.probability }),
      },
      {
        id: 'expected_close',
        label: label('expected_close'),
        kind: 'date',
        sortable: true,
        filterable: true,
        width: 130,
        render: (c) => formatDate(c.expected_close),
      },
      {
        id: 'priority',
        label: label('priority'),
        kind: 'key',
        options: options.priorities,
        sortable: true,
        filterable: true,
        width: 110,
        render: (c) => (
          <ColorBadge color={PRIORITY_COLOR[c.priority]} size="sm">
            {t(`priority.${c.priority}`)}
          </ColorBadge>
        ),
      },
      {
        id: 'sla_breached',
        label: label('sla'),
        kind: 'boolean',
        sortable: true,
        filterable: true,
        width: 190,
        render: (c) => <SlaBadge sla={c.sla} openedAt={c.created_at} size="xs" />,
      },
      {
        id: 'closed_at',
        label: label('closed_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 130,
        render: (c) => (c.closed_at ? <RelativeTime value={c.closed_at} short /> : ''),
      },
      {
        id: 'created_at',
        label: label('created_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 130,
        render: (c) => <RelativeTime value={c.created_at} short />,
      },
      {
        id: 'updated_at',
        label: label('updated_at'),
        kind: 'datetime',
        sortable: true,
        filterable: true,
        width: 120,
        render: (c) => <RelativeTime value={c.updated_at} short />,
      },
    ];
    return [...base, ...customListFields<Case>(custom, language, userOptions)];
  }, [t, language, custom, users, types, options, type]);
}
