import { Alert, Anchor, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { EmailTemplateEditor } from '../features/admin/email-templates/EmailTemplateEditor';
import {
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
  templateQuery,
} from '../features/admin/email-templates/email-templates.api';
import type { PreviewRecords } from '../features/admin/email-templates/TemplatePreview';
import { errorMessage } from '../ui/notify';
import { RecordSkeleton } from '../ui/RecordSkeleton';

interface Search {
  /** The language tab shown: es, ca or en. */
  lang?: TemplateLanguage;
}

/** One email template's editor; `new` for a template not saved yet. */
export const Route = createFileRoute('/admin/email-templates/$id')({
  validateSearch: (search: Record<string, unknown>): Search =>
    (TEMPLATE_LANGUAGES as unknown[]).includes(search.lang) ? { lang: search.lang as TemplateLanguage } : {},
  component: TemplateScreen,
});

function TemplateScreen() {
  const { id } = Route.useParams();
  const { lang } = Route.useSearch();
  const navigate = Route.useNavigate();
  const { t, i18n } = useTranslation('email-templates');
  const isNew = id === 'new';
  const [records, setRecords] = useState<PreviewRecords>({ entityId: null, contactId: null, caseId: null });
  const template = useQuery({ ...templateQuery(id), enabled: !isNew });
  const uiLanguage = (TEMPLATE_LANGUAGES as string[]).includes(i18n.language)
    ? (i18n.language as TemplateLanguage)
    : 'es';
  const language = lang ?? template.data?.default_language ?? uiLanguage;
  const setLanguage = (next: TemplateLanguage) =>
    void navigate({ search: (s: Search) => ({ ...s, lang: next }), replace: true });

  if (!isNew && template.isPending) return <RecordSkeleton />;
  if (!isNew && template.error)
    return (
      <Stack gap="sm">
        <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />}>
          {isApiError(template.error, 'not_found') ? t('editor.not_found') : errorMessage(template.error)}
        </Alert>
        <Anchor component={Link} to="/admin/email-templates">
          {t('editor.back')}
        </Anchor>
      </Stack>
    );
  return (
    <EmailTemplateEditor
      key={id}
      template={isNew ? undefined : template.data}
      language={language}
      onLanguageChange={setLanguage}
      records={records}
      onRecordsChange={setRecords}
    />
  );
}
