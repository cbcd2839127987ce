import { useEffect } from 'react';

/** The browser tab says where the user is ("Acme · Trato"). */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Trato` : 'Trato';
  }, [title]);
}
