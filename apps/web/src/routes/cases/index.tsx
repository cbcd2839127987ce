import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { CasesScreen } from '../../features/cases/CasesScreen';
import { validateCasesSearch } from '../../features/cases/cases-search';
import { usePageTitle } from '../../ui/use-page-title';

export const Route = createFileRoute('/cases/')({
  validateSearch: validateCasesSearch,
  component: CasesRoute,
});

function CasesRoute() {
  const { t } = useTranslation('cases');
  usePageTitle(t('title'));
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <CasesScreen search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
