import { infiniteQueryOptions } from '@tanstack/react-query';
import type { TimelineItem } from '@trato/contracts/records';
import { api } from '../../api/client';

export type TimelineSubject = 'entity' | 'contact' | 'case';

/** What the history shows: everything, or one kind of event (and, for actions, some action types). */
export const TIMELINE_FILTERS = ['all', 'changes', 'notes', 'files', 'actions', 'emails'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];
/** A case has no notes or files of its own. */
export const FILTERS_OF: Record<TimelineSubject, readonly TimelineFilter[]> = {
  entity: TIMELINE_FILTERS,
  contact: TIMELINE_FILTERS,
  case: ['all', 'changes', 'actions', 'emails'],
};

const OBJECTS: Record<TimelineFilter, string[]> = {
  all: [],
  changes: ['entity', 'contact', 'case'],
  notes: ['note'],
  files: ['file'],
  actions: ['action', 'sequence_run'],
  emails: ['email'],
};

export const timelineQuery = (
  subject: TimelineSubject,
  id: string,
  filter: TimelineFilter = 'all',
  actionTypes: string[] = [],
) => {
  const objects = OBJECTS[filter].join(',');
  const types = filter === 'actions' ? actionTypes.join(',') : '';
  return infiniteQueryOptions({
    queryKey: ['timeline', subject, id, objects, types],
    queryFn: ({ pageParam, signal }) =>
      api<{ data: TimelineItem[]; next_cursor: string | null }>(
        `/${subject === 'entity' ? 'entities' : subject === 'contact' ? 'contacts' : 'cases'}/${id}/timeline`,
        { query: { cursor: pageParam || undefined, limit: 30, objects, action_types: types }, signal },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
};
