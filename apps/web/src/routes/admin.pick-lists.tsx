import { createFileRoute } from '@tanstack/react-router';
import type { PickListName } from '@trato/contracts/settings';
import { PICK_LIST_TABS, PickListsAdmin } from '../features/admin/pick-lists/PickListsAdmin';

interface Search {
  list?: PickListName;
}

export const Route = createFileRoute('/admin/pick-lists')({
  validateSearch: (search: Record<string, unknown>): Search =>
    PICK_LIST_TABS.includes(search.list as PickListName) ? { list: search.list as PickListName } : {},
  component: PickListsScreen,
});

function PickListsScreen() {
  const { list = PICK_LIST_TABS[0]! } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <PickListsAdmin
      list={list}
      onListChange={(next) => void navigate({ search: { list: next }, replace: true })}
    />
  );
}
