import { createFileRoute } from '@tanstack/react-router';
import { MailAccountsAdmin } from '../features/mail-accounts/MailAccountsAdmin';

export const Route = createFileRoute('/admin/mail-accounts')({
  component: MailAccountsAdmin,
});
