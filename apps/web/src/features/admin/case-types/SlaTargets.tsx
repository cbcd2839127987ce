import { Fieldset, NumberInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { CASE_PRIORITIES, type CasePriority, type Sla } from '@trato/contracts/cases';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { workingHoursQuery, workingHoursSummary } from '../working-hours/working-hours.api';

type Hours = number | string;
export type SlaValues = Record<CasePriority, { first_response_hours: Hours; resolution_hours: Hours }>;

/** The form's SLA rows from the type's targets (empty where there is none). */
export const slaValuesOf = (sla: Sla | undefined): SlaValues =>
  Object.fromEntries(
    CASE_PRIORITIES.map((p) => [
      p,
      {
        first_response_hours: sla?.[p]?.first_response_hours ?? '',
        resolution_hours: sla?.[p]?.resolution_hours ?? '',
      },
    ]),
  ) as SlaValues;

const hours = (value: Hours) => (value === '' || value === null ? null : Number(value));

/** The targets to send: a priority without any target is left out. */
export function slaBody(values: SlaValues): Sla {
  const out: Sla = {};
  for (const p of CASE_PRIORITIES) {
    const first = hours(values[p].first_response_hours);
    const resolution = hours(values[p].resolution_hours);
    if (first !== null || resolution !== null)
      out[p] = { first_response_hours: first, resolution_hours: resolution };
  }
  return out;
}

/** Client checks: a resolution target shorter than the first-response one makes no sense. */
export function slaErrors(values: SlaValues, message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of CASE_PRIORITIES) {
    const first = hours(values[p].first_response_hours);
    const resolution = hours(values[p].resolution_hours);
    if (first !== null && resolution !== null && resolution < first)
      errors[`sla.${p}.resolution_hours`] = message;
  }
  return errors;
}

/**
 * First response and resolution targets per priority, in working hours (the installation's, summarised so
 * the admin knows what an "hour" means here). Empty: no target for that priority.
 */
export function SlaTargets<V>({ form }: { form: UseFormReturnType<V> }) {
  const { t, i18n } = useTranslation('admin');
  const phone = usePhone();
  const workingHours = useQuery(workingHoursQuery).data;
  const input = (p: CasePriority, field: 'first_response_hours' | 'resolution_hours', label: string) => (
    <NumberInput
      aria-label={phone ? undefined : label}
      label={phone ? t(`caseTypes.sla.${field}`) : undefined}
      suffix=" h"
      min={0}
      max={field === 'first_response_hours' ? 10_000 : 100_000}
      decimalScale={2}
      allowNegative={false}
      placeholder={t('caseTypes.sla.none')}
      {...form.getInputProps(`sla.${p}.${field}`)}
    />
  );
  const label = (p: CasePriority, field: 'first_response_hours' | 'resolution_hours') =>
    t(`caseTypes.sla.${field}_of`, { priority: t(`caseTypes.priorities.${p}`) });
  return (
    <Fieldset legend={t('caseTypes.sla.legend')} variant="unstyled">
      <Text size="xs" c="dimmed" mb="xs">
        {workingHours
          ? t('caseTypes.sla.hint_with_hours', { hours: workingHoursSummary(workingHours, i18n.language) })
          : t('caseTypes.sla.hint')}
      </Text>
      {phone ? (
        <Stack gap="sm">
          {CASE_PRIORITIES.map((p) => (
            <Fieldset key={p} legend={t(`caseTypes.priorities.${p}`)} p="xs">
              <SimpleGrid cols={2} spacing="xs">
                {input(p, 'first_response_hours', label(p, 'first_response_hours'))}
                {input(p, 'resolution_hours', label(p, 'resolution_hours'))}
              </SimpleGrid>
            </Fieldset>
          ))}
        </Stack>
      ) : (
        <Table verticalSpacing={4} withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('caseTypes.sla.priority')}</Table.Th>
              <Table.Th>{t('caseTypes.sla.first_response_hours')}</Table.Th>
              <Table.Th>{t('caseTypes.sla.resolution_hours')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CASE_PRIORITIES.map((p) => (
              <Table.Tr key={p}>
                <Table.Th scope="row" fw={500}>
                  {t(`caseTypes.priorities.${p}`)}
                </Table.Th>
                <Table.Td>{input(p, 'first_response_hours', label(p, 'first_response_hours'))}</Table.Td>
                <Table.Td>{input(p, 'resolution_hours', label(p, 'resolution_hours'))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Fieldset>
  );
}
