import { Button, EmptyState, Group, Text, Tooltip } from '@mantine/core';
import { IconBriefcase, IconDownload, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { type ListData, ListScreen } from '../../ui/list/ListScreen';
import type { ListSearch } from '../../ui/list/list-search';
import { notifyError } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { SavedViewTabs } from '../views/SavedViewTabs';
import { CaseFormModal } from './CaseForm/CaseFormModal';
import { ColorBadge } from './ColorBadge';
import { type Case, type CaseType, caseListQuery, exportCases, useCaseTypes } from './cases.api';
import { SlaBadge } from './SlaBadge';
import { DEFAULT_CASE_COLUMNS, DEFAULT_SERVICE_COLUMNS, useCaseListFields } from './use-case-list-fields';

interface Props {
  type: CaseType;
  title: string;
  /** The type switcher and the board/list toggle, above the list. */
  header: ReactNode;
  search: ListSearch;
  onSearchChange: (search: ListSearch) => void;
}

/** The cases of one type as a list: saved views, filters, columns, sort and CSV export. */
export function CaseList({ type, title, header, search, onSearchChange }: Props) {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const types = useCaseTypes();
  const phone = usePhone();
  const fields = useCaseListFields(type);
  const query = useInfiniteQuery(caseListQuery(type.id, search));
  const [exporting, setExporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const data: ListData<Case> = {
    rows,
    total: query.data?.pages[0]?.total,
    loading: query.isPending || query.isFetchingNextPage,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
  const defaultColumns = type.kind === 'service' ? DEFAULT_SERVICE_COLUMNS : DEFAULT_CASE_COLUMNS;

  const onExport = async () => {
    setExporting(true);
    try {
      await exportCases(type.id, search, search.columns ?? defaultColumns);
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };
  const newCase = () => setCreating(true);

  return (
    <>
      <ListScreen
        title={title}
        search={search}
        onSearchChange={onSearchChange}
        fields={fields}
        defaultColumns={defaultColumns}
        data={data}
        onOpen={(c) => void navigate({ to: '/cases/$id', params: { id: c.id } })}
        onNew={newCase}
        countLabel={(count) => t('count', { count })}
        tabs={
          <>
            {header}
            <SavedViewTabs object="cases" search={search} onApply={onSearchChange} />
          </>
        }
        actions={
          <>
            <Tooltip label={t('list.export_csv')}>
              <Button
                variant="default"
                onClick={onExport}
                loading={exporting}
                leftSection={<IconDownload size={16} />}
                visibleFrom="sm"
              >
                {t('translation:list.export')}
              </Button>
            </Tooltip>
            <Tooltip label={t('translation:shortcuts.new_hint')}>
              <Button leftSection={<IconPlus size={16} />} onClick={newCase} aria-label={t('new')}>
                {phone ? t('new_short') : t('new')}
              </Button>
            </Tooltip>
          </>
        }
        empty={
          <EmptyState
            icon={<IconBriefcase size={32} />}
            variant="light"
            title={search.q || search.filters ? t('list.empty_filtered') : t('list.empty_title')}
            description={t('list.empty_description')}
            py="xl"
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} onClick={newCase}>
                {t('new')}
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        }
        renderCard={(c) => (
          <>
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="xs" c="dimmed" ff="monospace">
                {c.number}
              </Text>
              <ColorBadge color={c.status.color} size="sm">
                {types.label(c.status)}
              </ColorBadge>
            </Group>
            <Text fw={600} truncate>
              {c.title}
            </Text>
            <Text size="sm" c="dimmed" truncate>
              {[
                c.entity.name,
                c.amount !== null ? formatMoney(c.amount, c.currency) : null,
                c.expected_close ? formatDate(c.expected_close) : null,
                c.owner?.name,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {type.kind === 'service' && <SlaBadge sla={c.sla} openedAt={c.created_at} size="xs" />}
          </>
        )}
      />
      <CaseFormModal opened={creating} onClose={() => setCreating(false)} defaults={{ type_id: type.id }} />
    </>
  );
}
