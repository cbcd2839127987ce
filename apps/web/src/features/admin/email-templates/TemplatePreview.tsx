import { Alert, Box, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { errorMessage } from '../../../ui/notify';
import { SearchSelect } from '../../../ui/SearchSelect';
import {
  caseSearch,
  contactSearch,
  entitySearch,
  type PreviewBody,
  previewTemplate,
  type TemplateLanguage,
} from './email-templates.api';
import classes from './email-templates.module.css';
import type { PartValues } from './TemplateLanguageFields';

export interface PreviewRecords {
  entityId: string | null;
  contactId: string | null;
  caseId: string | null;
}

interface Props {
  /** The languages written so far (empty ones left out). */
  content: Partial<Record<TemplateLanguage, PartValues>>;
  defaultLanguage: TemplateLanguage;
  language: TemplateLanguage;
  /** The editor's "commercial" switch: the preview then shows the unsubscribe footer. */
  commercial: boolean;
  records: PreviewRecords;
  onRecordsChange: (records: PreviewRecords) => void;
  /** Syntax errors the preview found, by field path (`content.es.html`), to show under the fields. */
  onErrors: (errors: Record<string, string>) => void;
}

/** The template rendered as it would be sent, against a record the admin picks, with its warnings. */
export function TemplatePreview({
  content,
  defaultLanguage,
  language,
  commercial,
  records,
  onRecordsChange,
  onErrors,
}: Props) {
  const { t } = useTranslation('email-templates');
  const [format, setFormat] = useState<'html' | 'text'>('html');
  const hasContent = Object.keys(content).length > 0;
  const body: PreviewBody = {
    content,
    default_language: defaultLanguage,
    language,
    commercial,
    ...(records.entityId && { entity_id: records.entityId }),
    ...(records.contactId && { contact_id: records.contactId }),
    ...(records.caseId && { case_id: records.caseId }),
  };
  const [debounced] = useDebouncedValue(JSON.stringify(body), 400);
  const preview = useQuery({
    queryKey: ['email-templates', 'preview', debounced],
    queryFn: ({ signal }) => previewTemplate(JSON.parse(debounced) as PreviewBody, signal),
    enabled: hasContent,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  const error = preview.error;
  const fieldErrors =
    isApiError(error, 'validation_failed') && error.errors.some((e) => e.field.startsWith('content.'))
      ? Object.fromEntries(
          error.errors.filter((e) => e.field.startsWith('content.')).map((e) => [e.field, e.message]),
        )
      : null;
  const errorsKey = JSON.stringify(fieldErrors ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the errors change when their text does
  useEffect(() => onErrors(JSON.parse(errorsKey) as Record<string, string>), [errorsKey]);

  const mail = preview.data;
  const fallback = mail && mail.language !== language;

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h4">
            {t('preview.title')}
          </Title>
          {preview.isFetching && <Loader size="xs" aria-label={t('preview.loading')} />}
        </Group>
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            {t('preview.records_hint')}
          </Text>
          <SearchSelect
            label={t('preview.entity')}
            placeholder={t('preview.search_placeholder')}
            value={records.entityId}
            search={entitySearch}
            optionLabel={(e) => e.name}
            onChange={(entityId) => onRecordsChange({ entityId, contactId: null, caseId: null })}
          />
          <SearchSelect
            key={`contact-${records.entityId ?? ''}`}
            label={t('preview.contact')}
            placeholder={t('preview.search_placeholder')}
            value={records.contactId}
            search={contactSearch(records.entityId)}
            optionLabel={(c) => (records.entityId ? c.full_name : `${c.full_name} · ${c.entity_name}`)}
            onChange={(contactId) => onRecordsChange({ ...records, contactId })}
          />
          <SearchSelect
            key={`case-${records.entityId ?? ''}`}
            label={t('preview.case')}
            placeholder={t('preview.search_placeholder')}
            value={records.caseId}
            search={caseSearch(records.entityId)}
            optionLabel={(c) => `${c.number} · ${c.title}`}
            onChange={(caseId) => onRecordsChange({ ...records, caseId })}
          />
        </Stack>

        {!hasContent ? (
          <Text size="sm" c="dimmed">
            {t('preview.waiting')}
          </Text>
        ) : fieldErrors ? (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={t('preview.errors_title')}
          >
            <Text size="sm">{t('preview.errors_hint')}</Text>
          </Alert>
        ) : error ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('preview.failed')}>
            <Text size="sm">{errorMessage(error)}</Text>
          </Alert>
        ) : mail ? (
          <Stack gap="xs" aria-live="polite">
            {fallback && (
              <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} aria-hidden />}>
                <Text size="sm">
                  {t('preview.fallback', { asked: t(`lang.${language}`), used: t(`lang.${mail.language}`) })}
                </Text>
              </Alert>
            )}
            <Box>
              <Text size="xs" c="dimmed">
                {t('preview.subject')}
              </Text>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="preview-subject">
                {mail.subject}
              </Text>
            </Box>
            <SegmentedControl
              size="xs"
              aria-label={t('preview.format')}
              value={format}
              onChange={(v) => setFormat(v as 'html' | 'text')}
              data={[
                { value: 'html', label: t('preview.format_html') },
                { value: 'text', label: t('preview.format_text') },
              ]}
            />
            {format === 'html' && mail.html ? (
              // sandbox="": no scripts, no forms, no navigation; the mail is shown, never run.
              <iframe
                className={classes.frame}
                title={t('preview.frame_title')}
                sandbox=""
                srcDoc={mail.html}
              />
            ) : (
              <pre className={classes.textPreview}>{mail.text}</pre>
            )}
            {mail.warnings.length > 0 ? (
              <Alert
                variant="light"
                color="yellow"
                icon={<IconAlertTriangle size={18} aria-hidden />}
                title={t('preview.warnings_title')}
                styles={{ title: { color: 'var(--mantine-color-text)' } }}
              >
                <Stack gap={4} component="ul" m={0} pl="md">
                  {mail.warnings.map((w) => (
                    <Text component="li" size="sm" key={`${w.field}:${w.message_key}`}>
                      {w.message}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            ) : (
              <Group gap={6}>
                <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
                <Text size="sm" c="dimmed">
                  {t('preview.no_warnings')}
                </Text>
              </Group>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('preview.loading')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
