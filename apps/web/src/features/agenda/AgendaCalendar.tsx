import type {
  DateSelectArg,
  DatesSetArg,
  DayCellMountArg,
  EventChangeArg,
  EventClickArg,
  EventContentArg,
  EventInput,
  EventMountArg,
  MoreLinkMountArg,
} from '@fullcalendar/core';
import caLocale from '@fullcalendar/core/locales/ca';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import esLocale from '@fullcalendar/core/locales/es';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { AgendaEvent } from './AgendaEvent';
import classes from './agenda.module.css';
import { type AgendaEventProps, BUSINESS_HOURS } from './agenda-events';

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin];
const LOCALES = [esLocale, caLocale, enGbLocale];
/** A week on a phone is narrow: "L 23" above each day. */
const PHONE_VIEWS = { timeGridWeek: { dayHeaderFormat: { weekday: 'narrow', day: 'numeric' } } } as const;

interface Props {
  calendarRef: RefObject<FullCalendar | null>;
  initialView: string;
  initialDate: string | undefined;
  timeZone: string;
  events: EventInput[];
  hours: { min: string; max: string };
  /** Show whose each action is (a team's or several people's agenda). */
  showAssignee: boolean;
  onDatesSet: (arg: DatesSetArg) => void;
  onSelect: (arg: DateSelectArg) => void;
  onOpen: (arg: EventClickArg) => void;
  onMove: (arg: EventChangeArg & { revert: () => void }) => void;
}

// Accessibility repairs on FullCalendar's month grid (axe): a day cell is named by its content, not by the
// "go to day" link it holds; the "+2 more" link, which opens a popover, is a button.
const labelDayCell = (arg: DayCellMountArg) => {
  if (arg.view.type === 'dayGridMonth') arg.el.removeAttribute('aria-labelledby');
};
const labelMoreLink = (arg: MoreLinkMountArg) => {
  arg.el.setAttribute('role', 'button');
  if (!arg.el.hasAttribute('tabindex')) arg.el.setAttribute('tabindex', '0');
};

/**
 * FullCalendar in the user's time zone and language: day and week grids with working hours shaded, a
 * month grid and a list. Drag or resize to move an action, click or select a free slot to plan one.
 */
export function AgendaCalendar(props: Props) {
  const { calendarRef } = props;
  const { t, i18n } = useTranslation('agenda');
  const phone = usePhone();
  const locale = i18n.language === 'en' ? 'en-gb' : i18n.language;

  const mount = (arg: EventMountArg) => {
    const { action } = arg.event.extendedProps as Partial<AgendaEventProps>;
    if (!action) return;
    // Handles for scripts and styles: which action this is and whether it is late.
    arg.el.dataset.actionId = action.id;
    arg.el.dataset.status = action.status;
    if (action.overdue) arg.el.dataset.overdue = 'true';
  };

  return (
    <div className={classes.calendar} data-phone={phone || undefined}>
      <FullCalendar
        ref={calendarRef}
        plugins={PLUGINS}
        locales={LOCALES}
        locale={locale}
        timeZone={props.timeZone}
        initialView={props.initialView}
        {...(props.initialDate ? { initialDate: props.initialDate } : {})}
        headerToolbar={false}
        views={phone ? PHONE_VIEWS : undefined}
        // The page scrolls, not a box inside it: a scrolling box would need to be reachable by keyboard, and
        // FullCalendar's grid roles do not allow a focusable box among their rows (axe).
        height="auto"
        expandRows
        stickyHeaderDates
        firstDay={1}
        nowIndicator
        navLinks
        businessHours={BUSINESS_HOURS}
        slotMinTime={props.hours.min}
        slotMaxTime={props.hours.max}
        slotDuration="00:30:00"
        snapDuration="00:15:00"
        slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        defaultTimedEventDuration="00:30:00"
        slotEventOverlap={false}
        dayMaxEvents
        eventDisplay="block"
        eventInteractive
        editable
        eventAllow={(drop, dragged) => drop.allDay === Boolean(dragged?.allDay)}
        selectable
        selectMirror
        unselectAuto
        longPressDelay={350}
        eventLongPressDelay={350}
        selectLongPressDelay={350}
        events={props.events}
        eventContent={(arg: EventContentArg) => <AgendaEvent arg={arg} showAssignee={props.showAssignee} />}
        eventDidMount={mount}
        dayCellDidMount={labelDayCell}
        moreLinkDidMount={labelMoreLink}
        eventClick={props.onOpen}
        eventDrop={props.onMove}
        eventResize={props.onMove}
        select={props.onSelect}
        datesSet={props.onDatesSet}
        noEventsContent={t('empty')}
        moreLinkText={t('more_text')}
        moreLinkHint={(count: number) => t('more_hint', { count })}
        navLinkHint={t('day_hint', { date: '$0' })}
        closeHint={t('close')}
        timeHint={t('time')}
        eventHint={t('action')}
      />
    </div>
  );
}
