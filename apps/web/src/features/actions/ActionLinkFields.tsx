import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { teamsQuery } from '../admin/admin.api';
import { entityContactsQuery } from '../contacts/contacts.api';
import { EntityPicker } from '../entities/EntityPicker';
import { entityQuery } from '../entities/entities.api';
import { useOwnerOptions } from '../users/use-owner-options';
import type { ActionFormValues } from './action-form-values';
import type { Action } from './actions.api';

interface Props {
  form: UseFormReturnType<ActionFormValues>;
  action: Action | undefined;
  /** The entity the form started with (its name is fetched for the picker). */
  initialEntityId: string | null;
  readOnly: boolean;
}

/** Who and what the action is about: entity, one of its contacts, assignee user and team. */
export function ActionLinkFields({ form, action, initialEntityId, readOnly }: Props) {
  const { t } = useTranslation('actions');
  const owners = useOwnerOptions(action?.assignee_user);
  const teams = useQuery(teamsQuery).data?.data ?? [];
  const v = form.values;
  const contacts = useQuery({ ...entityContactsQuery(v.entity_id ?? ''), enabled: Boolean(v.entity_id) });
  const contactOptions = (contacts.data?.data ?? []).map((c) => ({ value: c.id, label: c.full_name }));
  if (action?.contact && !contactOptions.some((o) => o.value === action.contact?.id))
    contactOptions.unshift({ value: action.contact.id, label: action.contact.name });
  // The linked entity's name before any search (from the action, else the cached or fetched record).
  const initialEntity = useQuery({
    ...entityQuery(initialEntityId ?? ''),
    enabled: Boolean(initialEntityId) && !action?.entity,
  });
  const entityName = action?.entity?.name ?? initialEntity.data?.name;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {readOnly ? (
        <TextInput label={t('fields.entity')} value={entityName ?? ''} disabled />
      ) : (
        <EntityPicker
          label={t('fields.entity')}
          value={v.entity_id}
          {...(entityName ? { initialName: entityName } : {})}
          onChange={(id) => {
            form.setFieldValue('entity_id', id);
            form.setFieldValue('contact_id', null);
          }}
          error={form.errors.entity_id as string | undefined}
        />
      )}
      <Select
        label={t('fields.contact')}
        data={contactOptions}
        disabled={readOnly || !v.entity_id}
        clearable
        searchable
        {...form.getInputProps('contact_id')}
      />
      <Select
        label={t('fields.assignee_user')}
        data={owners}
        clearable
        searchable
        disabled={readOnly}
        {...form.getInputProps('assignee_user_id')}
      />
      <Select
        label={t('fields.assignee_team')}
        description={v.assignee_user_id ? undefined : t('fields.assignee_team_hint')}
        data={teams.map((team) => ({ value: team.id, label: team.name }))}
        clearable
        searchable
        disabled={readOnly}
        {...form.getInputProps('assignee_team_id')}
      />
    </SimpleGrid>
  );
}
