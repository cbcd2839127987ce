import { Tooltip } from '@mantine/core';
import { formatDateTime, formatRelative } from './format';

/** "hace 3 horas", with the exact date and time on hover and for screen readers. */
export function RelativeTime({ value, short }: { value: string; short?: boolean }) {
  const exact = formatDateTime(value);
  return (
    <Tooltip label={exact} openDelay={300} events={{ hover: true, focus: true, touch: true }}>
      <time dateTime={value}>{formatRelative(value, { short: Boolean(short) })}</time>
    </Tooltip>
  );
}
