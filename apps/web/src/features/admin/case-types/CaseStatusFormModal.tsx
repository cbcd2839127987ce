import { NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CASE_CATEGORIES, type CaseCategory, NEXT_ACTION_RULES } from '@trato/contracts/cases';
import type { PaletteColor } from '@trato/contracts/common';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { actionTypesQuery } from '../../actions/actions.api';
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
  adminCaseTypesQuery,
  type CaseStatus,
  type CaseType,
  createCaseStatus,
  invalidateCaseTypes,
  updateCaseStatus,
} from './case-types.api';

type Rule = (typeof NEXT_ACTION_RULES)[number];
interface Values {
  key: string;
  labels: Record<Lang, string>;
  category: CaseCategory;
  probability: number | string;
  color: PaletteColor;
  next_action: Rule;
  next_action_type_id: string | null;
}

const valuesOf = (status: CaseStatus | undefined): Values => ({
  key: status?.key ?? '',
  labels: { ...emptyLabels(), ...(status?.labels ?? {}) },
  category: status?.category ?? 'open',
  probability: status?.probability ?? 0,
  color: status?.color ?? 'gray',
  next_action: status?.next_action ?? 'none',
  next_action_type_id: status?.next_action_type_id ?? null,
});

/** The probability a category suggests when it is picked (an open status keeps what was written). */
const PROBABILITY_OF: Partial<Record<CaseCategory, number>> = { won: 100, lost: 0, closed: 0 };

interface Props {
  type: CaseType;
  status: CaseStatus | undefined;
  opened: boolean;
  onClose: () => void;
}

/** Create or edit one status of a type's pipeline: names, category, default probability, colour, next action. */
export function CaseStatusFormModal({ type, status, opened, onClose }: Props) {
  const { t, i18n } = useTranslation('admin');
  const title = status
    ? t('caseTypes.status.edit_title', { name: localLabel(status.labels, i18n.language, status.key) })
    : t('caseTypes.status.new_title', { type: localLabel(type.labels, i18n.language, type.key) });
  return (
    <AdminModal opened={opened} onClose={onClose} title={title}>
      <StatusForm type={type} status={status} onDone={onClose} />
    </AdminModal>
  );
}

function StatusForm({
  type,
  status: initial,
  onDone,
}: {
  type: CaseType;
  status: CaseStatus | undefined;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const actionTypes = useQuery(actionTypesQuery).data ?? [];
  const record = useRecordForm(initial, onDone);
  const { base } = record;
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (v) => {
      const errors = keyAndLabelErrors(v, !base);
      const p = Number(v.probability);
      if (v.probability === '' || !Number.isInteger(p) || p < 0 || p > 100)
        errors.probability = t('caseTypes.status.probability_range');
      if (v.next_action !== 'none' && !v.next_action_type_id)
        errors.next_action_type_id = t('caseTypes.status.action_type_required');
      return errors;
    },
  });
  const key = useKeyField(form, Boolean(base));
  const values = form.getValues();
  const inUse = Boolean(base && base.case_count > 0);

  const reload = () =>
    record.reload(
      form,
      async () =>
        (await queryClient.fetchQuery({ ...adminCaseTypesQuery, staleTime: 0 })).data
          .find((x) => x.id === type.id)
          ?.statuses.find((s) => s.id === base?.id),
      valuesOf,
    );

  const submit = (v: Values) => {
    const common = {
      labels: cleanLabels(v.labels),
      probability: Number(v.probability),
      color: v.color,
      next_action: v.next_action,
      next_action_type_id: v.next_action === 'none' ? null : v.next_action_type_id,
    };
    return record.save(form, async () => {
      if (base) {
        await updateCaseStatus(type.id, base.id, {
          version: base.version,
          ...common,
          ...(v.category !== base.category && { category: v.category }),
        });
        notifySuccess(t('caseTypes.status.saved'));
      } else {
        await createCaseStatus(type.id, { key: v.key, category: v.category, ...common });
        notifySuccess(t('caseTypes.status.created'));
      }
      await invalidateCaseTypes(queryClient);
    });
  };

  const categoryData = CASE_CATEGORIES.map((c) => ({ value: c, label: t(`caseTypes.categories.${c}`) }));
  const ruleData = NEXT_ACTION_RULES.map((r) => ({ value: r, label: t(`caseTypes.rules.${r}`) }));
  const actionTypeData = actionTypes
    .filter((a) => a.active || a.id === values.next_action_type_id)
    .map((a) => ({ value: a.id, label: localLabel(a.labels, i18n.language, a.key) }));

  return (
    <RecordForm
      form={form}
      state={record}
      onSubmit={submit}
      onReload={reload}
      onCancel={onDone}
      createLabel={t('caseTypes.status.create')}
    >
      <LabelsFieldset
        form={form}
        path="labels"
        legend={t('caseTypes.status.labels')}
        autoFocus
        onLabelsChange={key.suggest}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="status-category">
          {t('caseTypes.status.category')}
        </Text>
        <SegmentedControl
          aria-labelledby="status-category"
          data={categoryData}
          value={values.category}
          disabled={inUse}
          fullWidth
          onChange={(value) => {
            const category = value as CaseCategory;
            form.setFieldValue('category', category);
            const suggested = PROBABILITY_OF[category];
            if (suggested !== undefined) form.setFieldValue('probability', suggested);
          }}
        />
        <Text
          size="xs"
          c={form.errors.category ? 'red' : 'dimmed'}
          role={form.errors.category ? 'alert' : undefined}
        >
          {form.errors.category ??
            (inUse
              ? t('caseTypes.status.category_locked', { count: base?.case_count ?? 0 })
              : t('caseTypes.status.category_hint'))}
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <KeyInput field={key} />
        <NumberInput
          label={t('caseTypes.status.probability')}
          description={t('caseTypes.status.probability_hint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          suffix=" %"
          min={0}
          max={100}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          {...form.getInputProps('probability')}
        />
        <ColorSelect label={t('caseTypes.color')} {...form.getInputProps('color')} />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="status-next-action">
          {t('caseTypes.status.next_action')}
        </Text>
        <SegmentedControl
          aria-labelledby="status-next-action"
          data={ruleData}
          value={values.next_action}
          fullWidth
          onChange={(value) => form.setFieldValue('next_action', value as Rule)}
        />
        <Text size="xs" c="dimmed">
          {t(`caseTypes.rule_hints.${values.next_action}`)}
        </Text>
      </Stack>
      {values.next_action !== 'none' && (
        <Select
          label={t('caseTypes.status.action_type')}
          data={actionTypeData}
          required
          allowDeselect={false}
          maw={320}
          {...form.getInputProps('next_action_type_id')}
        />
      )}
    </RecordForm>
  );
}
