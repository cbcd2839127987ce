import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { SearchSelect } from '../../ui/SearchSelect';
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

const prescribers = (q: string) =>
  queryOptions({
    queryKey: ['entities', 'prescribers', q],
    queryFn: ({ signal }) =>
      api<{ data: Entity[] }>('/entities', {
        query: { q, limit: 20, sort: 'name', 'filter[roles][contains]': 'prescriber' },
        signal,
      }),
  });

/** Pick the referrer of a case: an entity with the prescriber role, searched by name on the server. */
export function ReferrerPicker({ initialName, ...rest }: Props) {
  return (
    <SearchSelect initialLabel={initialName} search={prescribers} optionLabel={(e) => e.name} {...rest} />
  );
}
