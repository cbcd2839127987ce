import {
  Badge,
  Button,
  Code,
  Divider,
  Group,
  Stack,
  Switch,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PERMISSION_OBJECTS, type Permissions } from '@trato/contracts/auth';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { useMe } from '../../auth/auth.api';
import {
  createRole,
  deleteRole,
  invalidateSettings,
  putInList,
  type Role,
  rolesQuery,
  updateRole,
  usersQuery,
} from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  issueCode,
  NO_PROBLEM,
  notifyProblem,
  notifyWriteError,
} from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  AdminModal,
  type Column,
  classes,
  cleanLabels,
  confirmDanger,
  emptyLabels,
  firstLabel,
  hasAnyLabel,
  KEY_PATTERN,
  keyFromLabel,
  LabelsFieldset,
  type Lang,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';
import { PermissionMatrix } from './PermissionMatrix';

/** The built-in administrator role always keeps the right to configure (the API refuses otherwise). */
const ADMIN_KEY = 'admin';

export function RolesAdmin() {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('roles.title'));
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const users = useQuery(usersQuery);
  const dialog = useDialog<Role>();
  const reload = () => invalidateSettings(queryClient, 'people');

  const label = (role: Role) => localLabel(role.labels, i18n.language, role.key);
  const userCount = (role: Role) => users.data?.data.filter((u) => u.role_id === role.id).length;
  const summary = (role: Role) =>
    PERMISSION_OBJECTS.map((object) => {
      const p = role.permissions.objects[object];
      return p.actions.length === 0
        ? t('roles.summary_none', { object: t(`roles.objects.${object}`) })
        : t('roles.summary', {
            object: t(`roles.objects.${object}`),
            actions: p.actions.map((a) => t(`roles.actions.${a}`).toLowerCase()).join(', '),
            scope: t(`roles.scope.${p.scope}`).toLowerCase(),
          });
    });

  const remove = (role: Role) =>
    confirmDanger({
      title: t('roles.delete_title', { name: label(role) }),
      message: t('roles.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteRole(role.id);
          await reload();
          notifySuccess(t('roles.deleted', { name: label(role) }));
        } catch (error) {
          const code = issueCode(error);
          if (code === 'in_use') notifyProblem(t('roles.in_use', { count: userCount(role) ?? 1 }));
          else if (code === 'system_role') notifyProblem(t('roles.system_cannot_delete'));
          else notifyWriteError(error, reload);
        }
      },
    });

  const name = (role: Role) => (
    <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(role)}>
      {label(role)}
    </UnstyledButton>
  );
  const badges = (role: Role) => (
    <Group gap={4}>
      {role.system && (
        <Badge variant="default" tt="none" fw={500}>
          {t('roles.system')}
        </Badge>
      )}
      {role.permissions.configure && (
        <Badge variant="dot" color="grape" tt="none" fw={500}>
          {t('roles.admin_badge')}
        </Badge>
      )}
    </Group>
  );
  const columns: Column<Role>[] = [
    { key: 'name', header: t('roles.name'), cell: name },
    { key: 'key', header: t('key'), cell: (role) => <Code>{role.key}</Code> },
    {
      key: 'access',
      header: t('roles.access'),
      cell: (role) => (
        <Stack gap={0}>
          {summary(role).map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
        </Stack>
      ),
    },
    { key: 'users', header: t('roles.users'), cell: (role) => userCount(role) ?? '…', width: 90 },
    { key: 'type', header: t('roles.type'), cell: badges, width: 170 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('roles.new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('roles.title')} description={t('roles.description')} action={newButton} />
      <AdminList
        label={t('roles.title')}
        rows={roles.data?.data}
        loading={roles.isPending}
        error={roles.error}
        onRetry={() => void roles.refetch()}
        columns={columns}
        minWidth={820}
        empty={
          <AdminEmpty
            icon={<IconShieldCheck size={32} />}
            title={t('roles.empty')}
            description={t('roles.description')}
            action={newButton}
          />
        }
        card={(role) => (
          <Stack gap={4}>
            <Group gap="xs">
              {name(role)}
              <Code>{role.key}</Code>
            </Group>
            {summary(role).map((line) => (
              <Text key={line} size="sm" c="dimmed">
                {line}
              </Text>
            ))}
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {t('roles.user_count', { count: userCount(role) ?? 0 })}
              </Text>
              {badges(role)}
            </Group>
          </Stack>
        )}
        actions={(role) => (
          <RowMenu
            name={label(role)}
            items={[
              rowItems.edit(() => dialog.open(role)),
              {
                label: role.system ? t('roles.system_cannot_delete_short') : t('delete'),
                icon: <IconTrash size={16} aria-hidden />,
                color: 'red',
                disabled: role.system,
                onClick: () => remove(role),
              },
            ]}
          />
        )}
      />
      <AdminModal
        key={dialog.key}
        opened={dialog.opened}
        onClose={dialog.close}
        size="xl"
        title={dialog.target ? t('roles.edit_title', { name: label(dialog.target) }) : t('roles.new')}
      >
        <RoleForm role={dialog.target} onDone={dialog.close} />
      </AdminModal>
    </Stack>
  );
}

interface Values {
  key: string;
  labels: Record<Lang, string>;
  permissions: Permissions;
}

const NEW_PERMISSIONS: Permissions = {
  objects: {
    entities: { actions: ['read'], scope: 'own' },
    contacts: { actions: ['read'], scope: 'own' },
    actions: { actions: ['read'], scope: 'own' },
    cases: { actions: ['read'], scope: 'own' },
  },
  configure: false,
};

const valuesOf = (role: Role | undefined): Values => ({
  key: role?.key ?? '',
  labels: { ...emptyLabels(), ...(role?.labels ?? {}) },
  permissions: structuredClone(role?.permissions ?? NEW_PERMISSIONS),
});

function RoleForm({ role: initial, onDone }: { role: Role | undefined; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const me = useMe();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: {
      key: (v) => (base ? null : v.length < 2 || !KEY_PATTERN.test(v) ? t('validation.key') : null),
      labels: (v) => (hasAnyLabel(v) ? null : t('validation.label_required')),
    },
  });
  const isAdminRole = base?.key === ADMIN_KEY;
  const isMyRole = base?.id === me.role.id;

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (await queryClient.fetchQuery({ ...rolesQuery, staleTime: 0 })).data.find(
      (r) => r.id === base?.id,
    );
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const labels = cleanLabels(values.labels);
    try {
      if (base) {
        const saved = await updateRole(base.id, {
          version: base.version,
          labels,
          permissions: values.permissions,
        });
        putInList(queryClient, rolesQuery.queryKey, saved);
        notifySuccess(t('roles.saved'));
      } else {
        await createRole({ key: values.key, labels, permissions: values.permissions });
        notifySuccess(t('roles.created'));
      }
      await invalidateSettings(queryClient, 'people');
      onDone();
    } catch (error) {
      const result = applyServerErrors(form, error);
      // `last_admin` on the switch reads better in the admin's own words.
      if (isApiError(error) && error.errors.some((e) => e.code === 'last_admin'))
        form.setFieldError('permissions.configure', t('roles.last_admin'));
      setProblem(result);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <LabelsFieldset
          form={form}
          path="labels"
          legend={t('roles.labels')}
          autoFocus
          onLabelsChange={(labels) => {
            if (!base && !keyTouched) form.setFieldValue('key', keyFromLabel(firstLabel(labels)));
          }}
        />
        <TextInput
          label={t('key')}
          description={base ? t('key_fixed') : t('key_hint')}
          required={!base}
          disabled={Boolean(base)}
          maxLength={64}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          {...form.getInputProps('key')}
          onChange={(e) => {
            setKeyTouched(true);
            form.setFieldValue('key', e.currentTarget.value.toLowerCase());
          }}
        />
        <Divider />
        <PermissionMatrix form={form} />
        <Switch
          label={t('roles.configure')}
          description={
            isAdminRole
              ? t('roles.configure_admin_role')
              : isMyRole
                ? t('roles.configure_own_role')
                : t('roles.configure_hint')
          }
          disabled={isAdminRole}
          {...form.getInputProps('permissions.configure', { type: 'checkbox' })}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('roles.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
