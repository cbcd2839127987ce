import { createFileRoute } from '@tanstack/react-router';
import { EmailTemplatesAdmin } from '../features/admin/email-templates/EmailTemplatesAdmin';

export const Route = createFileRoute('/admin/email-templates/')({
  component: EmailTemplatesAdmin,
});
