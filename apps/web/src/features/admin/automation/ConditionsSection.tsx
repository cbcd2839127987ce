import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { RuleField } from '@trato/contracts/automation';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { opsFor, type RuleValues, rowKey } from './rule-form';
import { fieldLabel } from './rule-summary';
import type { RuleOptions } from './use-rule-options';
import { ValueInput } from './ValueInput';

interface Props {
  form: UseFormReturnType<RuleValues>;
  fields: RuleField[];
  options: RuleOptions;
}

/** "Si…": rows of field, comparison and value; all must hold. */
export function ConditionsSection({ form, fields, options }: Props) {
  const { t } = useTranslation('automation');
  const phone = usePhone();
  const conditions = form.getValues().conditions;
  const fieldData = fields.map((f) => ({ value: f.key, label: fieldLabel(t, f.key, fields) }));
  return (
    <Stack gap="sm">
      {conditions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('editor.no_conditions')}
        </Text>
      )}
      {conditions.map((condition, index) => {
        const field = fields.find((f) => f.key === condition.field);
        const ops = opsFor(field?.type);
        const needsValue = condition.op !== 'empty' && condition.op !== 'not_empty';
        return (
          <Paper key={condition.key} withBorder p="sm" radius="md" data-testid="rule-condition">
            <Group align="flex-end" gap="sm" wrap="nowrap">
              <SimpleGrid cols={phone ? 1 : 3} spacing="sm" style={{ flex: 1, minWidth: 0 }}>
                <Select
                  label={t('condition.field')}
                  data={fieldData}
                  searchable
                  {...form.getInputProps(`conditions.${index}.field`)}
                  onChange={(key) => {
                    const next = fields.find((f) => f.key === key);
                    const nextOps = opsFor(next?.type);
                    form.setFieldValue(`conditions.${index}.field`, key ?? '');
                    if (!nextOps.includes(condition.op))
                      form.setFieldValue(`conditions.${index}.op`, nextOps[0]!);
                    form.setFieldValue(`conditions.${index}.value`, null);
                  }}
                />
                <Select
                  label={t('condition.op')}
                  data={ops.map((op) => ({ value: op, label: t(`condition.ops.${op}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps(`conditions.${index}.op`)}
                />
                {needsValue && (
                  <ValueInput
                    field={field}
                    op={condition.op}
                    label={t('condition.value')}
                    value={condition.value}
                    onChange={(value) => form.setFieldValue(`conditions.${index}.value`, value)}
                    error={form.getInputProps(`conditions.${index}.value`).error}
                    options={options}
                  />
                )}
              </SimpleGrid>
              <ActionIcon
                variant="subtle"
                color="red"
                size={phone ? 44 : 'lg'}
                aria-label={t('editor.remove_condition', { n: index + 1 })}
                onClick={() => form.removeListItem('conditions', index)}
              >
                <IconTrash size={18} aria-hidden />
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() =>
            form.insertListItem('conditions', { key: rowKey(), field: '', op: 'eq', value: null })
          }
        >
          {t('editor.add_condition')}
        </Button>
      </Group>
    </Stack>
  );
}
