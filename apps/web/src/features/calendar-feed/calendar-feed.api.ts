import { queryOptions } from '@tanstack/react-query';
import type { CalendarFeed } from '@trato/contracts/actions';
import type { z } from 'zod';
import { api } from '../../api/client';

export type CalendarFeedItem = z.infer<typeof CalendarFeed>;

/** The signed-in user's private ICS feeds (revoked ones are gone from the list). */
export const calendarFeedsQuery = queryOptions({
  queryKey: ['calendar-feeds'],
  queryFn: () => api<{ data: CalendarFeedItem[] }>('/calendar/feeds'),
});

/** A new feed: the answer carries its URL, shown once (only a hash of its token is kept). */
export const createCalendarFeed = () =>
  api<CalendarFeedItem>('/calendar/feeds', { method: 'POST', body: {} });
export const revokeCalendarFeed = (id: string) => api<void>(`/calendar/feeds/${id}`, { method: 'DELETE' });
