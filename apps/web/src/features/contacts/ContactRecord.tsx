import { ActionIcon, Alert, Button, Grid, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconDots,
  IconDownload,
  IconPencil,
  IconPhone,
  IconRestore,
  IconStarFilled,
  IconTrash,
} from '@tabler/icons-react';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { notifyError, notifyWithUndo } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { usePhone } from '../../ui/use-phone';
import { EntityActions } from '../actions/EntityActions';
import { SendEmailButton } from '../emails/SendEmailButton';
import { FilesPanel } from '../files/FilesPanel';
import { NotesPanel } from '../notes/NotesPanel';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { ContactFields } from './ContactFields';
import { contactChanged, contactQuery, deleteContact, restoreContact, vcardUrl } from './contacts.api';
import { openContactModal } from './open-contact-modal';

/** A contact's page: who they are and where they work, quick actions, fields, notes, files, history. */
export function ContactRecord({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const phone = usePhone();
  const { data: contact } = useSuspenseQuery(contactQuery(id));
  usePageTitle(contact.full_name);
  const deleted = Boolean(contact.deleted_at);
  useHotkeys([['e', () => !deleted && openContactModal({ contact, entityId: contact.entity_id })]]);

  const restore = async () => {
    try {
      contactChanged(queryClient, await restoreContact(contact.id));
    } catch (error) {
      notifyError(error);
    }
  };
  const remove = async () => {
    try {
      await deleteContact(contact.id);
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifyWithUndo(t('contact.deleted', { name: contact.full_name }), restore);
      void navigate({ to: '/entities/$id', params: { id: contact.entity_id } });
    } catch (error) {
      notifyError(error);
    }
  };
  const quick = [
    contact.phones[0] && {
      key: 'call',
      label: t('entity.actions.call'),
      icon: IconPhone,
      href: `tel:${contact.phones[0]}`,
    },
  ].filter(Boolean) as { key: string; label: string; icon: typeof IconPhone; href: string }[];

  return (
    <Stack gap="md">
      {deleted && (
        <Alert color="orange" icon={<IconTrash size={18} />} title={t('contact.deleted_banner')}>
          <Button size="compact-md" leftSection={<IconRestore size={16} />} onClick={restore}>
            {t('common.restore')}
          </Button>
        </Alert>
      )}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {contact.full_name}
            </Title>
            {contact.is_primary && (
              <IconStarFilled
                size={18}
                color="var(--mantine-color-yellow-6)"
                aria-label={t('contact.primary')}
              />
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {contact.job_title && `${contact.job_title} · `}
            <AnchorLink to="/entities/$id" params={{ id: contact.entity_id }} size="sm" underline="always">
              {contact.entity_name}
            </AnchorLink>
          </Text>
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
          {!deleted && <SendEmailButton refs={{ entityId: contact.entity_id, contactId: contact.id }} />}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon size={phone ? 44 : 36} variant="default" aria-label={t('common.more_actions')}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {!deleted && (
                <Menu.Item
                  leftSection={<IconPencil size={16} />}
                  onClick={() => openContactModal({ contact, entityId: contact.entity_id })}
                >
                  {t('common.edit')}
                </Menu.Item>
              )}
              <Menu.Item
                component="a"
                href={vcardUrl(contact.id)}
                download
                leftSection={<IconDownload size={16} />}
              >
                {t('contact.download_vcard')}
              </Menu.Item>
              {!deleted && (
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => void remove()}>
                  {t('common.delete')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper component="section" withBorder p="md" radius="md" aria-labelledby="contact-fields-title">
              <Title order={2} size="h4" mb="sm" id="contact-fields-title">
                {t('contact.sections.fields')}
              </Title>
              <ContactFields contact={contact} />
            </Paper>
            <FilesPanel entityId={contact.entity_id} contactId={contact.id} readOnly={deleted} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <EntityActions entityId={contact.entity_id} contactId={contact.id} readOnly={deleted} />
            <NotesPanel entityId={contact.entity_id} contactId={contact.id} readOnly={deleted} />
            <TimelinePanel subject="contact" id={contact.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
