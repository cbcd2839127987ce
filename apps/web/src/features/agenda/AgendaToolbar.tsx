import type FullCalendar from '@fullcalendar/react';
import {
  ActionIcon,
  Button,
  Drawer,
  Group,
  Indicator,
  Loader,
  SegmentedControl,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconFilter, IconPlus } from '@tabler/icons-react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { AgendaFilters, type FilterPatch } from './AgendaFilters';
import classes from './agenda.module.css';
import { AGENDA_VIEWS, type AgendaSearch, type AgendaView } from './agenda-search';

interface Props {
  calendarRef: RefObject<FullCalendar | null>;
  title: string;
  view: AgendaView;
  search: AgendaSearch;
  loading: boolean;
  onFiltersChange: (patch: FilterPatch) => void;
  onViewChange: (view: AgendaView) => void;
  onNew: () => void;
}

/**
 * Above the calendar: previous / today / next, the period shown, the view, "new action", and the filters
 * (in a row on a desktop, in a drawer on a phone).
 */
export function AgendaToolbar({
  calendarRef,
  title,
  view,
  search,
  loading,
  onFiltersChange,
  onViewChange,
  onNew,
}: Props) {
  const { t } = useTranslation('agenda');
  const phone = usePhone();
  const [filtersOpen, filters] = useDisclosure(false);
  const api = () => calendarRef.current?.getApi();
  const filterCount =
    (search.team || search.users ? 1 : 0) + (search.types ? 1 : 0) + (search.status ? 1 : 0);
  const step = t(`step.${view}`);

  const navigation = (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={t('previous', { period: step })}>
        <ActionIcon
          variant="default"
          size={phone ? 44 : 36}
          aria-label={t('previous', { period: step })}
          onClick={() => api()?.prev()}
        >
          <IconChevronLeft size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Button variant="default" h={phone ? 44 : 36} onClick={() => api()?.today()}>
        {t('today')}
      </Button>
      <Tooltip label={t('next', { period: step })}>
        <ActionIcon
          variant="default"
          size={phone ? 44 : 36}
          aria-label={t('next', { period: step })}
          onClick={() => api()?.next()}
        >
          <IconChevronRight size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
  const viewSwitch = (
    <SegmentedControl
      aria-label={t('view')}
      value={view}
      onChange={(value) => onViewChange(value as AgendaView)}
      data={AGENDA_VIEWS.map((value) => ({ value, label: t(`views.${value}`) }))}
      fullWidth={phone}
      w={phone ? '100%' : undefined}
    />
  );
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew} h={phone ? 44 : undefined}>
      {t('new')}
    </Button>
  );

  return (
    <>
      <div className={classes.toolbar}>
        <Title order={1} size={phone ? 'h3' : 'h2'} style={{ flex: phone ? '1 1 auto' : undefined }}>
          {t('title')}
        </Title>
        {!phone && navigation}
        {!phone && (
          <Title
            order={2}
            size="h4"
            className={classes.title}
            aria-live="polite"
            style={{ flex: '1 1 auto' }}
          >
            {title}
          </Title>
        )}
        {loading && <Loader size="xs" aria-label={t('loading')} />}
        {phone ? (
          <Indicator label={filterCount} size={18} disabled={filterCount === 0} offset={4}>
            <ActionIcon
              variant="default"
              size={44}
              onClick={filters.open}
              aria-haspopup="dialog"
              aria-label={
                filterCount > 0
                  ? `${t('filters.title')} (${t('filters.active', { count: filterCount })})`
                  : t('filters.title')
              }
            >
              <IconFilter size={20} aria-hidden />
            </ActionIcon>
          </Indicator>
        ) : (
          viewSwitch
        )}
        {newButton}
      </div>
      {phone ? (
        <>
          {viewSwitch}
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Title order={2} size="h5" className={classes.title} aria-live="polite" style={{ flex: 1 }}>
              {title}
            </Title>
            {navigation}
          </Group>
          <Drawer
            opened={filtersOpen}
            onClose={filters.close}
            position="bottom"
            size="auto"
            title={t('filters.title')}
            closeButtonProps={{ 'aria-label': t('close') }}
            className={classes.touch}
          >
            <AgendaFilters search={search} onChange={onFiltersChange} stacked />
            <Button fullWidth mt="md" h={44} onClick={filters.close}>
              {t('filters.done')}
            </Button>
          </Drawer>
        </>
      ) : (
        <AgendaFilters search={search} onChange={onFiltersChange} />
      )}
    </>
  );
}
