import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCheck, IconCopy, IconKey, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { errorMessage, notifyError } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePageTitle } from '../../ui/use-page-title';
import { type ApiKeyItem, type CreatedApiKeyItem, createApiKey, listApiKeys, revokeApiKey } from './auth.api';

/** The user's API keys for integrations: create (the key is shown once), list, revoke. */
export function ApiKeys() {
  const { t } = useTranslation();
  usePageTitle(t('apiKeys.title'));
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery({ queryKey: ['api-keys'], queryFn: listApiKeys });
  const [created, setCreated] = useState<CreatedApiKeyItem | null>(null);
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim() ? null : t('errors.required')) },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });

  const submit = form.onSubmit(async ({ name }) => {
    try {
      setCreated(await createApiKey(name.trim()));
      form.reset();
      await refresh();
    } catch (error) {
      form.setFieldError('name', errorMessage(error));
    }
  });
  const revoke = (key: ApiKeyItem) =>
    modals.openConfirmModal({
      title: t('apiKeys.revoke_title', { name: key.name }),
      children: <Text size="sm">{t('apiKeys.revoke_body')}</Text>,
      labels: { confirm: t('apiKeys.revoke'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await revokeApiKey(key.id);
          await refresh();
        } catch (error) {
          notifyError(error);
        }
      },
    });
  const keys = data?.data ?? [];

  return (
    <Stack gap="md" maw={880}>
      <Title order={1} size="h2">
        {t('apiKeys.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('apiKeys.intro')}
      </Text>
      <Paper withBorder p="md" radius="md" component="section" aria-label={t('apiKeys.create')}>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('apiKeys.name')}
              placeholder={t('apiKeys.name_placeholder')}
              style={{ flex: '1 1 240px' }}
              {...form.getInputProps('name')}
            />
            <Button type="submit" loading={form.submitting} leftSection={<IconKey size={16} />}>
              {t('apiKeys.create')}
            </Button>
          </Group>
        </form>
        {created && (
          <Alert
            color="teal"
            mt="md"
            title={t('apiKeys.created_title', { name: created.name })}
            role="status"
          >
            <Text size="sm" mb="xs">
              {t('apiKeys.shown_once')}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {created.key}
              </Code>
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-md"
                    variant={copied ? 'filled' : 'light'}
                    onClick={copy}
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  >
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
      </Paper>
      {isPending ? (
        <Skeleton height={120} />
      ) : keys.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('apiKeys.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label={t('apiKeys.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiKeys.name')}</Table.Th>
                <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.created_at')}</Table.Th>
                <Table.Th>{t('apiKeys.last_used')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(key.created_at)}</Table.Td>
                  <Table.Td>
                    {key.last_used_at ? <RelativeTime value={key.last_used_at} /> : t('apiKeys.never')}
                  </Table.Td>
                  <Table.Td ta="right">
                    {key.revoked_at ? (
                      <Badge color="gray">{t('apiKeys.revoked')}</Badge>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => revoke(key)}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
