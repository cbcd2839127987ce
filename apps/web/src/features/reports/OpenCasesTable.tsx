import { Group, Paper, ScrollArea, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { parseSort } from '../../ui/list/list-search';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePhone } from '../../ui/use-phone';
import { ColorBadge } from '../cases/ColorBadge';
import { SlaBadge } from '../cases/SlaBadge';
import { CaseLink } from '../entity-cases/CaseLink';
import type { OpenCaseRowData } from './reports.api';
import classes from './reports.module.css';

interface Props {
  rows: OpenCaseRowData[];
  sort: string | undefined;
  onSort: (field: string) => void;
  label: (item: { labels: Record<string, string>; key?: string }) => string;
}

/** Sort keys of the report (the server's; its default is `-age`, the oldest first). */
const SORTS = { number: 'number', age: 'age', amount: 'amount', last_action: 'last_action_at' } as const;
const DEFAULT_SORT = '-age';
/** Number, title, status, entity and agent, age, amount, last action: together they fit a 1280 px screen. */
const COLUMN_WIDTHS = ['13%', '19%', '20%', '15%', '10%', '10%', '13%'];

/** The report's rows: a table on a desktop, cards on a phone. */
export function OpenCasesTable(props: Props) {
  return usePhone() ? <Cards {...props} /> : <Desktop {...props} />;
}

function SortHeader({
  id,
  sort,
  onSort,
  children,
  numeric,
}: {
  id: keyof typeof SORTS;
  sort: string | undefined;
  onSort: (field: string) => void;
  children: ReactNode;
  numeric?: boolean;
}) {
  const field = SORTS[id];
  const key = parseSort(sort ?? DEFAULT_SORT).find((k) => k.field === field);
  const up = key && !key.desc;
  return (
    <Table.Th
      aria-sort={key ? (up ? 'ascending' : 'descending') : undefined}
      className={numeric ? classes.number : undefined}
    >
      <UnstyledButton className={classes.sortButton} onClick={() => onSort(field)}>
        {children}
        {key ? (
          up ? (
            <IconArrowUp size={14} aria-hidden />
          ) : (
            <IconArrowDown size={14} aria-hidden />
          )
        ) : (
          <IconArrowsSort size={14} aria-hidden className={classes.sortIdle} />
        )}
      </UnstyledButton>
    </Table.Th>
  );
}

function Desktop({ rows, sort, onSort, label }: Props) {
  const { t } = useTranslation('reports');
  const header = { sort, onSort };
  return (
    <ScrollArea type="auto" className={classes.scroller}>
      <Table striped highlightOnHover className={classes.table} stickyHeader>
        <colgroup>
          {COLUMN_WIDTHS.map((width, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
            <col key={i} style={{ width }} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <SortHeader id="number" {...header}>
              {t('columns.number')}
            </SortHeader>
            <Table.Th>{t('columns.title')}</Table.Th>
            <Table.Th>{t('columns.status_sla')}</Table.Th>
            <Table.Th>{t('columns.entity_owner')}</Table.Th>
            <SortHeader id="age" numeric {...header}>
              {t('columns.age')}
            </SortHeader>
            <SortHeader id="amount" numeric {...header}>
              {t('columns.amount')}
            </SortHeader>
            <SortHeader id="last_action" {...header}>
              {t('columns.last_action')}
            </SortHeader>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td className={classes.nowrap}>
                <CaseLink id={row.id} size="sm" fw={600}>
                  {row.number}
                </CaseLink>
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate title={row.title}>
                  {row.title}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {label(row.type)}
                </Text>
              </Table.Td>
              <Table.Td className={classes.nowrap}>
                <Stack gap={4} align="flex-start">
                  <StatusBadge row={row} label={label} />
                  <SlaBadge sla={row.sla} openedAt={row.created_at} size="xs" />
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate title={row.entity.name}>
                  {row.entity.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {row.owner?.name ?? t('no_owner')}
                </Text>
              </Table.Td>
              <Table.Td className={classes.number}>{t('age_days', { count: row.age_days })}</Table.Td>
              <Table.Td className={classes.number}>
                {row.amount === null ? '—' : formatMoney(row.amount, row.currency)}
              </Table.Td>
              <Table.Td>
                <LastAction row={row} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function StatusBadge({ row, label }: Pick<Props, 'label'> & { row: OpenCaseRowData }) {
  return (
    <ColorBadge color={row.status.color} size="sm" className={classes.badge}>
      {label(row.status)}
    </ColorBadge>
  );
}

function LastAction({ row }: { row: OpenCaseRowData }) {
  const { t } = useTranslation('reports');
  if (!row.last_action)
    return (
      <Text size="sm" c="dimmed">
        {t('no_action')}
      </Text>
    );
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="sm" truncate title={row.last_action.subject}>
        {row.last_action.subject}
      </Text>
      <Text size="xs" c="dimmed">
        {t(`action_status.${row.last_action.status === 'done' ? 'done' : 'planned'}`)}{' '}
        <RelativeTime value={row.last_action.at} />
      </Text>
    </Stack>
  );
}

function Cards({ rows, label }: Props) {
  const { t } = useTranslation('reports');
  return (
    <Stack gap="xs" component="ul" className={classes.cards}>
      {rows.map((row) => (
        <Paper key={row.id} component="li" withBorder radius="md" p="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <CaseLink id={row.id} fw={600} className={classes.cardLink}>
                {row.number} · {row.title}
              </CaseLink>
              <Text size="sm" c="dimmed" truncate>
                {row.entity.name}
                {row.owner ? ` · ${row.owner.name}` : ''}
              </Text>
            </Stack>
            <Text fw={600} style={{ flexShrink: 0, fontVariantNumeric: 'tabular-nums' }}>
              {row.amount === null ? '' : formatMoney(row.amount, row.currency)}
            </Text>
          </Group>
          <Group gap={6} mt={6}>
            <StatusBadge row={row} label={label} />
            <Text size="xs" c="dimmed">
              {t('age_days', { count: row.age_days })}
            </Text>
            <SlaBadge sla={row.sla} openedAt={row.created_at} size="xs" />
          </Group>
          <Group mt={4}>
            <LastAction row={row} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
