import { Group, NumberInput, Select, SimpleGrid, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { ACTION_ICONS } from '@trato/contracts/actions';
import type { PaletteColor } from '@trato/contracts/common';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { ActionTypeIcon } from '../../actions/ActionTypeIcon';
import {
  ColorSelect,
  KeyInput,
  keyAndLabelErrors,
  RecordForm,
  useKeyField,
  useRecordForm,
} from '../form-parts';
import { AdminModal, cleanLabels, emptyLabels, LabelsFieldset, type Lang } from '../ui';
import {
  type ActionType,
  actionTypesQuery,
  createActionType,
  invalidateActionTypes,
  updateActionType,
} from './action-types.api';

type Icon = (typeof ACTION_ICONS)[number];

interface Values {
  key: string;
  labels: Record<Lang, string>;
  icon: Icon;
  color: PaletteColor;
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
  const record = useRecordForm(initial, onDone);
  const { base } = record;
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (values) => {
      const errors = keyAndLabelErrors(values, !base);
      const minutes = Number(values.default_duration_minutes);
      if (values.timed && (values.default_duration_minutes === '' || !(minutes >= 0 && minutes <= 1440)))
        errors.default_duration_minutes = t('action_types.duration_range');
      return errors;
    },
  });
  const key = useKeyField(form, Boolean(base));
  const values = form.getValues();

  const reload = () =>
    record.reload(
      form,
      async () =>
        (await queryClient.fetchQuery({ ...actionTypesQuery, staleTime: 0 })).data.find(
          (x) => x.id === base?.id,
        ),
      valuesOf,
    );

  const submit = (v: Values) => {
    const common = {
      labels: cleanLabels(v.labels),
      icon: v.icon,
      color: v.color,
      timed: v.timed,
      ...(v.timed && { default_duration_minutes: Number(v.default_duration_minutes) }),
    };
    return record.save(form, async () => {
      if (base) {
        await updateActionType(base.id, { version: base.version, ...common, active: v.active });
        notifySuccess(t('action_types.saved'));
      } else {
        await createActionType({ key: v.key, ...common, position: nextPosition });
        notifySuccess(t('action_types.created'));
      }
      await invalidateActionTypes(queryClient);
    });
  };

  const iconData = ACTION_ICONS.map((icon) => ({ value: icon, label: t(`action_types.icons.${icon}`) }));

  return (
    <RecordForm
      form={form}
      state={record}
      onSubmit={submit}
      onReload={reload}
      onCancel={onDone}
      createLabel={t('action_types.create')}
    >
      <LabelsFieldset
        form={form}
        path="labels"
        legend={t('action_types.labels')}
        autoFocus
        onLabelsChange={key.suggest}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <KeyInput field={key} />
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
        <ColorSelect label={t('action_types.color')} {...form.getInputProps('color')} />
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
    </RecordForm>
  );
}
