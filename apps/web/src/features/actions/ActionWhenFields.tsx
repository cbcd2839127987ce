import { Group } from '@mantine/core';
import { DateInput, TimeInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ActionFormValues } from './action-form-values';
import { addMinutes, minutesBetween } from './action-time';
import type { ActionType } from './actions.api';

interface Props {
  form: UseFormReturnType<ActionFormValues>;
  type: ActionType | undefined;
  disabled: boolean;
}

/** Timed types: day, start and end (moving the start keeps the duration). Untimed: the due date. */
export function ActionWhenFields({ form, type, disabled }: Props) {
  const { t } = useTranslation('actions');
  const timed = type?.timed ?? true;
  const v = form.values;
  const moveStart = (time: string) => {
    if (time && v.start_time && v.end_time) {
      const duration = minutesBetween(v.start_time, v.end_time);
      form.setFieldValue('end_time', addMinutes(time, Math.max(duration, 0)).time);
    }
    form.setFieldValue('start_time', time);
  };
  const date = (
    <DateInput
      label={timed ? t('fields.date') : t('fields.due_date')}
      valueFormat="ddd D MMM YYYY"
      required
      disabled={disabled}
      popoverProps={{ withinPortal: true }}
      style={timed ? { flex: '1 1 180px' } : undefined}
      {...form.getInputProps('date')}
    />
  );
  if (!timed) return date;
  return (
    <Group gap="sm" align="flex-start" wrap="wrap">
      {date}
      <Group gap="sm" align="flex-start" wrap="nowrap" style={{ flex: '1 1 220px' }}>
        <TimeInput
          label={t('fields.start_time')}
          required
          disabled={disabled}
          style={{ flex: 1 }}
          {...form.getInputProps('start_time')}
          onChange={(e) => moveStart(e.currentTarget.value)}
        />
        <TimeInput
          label={t('fields.end_time')}
          disabled={disabled}
          style={{ flex: 1 }}
          {...form.getInputProps('end_time')}
        />
      </Group>
    </Group>
  );
}
