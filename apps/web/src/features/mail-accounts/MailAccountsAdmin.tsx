import { Badge, Button, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconAlertTriangle,
  IconInbox,
  IconMail,
  IconPlugConnected,
  IconPlus,
  IconSend,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePageTitle } from '../../ui/use-page-title';
import { notifyWriteError } from '../admin/server-errors';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../admin/ui';
import { MailAccountFormModal } from './MailAccountFormModal';
import { MailAccountTestModal } from './MailAccountTestModal';
import {
  deleteMailAccount,
  invalidateMailAccounts,
  type MailAccount,
  mailAccountsQuery,
} from './mail-accounts.api';

/** Mail accounts: the company's SMTP sender and the IMAP mailboxes Trato reads, shared or one user's. */
export function MailAccountsAdmin() {
  const { t } = useTranslation('mail-accounts');
  const rowItems = useRowItems();
  usePageTitle(t('title'));
  const queryClient = useQueryClient();
  const query = useQuery({ ...mailAccountsQuery(), refetchInterval: 60_000 });
  const dialog = useDialog<MailAccount>();
  const tester = useDialog<MailAccount>();
  const reload = () => invalidateMailAccounts(queryClient);

  const remove = (account: MailAccount) =>
    confirmDanger({
      title: t('delete_title', { address: account.address }),
      message: t('delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteMailAccount(account.id);
          await reload();
          notifySuccess(t('deleted', { address: account.address }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const address = (a: MailAccount) => (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
        <UnstyledButton
          className={classes.cellButton}
          onClick={() => dialog.open(a)}
          style={{ overflowWrap: 'anywhere' }}
        >
          {a.address}
        </UnstyledButton>
        {a.is_default && (
          <Badge size="sm" variant="light" color="blue" c="blue.9" tt="none" style={{ flexShrink: 0 }}>
            {t('default_badge')}
          </Badge>
        )}
        {!a.active && (
          <Badge size="sm" variant="default" tt="none" fw={500} style={{ flexShrink: 0 }}>
            {t('inactive')}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {[a.name, a.display_name && a.display_name !== a.name ? `«${a.display_name}»` : null]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
  const kind = (a: MailAccount) => (
    <Text size="sm">
      {a.kind === 'shared' ? t('kind.shared') : t('kind.personal_of', { name: a.user?.name ?? '—' })}
    </Text>
  );
  const side = (on: boolean, Icon: typeof IconSend, label: string) => (
    <Badge
      size="sm"
      variant={on ? 'light' : 'default'}
      color={on ? 'teal' : 'gray'}
      c={on ? 'teal.9' : undefined}
      tt="none"
      fw={500}
      leftSection={<Icon size={12} aria-hidden />}
    >
      {label}: {on ? t('on') : t('off')}
    </Badge>
  );
  const sides = (a: MailAccount) => (
    <Group gap={4}>
      {side(a.send_enabled, IconSend, t('sending'))}
      {side(a.receive_enabled, IconInbox, t('receiving'))}
    </Group>
  );
  const mailbox = (a: MailAccount) => {
    if (!a.receive_enabled)
      return (
        <Text size="sm" c="dimmed">
          —
        </Text>
      );
    const box = a.mailbox;
    const failing =
      box?.last_error && (!box.last_polled_at || (box.last_error_at ?? '') >= box.last_polled_at);
    return (
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" c="dimmed">
          {box?.last_polled_at ? (
            <>
              {t('polled')} <RelativeTime value={box.last_polled_at} />
            </>
          ) : (
            t('never_polled')
          )}
        </Text>
        {failing && box?.last_error && (
          <Tooltip label={box.last_error} multiline w={320} openDelay={200}>
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconAlertTriangle size={14} color="var(--mantine-color-red-8)" aria-hidden />
              <Text size="xs" c="red.9" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                {t('poll_error')}: {box.last_error}
              </Text>
            </Group>
          </Tooltip>
        )}
      </Stack>
    );
  };
  const testButton = (a: MailAccount) => (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconPlugConnected size={16} aria-hidden />}
      onClick={() => tester.open(a)}
      aria-label={t('test.button_of', { address: a.address })}
    >
      {t('test.button')}
    </Button>
  );
  const columns: Column<MailAccount>[] = [
    { key: 'address', header: t('fields.address'), cell: address },
    { key: 'kind', header: t('fields.kind'), cell: kind, width: 160 },
    { key: 'sides', header: t('sides'), cell: sides, width: 230 },
    { key: 'mailbox', header: t('mailbox'), cell: mailbox, width: 220 },
    { key: 'test', header: t('test.button'), cell: testButton, width: 150 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('title')} description={t('description')} action={newButton} />
      <AdminList
        label={t('title')}
        rows={query.data}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={860}
        empty={
          <AdminEmpty
            icon={<IconMail size={32} />}
            title={t('empty')}
            description={t('empty_hint')}
            action={newButton}
          />
        }
        card={(a) => (
          <Stack gap={6}>
            {address(a)}
            {kind(a)}
            {sides(a)}
            {a.receive_enabled && mailbox(a)}
            <Group justify="flex-end">{testButton(a)}</Group>
          </Stack>
        )}
        actions={(a) => (
          <RowMenu
            name={a.address}
            items={[
              rowItems.edit(() => dialog.open(a)),
              {
                label: t('test.button'),
                icon: <IconPlugConnected size={16} aria-hidden />,
                onClick: () => tester.open(a),
              },
              rowItems.remove(() => remove(a)),
            ]}
          />
        )}
      />
      <MailAccountFormModal
        key={dialog.key}
        account={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
      />
      <MailAccountTestModal
        key={`test-${tester.key}`}
        account={tester.target}
        opened={tester.opened}
        onClose={tester.close}
      />
    </Stack>
  );
}
