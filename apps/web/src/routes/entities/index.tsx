import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EntityList } from '../../features/entities/EntityList';
import { validateListSearch } from '../../ui/list/list-search';
import { usePageTitle } from '../../ui/use-page-title';

export const Route = createFileRoute('/entities/')({
  validateSearch: validateListSearch,
  component: EntitiesScreen,
});

function EntitiesScreen() {
  const { t } = useTranslation();
  usePageTitle(t('entity.plural'));
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <EntityList search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
