import { ActionIcon, Anchor, Button, FileButton, Group, Menu, Skeleton, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconDots,
  IconDownload,
  IconPencil,
  IconPlus,
  IconStar,
  IconStarFilled,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { notifyError, notifySuccess, notifyWithUndo } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import {
  type Contact,
  contactChanged,
  deleteContact,
  entityContactsQuery,
  importVcard,
  restoreContact,
  updateContact,
  vcardUrl,
} from './contacts.api';
import { openContactModal } from './open-contact-modal';

/** The entity's people: primary star, quick links, vCard in and out, add and edit in a modal. */
export function EntityContacts({ entityId, readOnly }: { entityId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery(entityContactsQuery(entityId));
  const contacts = data?.data ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });

  const makePrimary = async (c: Contact) => {
    try {
      contactChanged(
        queryClient,
        await updateContact(c.id, { version: c.version, is_primary: !c.is_primary }),
      );
    } catch (error) {
      notifyError(error);
    }
  };
  const remove = async (c: Contact) => {
    try {
      await deleteContact(c.id);
      await refresh();
      notifyWithUndo(t('contact.deleted', { name: c.full_name }), async () => {
        await restoreContact(c.id);
        await refresh();
      });
    } catch (error) {
      notifyError(error);
    }
  };
  const onImport = async (file: File | null) => {
    if (!file) return;
    try {
      const result = await importVcard(entityId, file);
      await refresh();
      if (result.errors.length > 0)
        modals.open({
          title: t('contact.import_result'),
          children: (
            <Stack gap={4}>
              <Text size="sm">{t('contact.imported', { count: result.created.length })}</Text>
              {result.errors.map((e) => (
                <Text key={`${e.index}-${e.field}`} size="sm" c="red">
                  {t('contact.import_card', { n: e.index + 1 })}: {e.message}
                </Text>
              ))}
            </Stack>
          ),
        });
      else notifySuccess(t('contact.imported', { count: result.created.length }));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Panel
      title={t('contact.plural')}
      count={contacts.length}
      actions={
        !readOnly && (
          <>
            <FileButton onChange={onImport} accept=".vcf,text/vcard,text/x-vcard">
              {(props) => (
                <Button {...props} size="compact-sm" variant="subtle" leftSection={<IconUpload size={14} />}>
                  {t('contact.import_vcf')}
                </Button>
              )}
            </FileButton>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => openContactModal({ entityId })}
            >
              {t('common.add')}
            </Button>
          </>
        )
      }
    >
      {isPending ? (
        <Skeleton height={48} />
      ) : contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('contact.none')}
        </Text>
      ) : (
        <Stack gap="xs">
          {contacts.map((c) => (
            <Group key={c.id} gap="xs" wrap="nowrap" align="flex-start">
              <ActionIcon
                variant="subtle"
                color={c.is_primary ? 'yellow' : 'gray'}
                size={36}
                aria-pressed={c.is_primary}
                aria-label={t('contact.primary')}
                onClick={() => void makePrimary(c)}
                disabled={readOnly}
              >
                {c.is_primary ? <IconStarFilled size={18} /> : <IconStar size={18} />}
              </ActionIcon>
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <AnchorLink to="/contacts/$id" params={{ id: c.id }} fw={600} size="sm">
                  {c.full_name}
                </AnchorLink>
                {c.job_title && (
                  <Text size="xs" c="dimmed">
                    {c.job_title}
                  </Text>
                )}
                <Group gap="sm">
                  {c.emails[0] && (
                    <Anchor href={`mailto:${c.emails[0]}`} size="xs">
                      {c.emails[0]}
                    </Anchor>
                  )}
                  {c.phones[0] && (
                    <Anchor href={`tel:${c.phones[0]}`} size="xs">
                      {c.phones[0]}
                    </Anchor>
                  )}
                </Group>
              </Stack>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size={36}
                    aria-label={t('common.more_actions_for', { name: c.full_name })}
                  >
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {!readOnly && (
                    <Menu.Item
                      leftSection={<IconPencil size={16} />}
                      onClick={() => openContactModal({ contact: c, entityId })}
                    >
                      {t('common.edit')}
                    </Menu.Item>
                  )}
                  <Menu.Item
                    component="a"
                    href={vcardUrl(c.id)}
                    download
                    leftSection={<IconDownload size={16} />}
                  >
                    {t('contact.download_vcard')}
                  </Menu.Item>
                  {!readOnly && (
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => void remove(c)}
                    >
                      {t('common.delete')}
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            </Group>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
