import type { DateSelectArg, DatesSetArg, EventClickArg } from '@fullcalendar/core';
import type FullCalendar from '@fullcalendar/react';
import { Alert, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ActionStatus } from '@trato/contracts/actions';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { usePhone } from '../../ui/use-phone';
import { ActionFormModal } from '../actions/ActionFormModal';
import { instantOf, todayIn } from '../actions/action-time';
import {
  type Action,
  type AgendaParams,
  agendaQuery,
  type CreateActionRequest,
  useActionTypes,
  useClosedActionsEditable,
} from '../actions/actions.api';
import { useMe } from '../auth/auth.api';
import { AgendaCalendar } from './AgendaCalendar';
import { AgendaToolbar } from './AgendaToolbar';
import classes from './agenda.module.css';
import { type AgendaEventProps, toEvent, visibleHours } from './agenda-events';
import {
  type AgendaSearch,
  type AgendaView,
  CALENDAR_VIEW,
  DEFAULT_STATUSES,
  viewOfCalendar,
} from './agenda-search';
import { useAgendaMove } from './use-agenda-move';

interface Range {
  from: string;
  to: string;
}

type Dialog = { opened: boolean; key: number; action?: Action; defaults?: Partial<CreateActionRequest> };

/** The agenda of the signed-in user, of other people or of a team: day, week, month and list. */
export function Agenda({
  search,
  onSearchChange,
}: {
  search: AgendaSearch;
  onSearchChange: (next: AgendaSearch) => void;
}) {
  const { t } = useTranslation('agenda');
  usePageTitle(t('title'));
  const me = useMe();
  const phone = usePhone();
  const timeZone = me.time_zone || 'Europe/Madrid';
  const closedEditable = useClosedActionsEditable();
  // Loaded here too (the phone keeps the filters closed): the new-action form needs the types to start.
  useActionTypes();
  const calendarRef = useRef<FullCalendar>(null);
  const [range, setRange] = useState<Range | null>(null);
  const [title, setTitle] = useState('');
  const [dialog, setDialog] = useState<Dialog>({ opened: false, key: 0 });
  const view: AgendaView = search.view ?? (phone ? 'list' : 'week');
  // What the calendar last reported, so a change of the URL from outside (back, a link) can be told apart.
  const shown = useRef<{ view: AgendaView; date: string } | null>(null);

  const params = useMemo<AgendaParams | null>(() => {
    if (!range) return null;
    const status = search.status ?? DEFAULT_STATUSES;
    return {
      ...range,
      ...(search.team ? { team_id: search.team } : { user_id: search.users ?? [me.id] }),
      ...(search.types ? { type_id: search.types } : {}),
      ...(status.length < 3 ? { status: status as ActionStatus[] } : {}),
    };
  }, [range, search.team, search.users, search.types, search.status, me.id]);
  const options = agendaQuery(params ?? { from: '', to: '' });
  const query = useQuery({ ...options, enabled: params !== null, placeholderData: keepPreviousData });
  const move = useAgendaMove(options.queryKey);

  const actions = query.data?.data;
  const events = useMemo(
    () => (actions ?? []).map((action) => toEvent(action, { timeZone, closedEditable })),
    [actions, timeZone, closedEditable],
  );
  const hours = useMemo(() => visibleHours(actions ?? [], timeZone), [actions, timeZone]);
  const showAssignee = Boolean(search.team) || (search.users ?? []).length > 1;

  // The URL changed from outside the calendar (back button, a shared link, the nav's "Agenda"): follow it.
  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (!api || !shown.current) return;
    const wanted = search.date ?? todayIn(timeZone);
    if (shown.current.view !== view) api.changeView(CALENDAR_VIEW[view], wanted);
    else if (shown.current.date !== wanted) api.gotoDate(wanted);
  }, [view, search.date, timeZone]);

  const onDatesSet = (arg: DatesSetArg) => {
    const api = arg.view.calendar;
    const start = api.formatIso(arg.view.currentStart, true);
    const end = api.formatIso(arg.view.currentEnd, true);
    // Keep the day of the URL while it is still in the period shown (a filter re-renders the view too).
    const date =
      search.date && search.date >= start && search.date < end
        ? search.date
        : api.formatIso(api.getDate(), true);
    const next = { view: viewOfCalendar(arg.view.type), date };
    shown.current = next;
    setTitle(arg.view.title);
    setRange({ from: arg.startStr, to: arg.endStr });
    if (next.view !== search.view || next.date !== search.date) onSearchChange({ ...search, ...next });
  };

  /** Who a new action is for: the person whose agenda this is, or the team. */
  const assignee = (): Partial<CreateActionRequest> =>
    search.team
      ? { assignee_team_id: search.team }
      : search.users?.length === 1
        ? { assignee_user_id: search.users[0] }
        : {};

  const openNew = (defaults: Partial<CreateActionRequest>) =>
    setDialog((d) => ({ opened: true, key: d.key + 1, defaults: { ...assignee(), ...defaults } }));
  const onSelect = (arg: DateSelectArg) => {
    arg.view.calendar.unselect();
    const day = arg.startStr.slice(0, 10);
    // A click picks one 15-minute step: the type's own duration fits better than that; a drag sets the end.
    const dragged = arg.end.getTime() - arg.start.getTime() > 15 * 60_000;
    if (!arg.allDay) openNew({ starts_at: arg.startStr, ...(dragged ? { ends_at: arg.endStr } : {}) });
    // A day of the month grid: a morning appointment that day (an untimed type keeps only the day).
    else if (arg.view.type === 'dayGridMonth') openNew({ starts_at: instantOf(day, '09:00', timeZone) });
    else openNew({ due_date: day });
  };
  const onOpen = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    const { action } = arg.event.extendedProps as AgendaEventProps;
    setDialog((d) => ({ opened: true, key: d.key + 1, action }));
  };
  /** The "new action" button: in the day view, on the day shown. */
  const newInView = () => {
    const api = calendarRef.current?.getApi();
    const day = api && view === 'day' ? api.formatIso(api.getDate(), true) : undefined;
    openNew(day && day !== todayIn(timeZone) ? { due_date: day } : {});
  };

  return (
    <div className={`${classes.screen} ${classes.touch}`}>
      <AgendaToolbar
        calendarRef={calendarRef}
        title={title}
        view={view}
        search={search}
        loading={query.isFetching}
        onFiltersChange={(patch) => onSearchChange({ ...search, ...patch })}
        onViewChange={(next) => calendarRef.current?.getApi().changeView(CALENDAR_VIEW[next])}
        onNew={newInView}
      />
      {query.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('load_error')}>
          {errorMessage(query.error)}{' '}
          <Button size="compact-sm" variant="light" color="red" onClick={() => void query.refetch()}>
            {t('retry')}
          </Button>
        </Alert>
      )}
      {query.data?.truncated && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} py={6}>
          {t('truncated')}
        </Alert>
      )}
      <AgendaCalendar
        calendarRef={calendarRef}
        initialView={CALENDAR_VIEW[view]}
        initialDate={search.date}
        timeZone={timeZone}
        events={events}
        hours={hours}
        showAssignee={showAssignee}
        onDatesSet={onDatesSet}
        onSelect={onSelect}
        onOpen={onOpen}
        onMove={(arg) => void move(arg)}
      />
      <ActionFormModal
        key={dialog.key}
        opened={dialog.opened}
        onClose={() => setDialog((d) => ({ ...d, opened: false }))}
        action={dialog.action}
        defaults={dialog.defaults}
      />
    </div>
  );
}
