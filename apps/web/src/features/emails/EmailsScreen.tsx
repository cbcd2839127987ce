import {
  ActionIcon,
  Badge,
  Button,
  Chip,
  Group,
  Stack,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconFolderQuestion,
  IconMailOff,
  IconRefresh,
  IconX,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { EMAIL_STATUSES } from '@trato/contracts/mail';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { notifyError, notifySuccess } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePageTitle } from '../../ui/use-page-title';
import { AdminEmpty, AdminList, type Column } from '../admin/ui';
import { EmailDrawer } from './EmailDrawer';
import { EmailStatusBadge } from './EmailStatusBadge';
import { emailTime, shortAddresses } from './email-format';
import {
  cancelEmail,
  type EmailStatus,
  type EmailSummary,
  emailListQuery,
  emailsChanged,
  failedCountQuery,
  retryEmail,
} from './emails.api';
import classes from './emails.module.css';

export interface EmailsSearch {
  status?: EmailStatus;
  /** Only received mail filed under no record ("Sin archivar"). */
  unfiled?: true;
  /** The mail open in the drawer. */
  email?: string;
}

export function validateEmailsSearch(raw: Record<string, unknown>): EmailsSearch {
  const search: EmailsSearch = {};
  if (EMAIL_STATUSES.includes(raw.status as EmailStatus)) search.status = raw.status as EmailStatus;
  else if (raw.unfiled === true || raw.unfiled === 'true') search.unfiled = true;
  if (typeof raw.email === 'string' && /^[0-9a-f-]{36}$/i.test(raw.email)) search.email = raw.email;
  return search;
}

const FILTERS = ['all', 'failed', 'queued', 'sending', 'sent', 'cancelled', 'received', 'unfiled'] as const;

/** A received mail no rule filed under any record: waiting for someone to file it by hand. */
const isUnfiled = (e: EmailSummary) => e.direction === 'in' && e.links.length === 0;

/**
 * "Correo": every mail the user may see, newest first, filtered by where it stands; failed ones are counted in
 * the navigation and here, with the server's error and "Reintentar", so a failure is never silent.
 */
export function EmailsScreen({
  search,
  onSearchChange,
}: {
  search: EmailsSearch;
  onSearchChange: (search: EmailsSearch) => void;
}) {
  const { t } = useTranslation('emails');
  usePageTitle(t('screen.title'));
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(
    emailListQuery(search.unfiled ? { direction: 'in', unlinked: 'true' } : { status: search.status }),
  );
  const filtered = Boolean(search.status || search.unfiled);
  const failed = useQuery(failedCountQuery);
  const [busy, setBusy] = useState<string | null>(null);
  const rows = query.data?.pages.flatMap((page) => page.data);

  const act = async (email: EmailSummary, kind: 'retry' | 'cancel') => {
    setBusy(email.id);
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

  const open = (email: EmailSummary) => onSearchChange({ ...search, email: email.id });
  const subject = (e: EmailSummary) => {
    const Arrow = e.direction === 'in' ? IconArrowDownLeft : IconArrowUpRight;
    return (
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Arrow
            size={16}
            role="img"
            aria-label={t(e.direction === 'in' ? 'direction.in' : 'direction.out')}
            style={{ flexShrink: 0 }}
          />
          <UnstyledButton
            onClick={() => open(e)}
            fw={600}
            c="var(--mantine-color-anchor)"
            style={{ minWidth: 0 }}
          >
            <Text span inherit lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
              {e.subject || t('no_subject')}
            </Text>
          </UnstyledButton>
        </Group>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {e.direction === 'in'
            ? t('timeline.from', { who: shortAddresses([e.from]) })
            : t('timeline.to', { who: shortAddresses(e.to) })}
        </Text>
        {e.status === 'failed' && e.last_error && (
          <Text size="xs" c="red.9" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {e.last_error}
          </Text>
        )}
      </Stack>
    );
  };
  const record = (e: EmailSummary) => {
    const link = e.links[0];
    if (!link && isUnfiled(e))
      return (
        <Badge color="orange" variant="light" leftSection={<IconFolderQuestion size={12} aria-hidden />}>
          {t('file.unfiled_badge')}
        </Badge>
      );
    if (!link)
      return (
        <Text size="sm" c="dimmed">
          —
        </Text>
      );
    return link.case ? (
      <AnchorLink to="/cases/$id" params={{ id: link.case.id }} size="sm" lineClamp={1}>
        {link.case.number} · {link.entity.name}
      </AnchorLink>
    ) : (
      <AnchorLink to="/entities/$id" params={{ id: link.entity.id }} size="sm" lineClamp={1}>
        {link.entity.name}
        {link.contact ? ` · ${link.contact.name}` : ''}
      </AnchorLink>
    );
  };
  const when = (e: EmailSummary) => (
    <Text size="sm" c="dimmed">
      <RelativeTime value={emailTime(e)} />
    </Text>
  );
  const buttons = (e: EmailSummary) =>
    e.status === 'failed' || e.status === 'cancelled' ? (
      <Group gap={4} wrap="nowrap">
        <Button
          size="compact-sm"
          variant="light"
          color={e.status === 'failed' ? 'red' : undefined}
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={busy === e.id}
          onClick={() => void act(e, 'retry')}
          aria-label={t(e.status === 'failed' ? 'retry_of' : 'send_again_of', { subject: e.subject })}
        >
          {e.status === 'failed' ? t('retry') : t('send_again')}
        </Button>
        {e.status === 'failed' && (
          <Tooltip label={t('discard_failed')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              loading={busy === e.id}
              onClick={() => void act(e, 'cancel')}
              aria-label={t('discard_of', { subject: e.subject })}
            >
              <IconX size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    ) : e.status === 'queued' ? (
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconX size={14} aria-hidden />}
        loading={busy === e.id}
        onClick={() => void act(e, 'cancel')}
        aria-label={t('cancel_of', { subject: e.subject })}
      >
        {t('cancel_send')}
      </Button>
    ) : null;
  const columns: Column<EmailSummary>[] = [
    {
      key: 'status',
      header: t('screen.status'),
      cell: (e) => <EmailStatusBadge status={e.status} />,
      width: 130,
    },
    { key: 'subject', header: t('screen.subject'), cell: subject },
    { key: 'record', header: t('screen.record'), cell: record, width: '24%' },
    { key: 'when', header: t('screen.when'), cell: when, width: 130 },
    { key: 'actions', header: t('screen.actions'), cell: buttons, width: 170 },
  ];

  return (
    <Stack gap="md" className={classes.touch} maw={1200}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('screen.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('screen.description')}
          </Text>
        </div>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={query.isRefetching}
          onClick={() => void query.refetch()}
        >
          {t('screen.refresh')}
        </Button>
      </Group>
      <Group gap={6} role="group" aria-label={t('screen.filter_label')} className={classes.chips}>
        <Chip.Group
          multiple={false}
          value={search.unfiled ? 'unfiled' : (search.status ?? 'all')}
          onChange={(v) =>
            onSearchChange(
              v === 'all' ? {} : v === 'unfiled' ? { unfiled: true } : { status: v as EmailStatus },
            )
          }
        >
          {FILTERS.map((f) => (
            <Chip
              key={f}
              value={f}
              size="sm"
              variant="outline"
              color={f === 'failed' ? 'red' : f === 'unfiled' ? 'orange' : undefined}
            >
              {t(f === 'all' ? 'screen.all' : f === 'unfiled' ? 'file.unfiled_badge' : `screen.filters.${f}`)}
              {f === 'failed' && failed.data && failed.data.count > 0
                ? ` · ${failed.data.more ? '99+' : failed.data.count}`
                : ''}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
      <AdminList
        label={t('screen.title')}
        rows={rows}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={820}
        empty={
          <AdminEmpty
            icon={<IconMailOff size={32} />}
            title={
              search.unfiled
                ? t('file.unfiled_empty')
                : filtered
                  ? t('screen.empty_filtered')
                  : t('screen.empty')
            }
            description={search.unfiled ? t('file.unfiled_empty_hint') : t('screen.empty_hint')}
          />
        }
        card={(e) => (
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <EmailStatusBadge status={e.status} />
              {when(e)}
            </Group>
            {subject(e)}
            {record(e)}
            {buttons(e) && <Group justify="flex-end">{buttons(e)}</Group>}
          </Stack>
        )}
      />
      {query.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {t('screen.more')}
          </Button>
        </Group>
      )}
      <EmailDrawer
        emailId={search.email ?? null}
        onClose={() =>
          onSearchChange({
            ...(search.status ? { status: search.status } : {}),
            ...(search.unfiled ? { unfiled: true as const } : {}),
          })
        }
      />
    </Stack>
  );
}
