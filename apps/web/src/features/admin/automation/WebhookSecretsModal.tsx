import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AdminModal } from '../ui';

interface Secret {
  action_index: number;
  url: string;
  secret: string;
}

/** The signing secret of each new call_webhook action, shown once after the save that made it. */
export function WebhookSecretsModal({ secrets, onClose }: { secrets: Secret[]; onClose: () => void }) {
  const { t } = useTranslation('automation');
  return (
    <AdminModal opened={secrets.length > 0} onClose={onClose} title={t('secrets.title')}>
      <Stack gap="md">
        <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />}>
          {t('secrets.hint')}
        </Alert>
        {secrets.map((s) => (
          <Stack key={s.action_index} gap={4}>
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {t('editor.action_n', { n: s.action_index + 1 })} · {s.url}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {s.secret}
              </Code>
              <CopyButton value={s.secret}>
                {({ copied, copy }) => (
                  <Button
                    variant="light"
                    onClick={copy}
                    leftSection={
                      copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                    }
                  >
                    {copied ? t('secrets.copied') : t('secrets.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('secrets.done')}</Button>
        </Group>
      </Stack>
    </AdminModal>
  );
}
