import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { DateInput, TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { ActionTypePicker } from '../actions/ActionTypePicker';
import { addDays, instantOf, todayIn } from '../actions/action-time';
import { useActionTypes } from '../actions/actions.api';
import { useMe } from '../auth/auth.api';
import type { Case, CaseStatus, NextActionInput } from './cases.api';

interface Props {
  opened: boolean;
  onClose: () => void;
  item: Case | null;
  status: CaseStatus | null;
  statusLabel: string;
  /** Retries the move with the next action; a rejection keeps the dialog open with the message. */
  onSubmit: (nextAction: NextActionInput) => Promise<void>;
}

interface Values {
  type_id: string;
  subject: string;
  date: string | null;
  time: string;
}

/**
 * The target status requires a next action: what (type, subject) and when. Sent with the move, so the case
 * moves and the action is created together.
 */
export function MoveNextActionModal({ opened, onClose, item, status, statusLabel, onSubmit }: Props) {
  const { t } = useTranslation('cases');
  const phone = usePhone();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('next_action.title')}
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      {item && status && (
        <NextActionForm
          key={`${item.id}:${status.id}`}
          item={item}
          status={status}
          statusLabel={statusLabel}
          onSubmit={onSubmit}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}

function NextActionForm({
  item,
  status,
  statusLabel,
  onSubmit,
  onCancel,
}: Omit<Props, 'opened' | 'onClose' | 'item' | 'status'> & {
  item: Case;
  status: CaseStatus;
  onCancel: () => void;
}) {
  const { t } = useTranslation('cases');
  const me = useMe();
  const types = useActionTypes();
  const [error, setError] = useState<string | null>(null);
  const firstType = types.byId(status.next_action_type_id) ?? types.active[0];
  const form = useForm<Values>({
    initialValues: {
      type_id: firstType?.id ?? '',
      subject: firstType ? `${types.label(firstType)} · ${item.title}` : item.title,
      date: addDays(todayIn(me.time_zone), 1),
      time: '10:00',
    },
    validate: {
      type_id: (v) => (v ? null : t('translation:errors.required')),
      subject: (v) => (v.trim() ? null : t('translation:errors.required')),
      date: (v) => (v ? null : t('translation:errors.required')),
    },
  });
  const type = types.byId(form.values.type_id);
  // Opened before the action types arrived: take the status's type (or the first) once they do.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the types first arrive
  useEffect(() => {
    if (form.values.type_id || !firstType) return;
    form.setFieldValue('type_id', firstType.id);
    if (form.values.subject === item.title)
      form.setFieldValue('subject', `${types.label(firstType)} · ${item.title}`);
  }, [firstType?.id]);

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const when =
      type?.timed && values.date
        ? { starts_at: instantOf(values.date, values.time || '10:00', me.time_zone) }
        : { due_date: values.date };
    try {
      await onSubmit({
        type_id: values.type_id,
        subject: values.subject.trim(),
        ...when,
        assignee_user_id: item.owner_id ?? me.id,
      });
    } catch (e) {
      if (isApiError(e)) {
        for (const issue of e.errors) {
          const field = issue.field.replace(/^next_action\./, '');
          const path = field === 'starts_at' || field === 'due_date' ? 'date' : field;
          if (path in form.values) form.setFieldError(path, issue.message);
        }
      }
      setError(errorMessage(e));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('next_action.intro', { number: item.number, status: statusLabel })}</Text>
        <ActionTypePicker
          value={form.values.type_id}
          onChange={(typeId) => {
            const previous = types.byId(form.values.type_id);
            if (previous && form.values.subject.startsWith(types.label(previous)))
              form.setFieldValue('subject', `${types.label(types.byId(typeId))} · ${item.title}`);
            form.setFieldValue('type_id', typeId);
          }}
          error={form.errors.type_id as string | undefined}
        />
        <TextInput
          label={t('next_action.subject')}
          required
          data-autofocus
          {...form.getInputProps('subject')}
        />
        <Group grow align="flex-start">
          <DateInput
            label={t('next_action.date')}
            required
            valueFormat="D MMM YYYY"
            {...form.getInputProps('date')}
          />
          {type?.timed && <TimeInput label={t('next_action.time')} {...form.getInputProps('time')} />}
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('next_action.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('next_action.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
