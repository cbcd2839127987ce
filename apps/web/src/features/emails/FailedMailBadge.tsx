import { Badge, Indicator } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { failedCountQuery } from './emails.api';

/** The number of mails that could not be sent, next to "Correo" in the navigation: a failure is never silent. */
export function FailedMailBadge() {
  const { t } = useTranslation();
  const { data } = useQuery(failedCountQuery);
  if (!data || data.count === 0) return null;
  const count = data.more ? '99+' : String(data.count);
  return (
    <Badge
      size="sm"
      color="red"
      variant="filled"
      circle={data.count < 10}
      aria-label={t('nav.mail_failed', { count: data.more ? 100 : data.count })}
      data-failed-mail={count}
    >
      {count}
    </Badge>
  );
}

/** A red dot on "Más" (phones): some mail could not be sent, and "Correo" inside says how much. */
export function FailedMailIndicator({ children }: { children: ReactNode }) {
  const { data } = useQuery(failedCountQuery);
  return (
    <Indicator
      color="red"
      size={10}
      offset={3}
      disabled={!data || data.count === 0}
      withBorder
      style={{ display: 'flex' }}
    >
      {children}
    </Indicator>
  );
}
