import {
  Button,
  Fieldset,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlugConnected } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { UNKNOWN_SENDER_RULES } from '@trato/contracts/mail';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../ui/notify';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../admin/server-errors';
import { AdminModal } from '../admin/ui';
import { useCaseTypes } from '../cases/cases.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { TestStep } from './MailAccountTestModal';
import { bodyOf, type MailAccountValues, updateBodyOf, validate, valuesOf } from './mail-account-form';
import {
  createMailAccount,
  getMailAccount,
  invalidateMailAccounts,
  type MailAccount,
  type MailConnectionTest,
  updateMailAccount,
} from './mail-accounts.api';
import { ServerFields } from './ServerFields';

interface Props {
  account: MailAccount | undefined;
  opened: boolean;
  onClose: () => void;
}

/** Create or edit a mail account; "Guardar y probar" saves, then shows what the SMTP and IMAP servers answered. */
export function MailAccountFormModal({ account, opened, onClose }: Props) {
  const { t } = useTranslation('mail-accounts');
  const [tested, setTested] = useState<{ account: MailAccount; result: MailConnectionTest | null }>();
  const [base, setBase] = useState(account);
  const title = tested
    ? t('test.title', { address: tested.account.address })
    : base
      ? t('edit_title')
      : t('new');
  return (
    <AdminModal opened={opened} onClose={onClose} title={title} size="xl">
      {tested ? (
        <TestStep
          account={tested.account}
          result={tested.result}
          onResult={(result) => setTested({ account: tested.account, result })}
          onEdit={() => {
            setBase(tested.account);
            setTested(undefined);
          }}
          onDone={onClose}
        />
      ) : (
        <AccountForm
          key={base?.id ?? 'new'}
          account={base}
          onDone={onClose}
          onSavedForTest={(saved) => setTested({ account: saved, result: null })}
        />
      )}
    </AdminModal>
  );
}

function AccountForm({
  account,
  onDone,
  onSavedForTest,
}: {
  account: MailAccount | undefined;
  onDone: () => void;
  onSavedForTest: (saved: MailAccount) => void;
}) {
  const { t } = useTranslation('mail-accounts');
  const queryClient = useQueryClient();
  const caseTypes = useCaseTypes();
  const owners = useOwnerOptions(account?.user ?? null);
  const [base, setBase] = useState(account);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const form = useForm<MailAccountValues>({ initialValues: valuesOf(account), validate });
  const v = form.getValues();

  const save = async (values: MailAccountValues, then: 'close' | 'test') => {
    setBusy(then === 'test' ? 'test' : 'save');
    setProblem(NO_PROBLEM);
    try {
      const saved = base
        ? await updateMailAccount(base.id, updateBodyOf(values, base.version))
        : await createMailAccount(bodyOf(values));
      await invalidateMailAccounts(queryClient);
      notifySuccess(base ? t('saved', { address: saved.address }) : t('created', { address: saved.address }));
      if (then === 'test') onSavedForTest(saved);
      else onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(null);
    }
  };

  const reload = async () => {
    if (!base) return;
    setProblem(NO_PROBLEM);
    const fresh = await getMailAccount(base.id);
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  const submit = (then: 'close' | 'test') =>
    form.onSubmit(
      (values) => void save(values, then),
      (errors) => focusFirstError(form, errors),
    );

  return (
    <form onSubmit={submit('close')} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={() => void reload()} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('fields.address')}
            required
            type="email"
            inputMode="email"
            maxLength={254}
            autoComplete="off"
            placeholder="ventas@example.com"
            data-autofocus
            {...form.getInputProps('address')}
          />
          <TextInput
            label={t('fields.name')}
            description={t('fields.name_hint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            maxLength={200}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('fields.display_name')}
            description={t('fields.display_name_hint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            maxLength={200}
            {...form.getInputProps('display_name')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="mail-account-kind">
              {t('fields.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="mail-account-kind"
              disabled={Boolean(base)}
              data={[
                { value: 'shared', label: t('kind.shared') },
                { value: 'personal', label: t('kind.personal') },
              ]}
              {...form.getInputProps('kind')}
            />
            {base && (
              <Text size="xs" c="dimmed">
                {t('fields.kind_fixed')}
              </Text>
            )}
          </Stack>
        </SimpleGrid>
        {v.kind === 'personal' && (
          <Select
            label={t('fields.user')}
            description={t('fields.user_hint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            disabled={Boolean(base)}
            searchable
            data={owners}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('user_id')}
          />
        )}
        <Group gap="xl">
          <Switch
            label={t('fields.is_default')}
            description={t('fields.is_default_hint')}
            {...form.getInputProps('is_default', { type: 'checkbox' })}
          />
          <Switch
            label={t('fields.active')}
            description={t('fields.active_hint')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        </Group>
        <ServerFields form={form} side="smtp" passwordSet={Boolean(base?.smtp_password_set)} />
        <ServerFields form={form} side="imap" passwordSet={Boolean(base?.imap_password_set)}>
          <TextInput
            label={t('fields.imap_folder')}
            maxLength={200}
            mt="sm"
            autoComplete="off"
            {...form.getInputProps('imap_folder')}
          />
        </ServerFields>
        <Fieldset legend={t('receive.legend')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('receive.unknown_sender')}
              description={t('receive.unknown_sender_hint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              allowDeselect={false}
              data={UNKNOWN_SENDER_RULES.map((r) => ({ value: r, label: t(`receive.unknown.${r}`) }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('unknown_sender')}
            />
            <Select
              label={t('receive.open_case')}
              description={t('receive.open_case_hint')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              placeholder={t('receive.no_case')}
              clearable
              data={caseTypes.active.map((type) => ({ value: type.id, label: caseTypes.label(type) }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('open_case_type_id')}
            />
          </SimpleGrid>
        </Fieldset>
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button
            variant="light"
            leftSection={<IconPlugConnected size={16} aria-hidden />}
            loading={busy === 'test'}
            disabled={busy === 'save'}
            onClick={() => submit('test')()}
          >
            {t('save_and_test')}
          </Button>
          <Button type="submit" loading={busy === 'save'} disabled={busy === 'test'}>
            {base ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
