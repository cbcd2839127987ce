import { Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { usePhone } from '../../ui/use-phone';
import type { ImportIssue } from './imports.api';

const PAGE = 100;

interface Props {
  issues: ImportIssue[];
  /** Free-text filter and column filter, kept in the URL by the screen. */
  q: string;
  column: string | undefined;
  onFilterChange: (filter: { q: string; column: string | undefined }) => void;
}

const matches = (issue: ImportIssue, words: string[]) => {
  const text =
    `${issue.sheet} ${issue.row} ${issue.case_ref ?? ''} ${issue.field} ${issue.message}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

/** Every problem of an import: where (row, case, column) and why, filterable; cards on a phone. */
export function ImportIssues({ issues, q, column, onFilterChange }: Props) {
  const { t } = useTranslation('imports');
  const phone = usePhone();
  const [limit, setLimit] = useState(PAGE);
  const columns = useMemo(() => [...new Set(issues.map((i) => i.field))].sort(), [issues]);
  const manySheets = new Set(issues.map((i) => i.sheet)).size > 1;
  const shown = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return issues.filter((i) => (!column || i.field === column) && matches(i, words));
  }, [issues, q, column]);
  const page = shown.slice(0, limit);
  const where = (issue: ImportIssue) => (manySheets ? `${issue.sheet} · ${issue.row}` : String(issue.row));

  return (
    <Stack gap="xs" component="section" aria-labelledby="import-issues-title">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4" id="import-issues-title">
          {t('issues.title')}
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('issues.shown', { shown: formatNumber(shown.length), total: formatNumber(issues.length) })}
        </Text>
      </Group>
      <Group gap="xs" wrap="wrap">
        <TextInput
          type="search"
          aria-label={t('issues.filter')}
          placeholder={t('issues.filter_placeholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setLimit(PAGE);
            onFilterChange({ q: e.currentTarget.value, column });
          }}
          style={{ flex: '1 1 220px', maxWidth: phone ? undefined : 360 }}
        />
        <Select
          aria-label={t('issues.column_filter')}
          placeholder={t('issues.all_columns')}
          data={columns}
          value={column ?? null}
          clearable
          searchable
          onChange={(value) => {
            setLimit(PAGE);
            onFilterChange({ q, column: value ?? undefined });
          }}
          style={{ flex: '0 1 220px' }}
        />
      </Group>
      {shown.length === 0 ? (
        <Text c="dimmed" size="sm" py="md" ta="center">
          {t('issues.none_match')}
        </Text>
      ) : phone ? (
        <Stack gap="xs">
          {page.map((issue) => (
            <Paper
              key={`${issue.sheet}-${issue.row}-${issue.field}-${issue.code}`}
              withBorder
              p="sm"
              radius="md"
            >
              <Group gap="xs" mb={4} wrap="wrap">
                <Text size="sm" fw={600}>
                  {t('issues.row')} {where(issue)}
                </Text>
                {issue.case_ref && <Text size="sm">{issue.case_ref}</Text>}
                <Code>{issue.field}</Code>
              </Group>
              <Text size="sm">{issue.message}</Text>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={manySheets ? 160 : 80}>{t('issues.row')}</Table.Th>
              <Table.Th w={140}>{t('issues.case')}</Table.Th>
              <Table.Th w={160}>{t('issues.column')}</Table.Th>
              <Table.Th>{t('issues.problem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.map((issue) => (
              <Table.Tr key={`${issue.sheet}-${issue.row}-${issue.field}-${issue.code}`}>
                <Table.Td>{where(issue)}</Table.Td>
                <Table.Td>{issue.case_ref ?? '—'}</Table.Td>
                <Table.Td>
                  <Code>{issue.field}</Code>
                </Table.Td>
                <Table.Td>{issue.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shown.length > limit && (
        <Button
          variant="default"
          onClick={() => setLimit((n) => n + PAGE * 5)}
          style={{ alignSelf: 'center' }}
        >
          {t('issues.more')}
        </Button>
      )}
    </Stack>
  );
}
