import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SearchResult } from '@trato/contracts/records';
import type { z } from 'zod';
import { api } from '../../api/client';

export type SearchHit = z.infer<typeof SearchResult>;

export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api<{ data: SearchHit[] }>('/search', { query: { q, limit: 12 }, signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
