import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import type { CaseImportResult } from './imports.api';

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

const PAGE = 50;

/** What a check or an import found: counts, and for an import links to every case it created. */
export function ImportSummary({ result }: { result: CaseImportResult }) {
  const { t } = useTranslation('imports');
  const [limit, setLimit] = useState(PAGE);
  const ok = result.cases_total - result.cases_failed;
  return (
    <Stack gap="sm" component="section" aria-label={t('summary.cases')}>
      <Text size="sm">
        {t(result.dry_run ? 'summary.dry_run' : 'summary.real_run', { filename: result.filename })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Stat label={t('summary.cases')} value={result.cases_total} />
        <Stat label={t('summary.lines')} value={result.lines_total} />
        {result.dry_run ? (
          <Stat label={t('summary.ok')} value={ok} color="teal" />
        ) : (
          <Stat label={t('summary.created')} value={result.cases_created} color="teal" />
        )}
        <Stat
          label={t(result.dry_run ? 'summary.failed' : 'summary.not_imported')}
          value={result.cases_failed}
          color="red"
        />
      </SimpleGrid>
      {result.issues_total === 0 && result.cases_total > 0 && (
        <Alert color="teal" icon={<IconCircleCheck size={18} aria-hidden />}>
          {t('summary.all_ok')}
        </Alert>
      )}
      {result.issues_total > result.issues.length && (
        <Alert color="blue" icon={<IconInfoCircle size={18} aria-hidden />}>
          {t('summary.truncated', {
            shown: formatNumber(result.issues.length),
            total: formatNumber(result.issues_total),
          })}
        </Alert>
      )}
      {result.created.length > 0 && (
        <Stack gap={4} component="section" aria-labelledby="import-created-title">
          <Title order={2} size="h4" id="import-created-title">
            {t('created.title')}
          </Title>
          <Group gap="xs" wrap="wrap">
            {result.created.slice(0, limit).map((c) => (
              <AnchorLink key={c.id} to="/cases/$id" params={{ id: c.id }} size="sm">
                {c.number}{' '}
                <Text span size="xs" c="dimmed">
                  ({t('created.ref', { ref: c.case_ref })})
                </Text>
              </AnchorLink>
            ))}
          </Group>
          {result.created.length > limit && (
            <Button variant="subtle" size="compact-sm" onClick={() => setLimit((n) => n + PAGE * 10)}>
              {t('issues.more')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
