import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView as SavedViewSchema } from '@trato/contracts/records';
import type { z } from 'zod';
import { api } from '../../api/client';
import { type ListSearch, validateListSearch } from '../../ui/list/list-search';

export type SavedView = z.infer<typeof SavedViewSchema>;
export type ViewObject = SavedView['object'];

export const viewsQuery = (object: ViewObject) =>
  queryOptions({
    queryKey: ['views', object],
    queryFn: () => api<{ data: SavedView[] }>('/views', { query: { object } }),
    select: (r) => [...r.data].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name)),
  });

export const useSavedViews = (object: ViewObject) => useQuery(viewsQuery(object));

/** The part of the URL a view stores (everything but the view id itself). */
export const viewQueryOf = (search: ListSearch): SavedView['query'] => ({
  filters: search.filters ?? [],
  ...(search.sort ? { sort: search.sort } : {}),
  ...(search.columns ? { columns: search.columns } : {}),
  ...(search.q ? { q: search.q } : {}),
});

/** A view's stored query as list search params, checked like a URL typed by hand. */
export const searchOfView = (view: SavedView): ListSearch => ({
  ...validateListSearch(view.query as Record<string, unknown>),
  view: view.id,
});

export const sameQuery = (a: SavedView['query'], b: SavedView['query']) =>
  JSON.stringify(viewQueryOf(a as ListSearch)) === JSON.stringify(viewQueryOf(b as ListSearch));

export function useViewMutations(object: ViewObject) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: ['views', object] });
  return {
    create: useMutation({
      mutationFn: (input: { name: string; shared: boolean; query: SavedView['query'] }) =>
        api<SavedView>('/views', { method: 'POST', body: { object, ...input } }),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({
        id,
        ...body
      }: {
        id: string;
        version: number;
        name?: string;
        shared?: boolean;
        query?: SavedView['query'];
      }) => api<SavedView>(`/views/${id}`, { method: 'PATCH', body }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api<void>(`/views/${id}`, { method: 'DELETE' }),
      onSuccess,
    }),
  };
}
