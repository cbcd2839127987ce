import { Button, Drawer, Group, Indicator, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { useOwnerOptions } from '../users/use-owner-options';
import { monthOptions } from './case-format';
import type { BoardFilters } from './cases.api';
import { useCaseOptions } from './use-case-options';

interface Props {
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const set = (filters: BoardFilters, key: keyof BoardFilters, value: string | null | undefined) => {
  const next = { ...filters };
  if (value) next[key] = value;
  else delete next[key];
  return next;
};

/** The board's filters: text, owner, team, close month and campaign (kept in the URL). */
export function BoardFilterBar({ filters, onChange }: Props) {
  const { t, i18n } = useTranslation('cases');
  const phone = usePhone();
  const owners = useOwnerOptions();
  const options = useCaseOptions();
  const [opened, { open, close }] = useDisclosure(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the month names follow the language
  const months = useMemo(() => monthOptions(), [i18n.language]);
  const [q, setQ] = useState(filters.q ?? '');
  const [campaign, setCampaign] = useState(filters.campaign ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => setCampaign(filters.campaign ?? ''), [filters.campaign]);
  const pushQ = useDebouncedCallback((value: string) => onChange(set(filters, 'q', value.trim())), 300);
  // Campaigns have no screen yet: the filter takes a campaign's id, and only a well-formed one.
  const campaignValid = !campaign.trim() || UUID.test(campaign.trim());
  const pushCampaign = useDebouncedCallback((value: string) => {
    if (!value.trim() || UUID.test(value.trim())) onChange(set(filters, 'campaign', value.trim()));
  }, 400);
  const active = ['owner', 'team', 'month', 'campaign'].filter(
    (k) => filters[k as keyof BoardFilters],
  ).length;

  const search = (
    <TextInput
      leftSection={<IconSearch size={16} aria-hidden />}
      placeholder={t('filters.search_placeholder')}
      aria-label={t('filters.search')}
      type="search"
      value={q}
      onChange={(e) => {
        setQ(e.currentTarget.value);
        pushQ(e.currentTarget.value);
      }}
      style={{ flex: phone ? 1 : '0 1 240px' }}
    />
  );
  const selects = (
    <>
      <Select
        aria-label={t('filters.owner')}
        placeholder={t('filters.owner')}
        label={phone ? t('filters.owner') : undefined}
        data={owners}
        value={filters.owner ?? null}
        onChange={(value) => onChange(set(filters, 'owner', value))}
        clearable
        searchable
        w={phone ? undefined : 170}
      />
      <Select
        aria-label={t('filters.team')}
        placeholder={t('filters.team')}
        label={phone ? t('filters.team') : undefined}
        data={options.teams}
        value={filters.team ?? null}
        onChange={(value) => onChange(set(filters, 'team', value))}
        clearable
        searchable
        w={phone ? undefined : 160}
      />
      <Select
        aria-label={t('filters.month')}
        placeholder={t('filters.month')}
        label={phone ? t('filters.month') : undefined}
        data={months}
        value={filters.month ?? null}
        onChange={(value) => onChange(set(filters, 'month', value))}
        clearable
        w={phone ? undefined : 170}
      />
      <TextInput
        aria-label={t('filters.campaign')}
        placeholder={t('filters.campaign')}
        label={phone ? t('filters.campaign') : undefined}
        description={phone ? t('filters.campaign_hint') : undefined}
        title={t('filters.campaign_hint')}
        error={campaignValid ? undefined : t('filters.campaign_invalid')}
        value={campaign}
        onChange={(e) => {
          setCampaign(e.currentTarget.value);
          pushCampaign(e.currentTarget.value);
        }}
        w={phone ? undefined : 150}
      />
      {active > 0 && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() => onChange(filters.q ? { q: filters.q } : {})}
        >
          {t('filters.clear')}
        </Button>
      )}
    </>
  );

  if (!phone)
    return (
      <Group gap="xs" wrap="wrap" role="search" aria-label={t('filters.title')}>
        {search}
        {selects}
      </Group>
    );
  return (
    <Group gap="xs" wrap="nowrap" role="search" aria-label={t('filters.title')}>
      {search}
      <Indicator label={active} size={16} disabled={active === 0}>
        <Button variant="default" leftSection={<IconFilter size={16} />} onClick={open}>
          {t('filters.title')}
        </Button>
      </Indicator>
      <Drawer opened={opened} onClose={close} position="bottom" size="auto" title={t('filters.title')}>
        <Stack gap="sm" pb="md">
          {selects}
          <Button onClick={close}>{t('filters.done')}</Button>
        </Stack>
      </Drawer>
    </Group>
  );
}
