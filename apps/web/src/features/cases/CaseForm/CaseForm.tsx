import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { errorMessage, notifySuccess } from '../../../ui/notify';
import { useMe } from '../../auth/auth.api';
import { entityContactsQuery } from '../../contacts/contacts.api';
import { EntityPicker } from '../../entities/EntityPicker';
import { CustomFieldInput } from '../../fields/CustomFieldInput';
import { useOwnerOptions } from '../../users/use-owner-options';
import { CaseLinesEditor } from '../CaseLinesEditor';
import { type Case, caseChanged, createCase, liveStatuses, useCaseFields, useCaseTypes } from '../cases.api';
import { DecimalInput } from '../DecimalInput';
import { LineTotals } from '../LineTotals';
import { draftTotals } from '../line-drafts';
import { ReferrerPicker } from '../ReferrerPicker';
import { useCaseOptions } from '../use-case-options';
import {
  type CaseFormDefaults,
  type CaseFormValues,
  emptyCaseValues,
  serverErrorsToCaseForm,
  valuesToCreate,
} from './case-form-values';

interface Props {
  defaults: CaseFormDefaults;
  onCreated: (item: Case) => void;
  onCancel: () => void;
}

/** A new case: type, title, entity and contact, status, owner, amount or lines, close date, referrer… */
export function CaseForm({ defaults, onCreated, onCancel }: Props) {
  const { t } = useTranslation('cases');
  const me = useMe();
  const queryClient = useQueryClient();
  const types = useCaseTypes();
  const options = useCaseOptions();
  const owners = useOwnerOptions();
  const [formError, setFormError] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const form = useForm<CaseFormValues>({
    initialValues: emptyCaseValues(defaults, me),
    validate: {
      type_id: (v) => (v ? null : t('translation:errors.required')),
      title: (v) => (v.trim() ? null : t('translation:errors.required')),
      entity_id: (v) => (v ? null : t('translation:errors.required')),
    },
  });
  const v = form.values;
  const type = types.byId(v.type_id);
  const customFields = useCaseFields(v.type_id);
  const statuses = liveStatuses(type);
  const status = statuses.find((s) => s.id === v.status_id);
  // Opened before the types arrived: start with the first one once they do.
  const firstType = types.active[0];
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the types first arrive
  useEffect(() => {
    if (!form.values.type_id && firstType) form.setFieldValue('type_id', firstType.id);
  }, [firstType?.id]);
  // The status defaults to the type's first open one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the type only
  useEffect(() => {
    if (!type) return;
    if (!statuses.some((s) => s.id === form.values.status_id))
      form.setFieldValue('status_id', options.openStatuses(type)[0]?.id ?? statuses[0]?.id ?? null);
  }, [type?.id]);

  const contacts = useQuery({ ...entityContactsQuery(v.entity_id ?? ''), enabled: Boolean(v.entity_id) });
  const contactOptions = (contacts.data?.data ?? []).map((c) => ({ value: c.id, label: c.full_name }));

  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    setLineErrors({});
    try {
      const created = await createCase(
        valuesToCreate(
          values,
          type,
          customFields.map((f) => f.key),
        ),
      );
      caseChanged(queryClient, created);
      notifySuccess(t('form.created', { number: created.number, title: created.title }));
      onCreated(created);
    } catch (error) {
      if (isApiError(error) && error.errors.length > 0) {
        const mapped = serverErrorsToCaseForm(error.errors);
        form.setErrors(mapped.form);
        setLineErrors(mapped.lines);
        focusFirstError();
      }
      setFormError(errorMessage(error));
    }
  }, focusFirstError);

  const pickType = (typeId: string | null) => {
    if (!typeId) return;
    form.setValues({ type_id: typeId, status_id: null, custom: {}, lines: [] });
  };

  const totals = draftTotals(v.lines);
  const statusProbability = status?.probability;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('fields.type')}
            required
            data={types.active.map((x) => ({ value: x.id, label: types.label(x) }))}
            value={v.type_id || null}
            onChange={pickType}
            error={form.errors.type_id}
            allowDeselect={false}
          />
          <Select
            label={t('fields.status')}
            data={options.statuses(type)}
            allowDeselect={false}
            {...form.getInputProps('status_id')}
          />
        </SimpleGrid>
        <TextInput
          label={t('fields.title')}
          required
          maxLength={300}
          data-autofocus
          {...form.getInputProps('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EntityPicker
            label={t('fields.entity')}
            required
            value={v.entity_id}
            {...(defaults.entity_name ? { initialName: defaults.entity_name } : {})}
            onChange={(id) => {
              form.setFieldValue('entity_id', id);
              form.setFieldValue('contact_id', null);
            }}
            error={form.errors.entity_id as string | undefined}
          />
          <Select
            label={t('fields.contact')}
            data={contactOptions}
            disabled={!v.entity_id}
            clearable
            searchable
            {...form.getInputProps('contact_id')}
          />
          <Select
            label={t('fields.owner')}
            data={owners}
            clearable
            searchable
            {...form.getInputProps('owner_id')}
          />
          <Select
            label={t('fields.team')}
            data={options.teams}
            clearable
            searchable
            {...form.getInputProps('team_id')}
          />
          <Select
            label={t('fields.priority')}
            data={options.priorities}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
          <Select
            label={t('fields.currency')}
            data={options.currencies}
            searchable
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          {!type?.has_lines && (
            <DecimalInput
              label={t('fields.amount')}
              value={v.amount}
              onChange={(amount) => form.setFieldValue('amount', amount)}
              error={form.errors.amount}
            />
          )}
          <NumberInput
            label={t('fields.probability')}
            description={
              statusProbability !== undefined
                ? t('form.probability_default', { value: statusProbability })
                : undefined
            }
            min={0}
            max={100}
            suffix=" %"
            allowDecimal={false}
            {...form.getInputProps('probability')}
            onChange={(value) => form.setFieldValue('probability', value === '' ? '' : String(value))}
          />
          <DateInput
            label={t('fields.expected_close')}
            valueFormat="D MMM YYYY"
            clearable
            popoverProps={{ withinPortal: true }}
            {...form.getInputProps('expected_close')}
          />
          <ReferrerPicker
            label={t('fields.referrer')}
            description={t('form.referrer_hint')}
            value={v.referrer_id}
            onChange={(id) => form.setFieldValue('referrer_id', id)}
            error={form.errors.referrer_id as string | undefined}
          />
        </SimpleGrid>
        {type?.has_lines && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('lines.title')}
            </Title>
            <CaseLinesEditor
              lines={v.lines}
              onChange={(lines) => form.setFieldValue('lines', lines)}
              currency={v.currency}
              errors={lineErrors}
            />
            {v.lines.length > 0 ? (
              <LineTotals net={totals.net} tax={totals.tax} currency={v.currency} preview />
            ) : (
              <Text size="sm" c="dimmed">
                {t('lines.amount_from_lines')}
              </Text>
            )}
          </Stack>
        )}
        <Textarea
          label={t('fields.description')}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('description')}
        />
        {customFields.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {customFields.map((field) => (
              <CustomFieldInput
                key={field.id}
                field={field}
                value={v.custom[field.key]}
                error={form.errors[`custom.${field.key}`] as string | undefined}
                onChange={(value) => form.setFieldValue(`custom.${field.key}`, value)}
              />
            ))}
          </SimpleGrid>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('translation:common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
