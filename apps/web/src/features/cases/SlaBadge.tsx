import { Badge, Tooltip } from '@mantine/core';
import { IconAlarm, IconCircleCheck, IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { useNow } from '../actions/use-now';
import { ColorBadge } from './ColorBadge';
import { formatDuration } from './case-format';
import type { Case } from './cases.api';

type Sla = Case['sla'];

/** The share of the time left under which a target is "at risk" (the server's rule: 20 %). */
const AT_RISK = 0.2;

interface Deadline {
  kind: 'first_response' | 'resolution';
  due: string;
}

/** The next target the case must meet: the first response while there is none, then the resolution. */
function nextDeadline(sla: Sla): Deadline | null {
  if (!sla.first_response_at && sla.first_response_due_at)
    return { kind: 'first_response', due: sla.first_response_due_at };
  if (sla.resolution_due_at) return { kind: 'resolution', due: sla.resolution_due_at };
  return null;
}

/**
 * The SLA countdown of a service case: "Vence en 3 h 20 min", "Incumplido hace 2 h", "SLA cumplido". It
 * ticks every 30 seconds; the exact due time is on hover. Text, icon and colour say the same thing.
 */
export function SlaBadge({
  sla,
  openedAt,
  size = 'sm',
}: {
  sla: Sla;
  openedAt?: string;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation('cases');
  const now = useNow(30_000);
  if (sla.state === 'none') return null;
  if (sla.state === 'met')
    return (
      <ColorBadge size={size} color="teal" leftSection={<IconCircleCheck size={12} aria-hidden />}>
        {t('sla.met')}
      </ColorBadge>
    );
  const deadline = nextDeadline(sla);
  const breachedAt =
    sla.breached_at ?? (deadline && Date.parse(deadline.due) <= now.getTime() ? deadline.due : null);
  if (breachedAt) {
    const ago = formatDuration((now.getTime() - Date.parse(breachedAt)) / 1000);
    return (
      <Tooltip label={t('sla.breached_at', { when: formatDateTime(breachedAt) })} events={TOOLTIP_EVENTS}>
        <Badge
          size={size}
          color="red"
          variant="filled"
          leftSection={<IconClockExclamation size={12} aria-hidden />}
          tabIndex={0}
        >
          {t('sla.breached_ago', { duration: ago })}
        </Badge>
      </Tooltip>
    );
  }
  if (!deadline) return null;
  const left = (Date.parse(deadline.due) - now.getTime()) / 1000;
  const total = openedAt ? (Date.parse(deadline.due) - Date.parse(openedAt)) / 1000 : 0;
  const atRisk = sla.state === 'at_risk' || (total > 0 && left / total < AT_RISK);
  const text = t(deadline.kind === 'first_response' ? 'sla.respond_in' : 'sla.due_in', {
    duration: formatDuration(left),
  });
  return (
    <Tooltip label={t('sla.due_at', { when: formatDateTime(deadline.due) })} events={TOOLTIP_EVENTS}>
      <ColorBadge
        size={size}
        color={atRisk ? 'orange' : 'gray'}
        leftSection={<IconAlarm size={12} aria-hidden />}
        tabIndex={0}
      >
        {atRisk ? `${t('sla.at_risk')} · ${text}` : text}
      </ColorBadge>
    </Tooltip>
  );
}

const TOOLTIP_EVENTS = { hover: true, focus: true, touch: true };
