import { queryOptions } from '@tanstack/react-query';
import type { UpdateWorkingHoursRequest, WorkingHours } from '@trato/contracts/cases';
import { api } from '../../../api/client';

export type { WorkingHours };

/** The installation's working hours, in which SLA targets are counted. */
export const workingHoursQuery = queryOptions({
  queryKey: ['settings', 'working-hours'],
  queryFn: () => api<WorkingHours>('/settings/working-hours'),
  staleTime: 5 * 60_000,
});

export const updateWorkingHours = (body: UpdateWorkingHoursRequest) =>
  api<WorkingHours>('/settings/working-hours', { method: 'PUT', body });

/** ISO weekdays, Monday (1) to Sunday (7). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const localeOf = (language: string) => (language === 'en' ? 'en-GB' : `${language}-ES`);

/** "lunes", "Mon"… for an ISO weekday, in the interface language (2024-01-01 was a Monday). */
export function weekdayName(day: number, language: string, width: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(localeOf(language), { weekday: width, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
}

/**
 * The working days in words: runs of consecutive days joined ("lun–vie"), others listed ("lun, mié, vie").
 */
export function weekdaysSummary(days: readonly number[], language: string): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && last.at(-1) === day - 1) last.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) =>
      run.length >= 3
        ? `${weekdayName(run[0]!, language, 'short')}–${weekdayName(run.at(-1)!, language, 'short')}`
        : run.map((day) => weekdayName(day, language, 'short')).join(', '),
    )
    .join(', ');
}

/** "lun–vie, 09:00–18:00 (Europe/Madrid)" */
export const workingHoursSummary = (wh: WorkingHours, language: string) =>
  `${weekdaysSummary(wh.days, language)}, ${wh.start}–${wh.end} (${wh.time_zone})`;
