import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  CreateMailAccountRequest,
  MailAccount,
  MailConnectionTest,
  MailSenderList,
  UpdateMailAccountRequest,
} from '@trato/contracts/mail';
import type { z } from 'zod';
import { api } from '../../api/client';

export type { MailAccount, MailConnectionTest, MailSenderList };
export type CreateMailAccountBody = z.input<typeof CreateMailAccountRequest>;
export type UpdateMailAccountBody = z.input<typeof UpdateMailAccountRequest>;

export const mailAccountsQuery = () =>
  queryOptions({
    queryKey: ['mail-accounts', 'list'],
    queryFn: ({ signal }) => api<{ data: MailAccount[] }>('/mail-accounts', { signal }).then((r) => r.data),
    staleTime: 30_000,
  });

/** The accounts the user may send from, and the one their mail goes out through when they choose none. */
export const mailSendersQuery = () =>
  queryOptions({
    queryKey: ['mail-accounts', 'senders'],
    queryFn: ({ signal }) => api<MailSenderList>('/mail-accounts/senders', { signal }),
    staleTime: 60_000,
  });

export const getMailAccount = (id: string) => api<MailAccount>(`/mail-accounts/${id}`);
export const createMailAccount = (body: CreateMailAccountBody) =>
  api<MailAccount>('/mail-accounts', { method: 'POST', body });
export const updateMailAccount = (id: string, body: UpdateMailAccountBody) =>
  api<MailAccount>(`/mail-accounts/${id}`, { method: 'PATCH', body });
export const deleteMailAccount = (id: string) => api<void>(`/mail-accounts/${id}`, { method: 'DELETE' });
/** Tries each configured side (SMTP, IMAP) with the stored settings and answers the servers' own words. */
export const testMailAccount = (id: string) =>
  api<MailConnectionTest>(`/mail-accounts/${id}/test`, { method: 'POST' });

export const invalidateMailAccounts = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['mail-accounts'] });

/** Puts a saved (or optimistically changed) account into the cached list. */
export function putMailAccount(queryClient: QueryClient, id: string, patch: Partial<MailAccount>) {
  queryClient.setQueryData<MailAccount[]>(['mail-accounts', 'list'], (old) =>
    old?.map((a) => (a.id === id ? { ...a, ...patch } : a)),
  );
}

export const cachedMailAccount = (queryClient: QueryClient, id: string) =>
  queryClient.getQueryData<MailAccount[]>(['mail-accounts', 'list'])?.find((a) => a.id === id);
