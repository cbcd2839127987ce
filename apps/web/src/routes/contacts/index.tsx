import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ContactList } from '../../features/contacts/ContactList';
import { validateListSearch } from '../../ui/list/list-search';
import { usePageTitle } from '../../ui/use-page-title';

export const Route = createFileRoute('/contacts/')({
  validateSearch: validateListSearch,
  component: ContactsScreen,
});

function ContactsScreen() {
  const { t } = useTranslation();
  usePageTitle(t('contact.plural'));
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ContactList search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
