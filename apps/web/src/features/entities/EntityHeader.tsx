import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Menu,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import {
  IconArrowMerge,
  IconBuilding,
  IconDots,
  IconPencil,
  IconPhone,
  IconRestore,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { MenuItemLink } from '../../ui/links';
import { notifyError, notifySuccess, notifyWithUndo } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePhone } from '../../ui/use-phone';
import { SendEmailButton } from '../emails/SendEmailButton';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { EntityForm } from './EntityForm';
import { deleteEntity, type Entity, entityChanged, restoreEntity } from './entities.api';

/** Name, kind, roles, owner and the quick actions: call, email, edit (`e`), merge, delete with Undo. */
export function EntityHeader({ entity }: { entity: Entity }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pick = usePickLists();
  const phone = usePhone();
  const [editing, edit] = useDisclosure(false);
  const deleted = Boolean(entity.deleted_at);
  useHotkeys([['e', () => !deleted && edit.open()]]);

  const restore = async () => {
    try {
      entityChanged(queryClient, await restoreEntity(entity.id));
      notifySuccess(t('entity.restored', { name: entity.name }));
    } catch (error) {
      notifyError(error);
    }
  };
  const remove = () =>
    modals.openConfirmModal({
      title: t('entity.delete_title', { name: entity.name }),
      children: <Text size="sm">{t('entity.delete_body')}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await deleteEntity(entity.id);
          await queryClient.invalidateQueries({ queryKey: ['entities'] });
          notifyWithUndo(t('entity.deleted', { name: entity.name }), restore);
          void navigate({ to: '/entities' });
        } catch (error) {
          notifyError(error);
        }
      },
    });

  const tel = entity.phones[0];
  const quick = [
    tel && { key: 'call', label: t('entity.actions.call'), icon: IconPhone, href: `tel:${tel}` },
  ].filter(Boolean) as { key: string; label: string; icon: typeof IconPhone; href: string }[];

  return (
    <Stack gap="sm">
      {deleted && (
        <Alert color="orange" icon={<IconTrash size={18} />} title={t('entity.deleted_banner')}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {t('entity.deleted_at')} <RelativeTime value={entity.deleted_at!} />
            </Text>
            <Button size="compact-md" leftSection={<IconRestore size={16} />} onClick={restore}>
              {t('common.restore')}
            </Button>
          </Group>
        </Alert>
      )}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Group gap="xs" wrap="nowrap">
            {entity.kind === 'company' ? (
              <IconBuilding size={24} aria-label={t('entity.kind.company')} role="img" />
            ) : (
              <IconUser size={24} aria-label={t('entity.kind.person')} role="img" />
            )}
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {entity.name}
            </Title>
          </Group>
          <Group gap={6}>
            {entity.roles.map((r) => (
              <Badge key={r} variant="light">
                {pick.label('entity_roles', r)}
              </Badge>
            ))}
            {entity.owner && (
              <Text size="sm" c="dimmed">
                {t('entity.owned_by', { name: entity.owner.name })}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {quick.map((q) =>
            phone ? (
              <ActionIcon
                key={q.key}
                component="a"
                href={q.href}
                size={44}
                variant="light"
                aria-label={q.label}
              >
                <q.icon size={20} />
              </ActionIcon>
            ) : (
              <Button
                key={q.key}
                component="a"
                href={q.href}
                variant="light"
                leftSection={<q.icon size={16} />}
              >
                {q.label}
              </Button>
            ),
          )}
          {!deleted && <SendEmailButton refs={{ entityId: entity.id }} />}
          {!deleted && (
            <Tooltip label={t('shortcuts.edit_hint')}>
              <ActionIcon
                size={phone ? 44 : 36}
                variant="default"
                aria-label={t('common.edit')}
                onClick={edit.open}
              >
                <IconPencil size={18} />
              </ActionIcon>
            </Tooltip>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon size={phone ? 44 : 36} variant="default" aria-label={t('common.more_actions')}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <MenuItemLink
                to="/entities/$id/merge"
                params={{ id: entity.id }}
                leftSection={<IconArrowMerge size={16} />}
                disabled={deleted}
              >
                {t('entity.actions.merge')}
              </MenuItemLink>
              {!deleted && (
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove}>
                  {t('common.delete')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Drawer
        opened={editing}
        onClose={edit.close}
        title={t('entity.edit_title', { name: entity.name })}
        position="right"
        size={phone ? '100%' : 'xl'}
      >
        <EntityForm entity={entity} onSaved={() => edit.close()} onCancel={edit.close} />
      </Drawer>
    </Stack>
  );
}
