import { Accordion, Badge, Button, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../ui/notify';
import { downloadCaseImportTemplate } from './imports.api';

// The columns the server reads (modules/imports/case-import-layout.ts), in the template's order.
const CASE_COLUMNS: [string, boolean][] = [
  ['record', false],
  ['case_ref', true],
  ['type', true],
  ['title', true],
  ['entity_code', true],
  ['contact_email', false],
  ['status', false],
  ['owner_email', false],
  ['team', false],
  ['priority', false],
  ['amount', false],
  ['currency', false],
  ['probability', false],
  ['expected_close', false],
  ['referrer_code', false],
  ['description', false],
  ['custom', false],
];
const LINE_COLUMNS: [string, boolean][] = [
  ['case_ref', true],
  ['product_code', false],
  ['description', false],
  ['quantity', true],
  ['unit_price', false],
  ['discount_pct', false],
  ['tax_rate', false],
];

function ColumnList({ title, columns }: { title: string; columns: [string, boolean][] }) {
  const { t } = useTranslation('imports');
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      <List spacing={4} size="sm" listStyleType="none" ml={0} pl={0}>
        {columns.map(([key, required]) => (
          <List.Item key={key}>
            <Code>{key === 'custom' ? 'custom.<key>' : key}</Code>{' '}
            {required && (
              <Badge size="xs" variant="light" color="orange" component="span">
                {t('help.required')}
              </Badge>
            )}{' '}
            <Text span size="sm">
              {t(`help.columns.${key}`)}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The file format, written out (the same as the server reads), and the templates to start from. */
export function ImportHelp() {
  const { t } = useTranslation('imports');
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const template = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      await downloadCaseImportTemplate(format);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {(['xlsx', 'csv'] as const).map((format) => (
          <Button
            key={format}
            variant="light"
            size="sm"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={busy === format}
            onClick={() => void template(format)}
          >
            {t(`template.${format}`)}
          </Button>
        ))}
      </Group>
      <Accordion variant="contained" chevronPosition="right">
        <Accordion.Item value="format">
          <Accordion.Control>{t('help.title')}</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="sm">
              <Text size="sm">{t('help.layout')}</Text>
              <Text size="sm">{t('help.headers')}</Text>
              <Text size="sm">{t('help.values')}</Text>
              <Text size="sm">{t('help.rules')}</Text>
              <ColumnList title={t('help.case_columns')} columns={CASE_COLUMNS} />
              <ColumnList title={t('help.line_columns')} columns={LINE_COLUMNS} />
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
