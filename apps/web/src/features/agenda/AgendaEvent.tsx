import type { EventContentArg } from '@fullcalendar/core';
import { VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconBan, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../ui/labels';
import { actionIconOf } from '../actions/ActionTypeIcon';
import classes from './agenda.module.css';
import type { AgendaEventProps } from './agenda-events';

const START_ONLY = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

/**
 * An action inside the calendar: type icon, time, subject, entity, whose (team agenda) and a mark for late,
 * done and cancelled ones. The type and the state are also written out for screen readers.
 */
export function AgendaEvent({ arg, showAssignee }: { arg: EventContentArg; showAssignee: boolean }) {
  const { t, i18n } = useTranslation('agenda');
  const { action } = arg.event.extendedProps as Partial<AgendaEventProps>;
  // The slot being selected (a new action's place) is drawn as an event without one.
  if (!action) return <span className={classes.event}>{arg.timeText}</span>;
  const Glyph = actionIconOf(action.type.icon);
  const type = arg.view.type;
  // Day and week grids stack time, subject and details; a short one, the month grid and the list use a line.
  const layout = type.startsWith('list')
    ? 'list'
    : type.startsWith('timeGrid') && !arg.event.allDay
      ? 'stack'
      : 'line';
  const who = action.assignee_user?.name ?? action.assignee_team?.name;
  const state = action.overdue ? 'overdue' : action.status === 'planned' ? null : action.status;
  const meta = [action.entity?.name, showAssignee ? who : undefined].filter(Boolean).join(' · ');
  const start = arg.event.start ? arg.view.calendar.formatDate(arg.event.start, START_ONLY) : '';
  return (
    <span className={classes.event} data-layout={layout}>
      <span className={classes.eventHead}>
        <Glyph
          size={14}
          stroke={2}
          aria-hidden
          className={classes.eventIcon}
          style={{ color: `var(--mantine-color-${action.type.color || 'gray'}-filled)` }}
        />
        <VisuallyHidden>{localLabel(action.type.labels, i18n.language, action.type.key)}: </VisuallyHidden>
        {layout !== 'list' && arg.timeText && (
          <>
            <span className={classes.eventTime} data-full>
              {arg.timeText}
            </span>
            <span className={classes.eventTime} data-start>
              {start}
            </span>
          </>
        )}
      </span>
      <span className={classes.eventSubject}>{action.subject}</span>
      {meta && <span className={classes.eventMeta}>{meta}</span>}
      {state && (
        <span className={classes.eventState} data-state={state}>
          {state === 'overdue' && <IconAlertTriangle size={13} aria-hidden />}
          {state === 'done' && <IconCheck size={13} aria-hidden />}
          {state === 'cancelled' && <IconBan size={13} aria-hidden />}
          <VisuallyHidden>{t(`state.${state}`)}</VisuallyHidden>
        </span>
      )}
    </span>
  );
}
