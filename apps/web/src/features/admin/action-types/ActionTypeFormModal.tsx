import {
  Button,
  ColorSwatch,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { ACTION_COLORS, ACTION_ICONS } from '@trato/contracts/actions';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { ActionTypeIcon } from '../../actions/ActionTypeIcon';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import {
  AdminModal,
  cleanLabels,
  emptyLabels,
  firstLabel,
  hasAnyLabel,
  KEY_PATTERN,
  keyFromLabel,
  LabelsFieldset,
  type Lang,
} from '../ui';
import {
  type ActionType,
  actionTypesQuery,
  createActionType,
  invalidateActionTypes,
  updateActionType,
} from './action-types.api';

type Icon = (typeof ACTION_ICONS)[number];
type Color = (typeof ACTION_COLORS)[number];

interface Values {
  key: string;
  labels: Record<Lang, string>;
  icon: Icon;
  color: Color;
  timed: boolean;
  default_duration_minutes: number | string;
  active: boolean;
}

const valuesOf = (type: ActionType | undefined): Values => ({
  key: type?.key ?? '',
  labels: { ...emptyLabels(), ...(type?.labels ?? {}) },
  icon: type?.icon ?? 'calendar',
  color: type?.color ?? 'blue',
  timed: type?.timed ?? true,
  default_duration_minutes: type?.default_duration_minutes ?? 30,
  active: type?.active ?? true,
});

interface Props {
  type: ActionType | undefined;
  opened: boolean;
  onClose: () => void;
  nextPosition: number;
}

/** Create or edit an action type: names, icon, colour, whether it has a time, default duration. */
export function ActionTypeFormModal({ type, opened, onClose, nextPosition }: Props) {
  const { t, i18n } = useTranslation('admin');
  const title = type
    ? t('action_types.edit_title', { name: localLabel(type.labels, i18n.language, type.key) })
    : t('action_types.new');
  return (
    <AdminModal opened={opened} onClose={onClose} title={title}>
      <ActionTypeForm type={type} onDone={onClose} nextPosition={nextPosition} />
    </AdminModal>
  );
}

function ActionTypeForm({
  type: initial,
  onDone,
  nextPosition,
}: {
  type: ActionType | undefined;
  onDone: () => void;
  nextPosition: number;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (values) => {
      const errors: Record<string, ReactNode> = {};
      if (!base && !KEY_PATTERN.test(values.key)) errors.key = t('validation.key');
      if (!hasAnyLabel(values.labels)) errors.labels = t('validation.label_required');
      const minutes = Number(values.default_duration_minutes);
      if (values.timed && (values.default_duration_minutes === '' || !(minutes >= 0 && minutes <= 1440)))
        errors.default_duration_minutes = t('action_types.duration_range');
      return errors;
    },
  });
  const values = form.getValues();

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (await queryClient.fetchQuery({ ...actionTypesQuery, staleTime: 0 })).data.find(
      (x) => x.id === base?.id,
    );
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const common = {
      labels: cleanLabels(v.labels),
      icon: v.icon,
      color: v.color,
      timed: v.timed,
      ...(v.timed && { default_duration_minutes: Number(v.default_duration_minutes) }),
    };
    try {
      if (base) {
        await updateActionType(base.id, { version: base.version, ...common, active: v.active });
        notifySuccess(t('action_types.saved'));
      } else {
        await createActionType({ key: v.key, ...common, position: nextPosition });
        notifySuccess(t('action_types.created'));
      }
      await invalidateActionTypes(queryClient);
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  const iconData = ACTION_ICONS.map((icon) => ({ value: icon, label: t(`action_types.icons.${icon}`) }));
  const colorData = ACTION_COLORS.map((color) => ({
    value: color,
    label: t(`action_types.colors.${color}`),
  }));

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <LabelsFieldset
          form={form}
          path="labels"
          legend={t('action_types.labels')}
          autoFocus
          onLabelsChange={(labels) => {
            if (!base && !keyTouched) form.setFieldValue('key', keyFromLabel(firstLabel(labels)));
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('key')}
            description={base ? t('key_fixed') : undefined}
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
          <Select
            label={t('action_types.icon')}
            data={iconData}
            allowDeselect={false}
            leftSection={<ActionTypeIcon icon={values.icon} color={values.color} size="xs" />}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <ActionTypeIcon icon={option.value} color={values.color} size="xs" />
                {option.label}
              </Group>
            )}
            {...form.getInputProps('icon')}
          />
          <Select
            label={t('action_types.color')}
            data={colorData}
            allowDeselect={false}
            leftSection={<ColorSwatch color={`var(--mantine-color-${values.color}-filled)`} size={16} />}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <ColorSwatch color={`var(--mantine-color-${option.value}-filled)`} size={16} />
                {option.label}
              </Group>
            )}
            {...form.getInputProps('color')}
          />
        </SimpleGrid>
        <Switch
          label={t('action_types.timed')}
          description={t('action_types.timed_hint')}
          {...form.getInputProps('timed', { type: 'checkbox' })}
        />
        {values.timed && (
          <NumberInput
            label={t('action_types.duration')}
            description={t('action_types.duration_hint')}
            suffix={` ${t('action_types.minutes')}`}
            min={0}
            max={1440}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            maw={260}
            {...form.getInputProps('default_duration_minutes')}
          />
        )}
        {base && (
          <Switch
            label={t('action_types.active')}
            description={t('action_types.active_hint')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        )}
        {!base && (
          <Text size="xs" c="dimmed">
            {t('action_types.fields_after_create')}
          </Text>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('action_types.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
