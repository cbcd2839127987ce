import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Entity } from './entities.api';

interface Props {
  label: string;
  value: string | null;
  onChange: (id: string | null, entity: Entity | null) => void;
  excludeId?: string;
  /** The current entity's name, so the select can show it before any search. */
  initialName?: string;
  error?: string | undefined;
  required?: boolean;
  description?: string;
  autoFocus?: boolean;
}

/** Pick an entity by typing part of its name, tax id, email or phone (server-side search). */
export function EntityPicker({ label, value, onChange, excludeId, initialName, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const { data, isFetching } = useQuery({
    queryKey: ['entities', 'picker', q],
    queryFn: ({ signal }) =>
      api<{ data: Entity[] }>('/entities', { query: { q, limit: 20, sort: 'name' }, signal }),
    placeholderData: keepPreviousData,
  });
  const found = (data?.data ?? []).filter((e) => e.id !== excludeId);
  const options = found.map((e) => ({ value: e.id, label: e.city ? `${e.name} · ${e.city}` : e.name }));
  if (value && initialName && !options.some((o) => o.value === value))
    options.unshift({ value, label: initialName });
  return (
    <Select
      label={label}
      data={options}
      value={value}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? undefined : '—'}
      rightSection={isFetching ? <Loader size="xs" /> : undefined}
      onChange={(id) => onChange(id, found.find((e) => e.id === id) ?? null)}
      clearable
      {...rest}
    />
  );
}
