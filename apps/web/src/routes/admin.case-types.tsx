import { createFileRoute } from '@tanstack/react-router';
import { DETAIL_TABS, type DetailTab } from '../features/admin/case-types/CaseTypeDetail';
import { CaseTypesAdmin } from '../features/admin/case-types/CaseTypesAdmin';

interface Search {
  /** The case type whose statuses or fields are shown. */
  type?: string;
  /** Which of them: its statuses (default) or its custom fields. */
  tab?: DetailTab;
}

export const Route = createFileRoute('/admin/case-types')({
  validateSearch: (search: Record<string, unknown>): Search => ({
    ...(typeof search.type === 'string' && search.type ? { type: search.type } : {}),
    ...((DETAIL_TABS as readonly unknown[]).includes(search.tab) && search.tab !== 'statuses'
      ? { tab: search.tab as DetailTab }
      : {}),
  }),
  component: CaseTypesScreen,
});

function CaseTypesScreen() {
  const { type, tab } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <CaseTypesAdmin
      typeId={type}
      tab={tab ?? 'statuses'}
      onSelect={(typeId, next) =>
        void navigate({
          search: { ...(typeId ? { type: typeId } : {}), ...(next !== 'statuses' ? { tab: next } : {}) },
          replace: true,
        })
      }
    />
  );
}
