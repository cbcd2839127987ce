import { Badge, Button, Group, Stack, Switch, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess, notifyWithUndo } from '../../../ui/notify';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePageTitle } from '../../../ui/use-page-title';
import { useMe } from '../../auth/auth.api';
import {
  deleteUser,
  invalidateSettings,
  putInList,
  rolesQuery,
  teamsQuery,
  type User,
  updateUser,
  usersQuery,
} from '../admin.api';
import { notifyWriteError } from '../server-errors';
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
} from '../ui';
import { UserFormModal } from './UserFormModal';

export function UsersAdmin() {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('users.title'));
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const roles = useQuery(rolesQuery);
  const teams = useQuery(teamsQuery);
  const dialog = useDialog<User>();
  const [q, setQ] = useState('');
  const [showInactive, setShowInactive] = useState(true);

  const roleName = (id: string) => {
    const role = roles.data?.data.find((r) => r.id === id);
    return role ? localLabel(role.labels, i18n.language, role.key) : '';
  };
  const teamNames = (ids: string[]) =>
    ids.flatMap((id) => teams.data?.data.find((team) => team.id === id)?.name ?? []).join(', ');

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return users.data?.data.filter(
      (u) =>
        (showInactive || u.active) &&
        (!needle || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle)),
    );
  }, [users.data, q, showInactive]);

  const reload = () => invalidateSettings(queryClient, 'people');

  const setActive = async (user: User, active: boolean) => {
    try {
      const saved = await updateUser(user.id, { version: user.version, active });
      putInList(queryClient, usersQuery.queryKey, saved);
      const message = active
        ? t('users.activated', { name: user.name })
        : t('users.deactivated', { name: user.name });
      if (active) notifySuccess(message);
      else
        notifyWithUndo(message, async () => {
          const back = await updateUser(saved.id, { version: saved.version, active: true });
          putInList(queryClient, usersQuery.queryKey, back);
        });
    } catch (error) {
      notifyWriteError(error, reload);
    }
  };

  const remove = (user: User) =>
    confirmDanger({
      title: t('users.delete_title', { name: user.name }),
      message: t('users.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteUser(user.id);
          await reload();
          notifySuccess(t('users.deleted', { name: user.name }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const name = (u: User) => (
    <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(u)}>
      {u.name}
      {u.id === me.id && (
        <Text span size="xs" c="dimmed" fw={400}>
          {' '}
          ({t('users.you')})
        </Text>
      )}
    </UnstyledButton>
  );
  const status = (u: User) =>
    u.active ? (
      <Badge variant="dot" color="teal" tt="none" fw={500}>
        {t('users.active_yes')}
      </Badge>
    ) : (
      <Badge variant="dot" color="gray" tt="none" fw={500}>
        {t('users.active_no')}
      </Badge>
    );
  const lastLogin = (u: User) =>
    u.last_login_at ? (
      <RelativeTime value={u.last_login_at} />
    ) : (
      <Text span size="sm" c="dimmed">
        {t('users.never')}
      </Text>
    );

  const columns: Column<User>[] = [
    { key: 'name', header: t('users.name'), cell: name },
    {
      key: 'email',
      header: t('users.email'),
      cell: (u) => (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {u.email}
        </Text>
      ),
    },
    { key: 'role', header: t('users.role'), cell: (u) => roleName(u.role_id) },
    {
      key: 'teams',
      header: t('users.teams'),
      cell: (u) =>
        teamNames(u.team_ids) || (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    { key: 'active', header: t('users.status'), cell: status },
    { key: 'last_login', header: t('users.last_login'), cell: lastLogin },
  ];

  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('users.new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('users.title')} description={t('users.description')} action={newButton} />
      <Group gap="sm" align="center" wrap="wrap">
        <TextInput
          type="search"
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 220px', maxWidth: 360 }}
        />
        <Switch
          label={t('users.show_inactive')}
          checked={showInactive}
          onChange={(e) => setShowInactive(e.currentTarget.checked)}
        />
      </Group>
      <AdminList
        label={t('users.title')}
        rows={rows}
        loading={users.isPending}
        error={users.error}
        onRetry={() => void users.refetch()}
        columns={columns}
        minWidth={860}
        empty={
          q || !showInactive ? (
            <AdminEmpty
              icon={<IconSearch size={32} />}
              title={t('users.none_found')}
              description={t('users.none_found_hint')}
            />
          ) : (
            <AdminEmpty
              icon={<IconUsers size={32} />}
              title={t('users.empty')}
              description={t('users.empty_hint')}
              action={newButton}
            />
          )
        }
        card={(u) => (
          <Stack gap={2}>
            <Group gap="xs" wrap="wrap">
              {name(u)}
              {status(u)}
            </Group>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {u.email}
            </Text>
            <Text size="sm">{[roleName(u.role_id), teamNames(u.team_ids)].filter(Boolean).join(' · ')}</Text>
            <Text size="xs" c="dimmed">
              {t('users.last_login')}: {lastLogin(u)}
            </Text>
          </Stack>
        )}
        actions={(u) => (
          <RowMenu
            name={u.name}
            items={[
              rowItems.edit(() => dialog.open(u)),
              {
                label: u.active ? t('users.deactivate') : t('users.activate'),
                icon: u.active ? (
                  <IconPlayerPause size={16} aria-hidden />
                ) : (
                  <IconPlayerPlay size={16} aria-hidden />
                ),
                onClick: () => void setActive(u, !u.active),
                hidden: u.id === me.id,
              },
              rowItems.remove(() => remove(u), { hidden: u.id === me.id }),
            ]}
          />
        )}
      />
      <UserFormModal key={dialog.key} user={dialog.target} opened={dialog.opened} onClose={dialog.close} />
    </Stack>
  );
}
