import { Badge, Button, EmptyState, Group, Text, Tooltip } from '@mantine/core';
import { IconBuilding, IconDownload, IconPlus, IconUser } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ListData, ListScreen } from '../../ui/list/ListScreen';
import type { ListSearch } from '../../ui/list/list-search';
import { notifyError } from '../../ui/notify';
import { BulkEmailButton } from '../emails/BulkEmailButton';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { SavedViewTabs } from '../views/SavedViewTabs';
import { EntityBulkActions } from './EntityBulkActions';
import { type Entity, entityListQuery, exportEntities } from './entities.api';
import { DEFAULT_ENTITY_COLUMNS, useEntityListFields } from './use-entity-list-fields';

interface Props {
  search: ListSearch;
  onSearchChange: (search: ListSearch) => void;
}

/** The entity list: saved views, filters, columns, bulk changes, CSV export. */
export function EntityList({ search, onSearchChange }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fields = useEntityListFields();
  const pick = usePickLists();
  const query = useInfiniteQuery(entityListQuery(search));
  const [exporting, setExporting] = useState(false);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const data: ListData<Entity> = {
    rows,
    total: query.data?.pages[0]?.total,
    loading: query.isPending || query.isFetchingNextPage,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
  const newEntity = () => void navigate({ to: '/entities/new' });
  const columns = search.columns ?? DEFAULT_ENTITY_COLUMNS;

  const onExport = async () => {
    setExporting(true);
    try {
      await exportEntities(
        search,
        columns.map((c) => (c === 'owner_id' ? 'owner' : c)),
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <ListScreen
      title={t('entity.plural')}
      search={search}
      onSearchChange={onSearchChange}
      fields={fields}
      defaultColumns={DEFAULT_ENTITY_COLUMNS}
      data={data}
      onOpen={(e) => void navigate({ to: '/entities/$id', params: { id: e.id } })}
      onNew={newEntity}
      countLabel={(count) => t('entity.count', { count })}
      tabs={<SavedViewTabs object="entities" search={search} onApply={onSearchChange} />}
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
              {t('list.export')}
            </Button>
          </Tooltip>
          <Tooltip label={t('shortcuts.new_hint')}>
            <Button leftSection={<IconPlus size={16} />} onClick={newEntity}>
              {t('entity.new')}
            </Button>
          </Tooltip>
        </>
      }
      empty={
        <EmptyState
          icon={<IconBuilding size={32} />}
          variant="light"
          title={search.q || search.filters ? t('entity.empty_filtered') : t('entity.empty_title')}
          description={t('entity.empty_description')}
          py="xl"
        >
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} onClick={newEntity}>
              {t('entity.new')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      }
      renderCard={(e) => (
        <>
          <Group gap={6} wrap="nowrap">
            {e.kind === 'company' ? (
              <IconBuilding size={16} aria-hidden />
            ) : (
              <IconUser size={16} aria-hidden />
            )}
            <Text fw={600} truncate>
              {e.name}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" truncate>
            {[e.city, pick.label('sector', e.sector), e.owner?.name].filter(Boolean).join(' · ')}
          </Text>
          {e.roles.length > 0 && (
            <Group gap={4} mt={4}>
              {e.roles.map((r) => (
                <Badge key={r} size="xs" variant="light">
                  {pick.label('entity_roles', r)}
                </Badge>
              ))}
            </Group>
          )}
        </>
      )}
      bulkActions={(ids, clear) => (
        <>
          <EntityBulkActions ids={ids} rows={rows} clear={clear} />
          <BulkEmailButton ids={ids} names={new Map(rows.map((e) => [e.id, e.name]))} clear={clear} />
        </>
      )}
    />
  );
}
