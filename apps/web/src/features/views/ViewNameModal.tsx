import { Button, Group, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { errorMessage } from '../../ui/notify';

interface Values {
  name: string;
  shared: boolean;
}

interface Options {
  title: string;
  initial: Values;
  onSubmit: (values: Values) => Promise<void>;
}

export function openViewNameModal({ title, initial, onSubmit }: Options) {
  const id = modals.open({
    title,
    children: <ViewNameForm initial={initial} onSubmit={onSubmit} onDone={() => modals.close(id)} />,
  });
  return id;
}

function ViewNameForm({ initial, onSubmit, onDone }: Omit<Options, 'title'> & { onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: initial,
    validate: { name: (v) => (v.trim() ? null : i18n.t('errors.required')) },
  });
  return (
    <form
      onSubmit={form.onSubmit(async (values) => {
        setBusy(true);
        try {
          await onSubmit({ name: values.name.trim(), shared: values.shared });
          onDone();
        } catch (error) {
          form.setFieldError('name', errorMessage(error));
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack>
        <TextInput label={t('views.name')} required data-autofocus {...form.getInputProps('name')} />
        <Switch
          label={t('views.share_with_team')}
          description={t('views.share_hint')}
          {...form.getInputProps('shared', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
