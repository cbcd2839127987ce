import {
  Button,
  Divider,
  Group,
  MultiSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LOCALES } from '@trato/contracts/common';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { useMe } from '../../auth/auth.api';
import {
  createUser,
  invalidateSettings,
  putInList,
  rolesQuery,
  teamsQuery,
  type UpdateUserBody,
  type User,
  updateUser,
  usersQuery,
} from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import { AdminModal } from '../ui';

const AUTO = 'auto';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  name: string;
  email: string;
  password: string;
  role_id: string | null;
  team_ids: string[];
  locale: string;
  time_zone: string;
  active: boolean;
}

const valuesOf = (user: User | undefined, timeZone: string): Values => ({
  name: user?.name ?? '',
  email: user?.email ?? '',
  password: '',
  role_id: user?.role_id ?? null,
  team_ids: user?.team_ids ?? [],
  locale: user?.locale ?? AUTO,
  time_zone: user?.time_zone ?? timeZone,
  active: user?.active ?? true,
});

let zones: string[] | undefined;
const timeZones = () => {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
};

interface Props {
  /** The user to edit; none to add one. */
  user: User | undefined;
  opened: boolean;
  onClose: () => void;
}

export function UserFormModal({ user, opened, onClose }: Props) {
  const { t } = useTranslation('admin');
  return (
    <AdminModal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.edit_title', { name: user.name }) : t('users.new')}
    >
      <UserForm user={user} onDone={onClose} />
    </AdminModal>
  );
}

function UserForm({ user: initial, onDone }: { user: User | undefined; onDone: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const me = useMe();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const teams = useQuery(teamsQuery);
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const editing = Boolean(base);
  const isMe = base?.id === me.id;

  const form = useForm<Values>({
    initialValues: valuesOf(initial, me.time_zone || 'Europe/Madrid'),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (EMAIL.test(v.trim()) ? null : t('validation.email')),
      password: (v) =>
        (!editing || v) && v.length < 10 ? t('validation.password_min', { count: 10 }) : null,
      role_id: (v) => (v ? null : t('validation.required')),
      time_zone: (v) => (v ? null : t('validation.required')),
    },
  });

  const roleOptions = useMemo(
    () =>
      (roles.data?.data ?? []).map((r) => ({
        value: r.id,
        label: localLabel(r.labels, i18n.language, r.key),
      })),
    [roles.data, i18n.language],
  );
  const teamOptions = useMemo(
    () => (teams.data?.data ?? []).map((team) => ({ value: team.id, label: team.name })),
    [teams.data],
  );
  const languageOptions = [
    { value: AUTO, label: t('users.language_auto') },
    ...LOCALES.map((lng) => ({ value: lng, label: t(`languages.${lng}`) })),
  ];

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (await queryClient.fetchQuery({ ...usersQuery, staleTime: 0 })).data.find(
      (u) => u.id === base?.id,
    );
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues(valuesOf(fresh, fresh.time_zone));
    form.resetDirty();
    form.clearErrors();
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const locale = values.locale === AUTO ? null : (values.locale as (typeof LOCALES)[number]);
    try {
      if (base) {
        const before = valuesOf(base, base.time_zone);
        const patch: UpdateUserBody = { version: base.version };
        if (values.name.trim() !== before.name) patch.name = values.name.trim();
        if (values.email.trim().toLowerCase() !== before.email) patch.email = values.email.trim();
        if (values.role_id && values.role_id !== before.role_id) patch.role_id = values.role_id;
        if ([...values.team_ids].sort().join() !== [...before.team_ids].sort().join())
          patch.team_ids = values.team_ids;
        if (values.locale !== before.locale) patch.locale = locale;
        if (values.time_zone !== before.time_zone) patch.time_zone = values.time_zone;
        if (values.active !== before.active) patch.active = values.active;
        if (values.password) patch.password = values.password;
        // Nothing changed: just close (no request, no "saved" that did not happen).
        if (Object.keys(patch).length === 1) return onDone();
        const saved = await updateUser(base.id, patch);
        putInList(queryClient, usersQuery.queryKey, saved);
        await invalidateSettings(queryClient, 'people');
        notifySuccess(
          values.password
            ? t('users.saved_password', { name: values.name })
            : t('users.saved', { name: values.name }),
        );
      } else {
        await createUser({
          name: values.name.trim(),
          email: values.email.trim(),
          password: values.password,
          role_id: values.role_id ?? '',
          team_ids: values.team_ids,
          locale,
          time_zone: values.time_zone,
        });
        await invalidateSettings(queryClient, 'people');
        notifySuccess(t('users.created', { name: values.name.trim() }));
      }
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
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('users.name')}
            required
            autoComplete="off"
            data-autofocus
            maxLength={200}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('users.email')}
            required
            type="email"
            autoComplete="off"
            maxLength={254}
            {...form.getInputProps('email')}
          />
        </SimpleGrid>
        <PasswordInput
          label={editing ? t('users.new_password') : t('users.password')}
          description={editing ? t('users.new_password_hint') : t('users.password_hint')}
          required={!editing}
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': t('users.show_password') }}
          maxLength={200}
          {...form.getInputProps('password')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('users.role')}
            required
            data={roleOptions}
            allowDeselect={false}
            disabled={roles.isPending}
            {...form.getInputProps('role_id')}
          />
          <MultiSelect
            label={t('users.teams')}
            data={teamOptions}
            searchable
            clearable
            nothingFoundMessage={t('teams.none_found')}
            placeholder={form.values.team_ids.length ? undefined : t('users.no_teams')}
            {...form.getInputProps('team_ids')}
          />
          <Select
            label={t('users.language')}
            data={languageOptions}
            allowDeselect={false}
            {...form.getInputProps('locale')}
          />
          <Select
            label={t('users.time_zone')}
            required
            searchable
            data={timeZones()}
            limit={50}
            allowDeselect={false}
            nothingFoundMessage={t('users.no_time_zone')}
            {...form.getInputProps('time_zone')}
          />
        </SimpleGrid>
        {editing && (
          <>
            <Divider />
            <Switch
              label={t('users.active')}
              description={isMe ? t('users.active_self') : t('users.active_hint')}
              disabled={isMe}
              {...form.getInputProps('active', { type: 'checkbox' })}
            />
          </>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {editing ? t('save') : t('users.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
