import { Alert, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconFlask, IconX } from '@tabler/icons-react';
import { queryOptions } from '@tanstack/react-query';
import type { AutomationObject } from '@trato/contracts/automation';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { notifyError } from '../../../ui/notify';
import { SearchSelect } from '../../../ui/SearchSelect';
import { type TestAutomationRuleResult, testRule } from './automation.api';
import { outcomeDetail } from './RuleRuns';
import { fieldLabel } from './rule-summary';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface Found {
  id: string;
  name?: string;
  first_name?: string;
  last_name?: string | null;
  number?: string;
  title?: string;
  subject?: string;
}

const LIST_PATH: Partial<Record<AutomationObject, string>> = {
  entity: '/entities',
  contact: '/contacts',
  case: '/cases',
  action: '/actions',
};

/** How a found record reads in the picker. */
const foundLabel = (item: Found) =>
  item.number
    ? `${item.number} · ${item.title ?? ''}`
    : (item.name ?? item.subject ?? [item.first_name, item.last_name].filter(Boolean).join(' '));

/** A dry run on one record: which conditions hold now and what each action would do; nothing changes. */
export function RuleTestPanel({ ruleId, object }: { ruleId: string; object: AutomationObject }) {
  const { t } = useTranslation('automation');
  const [recordId, setRecordId] = useState('');
  const [result, setResult] = useState<TestAutomationRuleResult>();
  const [busy, setBusy] = useState(false);
  const listPath = LIST_PATH[object];
  // A pasted address works too: the id is its last uuid.
  const id = recordId.match(UUID)?.at(-1) ?? '';
  /** A record's value as people read it: choice keys translated, lists joined, nothing as a dash. */
  const shown = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    const base = field.replace(/^entity\./, '');
    const one = (v: unknown) =>
      typeof v === 'boolean'
        ? t(v ? 'condition.yes' : 'condition.no')
        : t(`values.${base}.${String(v)}`, { defaultValue: String(v) });
    return Array.isArray(value) ? value.map(one).join(', ') : one(value);
  };
  const run = async () => {
    setBusy(true);
    try {
      setResult(await testRule(ruleId, id));
    } catch (error) {
      setResult(undefined);
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('editor.test_hint')}
      </Text>
      <Group align="flex-end" gap="sm">
        {listPath ? (
          <SearchSelect<Found, string[]>
            label={t('editor.record')}
            value={id || null}
            search={(q) =>
              queryOptions({
                queryKey: ['automation', 'pick', object, q],
                queryFn: ({ signal }) =>
                  api<{ data: Found[] }>(listPath, { query: { q, limit: 10 }, signal }),
                staleTime: 10_000,
              })
            }
            optionLabel={foundLabel}
            onChange={(value) => setRecordId(value ?? '')}
            style={{ flex: 1, minWidth: 220 }}
          />
        ) : (
          <TextInput
            label={t('editor.record_id')}
            value={recordId}
            onChange={(event) => setRecordId(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
          />
        )}
        <Button
          leftSection={<IconFlask size={16} aria-hidden />}
          loading={busy}
          disabled={!id}
          onClick={() => void run()}
        >
          {t('editor.run_test')}
        </Button>
      </Group>
      {result && (
        <Stack gap="xs">
          <Text fw={500}>{result.object_label}</Text>
          {!result.trigger_filters_met && <Alert color="orange">{t('editor.test_filters_not_met')}</Alert>}
          <Alert color={result.conditions_met ? 'teal' : 'gray'}>
            {t(result.conditions_met ? 'editor.test_conditions_met' : 'editor.test_conditions_not_met')}
          </Alert>
          <List spacing={4} size="sm">
            {result.conditions.map((c) => (
              <List.Item
                key={c.index}
                icon={
                  c.met ? (
                    <IconCheck size={16} color="var(--mantine-color-teal-8)" />
                  ) : (
                    <IconX size={16} color="var(--mantine-color-red-8)" />
                  )
                }
              >
                {fieldLabel(t, c.field)} {t(`condition.ops.${c.op}`)} —{' '}
                {t('editor.test_actual', { value: shown(c.field, c.actual) })}
              </List.Item>
            ))}
          </List>
          <Text size="sm" fw={500}>
            {t('editor.test_would')}
          </Text>
          <List spacing={4} size="sm">
            {result.actions.map((a, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: in the rule's order
              <List.Item key={index}>
                {t(`action.types.${a.type}`)}
                {a.detail ? ` · ${outcomeDetail(t, a.detail)}` : ''}
                {a.status !== 'ok'
                  ? ` (${t(`run.status.${a.status === 'failed' ? 'failed' : 'skipped'}`)})`
                  : ''}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
