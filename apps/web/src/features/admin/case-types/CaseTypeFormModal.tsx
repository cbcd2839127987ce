import { SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { CASE_KINDS, type CaseKind } from '@trato/contracts/cases';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import {
  ColorSelect,
  KeyInput,
  keyAndLabelErrors,
  RecordForm,
  useKeyField,
  useRecordForm,
} from '../form-parts';
import { AdminModal, cleanLabels, firstLabel, LabelsFieldset } from '../ui';
import {
  basicPipeline,
  type CaseTypeValues,
  caseTypeValuesOf,
  copiedPipeline,
  PREFIX_PATTERN,
  prefixFromLabel,
} from './case-type-form';
import {
  adminCaseTypesQuery,
  type CaseType,
  createCaseType,
  invalidateCaseTypes,
  updateCaseType,
} from './case-types.api';
import { SlaTargets, slaBody, slaErrors } from './SlaTargets';

interface Props {
  type: CaseType | undefined;
  types: CaseType[];
  opened: boolean;
  onClose: () => void;
  /** After a type was created: its id (the screen shows its pipeline). */
  onCreated: (id: string) => void;
}

/** Create or edit a case type: names, key, kind, number prefix, lines, colour, SLA targets. */
export function CaseTypeFormModal({ type, types, opened, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation('admin');
  const title = type
    ? t('caseTypes.edit_title', { name: localLabel(type.labels, i18n.language, type.key) })
    : t('caseTypes.new');
  return (
    <AdminModal opened={opened} onClose={onClose} title={title} size="xl">
      <CaseTypeForm type={type} types={types} onDone={onClose} onCreated={onCreated} />
    </AdminModal>
  );
}

function CaseTypeForm({
  type: initial,
  types,
  onDone,
  onCreated,
}: {
  type: CaseType | undefined;
  types: CaseType[];
  onDone: () => void;
  onCreated: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const record = useRecordForm(initial, onDone);
  const { base } = record;
  const [prefixTouched, setPrefixTouched] = useState(false);
  const form = useForm<CaseTypeValues>({
    initialValues: caseTypeValuesOf(initial),
    validate: (v) => {
      const errors = keyAndLabelErrors(v, !base);
      if (!PREFIX_PATTERN.test(v.prefix)) errors.prefix = t('caseTypes.prefix_invalid');
      if (v.kind === 'service') Object.assign(errors, slaErrors(v.sla, t('caseTypes.sla.resolution_before')));
      return errors;
    },
  });
  const key = useKeyField(form, Boolean(base));
  const values = form.getValues();
  const label = (type: CaseType) => localLabel(type.labels, i18n.language, type.key);

  const reload = () =>
    record.reload(
      form,
      async () =>
        (await queryClient.fetchQuery({ ...adminCaseTypesQuery, staleTime: 0 })).data.find(
          (x) => x.id === base?.id,
        ),
      caseTypeValuesOf,
    );

  const submit = (v: CaseTypeValues) => {
    const common = {
      labels: cleanLabels(v.labels),
      prefix: v.prefix,
      has_lines: v.has_lines,
      color: v.color,
      ...(v.kind === 'service' && { sla: slaBody(v.sla) }),
    };
    return record.save(form, async () => {
      if (base) {
        await updateCaseType(base.id, { version: base.version, ...common, active: v.active });
        notifySuccess(t('caseTypes.saved'));
      } else {
        const source = types.find((x) => x.id === v.start_from);
        const created = await createCaseType({
          key: v.key,
          kind: v.kind,
          ...common,
          position: types.length > 0 ? Math.max(...types.map((x) => x.position)) + 1 : 0,
          statuses: source ? copiedPipeline(source) : basicPipeline(v.kind),
        });
        notifySuccess(t('caseTypes.created'));
        onCreated(created.id);
      }
      await invalidateCaseTypes(queryClient);
    });
  };

  const kindData = CASE_KINDS.map((kind) => ({ value: kind, label: t(`caseTypes.kinds.${kind}`) }));
  const startData = [
    { value: 'basic', label: t('caseTypes.start_basic') },
    ...types.map((x) => ({ value: x.id, label: t('caseTypes.start_copy', { name: label(x) }) })),
  ];

  return (
    <RecordForm
      form={form}
      state={record}
      onSubmit={submit}
      onReload={reload}
      onCancel={onDone}
      createLabel={t('caseTypes.create')}
    >
      <LabelsFieldset
        form={form}
        path="labels"
        legend={t('caseTypes.labels')}
        autoFocus
        onLabelsChange={(labels) => {
          key.suggest(labels);
          if (!base && !prefixTouched) form.setFieldValue('prefix', prefixFromLabel(firstLabel(labels)));
        }}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <KeyInput field={key} />
        <TextInput
          label={t('caseTypes.prefix')}
          description={t('caseTypes.prefix_hint', { example: `${values.prefix || 'OPP'}-2026-00042` })}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
          maxLength={10}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          {...form.getInputProps('prefix')}
          onChange={(e) => {
            setPrefixTouched(true);
            form.setFieldValue('prefix', e.currentTarget.value.toUpperCase());
          }}
        />
        <ColorSelect label={t('caseTypes.color')} {...form.getInputProps('color')} />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="case-type-kind">
          {t('caseTypes.kind')}
        </Text>
        <SegmentedControl
          aria-labelledby="case-type-kind"
          data={kindData}
          disabled={Boolean(base)}
          value={values.kind}
          onChange={(value) => form.setFieldValue('kind', value as CaseKind)}
          fullWidth
          maw={420}
        />
        <Text size="xs" c="dimmed">
          {base ? t('caseTypes.kind_fixed') : t(`caseTypes.kind_hints.${values.kind}`)}
        </Text>
      </Stack>
      <Switch
        label={t('caseTypes.has_lines')}
        description={t('caseTypes.has_lines_hint')}
        {...form.getInputProps('has_lines', { type: 'checkbox' })}
      />
      {base && (
        <Switch
          label={t('caseTypes.active')}
          description={t('caseTypes.active_hint')}
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
      )}
      {values.kind === 'service' && <SlaTargets form={form} />}
      {!base && (
        <Select
          label={t('caseTypes.start_from')}
          description={t('caseTypes.start_from_hint')}
          data={startData}
          allowDeselect={false}
          {...form.getInputProps('start_from')}
        />
      )}
    </RecordForm>
  );
}
