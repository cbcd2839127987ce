import { Group, Select } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { teamsQuery } from '../admin/admin.api';
import { useMe } from '../auth/auth.api';
import { useCaseTypes } from '../cases/cases.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { monthSpan } from './forecast-months';
import { type ForecastSearch, MAX_MONTHS } from './forecast-search';

export type FilterPatch = Partial<
  Pick<ForecastSearch, 'from' | 'to' | 'type' | 'owner' | 'team' | 'currency'>
>;

interface Props {
  search: ForecastSearch;
  onChange: (patch: FilterPatch) => void;
  /** The months shown now (the server's default range until the user picks one). */
  months: { from: string; to: string } | null;
  /** Offer the currency picker (some opportunities are in another currency, or one is picked). */
  withCurrency: boolean;
  currency: string | undefined;
  /** One control per line (the phone's filter drawer). */
  stacked?: boolean;
}

const CURRENCIES = Intl.supportedValuesOf('currency');
const toPickerValue = (month: string | undefined) => (month ? `${month}-01` : null);

/** Which opportunities the forecast counts: case type, team, agent, months, currency. */
export function ForecastFilters({ search, onChange, months, withCurrency, currency, stacked }: Props) {
  const { t } = useTranslation('forecast');
  const me = useMe();
  const types = useCaseTypes();
  const teams = useQuery({ ...teamsQuery, retry: false });
  const people = useOwnerOptions();
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [draft, setDraft] = useState<[string | null, string | null] | null>(null);

  const typeData = useMemo(
    () =>
      types.all
        .filter((type) => type.kind === 'sale' && (type.active || type.id === search.type))
        .map((type) => ({ value: type.id, label: types.label(type) })),
    [types, search.type],
  );
  const teamData = (teams.data?.data ?? me.teams).map((team) => ({ value: team.id, label: team.name }));
  const width = stacked ? '100%' : undefined;
  const range: [string | null, string | null] = draft ?? [
    toPickerValue(search.from ?? months?.from),
    toPickerValue(search.to ?? months?.to),
  ];

  const pickRange = (value: [string | null, string | null]) => {
    const [start, end] = value;
    if (!start || !end) {
      setDraft(value);
      return;
    }
    setDraft(null);
    const from = start.slice(0, 7);
    const to = end.slice(0, 7);
    if (monthSpan(from, to) > MAX_MONTHS) {
      setRangeError(t('filters.too_many_months', { max: MAX_MONTHS }));
      return;
    }
    setRangeError(null);
    onChange({ from, to });
  };

  return (
    <Group
      gap="sm"
      align="flex-end"
      wrap="wrap"
      style={stacked ? { flexDirection: 'column', alignItems: 'stretch' } : undefined}
    >
      <MonthPickerInput
        type="range"
        label={t('filters.months')}
        value={range}
        onChange={pickRange}
        onDropdownClose={() => setDraft(null)}
        valueFormat="MMM YYYY"
        error={rangeError}
        allowSingleDateInRange
        w={stacked ? '100%' : 230}
        popoverProps={{ withinPortal: true }}
      />
      {typeData.length > 1 && (
        <Select
          label={t('filters.type')}
          placeholder={t('filters.all_types')}
          data={typeData}
          value={search.type ?? null}
          onChange={(value) => onChange({ type: value ?? undefined })}
          clearable
          w={width ?? 200}
        />
      )}
      {teamData.length > 0 && (
        <Select
          label={t('filters.team')}
          placeholder={t('filters.all_teams')}
          data={teamData}
          value={search.team ?? null}
          onChange={(value) => onChange({ team: value ?? undefined })}
          clearable
          w={width ?? 180}
        />
      )}
      <Select
        label={t('filters.owner')}
        placeholder={t('filters.all_owners')}
        data={people}
        value={search.owner ?? null}
        onChange={(value) => onChange({ owner: value ?? undefined })}
        searchable
        clearable
        nothingFoundMessage={t('filters.nobody')}
        w={width ?? 200}
      />
      {withCurrency && (
        <Select
          label={t('filters.currency')}
          data={CURRENCIES}
          value={currency ?? null}
          onChange={(value) => onChange({ currency: value ?? undefined })}
          searchable
          allowDeselect={false}
          w={width ?? 110}
        />
      )}
    </Group>
  );
}
