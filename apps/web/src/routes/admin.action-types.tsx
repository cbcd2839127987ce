import { createFileRoute } from '@tanstack/react-router';
import { ActionTypesAdmin } from '../features/admin/action-types/ActionTypesAdmin';

interface Search {
  /** The action type whose custom fields are shown. */
  fields?: string;
}

export const Route = createFileRoute('/admin/action-types')({
  validateSearch: (search: Record<string, unknown>): Search =>
    typeof search.fields === 'string' && search.fields ? { fields: search.fields } : {},
  component: ActionTypesScreen,
});

function ActionTypesScreen() {
  const { fields } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ActionTypesAdmin
      fieldsOf={fields}
      onFieldsOf={(typeId) => void navigate({ search: typeId ? { fields: typeId } : {}, replace: true })}
    />
  );
}
