import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { RecordForm } from '../form-parts';
import { applyServerErrors, type FormProblem, NO_PROBLEM } from '../server-errors';
import { AdminModal } from '../ui';
import {
  type CreatedWebhook,
  createWebhook,
  EVENT_TYPE_PATTERN,
  EVENT_TYPE_SUGGESTIONS,
  getWebhook,
  invalidateWebhooks,
  putWebhook,
  updateWebhook,
  type Webhook,
} from './webhooks.api';

interface Values {
  url: string;
  event_types: string[];
  active: boolean;
}

const valuesOf = (webhook: Webhook | undefined): Values => ({
  url: webhook?.url ?? 'https://',
  event_types: webhook?.event_types ?? [],
  active: webhook?.active ?? true,
});

interface Props {
  webhook: Webhook | undefined;
  opened: boolean;
  onClose: () => void;
}

/** Create or edit a webhook; after a create, the signing secret is shown once. */
export function WebhookFormModal({ webhook, opened, onClose }: Props) {
  const { t } = useTranslation('admin');
  const [created, setCreated] = useState<CreatedWebhook>();
  const title = created ? t('webhooks.secret_title') : webhook ? t('webhooks.edit_title') : t('webhooks.new');
  return (
    <AdminModal opened={opened} onClose={onClose} title={title}>
      {created ? (
        <SecretShown webhook={created} onDone={onClose} />
      ) : (
        <WebhookForm webhook={webhook} onDone={onClose} onCreated={setCreated} />
      )}
    </AdminModal>
  );
}

function SecretShown({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title={t('webhooks.secret_once')}
        styles={{ title: { color: 'var(--mantine-color-text)' } }}
      >
        <Text size="sm">{t('webhooks.secret_hint')}</Text>
      </Alert>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="webhook-secret-label">
          {t('webhooks.secret')}
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            aria-labelledby="webhook-secret-label"
            style={{ flex: 1, minWidth: 0, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
          >
            {webhook.secret}
          </Code>
          <CopyButton value={webhook.secret}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'light' : 'default'}
                color={copied ? 'teal' : undefined}
                leftSection={
                  copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                }
                onClick={copy}
              >
                {copied ? t('webhooks.copied') : t('webhooks.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {t('webhooks.signature_hint')}
        </Text>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          {t('webhooks.secret_done')}
        </Button>
      </Group>
    </Stack>
  );
}

function WebhookForm({
  webhook: initial,
  onDone,
  onCreated,
}: {
  webhook: Webhook | undefined;
  onDone: () => void;
  onCreated: (webhook: CreatedWebhook) => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (!/^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i.test(v.url.trim())) errors.url = t('webhooks.url_invalid');
      if (v.event_types.length === 0) errors.event_types = t('webhooks.event_types_required');
      else if (v.event_types.some((e) => !EVENT_TYPE_PATTERN.test(e)))
        errors.event_types = t('webhooks.event_types_invalid');
      return errors;
    },
  });

  const submit = async (v: Values) => {
    const body = { url: v.url.trim(), event_types: v.event_types, active: v.active };
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      if (base) {
        const saved = await updateWebhook(base.id, { version: base.version, ...body });
        putWebhook(queryClient, saved.id, saved);
        notifySuccess(t('webhooks.saved'));
        await invalidateWebhooks(queryClient);
        onDone();
      } else {
        // The dialog stays open to show the secret, once.
        const created = await createWebhook(body);
        await invalidateWebhooks(queryClient);
        notifySuccess(t('webhooks.created'));
        onCreated(created);
      }
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    setProblem(NO_PROBLEM);
    const fresh = await getWebhook(base.id);
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  return (
    <RecordForm
      form={form}
      state={{ base, problem, busy }}
      onSubmit={(v) => void submit(v)}
      onReload={() => void reload()}
      onCancel={onDone}
      createLabel={t('webhooks.create')}
    >
      <TextInput
        label={t('webhooks.url')}
        description={t('webhooks.url_hint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        required
        type="url"
        inputMode="url"
        maxLength={2000}
        autoComplete="off"
        data-autofocus
        {...form.getInputProps('url')}
      />
      <TagsInput
        label={t('webhooks.event_types')}
        description={t('webhooks.event_types_hint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        required
        data={EVENT_TYPE_SUGGESTIONS}
        maxTags={50}
        clearable
        splitChars={[',', ' ']}
        acceptValueOnBlur
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('event_types')}
        onChange={(value) =>
          form.setFieldValue(
            'event_types',
            value.map((e) => e.trim().toLowerCase()),
          )
        }
      />
      <Switch
        label={t('webhooks.active')}
        description={t('webhooks.active_hint')}
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </RecordForm>
  );
}
