import { Alert, Group, List, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconSpeakerphone, IconTemplate } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TemplateWarning } from '@trato/contracts/email-templates';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../i18n';
import { activeTemplatesQuery } from './emails.api';

interface Props {
  templateId: string | null;
  language: Language | null;
  /** A preview is being rendered. */
  loading: boolean;
  error?: string | undefined;
  onChange: (templateId: string | null, language: Language | null) => void;
}

/** Pick a template (and the language to render it in): it fills the subject and the body for this record. */
export function TemplatePicker({ templateId, language, loading, error, onChange }: Props) {
  const { t } = useTranslation('emails');
  const templates = useQuery(activeTemplatesQuery);
  const chosen = templates.data?.find((tpl) => tpl.id === templateId);
  const languages = chosen?.languages.length ? chosen.languages : [...LANGUAGES];
  return (
    <Stack gap={4}>
      <Group gap="sm" align="flex-start" wrap="wrap">
        <Select
          label={t('compose.template')}
          placeholder={
            templates.isError
              ? t('compose.templates_unavailable')
              : templates.data?.length === 0
                ? t('compose.no_templates')
                : t('compose.template_placeholder')
          }
          data={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          value={templateId}
          onChange={(id) => onChange(id, null)}
          searchable
          clearable
          disabled={templates.isError || templates.data?.length === 0}
          leftSection={<IconTemplate size={16} aria-hidden />}
          comboboxProps={{ withinPortal: true }}
          error={error}
          style={{ flex: '1 1 240px' }}
          renderOption={({ option }) => {
            const tpl = templates.data?.find((x) => x.id === option.value);
            return (
              <div>
                <Text size="sm">{option.label}</Text>
                {tpl?.subject && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {tpl.subject}
                  </Text>
                )}
              </div>
            );
          }}
        />
        {chosen && languages.length > 1 && (
          <Select
            label={t('compose.language')}
            data={languages.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
            value={language}
            placeholder={t('compose.language_auto')}
            onChange={(lng) => onChange(templateId, (lng as Language | null) ?? null)}
            clearable
            disabled={loading}
            comboboxProps={{ withinPortal: true }}
            w={180}
          />
        )}
      </Group>
      {chosen?.commercial && (
        <Group gap={6} wrap="nowrap">
          <IconSpeakerphone size={14} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="xs" c="dimmed">
            {t('opt_out.compose_note')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** Merge fields the template uses that this record does not have: they are sent empty. */
export function MergeWarnings({ warnings }: { warnings: TemplateWarning[] }) {
  const { t } = useTranslation('emails');
  if (warnings.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={t('compose.warnings_title', { count: warnings.length })}
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <List size="sm" spacing={2}>
        {warnings.slice(0, 10).map((w) => (
          <List.Item key={`${w.field}-${w.location ?? ''}-${w.message_key}`}>
            <Text span size="sm" ff="monospace">
              {w.field}
            </Text>
            {w.message ? ` — ${w.message}` : ''}
          </List.Item>
        ))}
      </List>
      {warnings.length > 10 && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('compose.warnings_more', { count: warnings.length - 10 })}
        </Text>
      )}
    </Alert>
  );
}
