import { createFileRoute } from '@tanstack/react-router';
import { CalendarSettings } from '../../features/calendar-feed/CalendarSettings';

export const Route = createFileRoute('/settings/calendar')({
  component: CalendarSettings,
});
