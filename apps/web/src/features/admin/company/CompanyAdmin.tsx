import { Button, Fieldset, Group, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { looksSpanishTaxId, validateTaxId } from '@trato/contracts/validation/tax-id';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePageTitle } from '../../../ui/use-page-title';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import { SectionHeader } from '../ui';
import { type CompanyProfile, companyQuery, updateCompany } from './company.api';

const FIELDS = [
  'name',
  'legal_name',
  'tax_id',
  'email',
  'phone',
  'web',
  'address',
  'postal_code',
  'city',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const valuesOf = (profile: CompanyProfile): Values =>
  Object.fromEntries(FIELDS.map((f) => [f, profile[f] ?? ''])) as Values;

/** Administración → Empresa: the company's own data, which mail templates show as its merge fields. */
export function CompanyAdmin() {
  const { t } = useTranslation('admin');
  usePageTitle(t('company.title'));
  const query = useQuery(companyQuery);
  return (
    <Stack gap="md">
      <SectionHeader title={t('company.title')} description={t('company.description')} />
      {query.data ? (
        <CompanyForm key={`${query.data.version}`} initial={query.data} />
      ) : query.error ? (
        <Text size="sm" c="red" role="alert">
          {t('load_error')}
        </Text>
      ) : (
        <Skeleton height={320} />
      )}
    </Stack>
  );
}

function CompanyForm({ initial }: { initial: CompanyProfile }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const form = useForm<Values>({
    initialValues: valuesOf(initial),
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (!v.name.trim()) errors.name = t('validation.required');
      const taxId = v.tax_id.trim();
      // The same check the server makes (Spanish NIF/CIF/NIE checksums), before sending.
      if (taxId && !validateTaxId(taxId, looksSpanishTaxId(taxId) ? 'ES' : null).ok)
        errors.tax_id = t('company.tax_id_invalid');
      return errors;
    },
  });

  const reload = () => queryClient.invalidateQueries({ queryKey: companyQuery.queryKey });
  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const body = Object.fromEntries(FIELDS.map((f) => [f, v[f].trim() || null])) as Record<
        Field,
        string | null
      >;
      const saved = await updateCompany({ ...body, name: v.name.trim(), version: initial.version });
      queryClient.setQueryData(companyQuery.queryKey, saved);
      notifySuccess(t('company.saved'));
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, extra: Record<string, unknown> = {}) => (
    <TextInput label={t(`company.fields.${field}`)} {...form.getInputProps(field)} {...extra} />
  );

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <Fieldset legend={t('company.sections.identity')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input('name', {
              required: true,
              autoComplete: 'organization',
              description: t('company.name_hint'),
              maxLength: 200,
            })}
            {input('legal_name', { maxLength: 200 })}
            {input('tax_id', { maxLength: 32, autoCapitalize: 'characters', spellCheck: false })}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('company.sections.contact')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input('email', { type: 'email', autoComplete: 'email', maxLength: 320 })}
            {input('phone', { type: 'tel', autoComplete: 'tel', maxLength: 40 })}
            {input('web', { type: 'url', autoComplete: 'url', placeholder: 'https://', maxLength: 500 })}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('company.sections.address')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input('address', { autoComplete: 'street-address', maxLength: 300 })}
            {input('postal_code', { autoComplete: 'postal-code', inputMode: 'numeric', maxLength: 20 })}
            {input('city', { autoComplete: 'address-level2', maxLength: 120 })}
          </SimpleGrid>
        </Fieldset>
        <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconInfoCircle size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm">
              {initial.version === 0 ? t('company.never_saved') : t('company.templates_hint')}
              {initial.updated_at && (
                <Text span c="dimmed" size="sm">
                  {' '}
                  {t('company.last_saved')} <RelativeTime value={initial.updated_at} />
                </Text>
              )}
            </Text>
          </Group>
        </Paper>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
            {t('company.discard')}
          </Button>
          <Button type="submit" loading={busy} disabled={!form.isDirty()}>
            {t('company.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
