import { createFileRoute, redirect } from '@tanstack/react-router';
import { meQuery } from '../features/auth/auth.api';
import { LoginForm } from '../features/auth/LoginForm';

/** Only a path on this site is a valid place to come back to (no open redirect). */
const safeRedirect = (value: unknown) =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : undefined;

export const Route = createFileRoute('/login')({
  validateSearch: (raw: Record<string, unknown>): { redirect?: string } => {
    const target = safeRedirect(raw.redirect);
    return target ? { redirect: target } : {};
  },
  beforeLoad: ({ context, search }) => {
    if (context.queryClient.getQueryData(meQuery.queryKey)) throw redirect({ href: search.redirect ?? '/' });
  },
  component: LoginScreen,
});

function LoginScreen() {
  const { redirect: target } = Route.useSearch();
  return <LoginForm redirectTo={target ?? '/'} />;
}
