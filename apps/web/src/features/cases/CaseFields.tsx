import { DataList, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { InlineEdit } from '../../ui/InlineEdit';
import { localLabel } from '../../ui/labels';
import { AnchorLink } from '../../ui/links';
import { Markdown } from '../../ui/Markdown';
import { saveErrorFor } from '../../ui/save-error';
import { entityContactsQuery } from '../contacts/contacts.api';
import { EntityPicker } from '../entities/EntityPicker';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { CustomFieldValue } from '../fields/CustomFieldValue';
import { useOwnerOptions } from '../users/use-owner-options';
import {
  type Case,
  type CaseType,
  caseChanged,
  type UpdateCaseRequest,
  updateCase,
  useCaseFields,
} from './cases.api';
import { DecimalInput, trimDecimal } from './DecimalInput';
import { ReferrerPicker } from './ReferrerPicker';
import { useCaseOptions } from './use-case-options';

type Options = { value: string; label: string }[];

/** The case's fields, each editable in place (Enter saves, Esc cancels); the type's own fields follow. */
export function CaseFields({ item, type }: { item: Case; type: CaseType }) {
  const { t, i18n } = useTranslation('cases');
  const queryClient = useQueryClient();
  const owners = useOwnerOptions(item.owner);
  const options = useCaseOptions();
  const customFields = useCaseFields(type.id);
  const contacts = useQuery(entityContactsQuery(item.entity_id));
  const disabled = Boolean(item.deleted_at);
  const label = (field: string) => t(`fields.${field}`);

  const save = async (patch: Omit<UpdateCaseRequest, 'version'>) => {
    try {
      caseChanged(queryClient, await updateCase(item.id, { version: item.version, ...patch }));
    } catch (error) {
      throw saveErrorFor(error, () => queryClient.invalidateQueries({ queryKey: ['cases', 'one', item.id] }));
    }
  };

  const row = (field: string, node: ReactNode, text = label(field)) => (
    <DataList.Item key={field}>
      <DataList.ItemLabel>{text}</DataList.ItemLabel>
      <DataList.ItemValue>{node}</DataList.ItemValue>
    </DataList.Item>
  );

  const select = (
    field: 'owner_id' | 'team_id' | 'contact_id' | 'priority' | 'currency',
    name: string,
    data: Options,
    shown: ReactNode,
    clearable = true,
  ) =>
    row(
      name,
      <InlineEdit<string | null>
        label={label(name)}
        disabled={disabled}
        display={shown}
        initial={item[field]}
        renderInput={(p) => (
          <Select
            aria-label={p.label}
            autoFocus
            data={data}
            value={p.value}
            error={p.error}
            onChange={p.onChange}
            clearable={clearable}
            allowDeselect={clearable}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        )}
        onSave={(value) => save({ [field]: value } as Omit<UpdateCaseRequest, 'version'>)}
      />,
    );

  const contactOptions: Options = (contacts.data?.data ?? []).map((c) => ({
    value: c.id,
    label: c.full_name,
  }));
  if (item.contact && !contactOptions.some((o) => o.value === item.contact?.id))
    contactOptions.unshift({ value: item.contact.id, label: item.contact.name });
  const teamOptions = options.teams.slice();
  if (item.team && !teamOptions.some((o) => o.value === item.team?.id))
    teamOptions.unshift({ value: item.team.id, label: item.team.name });

  return (
    <DataList withDivider gap={6} labelWidth={140} aria-label={t('sections.fields')}>
      {row(
        'title',
        <InlineEdit<string>
          label={label('title')}
          disabled={disabled}
          display={item.title}
          initial={item.title}
          renderInput={(p) => (
            <TextInput
              aria-label={p.label}
              autoFocus
              value={p.value}
              error={p.error}
              maxLength={300}
              onChange={(e) => p.onChange(e.currentTarget.value)}
            />
          )}
          onSave={(title) => save({ title })}
        />,
      )}
      {row(
        'entity',
        <InlineEdit<string | null>
          label={label('entity')}
          disabled={disabled}
          display={
            <AnchorLink to="/entities/$id" params={{ id: item.entity.id }} size="sm">
              {item.entity.name}
            </AnchorLink>
          }
          initial={item.entity_id}
          renderInput={(p) => (
            <EntityPicker
              label={p.label}
              value={p.value}
              initialName={item.entity.name}
              onChange={(id) => p.onChange(id)}
              error={p.error}
              autoFocus
            />
          )}
          onSave={async (entityId) => {
            if (!entityId) throw new Error(t('translation:errors.required'));
            await save({ entity_id: entityId, contact_id: null });
          }}
        />,
      )}
      {select('contact_id', 'contact', contactOptions, item.contact?.name ?? '')}
      {select('owner_id', 'owner', owners, item.owner?.name ?? '')}
      {select('team_id', 'team', teamOptions, item.team?.name ?? '')}
      {select('priority', 'priority', options.priorities, t(`priority.${item.priority}`), false)}
      {!type.has_lines &&
        row(
          'amount',
          <InlineEdit<string>
            label={label('amount')}
            disabled={disabled}
            display={item.amount !== null ? formatMoney(item.amount, item.currency) : null}
            initial={trimDecimal(item.amount)}
            renderInput={(p) => (
              <DecimalInput
                aria-label={p.label}
                autoFocus
                value={p.value}
                error={p.error}
                onChange={p.onChange}
                rightSection={item.currency}
                rightSectionWidth={48}
              />
            )}
            onSave={(amount) => save({ amount: amount === '' ? null : amount })}
          />,
        )}
      {select('currency', 'currency', options.currencies, item.currency, false)}
      {type.kind === 'sale' &&
        row(
          'probability',
          <InlineEdit<string>
            label={label('probability')}
            disabled={disabled}
            display={
              item.probability_overridden
                ? t('card.percent', { value: item.probability })
                : t('probability_default_shown', { value: item.probability })
            }
            initial={item.probability_overridden ? String(item.probability) : ''}
            renderInput={(p) => (
              <NumberInput
                aria-label={p.label}
                autoFocus
                value={p.value}
                error={p.error}
                min={0}
                max={100}
                suffix=" %"
                allowDecimal={false}
                placeholder={t('form.probability_blank')}
                onChange={(value) => p.onChange(value === '' ? '' : String(value))}
              />
            )}
            onSave={(value) => save({ probability: value === '' ? null : Number(value) })}
          />,
        )}
      {row(
        'expected_close',
        <InlineEdit<string | null>
          label={label('expected_close')}
          disabled={disabled}
          display={item.expected_close ? formatDate(item.expected_close) : null}
          initial={item.expected_close}
          renderInput={(p) => (
            <DateInput
              aria-label={p.label}
              autoFocus
              value={p.value}
              error={p.error}
              onChange={(value) => p.onChange(value ?? null)}
              valueFormat="D MMM YYYY"
              clearable
              popoverProps={{ withinPortal: true }}
            />
          )}
          onSave={(value) => save({ expected_close: value })}
        />,
      )}
      {row(
        'referrer',
        <InlineEdit<string | null>
          label={label('referrer')}
          disabled={disabled}
          display={
            item.referrer ? (
              <AnchorLink to="/entities/$id" params={{ id: item.referrer.id }} size="sm">
                {item.referrer.name}
              </AnchorLink>
            ) : null
          }
          initial={item.referrer_id}
          renderInput={(p) => (
            <ReferrerPicker
              label={p.label}
              hideLabel
              value={p.value}
              initialName={item.referrer?.name}
              onChange={p.onChange}
              error={p.error}
              autoFocus
            />
          )}
          onSave={(referrer_id) => save({ referrer_id })}
        />,
      )}
      {row(
        'description',
        <InlineEdit<string>
          label={label('description')}
          disabled={disabled}
          display={item.description ? <Markdown source={item.description} /> : null}
          initial={item.description ?? ''}
          renderInput={(p) => (
            <Textarea
              aria-label={p.label}
              autoFocus
              autosize
              minRows={3}
              maxRows={12}
              value={p.value}
              error={p.error}
              description={t('form.ctrl_enter')}
              onChange={(e) => p.onChange(e.currentTarget.value)}
            />
          )}
          onSave={(description) => save({ description })}
        />,
      )}
      {customFields.map((field) =>
        row(
          `custom.${field.key}`,
          <InlineEdit<unknown>
            label={localLabel(field.labels, i18n.language, field.key)}
            disabled={disabled}
            display={
              item.custom[field.key] === undefined || item.custom[field.key] === null ? null : (
                <CustomFieldValue field={field} value={item.custom[field.key]} />
              )
            }
            initial={item.custom[field.key] ?? null}
            renderInput={(p) => (
              <CustomFieldInput field={field} value={p.value} error={p.error} onChange={p.onChange} compact />
            )}
            onSave={(value) => save({ custom: { [field.key]: value === '' ? null : value } })}
          />,
          localLabel(field.labels, i18n.language, field.key),
        ),
      )}
    </DataList>
  );
}
