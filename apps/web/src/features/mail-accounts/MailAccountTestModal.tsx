import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../ui/notify';
import { AdminModal } from '../admin/ui';
import { ConnectionTestResult } from './ConnectionTestResult';
import { type MailAccount, type MailConnectionTest, testMailAccount } from './mail-accounts.api';

/** "Probar conexión" from the list: tries the account as stored and shows both servers' answers. */
export function MailAccountTestModal({
  account,
  opened,
  onClose,
}: {
  account: MailAccount | undefined;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('mail-accounts');
  const [result, setResult] = useState<MailConnectionTest | null>(null);
  return (
    <AdminModal
      opened={opened}
      onClose={onClose}
      title={t('test.title', { address: account?.address ?? '' })}
    >
      {account && opened && (
        <TestStep account={account} result={result} onResult={setResult} onDone={onClose} />
      )}
    </AdminModal>
  );
}

export function TestStep({
  account,
  result,
  onResult,
  onEdit,
  onDone,
}: {
  account: MailAccount;
  result: MailConnectionTest | null;
  onResult: (result: MailConnectionTest) => void;
  /** Back to the account's form (when the test follows a save). */
  onEdit?: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('mail-accounts');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      onResult(await testMailAccount(account.id));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  // The first run starts as the step opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the step opens
  useEffect(() => {
    if (!result) void run();
  }, []);
  return (
    <Stack gap="md">
      {result ? (
        <ConnectionTestResult result={result} />
      ) : (
        <Group gap="sm" aria-live="polite">
          <Loader size="sm" />
          <Text size="sm">{t('test.running')}</Text>
        </Group>
      )}
      <Group justify="flex-end" gap="xs">
        {onEdit && (
          <Button variant="default" onClick={onEdit}>
            {t('test.edit')}
          </Button>
        )}
        <Button
          variant="default"
          leftSection={<IconPlugConnected size={16} aria-hidden />}
          loading={busy}
          onClick={() => void run()}
        >
          {t('test.again')}
        </Button>
        <Button onClick={onDone} data-autofocus>
          {t('test.done')}
        </Button>
      </Group>
    </Stack>
  );
}
