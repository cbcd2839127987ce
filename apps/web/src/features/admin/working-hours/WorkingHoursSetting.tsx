import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { DateInput, TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconCalendarOff, IconPlus, IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../ui/format';
import { notifySuccess } from '../../../ui/notify';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import { classes } from '../ui';
import {
  updateWorkingHours,
  WEEKDAYS,
  type WorkingHours,
  weekdayName,
  workingHoursQuery,
} from './working-hours.api';

const MAX_HOLIDAYS = 200;
let zones: string[] | undefined;
const timeZones = () => {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
};

/** "25/12/2026", "6-1-2027", "6.1.27" → "2026-12-25"…; null when it is no real day. */
function parseDayMonthYear(text: string): string | null {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const [, d, m, y] = match;
  const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
  const date = new Date(Date.UTC(year, Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

interface Values {
  time_zone: string;
  days: string[];
  start: string;
  end: string;
  holidays: string[];
}
const valuesOf = (wh: WorkingHours): Values => ({
  time_zone: wh.time_zone,
  days: wh.days.map(String),
  start: wh.start,
  end: wh.end,
  holidays: [...wh.holidays].sort(),
});

/**
 * The installation's working hours: time zone, working days, daily start and end, and holidays. SLA targets
 * of the case types are counted in them.
 */
export function WorkingHoursSetting() {
  const { t } = useTranslation('admin');
  const query = useQuery(workingHoursQuery);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      id="working-hours"
      aria-labelledby="working-hours-title"
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="working-hours-title" tabIndex={-1}>
            {t('workingHours.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={2}>
            {t('workingHours.description')}
          </Text>
        </div>
        {query.data ? (
          <WorkingHoursForm key={JSON.stringify(query.data)} initial={query.data} />
        ) : query.error ? (
          <Text size="sm" c="red" role="alert">
            {t('load_error')}
          </Text>
        ) : (
          <Skeleton height={160} />
        )}
      </Stack>
    </Paper>
  );
}

function WorkingHoursForm({ initial }: { initial: WorkingHours }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [holiday, setHoliday] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (!v.time_zone) errors.time_zone = t('validation.required');
      if (v.days.length === 0) errors.days = t('workingHours.days_required');
      if (!v.start) errors.start = t('validation.required');
      if (!v.end) errors.end = t('validation.required');
      else if (v.start && v.end <= v.start) errors.end = t('workingHours.end_after_start');
      return errors;
    },
  });
  const values = form.getValues();

  const addHoliday = () => {
    if (!holiday) return;
    if (!values.holidays.includes(holiday))
      form.setFieldValue('holidays', [...values.holidays, holiday].sort());
    setHoliday(null);
  };
  const removeHoliday = (day: string) =>
    form.setFieldValue(
      'holidays',
      values.holidays.filter((d) => d !== day),
    );

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const saved = await updateWorkingHours({
        time_zone: v.time_zone,
        days: v.days.map(Number).sort((a, b) => a - b),
        start: v.start,
        end: v.end,
        holidays: v.holidays,
      });
      queryClient.setQueryData(workingHoursQuery.queryKey, saved);
      notifySuccess(t('workingHours.saved'));
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert
          problem={problem}
          onReload={() => queryClient.invalidateQueries({ queryKey: workingHoursQuery.queryKey })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('workingHours.time_zone')}
            data={timeZones()}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('users.no_time_zone')}
            {...form.getInputProps('time_zone')}
          />
          <TimeInput label={t('workingHours.start')} required {...form.getInputProps('start')} />
          <TimeInput label={t('workingHours.end')} required {...form.getInputProps('end')} />
        </SimpleGrid>
        <Checkbox.Group label={t('workingHours.days')} {...form.getInputProps('days')}>
          <Group gap="md" mt={6} className={classes.touch}>
            {WEEKDAYS.map((day) => (
              <Checkbox key={day} value={String(day)} label={weekdayName(day, i18n.language, 'long')} />
            ))}
          </Group>
        </Checkbox.Group>
        <Stack gap={6}>
          <Text size="sm" fw={500} id="holidays-label">
            {t('workingHours.holidays')}
          </Text>
          <Text size="xs" c="dimmed" mt={-4}>
            {t('workingHours.holidays_hint')}
          </Text>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <DateInput
              label={t('workingHours.add_holiday')}
              value={holiday}
              onChange={setHoliday}
              valueFormat="DD/MM/YYYY"
              dateParser={parseDayMonthYear}
              placeholder={t('workingHours.holiday_placeholder')}
              onKeyDown={(event) => {
                // Enter adds the day typed (instead of saving the whole form).
                if (event.key !== 'Enter') return;
                event.preventDefault();
                addHoliday();
              }}
              clearable
              popoverProps={{ withinPortal: true }}
              w={{ base: '100%', xs: 240 }}
              error={(form.errors as Record<string, ReactNode>).holidays}
            />
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={addHoliday}
              disabled={!holiday || values.holidays.length >= MAX_HOLIDAYS}
            >
              {t('workingHours.add')}
            </Button>
          </Group>
          {values.holidays.length === 0 ? (
            <Group gap={6}>
              <IconCalendarOff size={16} aria-hidden color="var(--mantine-color-dimmed)" />
              <Text size="sm" c="dimmed">
                {t('workingHours.no_holidays')}
              </Text>
            </Group>
          ) : (
            <Group
              gap={6}
              component="ul"
              aria-labelledby="holidays-label"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {values.holidays.map((day) => (
                <Group
                  key={day}
                  component="li"
                  gap={2}
                  wrap="nowrap"
                  className={classes.card}
                  style={{ padding: '0 0 0 10px' }}
                >
                  <Text size="sm">{formatDate(day)}</Text>
                  <Tooltip label={t('workingHours.remove_holiday')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('workingHours.remove_holiday_label', { date: formatDate(day) })}
                      onClick={() => removeHoliday(day)}
                    >
                      <IconX size={14} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
            </Group>
          )}
        </Stack>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
            {t('workingHours.discard')}
          </Button>
          <Button type="submit" loading={busy} disabled={!form.isDirty()}>
            {t('workingHours.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
