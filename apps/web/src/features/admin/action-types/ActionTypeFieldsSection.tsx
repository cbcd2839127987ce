import { Group, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { FieldList } from '../fields/FieldsAdmin';
import type { ActionType } from './action-types.api';

/** The custom fields of one action type, picked from a list of the types (the first one until picked). */
export function ActionTypeFieldsSection({
  types,
  typeId,
  onTypeChange,
}: {
  types: ActionType[];
  typeId: string | undefined;
  onTypeChange: (typeId: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  if (types.length === 0) return null;
  const data = types.map((type) => ({
    value: type.id,
    label: localLabel(type.labels, i18n.language, type.key),
  }));
  const shown = types.find((type) => type.id === typeId) ?? types[0]!;
  return (
    <Stack gap="sm" component="section" aria-labelledby="action-type-fields">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div style={{ flex: '1 1 260px' }}>
          <Title order={2} size="h3" id="action-type-fields" tabIndex={-1} data-fields-heading>
            {t('action_types.fields_title')}
          </Title>
          <Text size="sm" c="dimmed" mt={2}>
            {t('action_types.fields_description')}
          </Text>
        </div>
        <Select
          label={t('action_types.fields_of')}
          data={data}
          value={shown.id}
          allowDeselect={false}
          onChange={(value) => onTypeChange(value ?? undefined)}
          w={{ base: '100%', xs: 280 }}
        />
      </Group>
      <FieldList key={shown.id} object="action" typeId={shown.id} />
    </Stack>
  );
}
