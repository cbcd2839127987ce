import { Badge } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClock, IconInbox, IconLoader2, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EmailStatus } from './emails.api';

// Light badges with the darkest shade of their colour as text: 4.5:1 on the tinted background.
const LOOK = {
  queued: { color: 'blue', icon: IconClock },
  sending: { color: 'blue', icon: IconLoader2 },
  sent: { color: 'teal', icon: IconCheck },
  failed: { color: 'red', icon: IconAlertTriangle },
  cancelled: { color: 'gray', icon: IconX },
  received: { color: 'violet', icon: IconInbox },
} as const satisfies Record<EmailStatus, unknown>;

/** Where a mail stands, in words and colour (never colour alone). */
export function EmailStatusBadge({ status, size = 'sm' }: { status: EmailStatus; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation('emails');
  const look = LOOK[status];
  return (
    <Badge
      size={size}
      variant="light"
      color={look.color}
      c={`${look.color}.9`}
      tt="none"
      fw={600}
      leftSection={<look.icon size={12} aria-hidden />}
      style={{ flexShrink: 0 }}
      data-email-status={status}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
