import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconUserCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, notifySuccess } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { useCaseTypes } from '../cases/cases.api';
import { DecimalInput } from '../cases/DecimalInput';
import { entityContactsQuery } from '../contacts/contacts.api';
import type { Entity } from '../entities/entities.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { type ConvertLeadBody, convertLead, leadConverted } from './entity-cases.api';

const CURRENCIES = Intl.supportedValuesOf('currency');

interface Values {
  open_opportunity: boolean;
  type_id: string | null;
  title: string;
  amount: string;
  currency: string;
  expected_close: string | null;
  owner_id: string | null;
  contact_id: string | null;
}

/** On a lead's page: a banner that says so, with "Convertir en cliente". */
export function LeadConversion({ entity }: { entity: Entity }) {
  const { t } = useTranslation('entity-cases');
  const me = useMe();
  const pick = usePickLists();
  const [opened, setOpened] = useState(false);
  if (!entity.roles.includes('lead') || entity.deleted_at) return null;
  if (!me.role.permissions.objects.entities.actions.includes('edit')) return null;
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{t('convert.banner', { role: pick.label('entity_roles', 'lead') })}</Text>
        <Button leftSection={<IconUserCheck size={16} />} onClick={() => setOpened(true)}>
          {t('convert.button')}
        </Button>
      </Group>
      <ConvertLeadModal entity={entity} opened={opened} onClose={() => setOpened(false)} />
    </Paper>
  );
}

/** Converts a lead into a customer, keeping its contacts and history, and can open an opportunity in the same step. */
export function ConvertLeadModal({
  entity,
  opened,
  onClose,
}: {
  entity: Entity;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('entity-cases');
  const phone = usePhone();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('convert.title', { name: entity.name })}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      {opened && <ConvertLeadForm entity={entity} onDone={onClose} />}
    </Modal>
  );
}

function ConvertLeadForm({ entity, onDone }: { entity: Entity; onDone: () => void }) {
  const { t } = useTranslation('entity-cases');
  const me = useMe();
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const types = useCaseTypes();
  const owners = useOwnerOptions(entity.owner);
  const contacts = useQuery(entityContactsQuery(entity.id));
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const saleTypes = types.active.filter((type) => type.kind === 'sale');
  const canOpen = me.role.permissions.objects.cases.actions.includes('create') && saleTypes.length > 0;

  const form = useForm<Values>({
    initialValues: {
      open_opportunity: canOpen,
      type_id: saleTypes[0]?.id ?? null,
      title: t('convert.default_title', { name: entity.name }),
      amount: '',
      currency: 'EUR',
      expected_close: null,
      owner_id: entity.owner?.id ?? me.id,
      contact_id: null,
    },
    validate: {
      title: (value, values) =>
        values.open_opportunity && !value.trim() ? t('convert.title_required') : null,
    },
  });
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    setBusy(true);
    const body: ConvertLeadBody = { version: entity.version };
    if (values.open_opportunity)
      body.opportunity = {
        title: values.title.trim(),
        ...(values.type_id ? { type_id: values.type_id } : {}),
        ...(values.amount ? { amount: values.amount, currency: values.currency } : {}),
        ...(values.expected_close ? { expected_close: values.expected_close } : {}),
        ...(values.owner_id ? { owner_id: values.owner_id } : {}),
        ...(values.contact_id ? { contact_id: values.contact_id } : {}),
      };
    try {
      const result = await convertLead(entity.id, body);
      leadConverted(queryClient, result);
      notifySuccess(
        result.case
          ? t('convert.done_with_case', { name: entity.name, number: result.case.number })
          : t('convert.done', { name: entity.name }),
      );
      onDone();
    } catch (error) {
      if (isApiError(error))
        for (const issue of error.errors)
          form.setFieldError(issue.field.replace(/^opportunity\./, ''), issue.message);
      setFormError(isApiError(error, 'version_conflict') ? t('convert.conflict') : errorMessage(error));
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {t('convert.explain', {
            name: entity.name,
            from: pick.label('entity_roles', 'lead'),
            to: pick.label('entity_roles', 'customer'),
          })}
        </Text>
        {canOpen && (
          <Switch
            label={t('convert.open_opportunity')}
            size="md"
            {...form.getInputProps('open_opportunity', { type: 'checkbox' })}
          />
        )}
        {canOpen && v.open_opportunity && (
          <Stack gap="sm">
            {saleTypes.length > 1 && (
              <Select
                label={t('convert.type')}
                data={saleTypes.map((type) => ({ value: type.id, label: types.label(type) }))}
                allowDeselect={false}
                {...form.getInputProps('type_id')}
              />
            )}
            <TextInput
              label={t('convert.opportunity_title')}
              required
              maxLength={300}
              data-autofocus
              {...form.getInputProps('title')}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <DecimalInput
                label={t('convert.amount')}
                value={v.amount}
                onChange={(amount) => form.setFieldValue('amount', amount)}
                error={form.errors.amount}
              />
              <Select
                label={t('convert.currency')}
                data={CURRENCIES}
                searchable
                allowDeselect={false}
                {...form.getInputProps('currency')}
              />
              <DateInput
                label={t('convert.expected_close')}
                valueFormat="D MMM YYYY"
                clearable
                popoverProps={{ withinPortal: true }}
                {...form.getInputProps('expected_close')}
              />
              <Select
                label={t('convert.owner')}
                data={owners}
                searchable
                clearable
                {...form.getInputProps('owner_id')}
              />
            </SimpleGrid>
            {(contacts.data?.data.length ?? 0) > 0 && (
              <Select
                label={t('convert.contact')}
                data={(contacts.data?.data ?? []).map((c) => ({ value: c.id, label: c.full_name }))}
                clearable
                {...form.getInputProps('contact_id')}
              />
            )}
          </Stack>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('translation:common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('convert.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
