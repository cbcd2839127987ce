import { createFileRoute } from '@tanstack/react-router';
import { AutomationAdmin } from '../features/admin/automation/AutomationAdmin';

export const Route = createFileRoute('/admin/automation/')({
  component: AutomationAdmin,
});
