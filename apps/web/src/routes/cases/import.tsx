import { createFileRoute } from '@tanstack/react-router';
import { CaseImport } from '../../features/imports/CaseImport';
import { validateImportSearch } from '../../features/imports/import-search';

export const Route = createFileRoute('/cases/import')({
  validateSearch: validateImportSearch,
  component: CaseImportScreen,
});

function CaseImportScreen() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <CaseImport search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
