import { createFileRoute } from '@tanstack/react-router';
import { Agenda } from '../features/agenda/Agenda';
import { validateAgendaSearch } from '../features/agenda/agenda-search';

export const Route = createFileRoute('/agenda')({
  validateSearch: validateAgendaSearch,
  component: AgendaScreen,
});

function AgendaScreen() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <Agenda search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />;
}
