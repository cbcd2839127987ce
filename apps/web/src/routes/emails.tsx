import { createFileRoute } from '@tanstack/react-router';
import { EmailsScreen, validateEmailsSearch } from '../features/emails/EmailsScreen';

export const Route = createFileRoute('/emails')({
  validateSearch: validateEmailsSearch,
  component: EmailsRoute,
});

function EmailsRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <EmailsScreen search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
