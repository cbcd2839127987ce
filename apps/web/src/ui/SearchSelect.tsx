import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

interface Props<T extends { id: string }, K extends QueryKey>
  extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'label' | 'searchValue' | 'onSearchChange'> {
  label: string;
  /** The label as the input's accessible name only (in a table cell whose column says it). */
  hideLabel?: boolean | undefined;
  value: string | null;
  /** The current item's label, shown before any search. */
  initialLabel?: string | undefined;
  /** What the server finds for the typed text. */
  search: (q: string) => UseQueryOptions<{ data: T[] }, Error, { data: T[] }, K>;
  optionLabel: (item: T) => string;
  onChange: (id: string | null, item: T | null) => void;
}

/** Pick one record by typing part of it: the search runs on the server as the user types. */
export function SearchSelect<T extends { id: string }, K extends QueryKey>({
  label,
  hideLabel,
  value,
  initialLabel,
  search,
  optionLabel,
  onChange,
  ...rest
}: Props<T, K>) {
  const [text, setText] = useState('');
  // The label of the item picked here, kept while a later search no longer lists it.
  const [picked, setPicked] = useState(initialLabel);
  const [q] = useDebouncedValue(text.trim(), 250);
  const { data, isFetching } = useQuery({ ...search(q), placeholderData: keepPreviousData });
  const found = data?.data ?? [];
  const options = found.map((item) => ({ value: item.id, label: optionLabel(item) }));
  if (value && picked && !options.some((o) => o.value === value)) options.unshift({ value, label: picked });
  return (
    <Select
      {...(hideLabel ? { 'aria-label': label } : { label })}
      data={options}
      value={value}
      searchable
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? undefined : '—'}
      rightSection={isFetching ? <Loader size="xs" /> : undefined}
      onChange={(id) => {
        const item = found.find((x) => x.id === id) ?? null;
        if (item) setPicked(optionLabel(item));
        onChange(id, item);
      }}
      clearable
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
