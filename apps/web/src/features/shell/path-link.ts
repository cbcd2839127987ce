import { useRouter } from '@tanstack/react-router';
import type { MouseEvent } from 'react';

/** The admin screens are their own module (routes/admin*); the shell links to them by path. */
export const ADMIN_PATH = '/admin';

/**
 * Props for an anchor to a path the router may not know at compile time: a real href (new tab works),
 * and a client-side navigation on a plain click.
 */
export function usePathLink() {
  const router = useRouter();
  return (href: string) => ({
    component: 'a' as const,
    href,
    onClick: (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      router.history.push(href);
    },
  });
}
