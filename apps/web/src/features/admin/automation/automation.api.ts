import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  AutomationObject,
  AutomationRule,
  AutomationRun,
  CreateAutomationRuleRequest,
  RuleField,
  SavedAutomationRule,
  TestAutomationRuleResult,
  UpdateAutomationRuleRequest,
} from '@trato/contracts/automation';
import { api } from '../../../api/client';

export type { AutomationRule, AutomationRun, RuleField, SavedAutomationRule, TestAutomationRuleResult };
export type RunPage = { data: AutomationRun[]; next_cursor: string | null };

// Everything about rules lives under ['automation', …].
export const rulesQuery = () =>
  queryOptions({
    queryKey: ['automation', 'rules'],
    queryFn: ({ signal }) =>
      api<{ data: AutomationRule[] }>('/automation-rules', { signal }).then((r) => r.data),
    staleTime: 15_000,
  });

export const ruleQuery = (id: string) =>
  queryOptions({
    queryKey: ['automation', 'rule', id],
    queryFn: ({ signal }) => api<AutomationRule>(`/automation-rules/${id}`, { signal }),
  });

/** The fields a rule on an object can test or set (custom ones of a case or action type included). */
export const ruleFieldsQuery = (object: AutomationObject, typeId: string | null | undefined) =>
  queryOptions({
    queryKey: ['automation', 'fields', object, typeId ?? null],
    queryFn: ({ signal }) =>
      api<{ data: RuleField[] }>('/automation-rules/fields', {
        query: { object, type_id: typeId ?? undefined },
        signal,
      }).then((r) => r.data),
    staleTime: 60_000,
  });

/** A rule's run log, newest first, 30 at a time. */
export const runsQuery = (ruleId: string) =>
  infiniteQueryOptions({
    queryKey: ['automation', 'runs', ruleId],
    queryFn: ({ pageParam, signal }) =>
      api<RunPage>(`/automation-rules/${ruleId}/runs`, {
        query: { limit: 30, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export const emailTemplatesQuery = queryOptions({
  queryKey: ['automation', 'email-templates'],
  queryFn: ({ signal }) =>
    api<{ data: { id: string; name: string; active: boolean }[] }>('/email-templates', { signal }).then(
      (r) => r.data,
    ),
  staleTime: 60_000,
  retry: false,
});

export const createRule = (body: CreateAutomationRuleRequest) =>
  api<SavedAutomationRule>('/automation-rules', { method: 'POST', body });
export const updateRule = (id: string, body: UpdateAutomationRuleRequest) =>
  api<SavedAutomationRule>(`/automation-rules/${id}`, { method: 'PATCH', body });
export const setRuleActive = (id: string, active: boolean) =>
  api<AutomationRule>(`/automation-rules/${id}/active`, { method: 'PATCH', body: { active } });
export const deleteRule = (id: string) => api<void>(`/automation-rules/${id}`, { method: 'DELETE' });
export const testRule = (id: string, objectId: string) =>
  api<TestAutomationRuleResult>(`/automation-rules/${id}/test`, {
    method: 'POST',
    body: { object_id: objectId },
  });

export const invalidateRules = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['automation'] });

export function putRule(queryClient: QueryClient, id: string, patch: Partial<AutomationRule>) {
  queryClient.setQueryData<AutomationRule[]>(['automation', 'rules'], (old) =>
    old?.map((r) => (r.id === id ? { ...r, ...patch } : r)),
  );
}
