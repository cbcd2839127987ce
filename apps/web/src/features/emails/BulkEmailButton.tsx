import { Alert, Button, Group, List, Select, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCheck, IconMail, IconTemplate } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { BULK_SKIP_REASONS } from '@trato/contracts/mail';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n, { LANGUAGES, type Language } from '../../i18n';
import { errorMessage } from '../../ui/notify';
import { PHONE_QUERY } from '../../ui/use-phone';
import { activeTemplatesQuery, type BulkSendResult, bulkSendEmails, emailsChanged } from './emails.api';
import classes from './emails.module.css';

interface Props {
  ids: string[];
  /** Names of the selected entities, to say which were skipped. */
  names: Map<string, string>;
  clear: () => void;
}

/** The entity list's bulk action "Enviar email con plantilla": one mail per selected entity. */
export function BulkEmailButton({ ids, names, clear }: Props) {
  const { t } = useTranslation('emails');
  const open = () => {
    const phone = globalThis.matchMedia?.(PHONE_QUERY).matches ?? false;
    const id = modals.open({
      title: t('bulk.title'),
      size: 'lg',
      fullScreen: phone,
      className: classes.touch,
      closeButtonProps: { 'aria-label': i18n.t('emails:close') },
      children: <BulkEmailForm ids={ids} names={names} onSent={clear} onDone={() => modals.close(id)} />,
    });
  };
  return (
    <Button size="compact-md" variant="light" leftSection={<IconMail size={14} aria-hidden />} onClick={open}>
      {t('bulk.button')}
    </Button>
  );
}

function BulkEmailForm({
  ids,
  names,
  onSent,
  onDone,
}: {
  ids: string[];
  names: Map<string, string>;
  onSent: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('emails');
  const queryClient = useQueryClient();
  const templates = useQuery(activeTemplatesQuery);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkSendResult | null>(null);

  const send = async () => {
    if (!templateId) return setError(t('bulk.template_required'));
    setBusy(true);
    setError(null);
    try {
      const answer = await bulkSendEmails({
        template_id: templateId,
        entity_ids: ids,
        ...(language ? { language } : {}),
      });
      setResult(answer);
      emailsChanged(queryClient);
      onSent();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  if (result) return <BulkResult result={result} names={names} onDone={onDone} />;
  return (
    <Stack gap="md">
      <Text size="sm">{t('bulk.intro', { count: ids.length })}</Text>
      <Select
        label={t('bulk.template')}
        required
        data={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
        placeholder={templates.data?.length === 0 ? t('compose.no_templates') : undefined}
        value={templateId}
        onChange={(value) => {
          setTemplateId(value);
          setError(null);
        }}
        searchable
        leftSection={<IconTemplate size={16} aria-hidden />}
        comboboxProps={{ withinPortal: true }}
        error={error}
        data-autofocus
      />
      <Select
        label={t('bulk.language')}
        placeholder={t('bulk.language_auto')}
        data={LANGUAGES.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
        value={language}
        onChange={(lng) => setLanguage((lng as Language | null) ?? null)}
        clearable
        comboboxProps={{ withinPortal: true }}
      />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onDone}>
          {t('compose.discard')}
        </Button>
        <Button loading={busy} leftSection={<IconMail size={16} aria-hidden />} onClick={() => void send()}>
          {t('bulk.send', { count: ids.length })}
        </Button>
      </Group>
    </Stack>
  );
}

function BulkResult({
  result,
  names,
  onDone,
}: {
  result: BulkSendResult;
  names: Map<string, string>;
  onDone: () => void;
}) {
  const { t } = useTranslation('emails');
  return (
    <Stack gap="md" aria-live="polite">
      <Alert
        color="teal"
        variant="light"
        icon={<IconCheck size={18} aria-hidden />}
        title={t('bulk.queued', { count: result.queued })}
      >
        <Text size="sm">{t('queued')}</Text>
      </Alert>
      {result.skipped.length > 0 && (
        <Alert color="orange" variant="light" title={t('bulk.skipped', { count: result.skipped.length })}>
          <Stack gap="xs">
            {BULK_SKIP_REASONS.map((reason) => {
              const rows = result.skipped.filter((s) => s.reason === reason);
              if (rows.length === 0) return null;
              return (
                <div key={reason}>
                  <Text size="sm" fw={600}>
                    {t(`bulk.reasons.${reason}`, { count: rows.length })}
                  </Text>
                  <List size="sm">
                    {rows.slice(0, 20).map((row) => (
                      <List.Item key={row.entity_id}>
                        <Link to="/entities/$id" params={{ id: row.entity_id }} onClick={onDone}>
                          {names.get(row.entity_id) ?? row.entity_id}
                        </Link>
                      </List.Item>
                    ))}
                  </List>
                  {rows.length > 20 && (
                    <Text size="xs" c="dimmed">
                      {t('compose.warnings_more', { count: rows.length - 20 })}
                    </Text>
                  )}
                </div>
              );
            })}
          </Stack>
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" component={Link} to="/emails" onClick={onDone}>
          {t('bulk.see_mail')}
        </Button>
        <Button onClick={onDone} data-autofocus>
          {t('bulk.done')}
        </Button>
      </Group>
    </Stack>
  );
}
