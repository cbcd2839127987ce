import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type { EmailOptOut } from '@trato/contracts/mail';
import { api } from '../../api/client';

export type { EmailOptOut };

/** The server keeps addresses trimmed and lower-cased: so are the keys here. */
const normalise = (address: string) => address.trim().toLowerCase();

/** GET /email-opt-outs takes at most 100 addresses at a time. */
const MAX_ASKED = 100;

export const optOutsQuery = (addresses: string[]) => {
  const asked = [...new Set(addresses.map(normalise).filter(Boolean))].sort().slice(0, MAX_ASKED);
  return queryOptions({
    queryKey: ['email-opt-outs', asked],
    queryFn: ({ signal }) =>
      api<{ data: EmailOptOut[] }>('/email-opt-outs', { query: { address: asked }, signal }).then(
        (r) => r.data,
      ),
    enabled: asked.length > 0,
    staleTime: 60_000,
  });
};

/** Which of these addresses opted out of commercial mail (one request): `of(address)` is its opt-out or null. */
export function useOptOuts(addresses: string[], enabled = true) {
  const query = useQuery({ ...optOutsQuery(addresses), ...(enabled ? {} : { enabled: false }) });
  const byAddress = new Map((query.data ?? []).map((o) => [normalise(o.address), o]));
  return { of: (address: string) => byAddress.get(normalise(address)) ?? null, loading: query.isPending };
}

export const recordOptOut = (address: string) =>
  api<EmailOptOut>('/email-opt-outs', { method: 'PUT', body: { address } });
export const removeOptOut = (address: string) =>
  api<void>(`/email-opt-outs/${encodeURIComponent(normalise(address))}`, { method: 'DELETE' });

/** After a change: every list of opt-outs is read again, and the timelines that now show the event. */
export const optOutsChanged = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ['email-opt-outs'] }),
    queryClient.invalidateQueries({ queryKey: ['timeline'] }),
  ]);
