import {
  ActionIcon,
  Alert,
  Button,
  Drawer,
  Group,
  Menu,
  Popover,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconDownload, IconListCheck, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { FilterChips } from '../../ui/list/FilterChips';
import { type ListSearch, nextSort } from '../../ui/list/list-search';
import { errorMessage, notifyError } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { useCaseTypes } from '../cases/cases.api';
import { SavedViewTabs } from '../views/SavedViewTabs';
import { OpenCasesTable } from './OpenCasesTable';
import {
  exportOpenCases,
  openCasesQuery,
  openStatusIds,
  otherFilters,
  pickedStatusIds,
  reportParams,
  withFilters,
} from './reports.api';
import { StatusPicker } from './StatusPicker';
import { useReportFilterFields } from './use-report-filter-fields';

interface Props {
  search: ListSearch;
  onSearchChange: (search: ListSearch) => void;
}

/**
 * The open-cases report: the user picks which statuses count as open (any, across types), sees every
 * matching case with its age, owner, amount, last action and SLA, saves the choice as a named report and
 * exports it as CSV or XLSX.
 */
export function OpenCasesReport({ search, onSearchChange }: Props) {
  const { t } = useTranslation('reports');
  usePageTitle(t('title'));
  const me = useMe();
  const phone = usePhone();
  const types = useCaseTypes();
  const [pickerOpen, picker] = useDisclosure(false);
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const pushQ = useDebouncedCallback((value: string) => {
    const { q: _old, ...rest } = search;
    onSearchChange(value.trim() ? { ...rest, q: value } : rest);
  }, 300);

  const picked = pickedStatusIds(search);
  const statusIds = picked ?? openStatusIds(types.all);
  const params = reportParams(search, statusIds);
  const query = useInfiniteQuery({
    ...openCasesQuery(params),
    enabled: types.loaded && statusIds.length > 0,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const first = query.data?.pages[0];
  const fields = useReportFilterFields();
  const canExport = me.role.permissions.objects.cases.actions.includes('export');
  const [exporting, setExporting] = useState(false);

  const setStatuses = (ids: string[] | null) =>
    onSearchChange(withFilters(search, ids, otherFilters(search)));
  const download = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      await exportOpenCases(params, format);
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  const pickerBody = (
    <StatusPicker
      types={types.all}
      label={types.label}
      value={statusIds}
      onChange={setStatuses}
      onAllOpen={() => setStatuses(null)}
      touch={phone}
    />
  );
  const statusButton = (
    <Button
      variant="default"
      h={phone ? 44 : 36}
      leftSection={<IconListCheck size={16} aria-hidden />}
      rightSection={<IconChevronDown size={14} aria-hidden />}
      onClick={picker.toggle}
      aria-haspopup="dialog"
      aria-expanded={pickerOpen}
    >
      {picked ? t('statuses.button_some', { count: picked.length }) : t('statuses.button_all_open')}
    </Button>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {canExport && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              {phone ? (
                <ActionIcon
                  variant="light"
                  size={44}
                  loading={exporting}
                  aria-label={t('export.button')}
                  disabled={statusIds.length === 0}
                >
                  <IconDownload size={20} />
                </ActionIcon>
              ) : (
                <Button
                  variant="light"
                  leftSection={<IconDownload size={16} />}
                  loading={exporting}
                  disabled={statusIds.length === 0}
                >
                  {t('export.button')}
                </Button>
              )}
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => void download('xlsx')}>{t('export.xlsx')}</Menu.Item>
              <Menu.Item onClick={() => void download('csv')}>{t('export.csv')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <SavedViewTabs object="case_reports" search={search} onApply={onSearchChange} />
      <Group gap="xs" align="flex-start" wrap="wrap">
        {phone ? (
          statusButton
        ) : (
          <Popover
            opened={pickerOpen}
            onChange={(o) => !o && picker.close()}
            position="bottom-start"
            shadow="md"
            trapFocus
            width={340}
          >
            <Popover.Target>{statusButton}</Popover.Target>
            <Popover.Dropdown mah={480} style={{ overflowY: 'auto' }} aria-label={t('statuses.title')}>
              {pickerBody}
            </Popover.Dropdown>
          </Popover>
        )}
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('search_placeholder')}
          aria-label={t('search')}
          value={q}
          type="search"
          data-list-search
          style={{ flex: '1 1 200px', maxWidth: phone ? undefined : 320 }}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
        />
        <FilterChips
          fields={fields}
          filters={otherFilters(search)}
          onChange={(filters) => onSearchChange(withFilters(search, picked, filters))}
        />
      </Group>
      {statusIds.length === 0 && types.loaded ? (
        <Alert color="blue">{t('statuses.pick_some')}</Alert>
      ) : query.isError ? (
        <Alert color="red" title={t('translation:errors.title')}>
          {errorMessage(query.error)}
        </Alert>
      ) : !first ? (
        <Skeleton height={320} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" py="lg" ta="center">
          {t('empty')}
        </Text>
      ) : (
        <OpenCasesTable
          rows={rows}
          sort={search.sort}
          label={types.label as (item: { labels: Record<string, string>; key?: string }) => string}
          onSort={(field) => {
            const { sort: _old, ...rest } = search;
            const sort = nextSort(search.sort, field, false);
            onSearchChange(sort ? { ...rest, sort } : rest);
          }}
        />
      )}
      {first && (
        <Group justify="space-between" gap="xs" component="footer" role="status" aria-live="polite">
          <Text size="sm" c="dimmed">
            {t('count', { count: first.total })}
            {rows.length < first.total && ` (${t('shown', { count: rows.length })})`}
            {first.totals.length > 0 &&
              ` · ${t('total')}: ${first.totals.map((x) => formatMoney(x.amount, x.currency)).join(' · ')}`}
          </Text>
          {query.hasNextPage && (
            <Button
              variant="light"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {t('more')}
            </Button>
          )}
        </Group>
      )}
      {phone && (
        <Drawer
          opened={pickerOpen}
          onClose={picker.close}
          position="bottom"
          size="85%"
          title={t('statuses.title')}
          closeButtonProps={{ 'aria-label': t('translation:common.close') }}
        >
          {pickerBody}
          <Button fullWidth mt="md" h={44} onClick={picker.close}>
            {t('statuses.done')}
          </Button>
        </Drawer>
      )}
    </Stack>
  );
}
