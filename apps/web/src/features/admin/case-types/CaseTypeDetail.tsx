import { Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconForms, IconListDetails } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { swatch } from '../form-parts';
import { CaseTypeFieldsSection } from './CaseTypeFieldsSection';
import { KindBadge } from './case-type-ui';
import { type CaseType, liveStatuses } from './case-types.api';
import { StatusPipelineEditor } from './StatusPipelineEditor';

export const DETAIL_TABS = ['statuses', 'fields'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** One case type's pipeline and custom fields, the type picked from a list (the first one until picked). */
export function CaseTypeDetail({
  types,
  typeId,
  tab,
  onSelect,
}: {
  types: CaseType[];
  typeId: string | undefined;
  tab: DetailTab;
  onSelect: (typeId: string | undefined, tab: DetailTab) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const shown = types.find((type) => type.id === typeId) ?? types[0]!;
  const label = (type: CaseType) => localLabel(type.labels, i18n.language, type.key);
  return (
    <Stack gap="sm" component="section" aria-labelledby="case-type-detail">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div style={{ flex: '1 1 260px' }}>
          <Title order={2} size="h3" id="case-type-detail" tabIndex={-1} data-detail-heading>
            <span style={{ display: 'inline-flex', verticalAlign: 'middle', marginRight: 8 }}>
              {swatch(shown.color, 16)}
            </span>
            {t('caseTypes.detail_title', { name: label(shown) })}
          </Title>
          <Group gap="xs" mt={4} wrap="nowrap" align="flex-start">
            <KindBadge kind={shown.kind} />
            <Text size="sm" c="dimmed">
              {t('caseTypes.detail_description')}
            </Text>
          </Group>
        </div>
        <Select
          label={t('caseTypes.detail_of')}
          data={types.map((type) => ({ value: type.id, label: label(type) }))}
          value={shown.id}
          allowDeselect={false}
          onChange={(value) => onSelect(value ?? undefined, tab)}
          w={{ base: '100%', xs: 280 }}
        />
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => value && onSelect(shown.id, value as DetailTab)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="statuses" leftSection={<IconListDetails size={16} aria-hidden />}>
            {t('caseTypes.statuses_tab', { count: liveStatuses(shown).length })}
          </Tabs.Tab>
          <Tabs.Tab value="fields" leftSection={<IconForms size={16} aria-hidden />}>
            {t('caseTypes.fields_tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="statuses" pt="md">
          <StatusPipelineEditor key={shown.id} type={shown} />
        </Tabs.Panel>
        <Tabs.Panel value="fields" pt="md">
          <CaseTypeFieldsSection type={shown} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
