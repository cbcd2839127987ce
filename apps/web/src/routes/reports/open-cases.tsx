import { createFileRoute } from '@tanstack/react-router';
import { OpenCasesReport } from '../../features/reports/OpenCasesReport';
import { validateListSearch } from '../../ui/list/list-search';

export const Route = createFileRoute('/reports/open-cases')({
  validateSearch: validateListSearch,
  component: OpenCasesScreen,
});

function OpenCasesScreen() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <OpenCasesReport
      search={search}
      onSearchChange={(next) => void navigate({ search: next, replace: true })}
    />
  );
}
