import { Button, EmptyState, Group, Text, Tooltip } from '@mantine/core';
import { IconAddressBook, IconDownload, IconPlus, IconStarFilled, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ListData, ListScreen } from '../../ui/list/ListScreen';
import type { ListSearch } from '../../ui/list/list-search';
import { notifyError, notifyWithUndo } from '../../ui/notify';
import { SavedViewTabs } from '../views/SavedViewTabs';
import {
  type Contact,
  contactListQuery,
  deleteContact,
  exportContacts,
  restoreContact,
} from './contacts.api';
import { openContactModal } from './open-contact-modal';
import { DEFAULT_CONTACT_COLUMNS, useContactListFields } from './use-contact-list-fields';

interface Props {
  search: ListSearch;
  onSearchChange: (search: ListSearch) => void;
}

/** All contacts the user may see, with the same list machinery as entities. */
export function ContactList({ search, onSearchChange }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = useContactListFields();
  const query = useInfiniteQuery(contactListQuery(search));
  const [exporting, setExporting] = useState(false);
  const data: ListData<Contact> = {
    rows: query.data?.pages.flatMap((p) => p.data) ?? [],
    total: query.data?.pages[0]?.total,
    loading: query.isPending || query.isFetchingNextPage,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
  const newContact = () =>
    openContactModal({ onSaved: (c) => void navigate({ to: '/contacts/$id', params: { id: c.id } }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });

  const removeMany = async (ids: string[], clear: () => void) => {
    try {
      for (const id of ids) await deleteContact(id);
      clear();
      await refresh();
      notifyWithUndo(t('contact.deleted_many', { count: ids.length }), async () => {
        for (const id of ids) await restoreContact(id);
        await refresh();
      });
    } catch (error) {
      notifyError(error);
      await refresh();
    }
  };

  const onExport = async () => {
    setExporting(true);
    try {
      await exportContacts(search, search.columns ?? DEFAULT_CONTACT_COLUMNS);
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <ListScreen
      title={t('contact.plural')}
      search={search}
      onSearchChange={onSearchChange}
      fields={fields}
      defaultColumns={DEFAULT_CONTACT_COLUMNS}
      data={data}
      onOpen={(c) => void navigate({ to: '/contacts/$id', params: { id: c.id } })}
      onNew={newContact}
      countLabel={(count) => t('contact.count', { count })}
      tabs={<SavedViewTabs object="contacts" search={search} onApply={onSearchChange} />}
      actions={
        <>
          <Button
            variant="default"
            onClick={onExport}
            loading={exporting}
            leftSection={<IconDownload size={16} />}
            visibleFrom="sm"
          >
            {t('list.export')}
          </Button>
          <Tooltip label={t('shortcuts.new_hint')}>
            <Button leftSection={<IconPlus size={16} />} onClick={newContact}>
              {t('contact.new')}
            </Button>
          </Tooltip>
        </>
      }
      empty={
        <EmptyState
          icon={<IconAddressBook size={32} />}
          variant="light"
          title={search.q || search.filters ? t('contact.empty_filtered') : t('contact.empty_title')}
          description={t('contact.empty_description')}
          py="xl"
        >
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} onClick={newContact}>
              {t('contact.new')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      }
      renderCard={(c) => (
        <>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} truncate>
              {c.full_name}
            </Text>
            {c.is_primary && (
              <IconStarFilled
                size={14}
                color="var(--mantine-color-yellow-6)"
                aria-label={t('contact.primary')}
              />
            )}
          </Group>
          <Text size="sm" c="dimmed" truncate>
            {[c.job_title, c.entity_name].filter(Boolean).join(' · ')}
          </Text>
          {(c.phones[0] || c.emails[0]) && (
            <Text size="sm" truncate>
              {c.phones[0] ?? c.emails[0]}
            </Text>
          )}
        </>
      )}
      bulkActions={(ids, clear) => (
        <Button
          size="compact-md"
          variant="light"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => void removeMany(ids, clear)}
        >
          {t('common.delete')}
        </Button>
      )}
    />
  );
}
