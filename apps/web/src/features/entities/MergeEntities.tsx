import { Alert, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowMerge } from '@tabler/icons-react';
import { useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { useCustomFields } from '../fields/fields.api';
import { useChangeFormatter } from '../timeline/use-change-formatter';
import { EntityPicker } from './EntityPicker';
import { type Entity, entityChanged, entityQuery, type MergeRequest, mergeEntities } from './entities.api';

const BASE_FIELDS = [
  'kind',
  'name',
  'legal_name',
  'roles',
  'code',
  'tax_id',
  'tax_country',
  'emails',
  'phones',
  'web',
  'street',
  'postal_code',
  'city',
  'province',
  'country',
  'source',
  'sector',
  'zone',
  'owner_id',
] as const;
const LIST_FIELDS = new Set(['roles', 'emails', 'phones']);
type Choice = 'this' | 'other' | 'both';

const fieldValue = (e: Entity, field: string): unknown =>
  field.startsWith('custom.')
    ? (e.custom[field.slice(7)] ?? null)
    : (e as unknown as Record<string, unknown>)[field];
const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Merge another entity into this one: pick, field by field, which value survives. */
export function MergeEntities({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: survivor } = useSuspenseQuery(entityQuery(id));
  usePageTitle(t('merge.title', { name: survivor.name }));
  const [otherId, setOtherId] = useState<string | null>(null);
  const other = useQuery({ ...entityQuery(otherId ?? ''), enabled: Boolean(otherId) }).data;
  const customKeys = useCustomFields('entity').map((f) => `custom.${f.key}`);
  const format = useChangeFormatter('entity');
  const [choices, setChoices] = useState<Record<string, Choice>>({});

  const fields = other
    ? [...BASE_FIELDS, ...customKeys].filter((f) => !same(fieldValue(survivor, f), fieldValue(other, f)))
    : [];
  const choiceFor = (field: string): Choice =>
    choices[field] ??
    (LIST_FIELDS.has(field) ? 'both' : isEmpty(fieldValue(survivor, field)) && other ? 'other' : 'this');

  const buildValues = (o: Entity): NonNullable<MergeRequest['values']> => {
    const values: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const field of fields) {
      const choice = choiceFor(field);
      const a = fieldValue(survivor, field);
      const b = fieldValue(o, field);
      const value =
        choice === 'both'
          ? [...new Set([...(a as string[]), ...(b as string[])])]
          : choice === 'other'
            ? b
            : a;
      if (field.startsWith('custom.')) custom[field.slice(7)] = value;
      else values[field] = value;
    }
    return { ...values, ...(Object.keys(custom).length ? { custom } : {}) } as NonNullable<
      MergeRequest['values']
    >;
  };

  const confirm = (o: Entity) =>
    modals.openConfirmModal({
      title: t('merge.confirm_title'),
      children: <Text size="sm">{t('merge.confirm_body', { from: o.name, into: survivor.name })}</Text>,
      labels: { confirm: t('merge.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          const merged = await mergeEntities(survivor.id, {
            from_id: o.id,
            version: survivor.version,
            values: buildValues(o),
          });
          entityChanged(queryClient, merged);
          await queryClient.invalidateQueries({ queryKey: ['contacts'] });
          notifySuccess(t('merge.done', { name: merged.name }));
          void navigate({ to: '/entities/$id', params: { id: merged.id } });
        } catch (error) {
          notifyError(error);
        }
      },
    });

  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2">
        {t('merge.title', { name: survivor.name })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('merge.intro')}
      </Text>
      <EntityPicker
        label={t('merge.pick_other')}
        value={otherId}
        onChange={(v) => {
          setOtherId(v);
          setChoices({});
        }}
        excludeId={survivor.id}
      />
      {other && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} visibleFrom="sm">
            <Text fw={600}>{t('merge.keep', { name: survivor.name })}</Text>
            <Text fw={600}>{t('merge.from', { name: other.name })}</Text>
          </SimpleGrid>
          {fields.length === 0 && <Alert color="teal">{t('merge.identical')}</Alert>}
          {fields.map((field) => (
            <Paper key={field} withBorder p="sm" radius="md">
              <Radio.Group
                label={format.label(field)}
                value={choiceFor(field)}
                onChange={(v) => setChoices((c) => ({ ...c, [field]: v as Choice }))}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                  <Radio value="this" label={format.value(field, fieldValue(survivor, field))} />
                  <Radio value="other" label={format.value(field, fieldValue(other, field))} />
                  {LIST_FIELDS.has(field) && <Radio value="both" label={t('merge.both')} />}
                </SimpleGrid>
              </Radio.Group>
            </Paper>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate({ to: '/entities/$id', params: { id } })}>
              {t('common.cancel')}
            </Button>
            <Button color="red" leftSection={<IconArrowMerge size={16} />} onClick={() => confirm(other)}>
              {t('merge.confirm')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
