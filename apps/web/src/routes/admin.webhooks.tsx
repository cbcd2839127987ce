import { createFileRoute } from '@tanstack/react-router';
import { WebhooksAdmin } from '../features/admin/webhooks/WebhooksAdmin';

export const Route = createFileRoute('/admin/webhooks')({
  component: WebhooksAdmin,
});
