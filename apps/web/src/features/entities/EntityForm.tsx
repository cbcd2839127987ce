import {
  Alert,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { serverErrorsToForm } from '../../ui/form-errors';
import { MultiValueInput } from '../../ui/MultiValueInput';
import { errorMessage } from '../../ui/notify';
import { useMe } from '../auth/auth.api';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { useCustomFields } from '../fields/fields.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { asCustomerLanguage, useCustomerLanguages } from './customer-language';
import { DuplicateHints } from './DuplicateHints';
import { createEntity, type Entity, entityChanged, updateEntity } from './entities.api';
import {
  type EntityFormValues,
  emptyEntityValues,
  entityToValues,
  valuesToRequest,
} from './entity-form-values';

interface Props {
  /** Edit this entity; without it the form creates one. */
  entity?: Entity;
  onSaved: (entity: Entity) => void;
  onCancel: () => void;
}

/** Create or edit an entity: every base field, the admin's custom fields, server errors on their fields. */
export function EntityForm({ entity, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const owners = useOwnerOptions(entity?.owner);
  const customFields = useCustomFields('entity');
  const languages = useCustomerLanguages();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<EntityFormValues>({
    initialValues: entity ? entityToValues(entity) : emptyEntityValues(me.id),
    validate: { name: (v) => (v.trim() ? null : t('errors.required')) },
  });
  const v = form.values;
  const label = (field: string) => t(`entity.fields.${field}`);
  const text = (field: keyof EntityFormValues & string, extra: object = {}) => (
    <TextInput label={label(field)} {...form.getInputProps(field)} {...extra} />
  );
  const pickSelect = (field: 'source' | 'sector' | 'zone') => (
    <Select
      label={label(field)}
      data={pick.options(field, v[field])}
      clearable
      searchable
      {...form.getInputProps(field)}
    />
  );

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const body = valuesToRequest(values);
      const saved = entity
        ? await updateEntity(entity.id, { ...body, version: entity.version })
        : await createEntity(body);
      entityChanged(queryClient, saved);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error, 'validation_failed') && error.errors.length > 0) {
        form.setErrors(serverErrorsToForm(error.errors, { emails: values.emails, phones: values.phones }));
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus(),
        );
      }
      setFormError(errorMessage(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <DuplicateHints
          excludeId={entity?.id}
          name={v.name}
          taxId={v.tax_id}
          emails={v.emails}
          phones={v.phones}
        />
        <Fieldset legend={t('entity.sections.identity')}>
          <Stack>
            <SegmentedControl
              aria-label={label('kind')}
              data={[
                { value: 'company', label: t('entity.kind.company') },
                { value: 'person', label: t('entity.kind.person') },
              ]}
              {...form.getInputProps('kind')}
              w="fit-content"
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {text('name', { required: true, 'data-autofocus': true })}
              {text('legal_name')}
              <MultiSelect
                label={label('roles')}
                data={pick.options('entity_roles', v.roles)}
                searchable
                clearable
                {...form.getInputProps('roles')}
              />
              {text('code')}
              {text('tax_id')}
              {text('tax_country', { maxLength: 2, w: 120 })}
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('entity.sections.contact')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MultiValueInput
              legend={label('emails')}
              itemLabel={(i) => t('entity.email_n', { n: i + 1 })}
              values={v.emails}
              errors={form.errors}
              path="emails"
              type="email"
              onChange={(list) => form.setFieldValue('emails', list)}
            />
            <MultiValueInput
              legend={label('phones')}
              itemLabel={(i) => t('entity.phone_n', { n: i + 1 })}
              values={v.phones}
              errors={form.errors}
              path="phones"
              type="tel"
              onChange={(list) => form.setFieldValue('phones', list)}
            />
            {text('web', { type: 'url', placeholder: 'https://' })}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('entity.sections.address')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('street', { autoComplete: 'street-address' })}
            {text('postal_code', { autoComplete: 'postal-code' })}
            {text('city')}
            {text('province')}
            {text('country', { maxLength: 2, w: 120 })}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('entity.sections.classification')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {pickSelect('source')}
            {pickSelect('sector')}
            {pickSelect('zone')}
            <Select
              label={label('owner_id')}
              data={owners}
              clearable
              searchable
              {...form.getInputProps('owner_id')}
            />
            <Select
              label={label('language')}
              description={t('customer_language.hint')}
              data={languages.options}
              placeholder={t('customer_language.none')}
              clearable
              value={v.language}
              onChange={(value) => form.setFieldValue('language', asCustomerLanguage(value))}
              error={form.errors.language}
            />
          </SimpleGrid>
        </Fieldset>
        {customFields.length > 0 && (
          <Fieldset legend={t('entity.sections.custom')}>
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
          </Fieldset>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {entity ? t('common.save') : t('entity.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
