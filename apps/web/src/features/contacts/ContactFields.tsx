import { Anchor, DataList, Select, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../ui/format';
import { InlineEdit } from '../../ui/InlineEdit';
import { localLabel } from '../../ui/labels';
import { AnchorLink } from '../../ui/links';
import { notifyError } from '../../ui/notify';
import { saveErrorFor } from '../../ui/save-error';
import { EmailAddresses } from '../emails/EmailAddresses';
import { asCustomerLanguage, useCustomerLanguages } from '../entities/customer-language';
import { EntityPicker } from '../entities/EntityPicker';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { CustomFieldValue } from '../fields/CustomFieldValue';
import { useCustomFields } from '../fields/fields.api';
import { type Contact, contactChanged, type UpdateContactRequest, updateContact } from './contacts.api';

const links = (values: string[], scheme: string) =>
  values.length ? (
    <Stack gap={2}>
      {values.map((v) => (
        <Anchor key={v} href={`${scheme}${v}`} size="sm">
          {v}
        </Anchor>
      ))}
    </Stack>
  ) : null;

/** A contact's fields, each editable in place. */
export function ContactFields({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const customFields = useCustomFields('contact');
  const languages = useCustomerLanguages();
  const disabled = Boolean(contact.deleted_at);
  const label = (field: string) => t(`contact.fields.${field}`);
  const save = async (patch: Omit<UpdateContactRequest, 'version'>) => {
    try {
      contactChanged(queryClient, await updateContact(contact.id, { version: contact.version, ...patch }));
    } catch (error) {
      throw saveErrorFor(error, () =>
        queryClient.invalidateQueries({ queryKey: ['contacts', 'one', contact.id] }),
      );
    }
  };
  const item = (key: string, name: string, node: ReactNode) => (
    <DataList.Item key={key}>
      <DataList.ItemLabel>{name}</DataList.ItemLabel>
      <DataList.ItemValue>{node}</DataList.ItemValue>
    </DataList.Item>
  );
  const text = (field: 'first_name' | 'last_name' | 'job_title' | 'department') =>
    item(
      field,
      label(field),
      <InlineEdit<string>
        label={label(field)}
        disabled={disabled}
        display={contact[field]}
        initial={contact[field] ?? ''}
        renderInput={(p) => (
          <TextInput
            aria-label={p.label}
            autoFocus
            value={p.value}
            error={p.error}
            onChange={(e) => p.onChange(e.currentTarget.value)}
          />
        )}
        onSave={(value) => save({ [field]: field === 'first_name' ? value : value.trim() || null })}
      />,
    );
  const list = (field: 'emails' | 'phones', scheme: string) =>
    item(
      field,
      label(field),
      <InlineEdit<string[]>
        label={label(field)}
        disabled={disabled}
        display={
          field === 'emails' && contact.emails.length > 0 ? (
            <EmailAddresses addresses={contact.emails} readOnly={disabled} />
          ) : (
            links(contact[field], scheme)
          )
        }
        initial={contact[field]}
        renderInput={(p) => (
          <TagsInput
            aria-label={p.label}
            autoFocus
            value={p.value}
            error={p.error}
            onChange={p.onChange}
            splitChars={[',', ' ', ';']}
            acceptValueOnBlur
          />
        )}
        onSave={(value) => save({ [field]: value })}
      />,
    );

  return (
    <DataList withDivider gap={6} labelWidth={130} aria-label={t('contact.sections.fields')}>
      {item(
        'entity',
        label('entity'),
        <InlineEdit<string | null>
          label={label('entity')}
          disabled={disabled}
          display={
            <AnchorLink to="/entities/$id" params={{ id: contact.entity_id }} size="sm">
              {contact.entity_name}
            </AnchorLink>
          }
          initial={contact.entity_id}
          renderInput={(p) => (
            <EntityPicker
              label={p.label}
              value={p.value}
              initialName={contact.entity_name}
              onChange={(id) => p.onChange(id)}
              error={p.error}
              autoFocus
            />
          )}
          onSave={async (id) => {
            if (id) await save({ entity_id: id });
          }}
        />,
      )}
      {text('first_name')}
      {text('last_name')}
      {text('job_title')}
      {text('department')}
      {list('emails', 'mailto:')}
      {list('phones', 'tel:')}
      {item(
        'birthday',
        label('birthday'),
        <InlineEdit<string | null>
          label={label('birthday')}
          disabled={disabled}
          display={contact.birthday ? formatDate(contact.birthday) : null}
          initial={contact.birthday}
          renderInput={(p) => (
            <DateInput
              aria-label={p.label}
              autoFocus
              valueFormat="L"
              clearable
              value={p.value}
              error={p.error}
              onChange={p.onChange}
            />
          )}
          onSave={(birthday) => save({ birthday })}
        />,
      )}
      {item(
        'language',
        t('customer_language.short'),
        <InlineEdit<string | null>
          label={t('customer_language.short')}
          disabled={disabled}
          display={languages.label(contact.language)}
          initial={contact.language}
          renderInput={(p) => (
            <Select
              aria-label={p.label}
              autoFocus
              data={languages.options}
              value={p.value}
              error={p.error}
              onChange={p.onChange}
              clearable
            />
          )}
          onSave={(value) => save({ language: asCustomerLanguage(value) })}
        />,
      )}
      {item(
        'is_primary',
        label('is_primary'),
        <Switch
          aria-label={label('is_primary')}
          checked={contact.is_primary}
          disabled={disabled}
          onChange={(e) => void save({ is_primary: e.currentTarget.checked }).catch(notifyError)}
        />,
      )}
      {customFields.map((field) => {
        const name = localLabel(field.labels, i18n.language, field.key);
        const value = contact.custom[field.key];
        return item(
          field.id,
          name,
          <InlineEdit<unknown>
            label={name}
            disabled={disabled}
            display={
              value === undefined || value === null ? null : <CustomFieldValue field={field} value={value} />
            }
            initial={value ?? null}
            renderInput={(p) => (
              <CustomFieldInput field={field} value={p.value} error={p.error} onChange={p.onChange} compact />
            )}
            onSave={(v) => save({ custom: { [field.key]: v === '' ? null : v } })}
          />,
        );
      })}
    </DataList>
  );
}
