import { createFileRoute } from '@tanstack/react-router';
import { ForecastPage } from '../features/forecast/ForecastPage';
import { validateForecastSearch } from '../features/forecast/forecast-search';

export const Route = createFileRoute('/forecast')({
  validateSearch: validateForecastSearch,
  component: ForecastScreen,
});

function ForecastScreen() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ForecastPage search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
