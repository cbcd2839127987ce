import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { ConvertLeadRequest } from '@trato/contracts/cases';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Case } from '../cases/cases.api';
import { caseChanged } from '../cases/cases.api';
import { type Entity, entityChanged } from '../entities/entities.api';

export type ConvertLeadBody = z.input<typeof ConvertLeadRequest>;
export interface ConvertLeadResult {
  entity: Entity;
  case: Case | null;
}

/** Which of an entity's cases a panel lists. */
export type EntityCasesScope = 'service-open' | 'sale-open' | 'sale-closed';

const SCOPES: Record<EntityCasesScope, { kind: string; open: boolean; sort: string; limit: number }> = {
  'service-open': { kind: 'service', open: true, sort: 'created_at', limit: 50 },
  'sale-open': { kind: 'sale', open: true, sort: 'expected_close,number', limit: 50 },
  // The latest won or lost ones, as context under the open pipeline.
  'sale-closed': { kind: 'sale', open: false, sort: '-closed_at', limit: 5 },
};

interface CasePage {
  data: Case[];
  next_cursor: string | null;
  total?: number;
}

export const entityCasesQuery = (entityId: string, scope: EntityCasesScope) =>
  queryOptions({
    queryKey: ['cases', 'list', 'entity', entityId, scope],
    queryFn: ({ signal }) => {
      const { kind, open, sort, limit } = SCOPES[scope];
      return api<CasePage>('/cases', {
        query: {
          'filter[entity_id][eq]': entityId,
          'filter[kind][eq]': kind,
          [`filter[status_category][${open ? 'eq' : 'ne'}]`]: 'open',
          sort,
          limit,
          include_total: true,
        },
        signal,
      });
    },
  });

/** The lead becomes a customer (same record: contacts and history stay), optionally with an opportunity. */
export const convertLead = (entityId: string, body: ConvertLeadBody) =>
  api<ConvertLeadResult>(`/entities/${entityId}/convert`, { method: 'POST', body });

/** After a conversion: the entity's page shows its new roles, and case lists and timelines refetch. */
export function leadConverted(queryClient: QueryClient, result: ConvertLeadResult) {
  entityChanged(queryClient, result.entity);
  caseChanged(queryClient, result.case ?? undefined);
}
