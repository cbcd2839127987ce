import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PickListName, PickListOption } from '@trato/contracts/settings';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { localLabel } from '../../ui/labels';

export const pickListsQuery = queryOptions({
  queryKey: ['pick-lists'],
  queryFn: () => api<{ data: PickListOption[] }>('/pick-lists'),
  staleTime: 10 * 60_000,
});

export interface PickListHelpers {
  /** Active options of a list as Select data, in the user's language. */
  options: (list: PickListName, keep?: string | string[] | null) => { value: string; label: string }[];
  /** The label of a stored key (inactive options too); the key itself when unknown. */
  label: (list: PickListName, key: string | null | undefined) => string;
}

export function usePickLists(): PickListHelpers {
  const { i18n } = useTranslation();
  const { data } = useQuery(pickListsQuery);
  const language = i18n.language;
  return useMemo(() => {
    const all = data?.data ?? [];
    return {
      options: (list, keep) => {
        const kept = new Set(Array.isArray(keep) ? keep : keep ? [keep] : []);
        return all
          .filter((o) => o.list === list && (o.active || kept.has(o.key)))
          .sort((a, b) => a.position - b.position)
          .map((o) => ({ value: o.key, label: localLabel(o.labels, language, o.key) }));
      },
      label: (list, key) => {
        if (!key) return '';
        const option = all.find((o) => o.list === list && o.key === key);
        return option ? localLabel(option.labels, language, key) : key;
      },
    } satisfies PickListHelpers;
  }, [data, language]);
}
