import { ModalsProvider } from '@mantine/modals';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, Outlet, redirect, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { meQuery } from '../features/auth/auth.api';
import { AppLayout } from '../features/shell/AppLayout';
import { NotFound, RouteError } from '../features/shell/RouteStates';

export interface RouterContext {
  queryClient: QueryClient;
}

/** Every screen but the login needs the signed-in user; without a session, go sign in and come back. */
export const Route = createRootRouteWithContext<RouterContext>()({
  beforeLoad: async ({ context, location }) => {
    if (location.pathname === '/login') return;
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (isApiError(error) && error.status === 401)
        throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
  },
  component: Root,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

/** Modals live inside the router so links in them work. */
function Root() {
  const { t } = useTranslation();
  const bare = useRouterState({ select: (s) => s.location.pathname === '/login' });
  return (
    <ModalsProvider labels={{ confirm: t('common.confirm'), cancel: t('common.cancel') }}>
      {bare ? (
        <Outlet />
      ) : (
        <AppLayout>
          <Outlet />
        </AppLayout>
      )}
    </ModalsProvider>
  );
}
