import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type {
  Action,
  ActionSettings,
  ActionType,
  Agenda,
  AgendaQuery,
  CancelActionRequest,
  CompleteActionRequest,
  ControlPanel,
  CreateActionRequest,
  QuickAddDraft,
  ReassignActionsRequest,
  Sequence,
  SequenceRun,
  StartSequenceRequest,
  UpdateActionRequest,
} from '@trato/contracts/actions';
import type { FieldDefinition } from '@trato/contracts/settings';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { localLabel } from '../../ui/labels';
import { useMe } from '../auth/auth.api';

export type { Action, ActionType, CreateActionRequest, UpdateActionRequest };
export type ControlPanelData = z.infer<typeof ControlPanel>;
export type AgendaData = z.infer<typeof Agenda>;
export type AgendaParams = z.input<typeof AgendaQuery>;
export type QuickAddDraftData = z.infer<typeof QuickAddDraft>;
export type SequenceData = z.infer<typeof Sequence>;
export type SequenceRunData = z.infer<typeof SequenceRun>;
export type ActionSettingsData = z.infer<typeof ActionSettings>;
export type CompleteBody = Omit<z.input<typeof CompleteActionRequest>, 'version'>;
export type ReassignBody = z.input<typeof ReassignActionsRequest>;
/** A custom field of actions; `type_id` set = only for that action type. */
export type ActionFieldDefinition = FieldDefinition & { type_id?: string | null };

// Query keys: everything about actions lives under ['actions', …] so one invalidation refreshes the panel,
// the agenda, entity pages and open records together.
const actionKeys = {
  all: ['actions'] as const,
  one: (id: string) => ['actions', 'one', id] as const,
  list: (params: string) => ['actions', 'list', params] as const,
  panel: (params: PanelParams) => ['actions', 'panel', params] as const,
  agenda: (params: AgendaParams) => ['actions', 'agenda', params] as const,
};

export const actionTypesQuery = queryOptions({
  queryKey: ['action-types'],
  queryFn: () => api<{ data: ActionType[] }>('/action-types'),
  staleTime: 10 * 60_000,
  select: (response) => [...response.data].sort((a, b) => a.position - b.position),
});

export const actionQuery = (id: string) =>
  queryOptions({ queryKey: actionKeys.one(id), queryFn: () => api<Action>(`/actions/${id}`) });

/** One page of the action list with `filter[field][op]=value` params (ACTION_LIST_FIELDS). */
const actionListQuery = (params: Record<string, string>) => {
  const query = new URLSearchParams(params);
  return queryOptions({
    queryKey: actionKeys.list(query.toString()),
    queryFn: ({ signal }) =>
      api<{ data: Action[]; next_cursor: string | null; total?: number }>('/actions', { query, signal }),
  });
};

/** The planned actions of an entity (or one of its contacts), soonest first. */
export const entityActionsQuery = (entityId: string, contactId?: string) =>
  actionListQuery({
    'filter[entity_id][eq]': entityId,
    ...(contactId ? { 'filter[contact_id][eq]': contactId } : {}),
    'filter[status][eq]': 'planned',
    sort: 'due_at',
    limit: '100',
  });

export interface PanelParams {
  scope?: 'mine' | 'team';
  user_id?: string;
  team_id?: string;
  limit?: number;
}

export const panelQuery = (params: PanelParams) =>
  queryOptions({
    queryKey: actionKeys.panel(params),
    queryFn: ({ signal }) =>
      api<ControlPanelData>('/actions/panel', {
        query: { scope: params.scope, user_id: params.user_id, team_id: params.team_id, limit: params.limit },
        signal,
      }),
  });

export const agendaQuery = (params: AgendaParams) =>
  queryOptions({
    queryKey: actionKeys.agenda(params),
    queryFn: ({ signal }) => api<AgendaData>('/actions/agenda', { query: { ...params }, signal }),
  });

export const actionSettingsQuery = queryOptions({
  queryKey: ['settings', 'actions'],
  queryFn: () => api<ActionSettingsData>('/settings/actions'),
  staleTime: 5 * 60_000,
});

const actionFieldsQuery = queryOptions({
  queryKey: ['fields', 'action'],
  queryFn: () => api<{ data: ActionFieldDefinition[] }>('/fields', { query: { object: 'action' } }),
  staleTime: 10 * 60_000,
  retry: false,
  select: (response) => [...response.data].sort((a, b) => a.position - b.position),
});

export const sequencesQuery = queryOptions({
  queryKey: ['sequences'],
  queryFn: () => api<{ data: SequenceData[] }>('/sequences'),
  staleTime: 60_000,
});

export const sequenceRunsQuery = (entityId: string) =>
  queryOptions({
    queryKey: ['sequence-runs', entityId],
    queryFn: () => api<{ data: SequenceRunData[] }>('/sequence-runs', { query: { entity_id: entityId } }),
  });

// Writes

export const createAction = (body: CreateActionRequest) => api<Action>('/actions', { method: 'POST', body });
export const updateAction = (id: string, body: UpdateActionRequest) =>
  api<Action>(`/actions/${id}`, { method: 'PATCH', body });
export const completeAction = (action: Pick<Action, 'id' | 'version'>, body: CompleteBody = {}) =>
  api<Action>(`/actions/${action.id}/complete`, {
    method: 'POST',
    body: { ...body, version: action.version },
  });
export const cancelAction = (
  action: Pick<Action, 'id' | 'version'>,
  body: Omit<z.input<typeof CancelActionRequest>, 'version'> = {},
) =>
  api<Action>(`/actions/${action.id}/cancel`, { method: 'POST', body: { ...body, version: action.version } });
export const reopenAction = (action: Pick<Action, 'id' | 'version'>) =>
  api<Action>(`/actions/${action.id}/reopen`, { method: 'POST', body: { version: action.version } });
export const takeAction = (action: Pick<Action, 'id' | 'version'>) =>
  api<Action>(`/actions/${action.id}/take`, { method: 'POST', body: { version: action.version } });
export const reassignActions = (body: ReassignBody) =>
  api<{ updated: number }>('/actions/reassign', { method: 'POST', body });
export const parseQuickAdd = (text: string, signal?: AbortSignal) =>
  api<QuickAddDraftData>('/actions/quick-add/parse', {
    method: 'POST',
    body: { text },
    ...(signal ? { signal } : {}),
  });
export const updateActionSettings = (body: ActionSettingsData) =>
  api<ActionSettingsData>('/settings/actions', { method: 'PUT', body });
export const startSequence = (sequenceId: string, body: z.input<typeof StartSequenceRequest>) =>
  api<SequenceRunData>(`/sequences/${sequenceId}/start`, { method: 'POST', body });
export const stopSequenceRun = (run: Pick<SequenceRunData, 'id' | 'version'>, reason?: string) =>
  api<SequenceRunData>(`/sequence-runs/${run.id}/stop`, {
    method: 'POST',
    body: { version: run.version, ...(reason ? { reason } : {}) },
  });

/**
 * After any write on actions: the record's cache gets the server's answer; the panel, agenda, lists,
 * timelines and sequence runs refetch (a completed step may have created the next one).
 */
export function actionsChanged(queryClient: QueryClient, action?: Action) {
  if (action) queryClient.setQueryData(actionKeys.one(action.id), action);
  void queryClient.invalidateQueries({
    queryKey: actionKeys.all,
    predicate: (q) => !action || q.queryKey[1] !== 'one' || q.queryKey[2] !== action.id,
  });
  void queryClient.invalidateQueries({ queryKey: ['timeline'] });
  void queryClient.invalidateQueries({ queryKey: ['sequence-runs'] });
}

/** Removes actions from every cached panel at once (mark done, take, reassign feel instant). */
export function dropFromPanels(queryClient: QueryClient, ids: string[]) {
  const gone = new Set(ids);
  queryClient.setQueriesData<ControlPanelData>({ queryKey: ['actions', 'panel'] }, (old) => {
    if (!old) return old;
    const keep = (list: Action[]) => list.filter((a) => !gone.has(a.id));
    const removed = (list: Action[]) => list.length - keep(list).length;
    return {
      ...old,
      counts: {
        ...old.counts,
        overdue: old.counts.overdue - removed(old.overdue),
        today: old.counts.today - removed(old.today),
        upcoming: old.counts.upcoming - removed(old.upcoming),
      },
      overdue: keep(old.overdue),
      today: keep(old.today),
      upcoming: keep(old.upcoming),
    };
  });
}

export interface ActionTypeHelpers {
  /** Every type in its order (inactive ones too: old actions still show theirs). */
  all: ActionType[];
  /** Types one can pick for a new action. */
  active: ActionType[];
  byId: (id: string | null | undefined) => ActionType | undefined;
  /** The type's name in the user's language. */
  label: (type: { labels: Record<string, string>; key: string } | null | undefined) => string;
}

export function useActionTypes(): ActionTypeHelpers {
  const { i18n } = useTranslation();
  const { data } = useQuery(actionTypesQuery);
  const language = i18n.language;
  return useMemo(() => {
    const all = data ?? [];
    return {
      all,
      active: all.filter((type) => type.active),
      byId: (id) => all.find((type) => type.id === id),
      label: (type) => (type ? localLabel(type.labels, language, type.key) : ''),
    } satisfies ActionTypeHelpers;
  }, [data, language]);
}

/** Custom fields that apply to an action of this type (the type's own and those for every type). */
export function useActionFields(typeId: string | null | undefined): ActionFieldDefinition[] {
  const { data } = useQuery(actionFieldsQuery);
  return useMemo(() => (data ?? []).filter((f) => !f.type_id || f.type_id === typeId), [data, typeId]);
}

/** Whether a done or cancelled action may still be edited (admin setting; false until known). */
export function useClosedActionsEditable(): boolean {
  return useQuery(actionSettingsQuery).data?.allow_editing_closed_actions ?? false;
}

/** Reopening follows the same rule as editing a closed action, and admins always may (server rule). */
export function useCanReopenActions(): boolean {
  const me = useMe();
  return useClosedActionsEditable() || me.role.permissions.configure;
}
