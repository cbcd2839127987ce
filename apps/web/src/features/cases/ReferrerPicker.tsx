import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Entity } from '../entities/entities.api';

interface Props {
  label: string;
  value: string | null;
  initialName?: string | undefined;
  onChange: (id: string | null) => void;
  error?: string | undefined;
  description?: string;
  autoFocus?: boolean;
  hideLabel?: boolean;
}

/** Pick the referrer of a case: an entity with the prescriber role, searched by name on the server. */
export function ReferrerPicker({ label, value, initialName, onChange, hideLabel, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState(initialName);
  const [q] = useDebouncedValue(search.trim(), 250);
  const { data, isFetching } = useQuery({
    queryKey: ['entities', 'prescribers', q],
    queryFn: ({ signal }) =>
      api<{ data: Entity[] }>('/entities', {
        query: { q, limit: 20, sort: 'name', 'filter[roles][contains]': 'prescriber' },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
  const found = data?.data ?? [];
  const options = found.map((e) => ({ value: e.id, label: e.name }));
  if (value && picked && !options.some((o) => o.value === value)) options.unshift({ value, label: picked });
  return (
    <Select
      {...(hideLabel ? { 'aria-label': label } : { label })}
      data={options}
      value={value}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? undefined : '—'}
      rightSection={isFetching ? <Loader size="xs" /> : undefined}
      onChange={(id) => {
        const entity = found.find((e) => e.id === id);
        if (entity) setPicked(entity.name);
        onChange(id);
      }}
      clearable
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
