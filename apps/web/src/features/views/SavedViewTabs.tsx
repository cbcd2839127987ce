import { ActionIcon, Badge, Button, Group, Menu, ScrollArea, Tabs } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDeviceFloppy, IconDots, IconPencil, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ListSearch } from '../../ui/list/list-search';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useMe } from '../auth/auth.api';
import { openViewNameModal } from './ViewNameModal';
import {
  type SavedView,
  sameQuery,
  searchOfView,
  useSavedViews,
  useViewMutations,
  type ViewObject,
  viewQueryOf,
} from './views.api';

interface Props {
  object: ViewObject;
  search: ListSearch;
  /** Replaces the list's URL state (a view's query, or nothing for "All"). */
  onApply: (search: ListSearch) => void;
}

/** Saved views as tabs above a list: pick one, save the current filters as a new one, update or delete it. */
export function SavedViewTabs({ object, search, onApply }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const { data: views = [] } = useSavedViews(object);
  const { create, update, remove } = useViewMutations(object);
  const active = views.find((v) => v.id === search.view);
  const current = viewQueryOf(search);
  const modified = active ? !sameQuery(active.query, current) : false;
  const isMine = (view: SavedView) => view.owner_id === me.id;

  const saveNew = () =>
    openViewNameModal({
      title: t('views.save_as'),
      initial: { name: '', shared: false },
      onSubmit: async ({ name, shared }) => {
        const view = await create.mutateAsync({ name, shared, query: current });
        onApply(searchOfView(view));
        notifySuccess(t('views.saved'));
      },
    });

  const saveChanges = async (view: SavedView) => {
    try {
      await update.mutateAsync({ id: view.id, version: view.version, query: current });
      notifySuccess(t('views.saved'));
    } catch (error) {
      notifyError(error);
    }
  };

  const rename = (view: SavedView) =>
    openViewNameModal({
      title: t('views.rename'),
      initial: { name: view.name, shared: view.shared },
      onSubmit: async ({ name, shared }) => {
        await update.mutateAsync({ id: view.id, version: view.version, name, shared });
      },
    });

  const confirmDelete = (view: SavedView) =>
    modals.openConfirmModal({
      title: t('views.delete_title', { name: view.name }),
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await remove.mutateAsync(view.id);
          if (search.view === view.id) onApply({});
        } catch (error) {
          notifyError(error);
        }
      },
    });

  return (
    <Group gap="xs" wrap="nowrap" justify="space-between">
      <ScrollArea type="never" style={{ flex: 1, minWidth: 0 }}>
        <Tabs
          value={search.view ?? 'all'}
          onChange={(value) => {
            const view = views.find((v) => v.id === value);
            onApply(view ? searchOfView(view) : {});
          }}
          variant="pills"
          radius="xl"
        >
          <Tabs.List style={{ flexWrap: 'nowrap' }} aria-label={t('views.title')}>
            <Tabs.Tab value="all">{t('views.all')}</Tabs.Tab>
            {views.map((view) => (
              <Tabs.Tab
                key={view.id}
                value={view.id}
                rightSection={
                  view.shared ? <IconUsers size={14} aria-label={t('views.shared')} role="img" /> : undefined
                }
              >
                {view.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      {active && modified && isMine(active) && (
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconDeviceFloppy size={16} />}
          onClick={() => void saveChanges(active)}
        >
          {t('views.save_changes')}
        </Button>
      )}
      {modified && active && !isMine(active) && <Badge variant="dot">{t('views.modified')}</Badge>}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" size="lg" aria-label={t('views.menu')}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={saveNew}>
            {t('views.save_as')}
          </Menu.Item>
          {active && isMine(active) && (
            <>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => rename(active)}>
                {t('views.rename')}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => confirmDelete(active)}
              >
                {t('common.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
