import {
  Anchor,
  Badge,
  DataList,
  Group,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineEdit } from '../../ui/InlineEdit';
import { localLabel } from '../../ui/labels';
import { saveErrorFor } from '../../ui/save-error';
import { EmailAddresses } from '../emails/EmailAddresses';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { CustomFieldValue } from '../fields/CustomFieldValue';
import { useCustomFields } from '../fields/fields.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { asCustomerLanguage, useCustomerLanguages } from './customer-language';
import { type Entity, entityChanged, type UpdateEntityRequest, updateEntity } from './entities.api';

type TextField =
  | 'name'
  | 'legal_name'
  | 'code'
  | 'tax_id'
  | 'tax_country'
  | 'web'
  | 'street'
  | 'postal_code'
  | 'city'
  | 'province'
  | 'country';

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

/** The record's fields, each editable in place; custom fields follow the base ones. */
export function EntityFields({ entity }: { entity: Entity }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const owners = useOwnerOptions(entity.owner);
  const customFields = useCustomFields('entity');
  const languages = useCustomerLanguages();
  const disabled = Boolean(entity.deleted_at);
  // The record's narrow label column: "Idioma" (the form says "Idioma de comunicación").
  const label = (field: string) =>
    field === 'language' ? t('customer_language.short') : t(`entity.fields.${field}`);

  const save = async (patch: Omit<UpdateEntityRequest, 'version'>) => {
    try {
      entityChanged(queryClient, await updateEntity(entity.id, { version: entity.version, ...patch }));
    } catch (error) {
      throw saveErrorFor(error, () =>
        queryClient.invalidateQueries({ queryKey: ['entities', 'one', entity.id] }),
      );
    }
  };

  const row = (field: string, node: ReactNode) => (
    <DataList.Item key={field}>
      <DataList.ItemLabel>{label(field)}</DataList.ItemLabel>
      <DataList.ItemValue>{node}</DataList.ItemValue>
    </DataList.Item>
  );

  const text = (field: TextField, display?: ReactNode) =>
    row(
      field,
      <InlineEdit<string>
        label={label(field)}
        disabled={disabled}
        display={display ?? entity[field]}
        initial={entity[field] ?? ''}
        renderInput={(p) => (
          <TextInput
            aria-label={p.label}
            autoFocus
            value={p.value}
            error={p.error}
            onChange={(e) => p.onChange(e.currentTarget.value)}
          />
        )}
        onSave={(value) => save({ [field]: value.trim() || null })}
      />,
    );

  const list = (field: 'emails' | 'phones', scheme: string) =>
    row(
      field,
      <InlineEdit<string[]>
        label={label(field)}
        disabled={disabled}
        display={
          field === 'emails' && entity.emails.length > 0 ? (
            <EmailAddresses addresses={entity.emails} readOnly={disabled} />
          ) : (
            links(entity[field], scheme)
          )
        }
        initial={entity[field]}
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

  const select = (
    field: 'source' | 'sector' | 'zone' | 'owner_id' | 'language',
    data: { value: string; label: string }[],
    shown: string | null,
  ) =>
    row(
      field,
      <InlineEdit<string | null>
        label={label(field)}
        disabled={disabled}
        display={shown}
        initial={entity[field]}
        renderInput={(p) => (
          <Select
            aria-label={p.label}
            autoFocus
            data={data}
            value={p.value}
            error={p.error}
            onChange={p.onChange}
            clearable
            searchable
          />
        )}
        onSave={(value) =>
          save(field === 'language' ? { language: asCustomerLanguage(value) } : { [field]: value })
        }
      />,
    );

  return (
    <DataList withDivider gap={6} labelWidth={130} aria-label={t('entity.sections.fields')}>
      {text('name')}
      {text('legal_name')}
      {row(
        'roles',
        <InlineEdit<string[]>
          label={label('roles')}
          disabled={disabled}
          display={
            entity.roles.length ? (
              <Group gap={4}>
                {entity.roles.map((r) => (
                  <Badge key={r} variant="light">
                    {pick.label('entity_roles', r)}
                  </Badge>
                ))}
              </Group>
            ) : null
          }
          initial={entity.roles}
          renderInput={(p) => (
            <MultiSelect
              aria-label={p.label}
              autoFocus
              data={pick.options('entity_roles', p.value)}
              value={p.value}
              error={p.error}
              onChange={p.onChange}
              searchable
            />
          )}
          onSave={(roles) => save({ roles })}
        />,
      )}
      {text('code')}
      {text('tax_id')}
      {text('tax_country')}
      {list('emails', 'mailto:')}
      {list('phones', 'tel:')}
      {text(
        'web',
        entity.web ? (
          <Anchor
            href={/^https?:\/\//.test(entity.web) ? entity.web : `https://${entity.web}`}
            target="_blank"
            rel="noopener noreferrer"
            size="sm"
          >
            {entity.web}
          </Anchor>
        ) : null,
      )}
      {text('street')}
      {text('postal_code')}
      {text('city')}
      {text('province')}
      {text('country')}
      {select('source', pick.options('source', entity.source), pick.label('source', entity.source))}
      {select('sector', pick.options('sector', entity.sector), pick.label('sector', entity.sector))}
      {select('zone', pick.options('zone', entity.zone), pick.label('zone', entity.zone))}
      {select('owner_id', owners, entity.owner?.name ?? '')}
      {select('language', languages.options, languages.label(entity.language))}
      {customFields.map((field) => (
        <DataList.Item key={field.id}>
          <DataList.ItemLabel>{localLabel(field.labels, i18n.language, field.key)}</DataList.ItemLabel>
          <DataList.ItemValue>
            <InlineEdit<unknown>
              label={localLabel(field.labels, i18n.language, field.key)}
              disabled={disabled}
              display={
                entity.custom[field.key] === undefined || entity.custom[field.key] === null ? null : (
                  <CustomFieldValue field={field} value={entity.custom[field.key]} />
                )
              }
              initial={entity.custom[field.key] ?? null}
              renderInput={(p) => (
                <CustomFieldInput
                  field={field}
                  value={p.value}
                  error={p.error}
                  onChange={p.onChange}
                  compact
                />
              )}
              onSave={(value) => save({ custom: { [field.key]: value === '' ? null : value } })}
            />
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
