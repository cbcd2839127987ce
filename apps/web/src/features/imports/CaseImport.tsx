import {
  Alert,
  Button,
  Center,
  FileInput,
  Flex,
  Group,
  Overlay,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconChecklist, IconFileSpreadsheet, IconFileUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { errorMessage, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { usePhone } from '../../ui/use-phone';
import { ImportHelp } from './ImportHelp';
import { ImportIssues } from './ImportIssues';
import { ImportSummary } from './ImportSummary';
import type { ImportSearch } from './import-search';
import { ACCEPTED_FILES, importReportQuery, MAX_IMPORT_BYTES, runCaseImport } from './imports.api';
import { usePageFileDrop } from './use-page-file-drop';

interface Props {
  search: ImportSearch;
  onSearchChange: (search: ImportSearch) => void;
}

/**
 * Import of cases with their lines from a file: pick or drop it, Check (a dry run that reports every row's
 * problem and saves nothing), then Import (each valid case with its lines; cases with problems are left out).
 * The report's id stays in the URL, so it can be opened again.
 */
export function CaseImport({ search, onSearchChange }: Props) {
  const { t } = useTranslation('imports');
  usePageTitle(t('title'));
  const phone = usePhone();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // The file the report on screen checked, so "Import" can say how many of its cases will be written.
  const [checkedFile, setCheckedFile] = useState<File | null>(null);
  const [running, setRunning] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const report = useQuery({ ...importReportQuery(search.report ?? ''), enabled: Boolean(search.report) });
  const result = search.report ? report.data : undefined;

  const choose = (next: File | null) => {
    setFile(next);
    setCheckedFile(null);
    setError(null);
    if (search.report) onSearchChange({});
  };
  const dragging = usePageFileDrop(choose);
  const tooBig = file !== null && file.size > MAX_IMPORT_BYTES;
  const checked = result?.dry_run && file !== null && checkedFile === file ? result : undefined;
  const valid = checked ? checked.cases_total - checked.cases_failed : undefined;

  const run = async (dryRun: boolean) => {
    if (!file || tooBig) return;
    setRunning(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const answer = await runCaseImport(file, dryRun);
      queryClient.setQueryData(importReportQuery(answer.id).queryKey, answer);
      if (dryRun) setCheckedFile(file);
      else {
        // Written: the same file is not offered again (a second import would duplicate its cases).
        setFile(null);
        setCheckedFile(null);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        notifySuccess(t('imported', { count: answer.cases_created }));
      }
      onSearchChange({ report: answer.id });
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(null);
    }
  };

  return (
    <Stack gap="md">
      <Stack gap={2}>
        <AnchorLink to="/cases" size="sm" style={{ alignSelf: 'flex-start' }}>
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {t('back')}
          </Group>
        </AnchorLink>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
      </Stack>
      <Text c="dimmed" size="sm">
        {t('intro')}
      </Text>
      <ImportHelp />
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <FileInput
            label={t('file.label')}
            placeholder={t('file.placeholder')}
            description={t('file.description')}
            accept={ACCEPTED_FILES}
            clearable
            clearButtonProps={{ 'aria-label': t('file.clear') }}
            value={file}
            onChange={choose}
            leftSection={<IconFileSpreadsheet size={18} aria-hidden />}
            error={
              tooBig ? t('file.too_big', { size: `${formatNumber(file.size / 1048576, 1)} MB` }) : undefined
            }
          />
          <Flex gap="xs" direction={phone ? 'column' : 'row'}>
            <Button
              variant={checked ? 'default' : 'filled'}
              leftSection={<IconChecklist size={18} aria-hidden />}
              loading={running === 'check'}
              disabled={!file || tooBig || running === 'import'}
              onClick={() => void run(true)}
              h={phone ? 44 : undefined}
            >
              {t('check')}
            </Button>
            <Button
              variant={checked ? 'filled' : 'light'}
              leftSection={<IconFileUpload size={18} aria-hidden />}
              loading={running === 'import'}
              disabled={!file || tooBig || running === 'check' || valid === 0}
              onClick={() => void run(false)}
              h={phone ? 44 : undefined}
            >
              {valid === undefined ? t('import') : t('import_ok', { count: valid })}
            </Button>
          </Flex>
          {valid === 0 && (
            <Text size="sm" c="dimmed">
              {t('nothing_to_import')}
            </Text>
          )}
          {result?.dry_run && !file && (
            <Text size="sm" c="dimmed">
              {t('file.pick_again')}
            </Text>
          )}
        </Stack>
      </Paper>
      {error !== null && (
        <Alert color="red" title={t('translation:errors.title')} role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      {search.report && report.isPending && <Skeleton height={160} />}
      {search.report && report.isError && <Alert color="orange">{t('report_missing')}</Alert>}
      {result && <ImportSummary result={result} />}
      {result && result.issues.length > 0 && (
        <ImportIssues
          issues={result.issues}
          q={search.q ?? ''}
          column={search.column}
          onFilterChange={({ q, column }) =>
            onSearchChange({
              report: search.report,
              ...(q && { q }),
              ...(column && { column }),
            })
          }
        />
      )}
      {dragging && (
        <Overlay fixed backgroundOpacity={0.45} blur={2} zIndex={1000}>
          <Center h="100%">
            <Paper p="xl" radius="md" shadow="md">
              <Text fw={600}>{t('file.drop')}</Text>
            </Paper>
          </Center>
        </Overlay>
      )}
    </Stack>
  );
}
