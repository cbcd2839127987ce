import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Product, productsQuery } from './cases.api';

interface Props {
  label: string;
  value: string | null;
  /** The current product's "code · name", shown before any search. */
  initialLabel?: string | undefined;
  onChange: (product: Product | null) => void;
  error?: string | undefined;
  hideLabel?: boolean;
}

/** Pick an active product by typing part of its code or name (searched on the server). */
export function ProductPicker({ label, value, initialLabel, onChange, error, hideLabel }: Props) {
  const [search, setSearch] = useState('');
  // The label of the product picked here, kept while a later search no longer lists it.
  const [picked, setPicked] = useState<string | undefined>(initialLabel);
  const [q] = useDebouncedValue(search.trim(), 250);
  const { data, isFetching } = useQuery({ ...productsQuery(q), placeholderData: keepPreviousData });
  const found = data?.data ?? [];
  const options = found.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
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
        const product = found.find((p) => p.id === id) ?? null;
        if (product) setPicked(`${product.code} · ${product.name}`);
        if (id !== value) onChange(product);
      }}
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
