import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@trato/contracts/users';
import { useMemo } from 'react';
import { api } from '../../api/client';

export type { User };

export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: () => api<{ data: User[] }>('/users'),
  staleTime: 10 * 60_000,
  retry: false,
});

export interface UserHelpers {
  /** Users for an owner picker: active ones, plus the current value if it is inactive. */
  options: (keep?: string | null) => { value: string; label: string }[];
  name: (id: string | null | undefined) => string;
}

export function useUsers(): UserHelpers {
  const { data } = useQuery(usersQuery);
  return useMemo(() => {
    const users = data?.data ?? [];
    return {
      options: (keep) =>
        users
          .filter((u) => u.active || u.id === keep)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((u) => ({ value: u.id, label: u.name })),
      name: (id) => (id ? (users.find((u) => u.id === id)?.name ?? '') : ''),
    } satisfies UserHelpers;
  }, [data]);
}
