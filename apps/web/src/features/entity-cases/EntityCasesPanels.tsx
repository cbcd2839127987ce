import { Badge, Button, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { useMe } from '../auth/auth.api';
import { CaseFormModal } from '../cases/CaseForm/CaseFormModal';
import { ColorBadge } from '../cases/ColorBadge';
import { type Case, useCaseTypes } from '../cases/cases.api';
import { SlaBadge } from '../cases/SlaBadge';
import type { Entity } from '../entities/entities.api';
import { CaseLink } from './CaseLink';
import { entityCasesQuery } from './entity-cases.api';
import classes from './entity-cases.module.css';

const FIRST_ROWS = 5;
// Filled, with text that keeps 4.5:1 on them in both colour schemes; the word says the priority too.
const PRIORITY_BADGE = {
  low: { color: 'gray', variant: 'default' },
  normal: { color: 'gray', variant: 'default' },
  high: { color: 'yellow.4', variant: 'filled' },
  urgent: { color: 'red.9', variant: 'filled' },
} as const;

/** The entity page's cases: open after-sales work and sales, side by side (stacked on a phone). */
export function EntityCasesPanels({ entity, readOnly }: { entity: Entity; readOnly: boolean }) {
  const me = useMe();
  const rights = me.role.permissions.objects.cases.actions;
  if (!rights.includes('read')) return null;
  const canCreate = !readOnly && rights.includes('create');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <CasesPanel entity={entity} kind="service" canCreate={canCreate} />
      <CasesPanel entity={entity} kind="sale" canCreate={canCreate} />
    </SimpleGrid>
  );
}

function CasesPanel({
  entity,
  kind,
  canCreate,
}: {
  entity: Entity;
  kind: 'service' | 'sale';
  canCreate: boolean;
}) {
  const { t } = useTranslation('entity-cases');
  const types = useCaseTypes();
  const [creating, setCreating] = useState(false);
  const [all, setAll] = useState(false);
  const open = useQuery(entityCasesQuery(entity.id, kind === 'service' ? 'service-open' : 'sale-open'));
  const closed = useQuery({ ...entityCasesQuery(entity.id, 'sale-closed'), enabled: kind === 'sale' });
  const firstType = types.active.find((type) => type.kind === kind);
  const rows = open.data?.data ?? [];
  const total = open.data?.total ?? rows.length;
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const title = t(kind === 'service' ? 'service.title' : 'sale.title');

  return (
    <Panel
      title={title}
      count={total}
      actions={
        canCreate &&
        firstType && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
            aria-label={t(kind === 'service' ? 'service.new_label' : 'sale.new_label')}
          >
            {t(kind === 'service' ? 'service.new' : 'sale.new')}
          </Button>
        )
      }
    >
      {open.isPending ? (
        <Skeleton height={56} />
      ) : open.isError ? (
        <Text size="sm" c="red">
          {t('error')}
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t(kind === 'service' ? 'service.none' : 'sale.none')}
        </Text>
      ) : (
        <CaseList>
          {shown.map((item) =>
            kind === 'service' ? (
              <ServiceRow key={item.id} item={item} />
            ) : (
              <SaleRow key={item.id} item={item} />
            ),
          )}
        </CaseList>
      )}
      {rows.length > FIRST_ROWS && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setAll((v) => !v)}>
          {all ? t('show_less') : t('show_all', { count: total })}
        </Button>
      )}
      {kind === 'sale' && (closed.data?.data.length ?? 0) > 0 && (
        <Stack gap={4} mt="sm">
          <Text size="xs" fw={650} c="dimmed" tt="uppercase">
            {t('sale.closed')}
          </Text>
          <CaseList>
            {closed.data?.data.map((item) => (
              <SaleRow key={item.id} item={item} />
            ))}
          </CaseList>
        </Stack>
      )}
      {firstType && (
        <CaseFormModal
          opened={creating}
          onClose={() => setCreating(false)}
          defaults={{ type_id: firstType.id, entity_id: entity.id, entity_name: entity.name }}
        />
      )}
    </Panel>
  );
}

function CaseList({ children }: { children: ReactNode }) {
  return (
    <Stack gap={0} component="ul" className={classes.list}>
      {children}
    </Stack>
  );
}

function StatusBadge({ item }: { item: Case }) {
  const types = useCaseTypes();
  return (
    <ColorBadge color={item.status.color} size="sm" className={classes.badge}>
      {types.label(item.status)}
    </ColorBadge>
  );
}

function ServiceRow({ item }: { item: Case }) {
  const { t } = useTranslation('entity-cases');
  return (
    <li className={classes.row}>
      <CaseLink id={item.id} size="sm" fw={600} className={classes.link}>
        {item.number} · {item.title}
      </CaseLink>
      <Group gap={6} mt={4}>
        <StatusBadge item={item} />
        {item.priority !== 'normal' && (
          <Badge {...PRIORITY_BADGE[item.priority]} autoContrast size="sm" className={classes.badge}>
            {t(`priority.${item.priority}`)}
          </Badge>
        )}
        <SlaBadge sla={item.sla} openedAt={item.created_at} size="xs" />
      </Group>
    </li>
  );
}

function SaleRow({ item }: { item: Case }) {
  const { t } = useTranslation('entity-cases');
  const open = item.status.category === 'open';
  return (
    <li className={classes.row}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <CaseLink id={item.id} size="sm" fw={600} className={classes.link}>
          {item.number} · {item.title}
        </CaseLink>
        {item.amount !== null && (
          <Text size="sm" fw={600} className={classes.amount}>
            {formatMoney(item.amount, item.currency)}
          </Text>
        )}
      </Group>
      <Group gap={6} mt={4}>
        <StatusBadge item={item} />
        <Text size="xs" c="dimmed">
          {open
            ? [
                item.expected_close
                  ? t('sale.closes_on', { date: formatDate(item.expected_close) })
                  : t('sale.no_close'),
                `${item.probability} %`,
              ].join(' · ')
            : item.closed_at && t('sale.closed_on', { date: formatDate(item.closed_at) })}
        </Text>
      </Group>
    </li>
  );
}
