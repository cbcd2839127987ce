import { queryOptions, useQuery } from '@tanstack/react-query';
import type { FieldDefinition, FieldObject } from '@trato/contracts/settings';
import { api } from '../../api/client';

export type { FieldDefinition };

export const fieldsQuery = (object: FieldObject) =>
  queryOptions({
    queryKey: ['fields', object],
    queryFn: () => api<{ data: FieldDefinition[] }>('/fields', { query: { object } }),
    staleTime: 10 * 60_000,
    select: (response) => [...response.data].sort((a, b) => a.position - b.position),
  });

/** The admin's custom fields of an object, in their order. */
export function useCustomFields(object: FieldObject): FieldDefinition[] {
  return useQuery(fieldsQuery(object)).data ?? EMPTY;
}
const EMPTY: FieldDefinition[] = [];
