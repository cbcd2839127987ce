import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { serverErrorsToForm } from '../../ui/form-errors';
import { MultiValueInput } from '../../ui/MultiValueInput';
import { errorMessage } from '../../ui/notify';
import {
  asCustomerLanguage,
  type CustomerLanguage,
  useCustomerLanguages,
} from '../entities/customer-language';
import { EntityPicker } from '../entities/EntityPicker';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { useCustomFields } from '../fields/fields.api';
import { type Contact, contactChanged, createContact, updateContact } from './contacts.api';

interface Values {
  entity_id: string | null;
  first_name: string;
  last_name: string;
  job_title: string;
  department: string;
  emails: string[];
  phones: string[];
  is_primary: boolean;
  birthday: string | null;
  language: CustomerLanguage | null;
  custom: Record<string, unknown>;
}

interface Props {
  contact?: Contact;
  /** The entity a new contact belongs to; without it the form asks. */
  entityId?: string;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
}

const orNull = (s: string) => s.trim() || null;

/** Create or edit a contact (in a modal): person fields, emails and phones, custom fields. */
export function ContactForm({ contact, entityId, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const customFields = useCustomFields('contact');
  const languages = useCustomerLanguages();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      entity_id: contact?.entity_id ?? entityId ?? null,
      first_name: contact?.first_name ?? '',
      last_name: contact?.last_name ?? '',
      job_title: contact?.job_title ?? '',
      department: contact?.department ?? '',
      emails: contact?.emails.length ? contact.emails : [''],
      phones: contact?.phones.length ? contact.phones : [''],
      is_primary: contact?.is_primary ?? false,
      birthday: contact?.birthday ?? null,
      language: contact?.language ?? null,
      custom: { ...contact?.custom },
    },
    validate: {
      first_name: (v) => (v.trim() ? null : t('errors.required')),
      entity_id: (v) => (v ? null : t('errors.required')),
    },
  });
  const label = (field: string) => t(`contact.fields.${field}`);
  const text = (field: 'first_name' | 'last_name' | 'job_title' | 'department', extra: object = {}) => (
    <TextInput label={label(field)} {...form.getInputProps(field)} {...extra} />
  );

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const body = {
      first_name: v.first_name.trim(),
      last_name: orNull(v.last_name),
      job_title: orNull(v.job_title),
      department: orNull(v.department),
      emails: v.emails.map((s) => s.trim()).filter(Boolean),
      phones: v.phones.map((s) => s.trim()).filter(Boolean),
      is_primary: v.is_primary,
      birthday: v.birthday || null,
      language: v.language,
      custom: Object.fromEntries(Object.entries(v.custom).map(([k, x]) => [k, x === '' ? null : x])),
    };
    try {
      const saved = contact
        ? await updateContact(contact.id, { ...body, entity_id: v.entity_id!, version: contact.version })
        : await createContact({ ...body, entity_id: v.entity_id! });
      contactChanged(queryClient, saved);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error, 'validation_failed'))
        form.setErrors(serverErrorsToForm(error.errors, { emails: v.emails, phones: v.phones }));
      setFormError(errorMessage(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {!entityId && (
          <EntityPicker
            label={label('entity')}
            required
            value={form.values.entity_id}
            initialName={contact?.entity_name}
            onChange={(id) => form.setFieldValue('entity_id', id)}
            error={form.errors.entity_id as string | undefined}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('first_name', { required: true, 'data-autofocus': true, autoComplete: 'off' })}
          {text('last_name', { autoComplete: 'off' })}
          {text('job_title')}
          {text('department')}
          <MultiValueInput
            legend={label('emails')}
            itemLabel={(i) => t('entity.email_n', { n: i + 1 })}
            values={form.values.emails}
            errors={form.errors}
            path="emails"
            type="email"
            onChange={(list) => form.setFieldValue('emails', list)}
          />
          <MultiValueInput
            legend={label('phones')}
            itemLabel={(i) => t('entity.phone_n', { n: i + 1 })}
            values={form.values.phones}
            errors={form.errors}
            path="phones"
            type="tel"
            onChange={(list) => form.setFieldValue('phones', list)}
          />
          <DateInput
            label={label('birthday')}
            valueFormat="L"
            clearable
            {...form.getInputProps('birthday')}
          />
          <Checkbox
            label={label('is_primary')}
            mt="xl"
            {...form.getInputProps('is_primary', { type: 'checkbox' })}
          />
          <Select
            label={label('language')}
            description={t('customer_language.hint')}
            data={languages.options}
            placeholder={t('customer_language.none')}
            clearable
            value={form.values.language}
            onChange={(value) => form.setFieldValue('language', asCustomerLanguage(value))}
            error={form.errors.language}
          />
          {customFields.map((field) => (
            <CustomFieldInput
              key={field.id}
              field={field}
              value={form.values.custom[field.key]}
              error={form.errors[`custom.${field.key}`] as string | undefined}
              onChange={(value) => form.setFieldValue(`custom.${field.key}`, value)}
            />
          ))}
        </SimpleGrid>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {contact ? t('common.save') : t('contact.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
