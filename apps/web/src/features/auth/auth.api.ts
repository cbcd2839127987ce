import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, CreatedApiKey, Me } from '@trato/contracts/auth';
import type { Locale } from '@trato/contracts/common';
import type { z } from 'zod';
import { api, setCsrfToken } from '../../api/client';
import { setLanguage } from '../../i18n';
import { setFormatTimeZone } from '../../ui/format';

export type { Me };
export type ApiKeyItem = z.infer<typeof ApiKey>;
export type CreatedApiKeyItem = z.infer<typeof CreatedApiKey>;

/** Remembers what the app needs from the signed-in user: CSRF token, language, time zone. */
async function adopt(me: Me): Promise<Me> {
  setCsrfToken(me.csrf_token);
  setFormatTimeZone(me.time_zone);
  await setLanguage(me.locale);
  return me;
}

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async () => adopt(await api<Me>('/auth/me', { allowUnauthenticated: true })),
  staleTime: 5 * 60_000,
  retry: false,
});

/** The signed-in user; only call it below the root route, which loads it before rendering. */
export function useMe(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe() used before the user was loaded');
  return data;
}

export async function login(email: string, password: string) {
  return adopt(
    await api<Me>('/auth/login', {
      method: 'POST',
      body: { email, password },
      allowUnauthenticated: true,
    }),
  );
}

export async function logout() {
  await api<void>('/auth/logout', { method: 'POST', allowUnauthenticated: true });
  setCsrfToken(null);
}

export function useUpdateLocale() {
  const queryClient = useQueryClient();
  return async (locale: Locale) => {
    await setLanguage(locale);
    const me = await api<Me>('/auth/me', { method: 'PATCH', body: { locale } });
    queryClient.setQueryData(meQuery.queryKey, await adopt(me));
  };
}

export const listApiKeys = () => api<{ data: ApiKeyItem[] }>('/api-keys');
export const createApiKey = (name: string) =>
  api<CreatedApiKeyItem>('/api-keys', { method: 'POST', body: { name } });
export const revokeApiKey = (id: string) => api<void>(`/api-keys/${id}`, { method: 'DELETE' });
