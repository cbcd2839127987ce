import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { panelQuery } from '../features/actions/actions.api';
import { ControlPanel } from '../features/panel/ControlPanel';
import { panelParams, validatePanelSearch } from '../features/panel/panel-search';
import { usePageTitle } from '../ui/use-page-title';

/** The control panel: the first screen after login. */
export const Route = createFileRoute('/')({
  validateSearch: validatePanelSearch,
  loaderDeps: ({ search }) => search,
  // Start fetching while the route code loads; the screen shows its own skeleton meanwhile.
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(panelQuery(panelParams(deps, 50)));
  },
  component: PanelScreen,
});

function PanelScreen() {
  const { t } = useTranslation();
  usePageTitle(t('nav.panel'));
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ControlPanel search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />
  );
}
