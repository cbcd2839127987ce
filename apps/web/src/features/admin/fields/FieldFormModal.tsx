import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { FIELD_TYPES, type FieldType, type FieldValidation } from '@trato/contracts/settings';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { usePhone } from '../../../ui/use-phone';
import {
  createField,
  type FieldDefinition,
  type FieldListObject,
  fieldListQuery,
  fieldOwner,
  invalidateSettings,
  updateField,
} from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import {
  AdminModal,
  classes,
  cleanLabels,
  emptyLabels,
  firstLabel,
  hasAnyLabel,
  KEY_PATTERN,
  keyFromLabel,
  LANGS,
  LabelsFieldset,
  type Lang,
} from '../ui';

const OPTION_KEY = /^[a-z0-9][a-z0-9_-]*$/;
const WITH_OPTIONS: FieldType[] = ['select', 'multiselect'];
const WITH_LENGTH: FieldType[] = ['text', 'long_text'];
const WITH_RANGE: FieldType[] = ['number', 'money'];

type Num = number | string;
interface OptionRow {
  /** Only for React: rows have no id of their own. */
  uid: string;
  /** Saved options keep their key (records store it). */
  locked: boolean;
  key: string;
  labels: Record<Lang, string>;
}
interface Values {
  key: string;
  labels: Record<Lang, string>;
  type: FieldType;
  options: OptionRow[];
  required: boolean;
  indexed: boolean;
  validation: {
    min_length: Num;
    max_length: Num;
    pattern: string;
    min: Num;
    max: Num;
    decimals: Num;
    currency: string | null;
  };
}

let uidSeq = 0;
const uid = () => `o${++uidSeq}`;

const valuesOf = (field: FieldDefinition | undefined): Values => {
  const v = field?.validation ?? {};
  return {
    key: field?.key ?? '',
    labels: { ...emptyLabels(), ...(field?.labels ?? {}) },
    type: field?.type ?? 'text',
    options: (field?.options ?? []).map((o) => ({
      uid: uid(),
      locked: true,
      key: o.key,
      labels: { ...emptyLabels(), ...o.labels },
    })),
    required: field?.required ?? false,
    indexed: field?.indexed ?? false,
    validation: {
      min_length: v.min_length ?? '',
      max_length: v.max_length ?? '',
      pattern: v.pattern ?? '',
      min: v.min ?? '',
      max: v.max ?? '',
      decimals: v.decimals ?? '',
      currency: v.currency ?? (field?.type === 'money' ? 'EUR' : null),
    },
  };
};

const num = (value: Num): number | undefined => (value === '' || value === null ? undefined : Number(value));

/** The checks that apply to the type, without the empty ones. */
function validationFor(type: FieldType, v: Values['validation']): FieldValidation {
  const out: FieldValidation = {};
  const set = <K extends keyof FieldValidation>(key: K, value: FieldValidation[K] | undefined) => {
    if (value !== undefined && value !== '' && !Number.isNaN(value)) out[key] = value;
  };
  if (WITH_LENGTH.includes(type)) {
    set('min_length', num(v.min_length));
    set('max_length', num(v.max_length));
    if (type === 'text') set('pattern', v.pattern.trim() || undefined);
  }
  if (WITH_RANGE.includes(type)) {
    set('min', num(v.min));
    set('max', num(v.max));
    set('decimals', num(v.decimals));
    if (type === 'money') set('currency', v.currency ?? undefined);
  }
  return out;
}

let currencies: string[] | undefined;
const currencyList = () => {
  currencies ??= Intl.supportedValuesOf('currency');
  return currencies;
};

interface Props {
  object: FieldListObject;
  /** For `object` 'action': the action type the field belongs to. */
  typeId?: string | undefined;
  field: FieldDefinition | undefined;
  opened: boolean;
  onClose: () => void;
  nextPosition: number;
}

export function FieldFormModal({ object, typeId, field, opened, onClose, nextPosition }: Props) {
  const { t, i18n } = useTranslation('admin');
  const title = field
    ? t('fields.edit_title', { name: field.labels[i18n.language] || field.labels.es || field.key })
    : t(`fields.new_${object}`);
  return (
    <AdminModal opened={opened} onClose={onClose} size="xl" title={title}>
      <FieldForm object={object} typeId={typeId} field={field} onDone={onClose} nextPosition={nextPosition} />
    </AdminModal>
  );
}

function FieldForm({
  object,
  typeId,
  field: initial,
  onDone,
  nextPosition,
}: {
  object: FieldListObject;
  typeId: string | undefined;
  field: FieldDefinition | undefined;
  onDone: () => void;
  nextPosition: number;
}) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [keyTouched, setKeyTouched] = useState(false);
  const optionsRef = useRef<HTMLFieldSetElement>(null);

  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (values) => {
      const errors: Record<string, ReactNode> = {};
      if (!base && !KEY_PATTERN.test(values.key)) errors.key = t('validation.key');
      if (!hasAnyLabel(values.labels)) errors.labels = t('validation.label_required');
      if (WITH_OPTIONS.includes(values.type)) {
        if (values.options.length === 0) errors.options = t('fields.options_required');
        const seen = new Set<string>();
        values.options.forEach((o, i) => {
          if (!OPTION_KEY.test(o.key)) errors[`options.${i}.key`] = t('validation.option_key');
          else if (seen.has(o.key)) errors[`options.${i}.key`] = t('validation.key_repeated');
          seen.add(o.key);
          if (!hasAnyLabel(o.labels)) errors[`options.${i}.labels`] = t('validation.label_required');
        });
      }
      const v = values.validation;
      if (
        num(v.min_length) !== undefined &&
        num(v.max_length) !== undefined &&
        num(v.min_length)! > num(v.max_length)!
      )
        errors['validation.max_length'] = t('validation.max_below_min');
      if (num(v.min) !== undefined && num(v.max) !== undefined && num(v.min)! > num(v.max)!)
        errors['validation.max'] = t('validation.max_below_min');
      if (values.type === 'text' && v.pattern.trim()) {
        try {
          new RegExp(v.pattern, 'u');
        } catch {
          errors['validation.pattern'] = t('validation.pattern');
        }
      }
      return errors;
    },
  });
  const values = form.getValues();
  const type = values.type;

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (
      await queryClient.fetchQuery({ ...fieldListQuery(object, typeId), staleTime: 0 })
    ).data.find((f) => f.id === base?.id);
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues(valuesOf(fresh));
    form.clearErrors();
  };

  const addOption = () => {
    form.insertListItem('options', { uid: uid(), locked: false, key: '', labels: emptyLabels() });
    form.clearFieldError('options');
    requestAnimationFrame(() => {
      const inputs = optionsRef.current?.querySelectorAll<HTMLInputElement>('[data-option-first]');
      inputs?.[inputs.length - 1]?.focus();
    });
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const labels = cleanLabels(values.labels);
    const options = WITH_OPTIONS.includes(values.type)
      ? values.options.map((o) => ({ key: o.key, labels: cleanLabels(o.labels) }))
      : undefined;
    const validation = validationFor(values.type, values.validation);
    try {
      if (base) {
        await updateField(base.id, {
          version: base.version,
          labels,
          ...(options && { options }),
          required: values.required,
          validation,
          indexed: values.indexed,
        });
        notifySuccess(t('fields.saved'));
      } else {
        await createField({
          ...fieldOwner(object, typeId),
          key: values.key,
          labels,
          type: values.type,
          ...(options && { options }),
          required: values.required,
          validation,
          indexed: values.indexed,
          position: nextPosition,
        });
        notifySuccess(t('fields.created'));
      }
      await invalidateSettings(queryClient, 'fields');
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  const typeData = FIELD_TYPES.map((value) => ({ value, label: t(`fields.types.${value}`) }));
  const optionErrors = form.errors.options;

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <LabelsFieldset
          form={form}
          path="labels"
          legend={t('fields.labels')}
          autoFocus
          onLabelsChange={(labels) => {
            if (!base && !keyTouched) form.setFieldValue('key', keyFromLabel(firstLabel(labels)));
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
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
          <Select
            label={t('fields.type')}
            description={base ? t('fields.type_fixed') : t('fields.type_hint')}
            required={!base}
            disabled={Boolean(base)}
            data={typeData}
            allowDeselect={false}
            {...form.getInputProps('type')}
            onChange={(value) => {
              if (!value) return;
              form.setFieldValue('type', value as FieldType);
              if (value === 'money' && !form.getValues().validation.currency)
                form.setFieldValue('validation.currency', 'EUR');
              if (WITH_OPTIONS.includes(value as FieldType) && form.getValues().options.length === 0)
                addOption();
            }}
          />
        </SimpleGrid>

        {WITH_OPTIONS.includes(type) && (
          <Fieldset legend={t('fields.options')} ref={optionsRef} variant={phone ? 'unstyled' : 'default'}>
            <Stack gap="sm">
              {values.options.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('fields.no_options')}
                </Text>
              )}
              {values.options.map((option, index) => {
                const rowLabel =
                  option.labels.es || option.labels.ca || option.labels.en || option.key || `#${index + 1}`;
                const rowError = form.errors[`options.${index}.labels`];
                return (
                  <Box key={option.uid} className={phone ? classes.card : undefined}>
                    <Group align="flex-start" gap="xs" wrap={phone ? 'wrap' : 'nowrap'}>
                      {LANGS.map((lang) => (
                        <TextInput
                          key={lang}
                          label={t(`languages.${lang}`)}
                          maxLength={200}
                          style={{ flex: phone ? '1 1 100%' : 1 }}
                          data-option-first={(lang === 'es' && !option.locked) || undefined}
                          {...form.getInputProps(`options.${index}.labels.${lang}`)}
                          onBlur={() => {
                            const row = form.getValues().options[index];
                            if (row && !row.locked && !row.key && row.labels[lang])
                              form.setFieldValue(`options.${index}.key`, keyFromLabel(row.labels[lang]));
                          }}
                        />
                      ))}
                      <TextInput
                        label={t('key')}
                        required
                        disabled={option.locked}
                        maxLength={64}
                        autoComplete="off"
                        w={phone ? '100%' : 140}
                        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                        {...form.getInputProps(`options.${index}.key`)}
                        onChange={(e) =>
                          form.setFieldValue(`options.${index}.key`, e.currentTarget.value.toLowerCase())
                        }
                      />
                      <Tooltip label={t('fields.remove_option')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size={phone ? 44 : 'lg'}
                          mt={phone ? 0 : 25}
                          aria-label={t('fields.remove_option_label', { label: rowLabel })}
                          onClick={() => form.removeListItem('options', index)}
                        >
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                    {rowError && (
                      <Text size="sm" c="red" role="alert" mt={4}>
                        {rowError}
                      </Text>
                    )}
                  </Box>
                );
              })}
              {optionErrors && (
                <Text size="sm" c="red" role="alert">
                  {optionErrors}
                </Text>
              )}
              {base && values.options.some((o) => o.locked) && (
                <Text size="xs" c="dimmed">
                  {t('fields.option_key_locked')}
                </Text>
              )}
              <Group>
                <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={addOption}>
                  {t('fields.add_option')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        )}

        {(WITH_LENGTH.includes(type) || WITH_RANGE.includes(type)) && (
          <Fieldset legend={t('fields.validation')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              {WITH_LENGTH.includes(type) && (
                <>
                  <NumberInput
                    label={t('fields.min_length')}
                    min={0}
                    max={10000}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('validation.min_length')}
                  />
                  <NumberInput
                    label={t('fields.max_length')}
                    min={1}
                    max={10000}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('validation.max_length')}
                  />
                  {type === 'text' && (
                    <TextInput
                      label={t('fields.pattern')}
                      description={t('fields.pattern_hint')}
                      maxLength={200}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      {...form.getInputProps('validation.pattern')}
                    />
                  )}
                </>
              )}
              {WITH_RANGE.includes(type) && (
                <>
                  <NumberInput label={t('fields.min')} {...form.getInputProps('validation.min')} />
                  <NumberInput label={t('fields.max')} {...form.getInputProps('validation.max')} />
                  <NumberInput
                    label={t('fields.decimals')}
                    min={0}
                    max={4}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps('validation.decimals')}
                  />
                  {type === 'money' && (
                    <Select
                      label={t('fields.currency')}
                      data={currencyList()}
                      searchable
                      allowDeselect={false}
                      limit={50}
                      {...form.getInputProps('validation.currency')}
                    />
                  )}
                </>
              )}
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt={6}>
              {t('fields.validation_hint')}
            </Text>
          </Fieldset>
        )}

        <Divider />
        <Switch
          label={t('fields.required')}
          description={t('fields.required_hint')}
          {...form.getInputProps('required', { type: 'checkbox' })}
        />
        <Switch
          label={t('fields.indexed')}
          description={t('fields.indexed_hint')}
          {...form.getInputProps('indexed', { type: 'checkbox' })}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('fields.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
