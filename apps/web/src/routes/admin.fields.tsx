import { createFileRoute } from '@tanstack/react-router';
import { FIELD_OBJECTS, type FieldObject } from '@trato/contracts/settings';
import { FieldsAdmin } from '../features/admin/fields/FieldsAdmin';

interface Search {
  object?: FieldObject;
}

export const Route = createFileRoute('/admin/fields')({
  validateSearch: (search: Record<string, unknown>): Search =>
    FIELD_OBJECTS.includes(search.object as FieldObject) ? { object: search.object as FieldObject } : {},
  component: FieldsScreen,
});

function FieldsScreen() {
  const { object = 'entity' } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <FieldsAdmin
      object={object}
      onObjectChange={(next) => void navigate({ search: { object: next }, replace: true })}
    />
  );
}
