import { Group, Text, UnstyledButton } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowDownLeft,
  IconArrowUpRight,
  IconFolderMinus,
  IconFolderPlus,
  IconMail,
} from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TimelineItem } from '@trato/contracts/records';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmailStatusBadge } from './EmailStatusBadge';
import { shortAddresses } from './email-format';
import { type EmailStatus, type EmailSummary, emailListQuery } from './emails.api';

export type EmailSubject = 'entity' | 'contact' | 'case';

/**
 * The record's mails as they are now, by id: the timeline keeps an event per step (queued, sent, failed),
 * the mail's current status comes from here (polled while any is on its way).
 */
export function useRecordEmails(subject: EmailSubject, id: string) {
  const query = useInfiniteQuery(emailListQuery({ [`${subject}_id`]: id }, 100));
  return useMemo(() => {
    const map = new Map<string, EmailSummary>();
    for (const page of query.data?.pages ?? []) for (const email of page.data) map.set(email.id, email);
    return map;
  }, [query.data]);
}

/** Someone filed the mail under a record, or took it out: a step of its own, not the mail's status. */
export const isFilingEvent = (item: Pick<TimelineItem, 'type'>) =>
  item.type === 'email.linked' || item.type === 'email.unlinked';

/** The status an email event speaks of when the mail itself is not loaded: its own verb. */
const statusOfEvent = (item: TimelineItem): EmailStatus => {
  const verb = item.type.split('.')[1];
  if (verb === 'received') return 'received';
  if (verb === 'sent') return 'sent';
  if (verb === 'failed') return 'failed';
  if (verb === 'cancelled') return 'cancelled';
  return 'queued';
};

const directionOf = (item: TimelineItem, email: EmailSummary | undefined) =>
  email?.direction ?? (item.type === 'email.received' ? 'in' : 'out');

/** The bullet of an email event: an arrow in (received) or out (sent), a warning when it failed. */
export function EmailBullet({ item, email }: { item: TimelineItem; email: EmailSummary | undefined }) {
  if (isFilingEvent(item)) {
    const Folder = item.type === 'email.linked' ? IconFolderPlus : IconFolderMinus;
    return <Folder size={14} aria-hidden />;
  }
  const status = email?.status ?? statusOfEvent(item);
  if (status === 'failed')
    return <IconAlertTriangle size={14} color="var(--mantine-color-red-8)" aria-hidden />;
  const Icon = directionOf(item, email) === 'in' ? IconArrowDownLeft : IconArrowUpRight;
  return <Icon size={14} aria-hidden />;
}

export function EmailEventTitle({ item, email }: { item: TimelineItem; email: EmailSummary | undefined }) {
  const { t } = useTranslation('emails');
  const status = email?.status ?? statusOfEvent(item);
  if (isFilingEvent(item))
    return (
      <Text size="sm" fw={600}>
        {item.type === 'email.unlinked'
          ? t('timeline.unlinked')
          : item.changes.lead_created
            ? t('timeline.linked_lead')
            : typeof item.changes.case_number === 'string'
              ? t('timeline.linked_case', { number: item.changes.case_number })
              : t('timeline.linked')}
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={600} c={status === 'failed' ? 'red.9' : undefined}>
        {t(`timeline.${status}`)}
      </Text>
      {status !== 'sent' && status !== 'received' && <EmailStatusBadge status={status} size="xs" />}
    </Group>
  );
}

/** Subject (opens the mail), who it is from and to, the first words. */
export function EmailEventBody({
  item,
  email,
  onOpen,
}: {
  item: TimelineItem;
  email: EmailSummary | undefined;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation('emails');
  const subject = email?.subject ?? item.summary ?? '';
  const direction = directionOf(item, email);
  return (
    <>
      <UnstyledButton onClick={() => onOpen(item.object_id)} style={{ textAlign: 'left' }}>
        <Group gap={6} wrap="nowrap">
          <IconMail size={14} aria-hidden style={{ flexShrink: 0 }} />
          <Text size="sm" lineClamp={2} td="underline" style={{ textDecorationStyle: 'dotted' }}>
            {subject || t('no_subject')}
          </Text>
        </Group>
      </UnstyledButton>
      {email && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {direction === 'in'
            ? t('timeline.from', { who: shortAddresses([email.from]) })
            : t('timeline.to', { who: shortAddresses(email.to) })}
        </Text>
      )}
      {email?.snippet && (
        <Text size="sm" c="dimmed" lineClamp={2}>
          {email.snippet}
        </Text>
      )}
      {email?.status === 'failed' && email.last_error && (
        <Text size="xs" c="red.9" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {email.last_error}
        </Text>
      )}
      {email && email.attachments.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('timeline.attachments', { count: email.attachments.length })}
        </Text>
      )}
    </>
  );
}

/** Who an email event is by: the sender of a received mail, the writer of a sent one (the worker sends it). */
export function emailActor(item: TimelineItem, email: EmailSummary | undefined): string | null {
  if (!email || isFilingEvent(item)) return item.actor?.name ?? null;
  if (email.direction === 'in') return email.from.name || email.from.address;
  return email.created_by?.name ?? item.actor?.name ?? null;
}
