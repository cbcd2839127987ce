import { Badge, Button, Group, MultiSelect, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import {
  createTeam,
  deleteTeam,
  invalidateSettings,
  putInList,
  type Team,
  teamsQuery,
  updateTeam,
  usersQuery,
} from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
  notifyWriteError,
} from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  AdminModal,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';

const SHOWN_MEMBERS = 6;

export function TeamsAdmin() {
  const { t } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('teams.title'));
  const queryClient = useQueryClient();
  const teams = useQuery(teamsQuery);
  const users = useQuery(usersQuery);
  const dialog = useDialog<Team>();

  const userName = (id: string) => users.data?.data.find((u) => u.id === id)?.name ?? '…';
  const reload = () => invalidateSettings(queryClient, 'people');

  const members = (team: Team) =>
    team.member_ids.length === 0 ? (
      <Text size="sm" c="dimmed">
        {t('teams.no_members')}
      </Text>
    ) : (
      <Group gap={4} wrap="wrap">
        {team.member_ids.slice(0, SHOWN_MEMBERS).map((id) => (
          <Badge key={id} variant="light" color="gray" tt="none" fw={500}>
            {userName(id)}
          </Badge>
        ))}
        {team.member_ids.length > SHOWN_MEMBERS && (
          <Badge variant="outline" color="gray" tt="none" fw={500}>
            {t('teams.more', { count: team.member_ids.length - SHOWN_MEMBERS })}
          </Badge>
        )}
      </Group>
    );

  const name = (team: Team) => (
    <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(team)}>
      {team.name}
    </UnstyledButton>
  );

  const remove = (team: Team) =>
    confirmDanger({
      title: t('teams.delete_title', { name: team.name }),
      message: t('teams.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteTeam(team.id);
          await reload();
          notifySuccess(t('teams.deleted', { name: team.name }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const columns: Column<Team>[] = [
    { key: 'name', header: t('teams.name'), cell: name, width: '30%' },
    { key: 'count', header: t('teams.member_count'), cell: (team) => team.member_ids.length, width: 110 },
    { key: 'members', header: t('teams.members'), cell: members },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('teams.new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('teams.title')} description={t('teams.description')} action={newButton} />
      <AdminList
        label={t('teams.title')}
        rows={teams.data?.data}
        loading={teams.isPending}
        error={teams.error}
        onRetry={() => void teams.refetch()}
        columns={columns}
        minWidth={560}
        empty={
          <AdminEmpty
            icon={<IconUsersGroup size={32} />}
            title={t('teams.empty')}
            description={t('teams.empty_hint')}
            action={newButton}
          />
        }
        card={(team) => (
          <Stack gap={6}>
            {name(team)}
            {members(team)}
          </Stack>
        )}
        actions={(team) => (
          <RowMenu
            name={team.name}
            items={[rowItems.edit(() => dialog.open(team)), rowItems.remove(() => remove(team))]}
          />
        )}
      />
      <AdminModal
        key={dialog.key}
        opened={dialog.opened}
        onClose={dialog.close}
        title={dialog.target ? t('teams.edit_title', { name: dialog.target.name }) : t('teams.new')}
      >
        <TeamForm team={dialog.target} onDone={dialog.close} />
      </AdminModal>
    </Stack>
  );
}

interface Values {
  name: string;
  member_ids: string[];
}

function TeamForm({ team: initial, onDone }: { team: Team | undefined; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { name: initial?.name ?? '', member_ids: initial?.member_ids ?? [] },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });

  // Active users, plus current members who are no longer active (so they can be seen and removed).
  const userOptions = useMemo(
    () =>
      (users.data?.data ?? [])
        .filter((u) => u.active || form.values.member_ids.includes(u.id))
        .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (${t('users.active_no')})` })),
    [users.data, form.values.member_ids, t],
  );

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (await queryClient.fetchQuery({ ...teamsQuery, staleTime: 0 })).data.find(
      (x) => x.id === base?.id,
    );
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues({ name: fresh.name, member_ids: fresh.member_ids });
    form.clearErrors();
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const name = values.name.trim();
    try {
      if (base) {
        const saved = await updateTeam(base.id, {
          version: base.version,
          name,
          member_ids: values.member_ids,
        });
        putInList(queryClient, teamsQuery.queryKey, saved);
        notifySuccess(t('teams.saved', { name }));
      } else {
        await createTeam({ name, member_ids: values.member_ids });
        notifySuccess(t('teams.created', { name }));
      }
      await invalidateSettings(queryClient, 'people');
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="sm">
        <FormProblemAlert problem={problem} onReload={reload} />
        <TextInput
          label={t('teams.name')}
          required
          maxLength={200}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label={t('teams.members')}
          description={t('teams.members_hint')}
          data={userOptions}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={t('users.none_found')}
          disabled={users.isPending}
          {...form.getInputProps('member_ids')}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('teams.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
