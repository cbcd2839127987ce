import { Button, ColorSwatch, Group, Select, type SelectProps, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { PALETTE_COLORS, type PaletteColor } from '@trato/contracts/common';
import { type ChangeEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from './server-errors';
import { firstLabel, hasAnyLabel, KEY_PATTERN, keyFromLabel, type Lang } from './ui';

// What the admin forms of a record with a key and labels per language share (action types, case types,
// case statuses): the save and reload state, the key suggested from the labels, the colour picker, the buttons.

/**
 * A form's state while it creates or edits one record: the record as last loaded (`base`; undefined while
 * new), the problem the server answered, whether a save is running.
 */
export function useRecordForm<R>(initial: R | undefined, onDone: () => void) {
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  return {
    base,
    problem,
    busy,
    /** Runs `write`, then closes the form; on failure the server's messages go on the form's fields. */
    save: async <V,>(form: UseFormReturnType<V>, write: () => Promise<unknown>) => {
      setBusy(true);
      setProblem(NO_PROBLEM);
      try {
        await write();
        onDone();
      } catch (error) {
        setProblem(applyServerErrors(form, error));
      } finally {
        setBusy(false);
      }
    },
    /** After a version conflict: the record as it is now in the form (the form closes if it is gone). */
    reload: async <V,>(
      form: UseFormReturnType<V>,
      fetch: () => Promise<R | undefined>,
      valuesOf: (r: R) => V,
    ) => {
      setProblem(NO_PROBLEM);
      const fresh = await fetch();
      if (!fresh) return onDone();
      setBase(fresh);
      form.setValues(valuesOf(fresh));
      form.clearErrors();
    },
  };
}

interface KeyedValues {
  key: string;
  labels: Record<Lang, string>;
}

/** The checks every keyed record shares: a valid key when it is created, and at least one label. */
export function keyAndLabelErrors(values: KeyedValues, creating: boolean): Record<string, ReactNode> {
  const errors: Record<string, ReactNode> = {};
  if (creating && !KEY_PATTERN.test(values.key)) errors.key = i18n.t('admin:validation.key');
  if (!hasAnyLabel(values.labels)) errors.labels = i18n.t('admin:validation.label_required');
  return errors;
}

/**
 * The record's key: while it is new, it follows the first label written until the admin types one
 * (`suggest` goes to LabelsFieldset's onLabelsChange); once it exists, it is fixed.
 */
export function useKeyField<V extends KeyedValues>(form: UseFormReturnType<V>, fixed: boolean) {
  const [typed, setTyped] = useState(false);
  // `key` is a string in every V; Mantine cannot see that through the generic path type.
  const setKey = (key: string) => form.setFieldValue('key', key as never);
  return {
    fixed,
    suggest: (labels: Record<Lang, string>) => {
      if (!fixed && !typed) setKey(keyFromLabel(firstLabel(labels)));
    },
    inputProps: {
      ...form.getInputProps('key'),
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        setTyped(true);
        setKey(event.currentTarget.value.toLowerCase());
      },
    },
  };
}

export function KeyInput({ field }: { field: ReturnType<typeof useKeyField> }) {
  const { t } = useTranslation('admin');
  return (
    <TextInput
      label={t('key')}
      description={field.fixed ? t('key_fixed') : undefined}
      required={!field.fixed}
      disabled={field.fixed}
      maxLength={64}
      autoComplete="off"
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      {...field.inputProps}
    />
  );
}

export const swatch = (color: string, size = 14) => (
  <ColorSwatch color={`var(--mantine-color-${color}-filled)`} size={size} withShadow={false} aria-hidden />
);

/** A colour picker over the palette the API accepts, each colour shown with its swatch and name. */
export function ColorSelect({
  value,
  ...props
}: Omit<SelectProps, 'data' | 'value'> & { value?: PaletteColor | undefined }) {
  const { t } = useTranslation('admin');
  const data = PALETTE_COLORS.map((color) => ({ value: color, label: t(`action_types.colors.${color}`) }));
  return (
    <Select
      data={data}
      allowDeselect={false}
      value={value ?? null}
      leftSection={value ? swatch(value, 16) : undefined}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          {swatch(option.value, 16)}
          {option.label}
        </Group>
      )}
      {...props}
    />
  );
}

/** The form of one record: the server's problem on top, the fields, then Cancel and Save (or Create). */
export function RecordForm<V>({
  form,
  state,
  onSubmit,
  onReload,
  onCancel,
  createLabel,
  children,
}: {
  form: UseFormReturnType<V>;
  state: { base: unknown; problem: FormProblem; busy: boolean };
  onSubmit: (values: V) => void;
  onReload: () => void;
  onCancel: () => void;
  /** The submit button's label while the record is new. */
  createLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  return (
    <form onSubmit={form.onSubmit(onSubmit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={state.problem} onReload={onReload} />
        {children}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={state.busy}>
            {state.base ? t('save') : createLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
