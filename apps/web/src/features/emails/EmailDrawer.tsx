import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Drawer,
  Group,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconFolderMinus,
  IconFolderQuestion,
  IconPaperclip,
  IconRefresh,
  IconX,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client';
import { formatFileSize } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { errorMessage, notifyError, notifySuccess } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePhone } from '../../ui/use-phone';
import { EmailBody } from './EmailBody';
import { EmailStatusBadge } from './EmailStatusBadge';
import { EmailThread } from './EmailThread';
import { emailTime, formatAddress } from './email-format';
import {
  cancelEmail,
  type Email,
  emailFiled,
  emailQuery,
  emailsChanged,
  retryEmail,
  unfileEmail,
} from './emails.api';
import classes from './emails.module.css';
import { DrawerDialogContext, FileEmailActions } from './FileEmail';
import { openReply } from './open-compose';

interface Props {
  emailId: string | null;
  onClose: () => void;
}

/**
 * One mail in a side drawer (full screen on a phone): headers, the body (HTML in a sandbox, or text),
 * attachments to download, the records it is filed under (and ways to file it: a record, a new lead, a new
 * case), the thread, Reply; a failed one shows the server's error and "Reintentar".
 */
export function EmailDrawer({ emailId, onClose }: Props) {
  const { t } = useTranslation('emails');
  const phone = usePhone();
  const [shown, setShown] = useState(emailId);
  // Moving inside the thread changes the mail shown without closing the drawer.
  const [last, setLast] = useState(emailId);
  if (emailId !== last) {
    setLast(emailId);
    setShown(emailId);
  }
  // A dialog opened from the drawer (filing the mail) takes Escape for itself: the drawer stays open.
  const [dialogOpen, setDialogOpen] = useState(false);
  return (
    <Drawer
      opened={Boolean(emailId)}
      onClose={onClose}
      closeOnEscape={!dialogOpen}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={t('detail.title')}
      closeButtonProps={{ 'aria-label': t('close') }}
      className={classes.touch}
    >
      <DrawerDialogContext.Provider value={setDialogOpen}>
        {shown && <EmailDetail id={shown} onOpen={setShown} onReplied={onClose} />}
      </DrawerDialogContext.Provider>
    </Drawer>
  );
}

function EmailDetail({
  id,
  onOpen,
  onReplied,
}: {
  id: string;
  onOpen: (id: string) => void;
  onReplied: () => void;
}) {
  const { t } = useTranslation('emails');
  const query = useQuery(emailQuery(id));
  if (query.error)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('detail.load_error')}>
        <Text size="sm" mb="xs">
          {errorMessage(query.error)}
        </Text>
        <Button size="compact-sm" variant="light" color="red" onClick={() => void query.refetch()}>
          {t('retry_load')}
        </Button>
      </Alert>
    );
  if (!query.data)
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={28} width="70%" />
        <Skeleton height={80} />
        <Skeleton height={240} />
      </Stack>
    );
  const email = query.data;
  return (
    <Stack gap="md">
      <Header email={email} onReplied={onReplied} />
      <Links email={email} />
      <EmailBody html={email.html_body} text={email.text_body} title={email.subject || t('no_subject')} />
      <Attachments email={email} />
      <EmailThread email={email} onOpen={onOpen} />
    </Stack>
  );
}

function Header({ email, onReplied }: { email: Email; onReplied: () => void }) {
  const { t } = useTranslation('emails');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'retry' | 'cancel' | null>(null);
  const act = async (kind: 'retry' | 'cancel') => {
    setBusy(kind);
    try {
      const saved = await (kind === 'retry' ? retryEmail(email.id) : cancelEmail(email.id));
      emailsChanged(queryClient, saved);
      notifySuccess(kind === 'retry' ? t('retried') : t('cancelled'));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  const rows: [string, string][] = [
    [t('detail.from'), formatAddress(email.from)],
    [t('detail.to'), email.to.map(formatAddress).join(', ')],
    ...(email.cc.length
      ? [[t('detail.cc'), email.cc.map(formatAddress).join(', ')] as [string, string]]
      : []),
    ...(email.bcc.length
      ? [[t('detail.bcc'), email.bcc.map(formatAddress).join(', ')] as [string, string]]
      : []),
  ];
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {email.subject || t('no_subject')}
        </Title>
        <EmailStatusBadge status={email.status} />
      </Group>
      <dl className={classes.headers}>
        {rows.map(([label, value]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <dt>{t('detail.date')}</dt>
        <dd>
          <RelativeTime value={emailTime(email)} />
          {email.created_by && ` · ${t('detail.by', { name: email.created_by.name })}`}
        </dd>
      </dl>
      {email.status === 'failed' && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={t('detail.failed_title', { count: email.attempts })}
          role="alert"
        >
          {email.last_error && (
            <Text size="sm" mb="xs" style={{ overflowWrap: 'anywhere' }} ff="monospace">
              {email.last_error}
            </Text>
          )}
          <Button
            size="compact-sm"
            color="red"
            variant="light"
            leftSection={<IconRefresh size={14} aria-hidden />}
            loading={busy === 'retry'}
            onClick={() => void act('retry')}
          >
            {t('retry')}
          </Button>
          <Button
            size="compact-sm"
            color="gray"
            variant="subtle"
            ml="xs"
            leftSection={<IconX size={14} aria-hidden />}
            loading={busy === 'cancel'}
            onClick={() => void act('cancel')}
          >
            {t('discard_failed')}
          </Button>
        </Alert>
      )}
      {email.status === 'queued' && email.attempts > 0 && email.last_error && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('detail.retrying')}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {email.last_error}
          </Text>
          {email.next_attempt_at && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('detail.next_attempt')} <RelativeTime value={email.next_attempt_at} />
            </Text>
          )}
        </Alert>
      )}
      <Group gap="xs">
        <Button
          variant="light"
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          onClick={() => {
            openReply(email);
            onReplied();
          }}
        >
          {t('reply')}
        </Button>
        {email.status === 'queued' && (
          <Button
            variant="default"
            leftSection={<IconX size={16} aria-hidden />}
            loading={busy === 'cancel'}
            onClick={() => void act('cancel')}
          >
            {t('cancel_send')}
          </Button>
        )}
        {email.status === 'cancelled' && (
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            loading={busy === 'retry'}
            onClick={() => void act('retry')}
          >
            {t('send_again')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function Attachments({ email }: { email: Email }) {
  const { t } = useTranslation('emails');
  const files = email.attachments.filter((a) => !a.inline || !email.html_body);
  if (files.length === 0) return null;
  return (
    <Stack gap={4} component="section" aria-label={t('detail.attachments')}>
      <Text size="sm" fw={600}>
        {t('detail.attachments_count', { count: files.length })}
      </Text>
      {files.map((file) => (
        <Group key={file.id} gap="xs" wrap="nowrap">
          <IconPaperclip size={16} aria-hidden style={{ flexShrink: 0 }} />
          <Anchor
            href={file.download_url.startsWith('/') ? file.download_url : apiUrl(`/${file.download_url}`)}
            download={file.filename}
            size="sm"
            style={{ overflowWrap: 'anywhere', minWidth: 0 }}
          >
            {file.filename}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {formatFileSize(file.size)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** Where the mail is filed (each removable), and the ways to file it; "Sin archivar" when it is nowhere. */
function Links({ email }: { email: Email }) {
  const { t } = useTranslation('emails');
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<string | null>(null);
  const unfile = async (entityId: string, name: string) => {
    setRemoving(entityId);
    try {
      await unfileEmail(email.id, entityId);
      emailFiled(queryClient);
      notifySuccess(t('file.unfiled', { name }));
    } catch (error) {
      notifyError(error);
    } finally {
      setRemoving(null);
    }
  };
  if (email.links.length === 0)
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconFolderQuestion size={18} aria-hidden />}
        title={t('file.unfiled_title')}
        component="section"
        aria-label={t('file.unfiled_title')}
      >
        <Text size="sm" mb="sm">
          {t('file.unfiled_hint')}
        </Text>
        <FileEmailActions email={email} unfiled />
      </Alert>
    );
  return (
    <Stack gap={4} component="section" aria-label={t('detail.filed_under')}>
      <Text size="sm" fw={600}>
        {t('detail.filed_under')}
      </Text>
      {email.links.map((link) => (
        <Group
          key={`${link.entity.id}-${link.contact?.id}-${link.case?.id}`}
          gap={6}
          wrap="nowrap"
          justify="space-between"
        >
          <Group gap={6} style={{ minWidth: 0 }}>
            <AnchorLink to="/entities/$id" params={{ id: link.entity.id }} size="sm">
              {link.entity.name}
            </AnchorLink>
            {link.contact && (
              <>
                <Text size="sm" c="dimmed" aria-hidden>
                  ·
                </Text>
                <AnchorLink to="/contacts/$id" params={{ id: link.contact.id }} size="sm">
                  {link.contact.name}
                </AnchorLink>
              </>
            )}
            {link.case && (
              <>
                <Text size="sm" c="dimmed" aria-hidden>
                  ·
                </Text>
                <AnchorLink to="/cases/$id" params={{ id: link.case.id }} size="sm">
                  {link.case.number} {link.case.title}
                </AnchorLink>
              </>
            )}
          </Group>
          <Tooltip label={t('file.unfile_of', { name: link.entity.name })}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              loading={removing === link.entity.id}
              onClick={() => void unfile(link.entity.id, link.entity.name)}
              aria-label={t('file.unfile_of', { name: link.entity.name })}
            >
              <IconFolderMinus size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <FileEmailActions email={email} unfiled={false} />
    </Stack>
  );
}
