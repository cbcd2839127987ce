import { MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import {
  type AutomationObject,
  type RuleField,
  SLA_TARGETS,
  TRIGGER_OBJECTS,
  TRIGGER_TYPES,
  type TriggerType,
} from '@trato/contracts/automation';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { type RuleValues, switchTrigger } from './rule-form';
import { fieldLabel } from './rule-summary';
import type { RuleOptions } from './use-rule-options';

interface Props {
  form: UseFormReturnType<RuleValues>;
  fields: RuleField[];
  options: RuleOptions;
}

/** "Cuando…": what sets the rule off, on which records, narrowed by type, fields, statuses, mailbox. */
export function TriggerSection({ form, fields, options }: Props) {
  const { t } = useTranslation('automation');
  const phone = usePhone();
  const trigger = form.values.trigger;
  const config = trigger.config;
  const objects = TRIGGER_OBJECTS[trigger.type];
  const path = (key: string) => `trigger.config.${key}`;
  const configProps = (key: string) => form.getInputProps(path(key));
  const caseTypeId = typeof config.case_type_id === 'string' ? config.case_type_id : null;
  const outcomeField = fields.find((f) => f.key === 'outcome');

  return (
    <Stack gap="sm">
      <SimpleGrid cols={phone ? 1 : 2} spacing="sm">
        <Select
          label={t('trigger.type')}
          data={TRIGGER_TYPES.map((type) => ({ value: type, label: t(`trigger.types.${type}`) }))}
          value={trigger.type}
          allowDeselect={false}
          onChange={(type) => {
            if (!type) return;
            const next = switchTrigger(trigger, type as TriggerType);
            form.setFieldValue('trigger', next);
            // Conditions name the fields of one kind of record.
            if (next.object !== trigger.object) form.setFieldValue('conditions', []);
          }}
          error={form.getInputProps('trigger.type').error}
        />
        {objects.length > 1 ? (
          <Select
            label={t('trigger.object')}
            data={objects.map((o) => ({ value: o, label: t(`objects.${o}`) }))}
            value={trigger.object}
            allowDeselect={false}
            onChange={(object) => {
              if (!object) return;
              form.setFieldValue('trigger', {
                ...trigger,
                object: object as AutomationObject,
                config: { ...config, fields: [] },
              });
              form.setFieldValue('conditions', []);
            }}
            error={form.getInputProps('trigger.object').error}
          />
        ) : (
          <Stack gap={4} justify="flex-end">
            <Text size="sm" fw={500}>
              {t('trigger.object')}
            </Text>
            <Text size="sm">{t(`objects.${trigger.object}`)}</Text>
          </Stack>
        )}
        {trigger.object === 'case' && (
          <Select
            label={t('trigger.case_type')}
            placeholder={t('trigger.any_case_type')}
            data={options.caseTypes}
            clearable
            {...configProps('case_type_id')}
            value={caseTypeId}
          />
        )}
        {trigger.object === 'action' && trigger.type !== 'mail_received' && (
          <Select
            label={t('trigger.action_type')}
            placeholder={t('trigger.any_action_type')}
            data={options.actionTypes}
            clearable
            {...configProps('action_type_id')}
            value={(config.action_type_id as string | null | undefined) ?? null}
          />
        )}
        {trigger.type === 'record_changed' && (
          <MultiSelect
            label={t('trigger.fields')}
            description={t('trigger.fields_hint')}
            data={fields.map((f) => ({ value: f.key, label: fieldLabel(t, f.key, fields) }))}
            searchable
            {...configProps('fields')}
            value={(config.fields as string[] | undefined) ?? []}
          />
        )}
        {trigger.type === 'status_changed' && (
          <>
            <MultiSelect
              label={t('trigger.from_statuses')}
              placeholder={t('trigger.any_status')}
              data={options.statusGroups(caseTypeId)}
              searchable
              {...configProps('from_status_ids')}
              value={(config.from_status_ids as string[] | undefined) ?? []}
            />
            <MultiSelect
              label={t('trigger.to_statuses')}
              placeholder={t('trigger.any_status')}
              data={options.statusGroups(caseTypeId)}
              searchable
              {...configProps('to_status_ids')}
              value={(config.to_status_ids as string[] | undefined) ?? []}
            />
          </>
        )}
        {trigger.type === 'action_done' && (
          <MultiSelect
            label={t('trigger.outcomes')}
            placeholder={t('trigger.any_outcome')}
            data={(outcomeField?.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
            {...configProps('outcomes')}
            value={(config.outcomes as string[] | undefined) ?? []}
          />
        )}
        {trigger.type === 'mail_received' && (
          <Select
            label={t('trigger.account')}
            placeholder={t('trigger.any_account')}
            data={options.accounts}
            clearable
            {...configProps('account_id')}
            value={(config.account_id as string | null | undefined) ?? null}
          />
        )}
        {(trigger.type === 'days_before_close' || trigger.type === 'days_without_activity') && (
          <NumberInput
            label={t('trigger.days')}
            description={t(
              trigger.type === 'days_before_close' ? 'trigger.days_before_hint' : 'trigger.days_idle_hint',
            )}
            min={trigger.type === 'days_before_close' ? 0 : 1}
            max={365}
            allowDecimal={false}
            {...configProps('days')}
          />
        )}
        {trigger.type === 'sla_due_soon' && (
          <>
            <NumberInput
              label={t('trigger.hours')}
              min={1}
              max={720}
              allowDecimal={false}
              {...configProps('hours')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="sla-target-label">
                {t('trigger.target')}
              </Text>
              <SegmentedControl
                aria-labelledby="sla-target-label"
                data={SLA_TARGETS.map((target) => ({ value: target, label: t(`trigger.targets.${target}`) }))}
                value={(config.target as string | undefined) ?? 'any'}
                onChange={(target) => form.setFieldValue(path('target') as never, target as never)}
                fullWidth
                orientation={phone ? 'vertical' : 'horizontal'}
              />
            </Stack>
          </>
        )}
      </SimpleGrid>
    </Stack>
  );
}
