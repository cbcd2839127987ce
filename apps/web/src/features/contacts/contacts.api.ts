import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  Contact,
  CreateContactRequest,
  UpdateContactRequest,
  VcardImportResult,
} from '@trato/contracts/contacts';
import type { z } from 'zod';
import { api, apiUrl, download, upload } from '../../api/client';
import { type ListSearch, listQueryParams } from '../../ui/list/list-search';

export type { Contact, CreateContactRequest, UpdateContactRequest };
export type VcardImport = z.infer<typeof VcardImportResult>;

interface Page {
  data: Contact[];
  next_cursor: string | null;
  total?: number;
}

export const contactListQuery = (search: ListSearch) => {
  const params = listQueryParams(search, { limit: '50', include_total: 'true' });
  return infiniteQueryOptions({
    queryKey: ['contacts', 'list', params.toString()],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      if (pageParam) {
        query.set('cursor', pageParam);
        query.delete('include_total');
      }
      return api<Page>('/contacts', { query, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
};

/** An entity's contacts, the primary one first (a few hundred at most: one page). */
export const entityContactsQuery = (entityId: string) =>
  queryOptions({
    queryKey: ['contacts', 'of-entity', entityId],
    queryFn: () =>
      api<Page>('/contacts', {
        query: { 'filter[entity_id][eq]': entityId, sort: '-is_primary,name', limit: 500 },
      }),
  });

export const contactQuery = (id: string) =>
  queryOptions({ queryKey: ['contacts', 'one', id], queryFn: () => api<Contact>(`/contacts/${id}`) });

export const createContact = (body: CreateContactRequest) =>
  api<Contact>('/contacts', { method: 'POST', body });
export const updateContact = (id: string, body: UpdateContactRequest) =>
  api<Contact>(`/contacts/${id}`, { method: 'PATCH', body });
export const deleteContact = (id: string) => api<void>(`/contacts/${id}`, { method: 'DELETE' });
export const restoreContact = (id: string) => api<Contact>(`/contacts/${id}/restore`, { method: 'POST' });
export const vcardUrl = (id: string) => apiUrl(`/contacts/${id}/vcard`);

export function importVcard(entityId: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return upload<VcardImport>(`/entities/${entityId}/contacts/import-vcard`, form);
}

export const exportContacts = (search: ListSearch, columns: string[]) =>
  download('/contacts/export.csv', listQueryParams(search, { columns: columns.join(',') }), 'contacts.csv');

export function contactChanged(queryClient: QueryClient, contact: Contact) {
  queryClient.setQueryData(contactQuery(contact.id).queryKey, contact);
  void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['contacts', 'of-entity', contact.entity_id] });
  void queryClient.invalidateQueries({ queryKey: ['timeline'] });
}
