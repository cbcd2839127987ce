import { Group, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDownLeft, IconArrowUpRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../ui/RelativeTime';
import { EmailStatusBadge } from './EmailStatusBadge';
import { emailTime, shortAddresses } from './email-format';
import { type Email, threadQuery } from './emails.api';
import classes from './emails.module.css';

/** The other mails of the conversation, oldest first; the one shown is marked, each opens in place. */
export function EmailThread({ email, onOpen }: { email: Email; onOpen: (id: string) => void }) {
  const { t } = useTranslation('emails');
  const query = useQuery(threadQuery(email.thread_id));
  if (query.isPending) return <Skeleton height={44} />;
  const mails = query.data ?? [];
  if (mails.length < 2) return null;
  return (
    <Stack gap={6} component="section" aria-label={t('detail.thread')}>
      <Text size="sm" fw={600}>
        {t('detail.thread_count', { count: mails.length })}
      </Text>
      <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {mails.map((mail) => {
          const Arrow = mail.direction === 'in' ? IconArrowDownLeft : IconArrowUpRight;
          const current = mail.id === email.id;
          return (
            <li key={mail.id}>
              <UnstyledButton
                className={classes.threadItem}
                aria-current={current ? 'true' : undefined}
                onClick={() => onOpen(mail.id)}
              >
                <Group gap="xs" wrap="nowrap" justify="space-between">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Arrow
                      size={16}
                      aria-label={t(mail.direction === 'in' ? 'direction.in' : 'direction.out')}
                      role="img"
                      style={{ flexShrink: 0 }}
                    />
                    <Text size="sm" fw={600} truncate>
                      {mail.direction === 'in' ? shortAddresses([mail.from]) : shortAddresses(mail.to)}
                    </Text>
                  </Group>
                  <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                    {mail.status !== 'sent' && mail.status !== 'received' && (
                      <EmailStatusBadge status={mail.status} size="xs" />
                    )}
                    <Text size="xs" c="dimmed">
                      <RelativeTime value={emailTime(mail)} short />
                    </Text>
                  </Group>
                </Group>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {mail.snippet || mail.subject}
                </Text>
              </UnstyledButton>
            </li>
          );
        })}
      </Stack>
    </Stack>
  );
}
