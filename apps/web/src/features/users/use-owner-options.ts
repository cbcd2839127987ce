import { useMemo } from 'react';
import { useMe } from '../auth/auth.api';
import { useUsers } from './users.api';

/**
 * Owners a picker offers: the active users, the current owner (even if inactive or not listed) and always
 * the signed-in user, so "assign to me" works even when the user list cannot be read.
 */
export function useOwnerOptions(current?: { id: string; name: string } | null) {
  const users = useUsers();
  const me = useMe();
  return useMemo(() => {
    const options = users.options(current?.id);
    const add = (id: string, label: string) => {
      if (!options.some((o) => o.value === id)) options.push({ value: id, label });
    };
    add(me.id, me.name);
    if (current) add(current.id, current.name);
    return options;
  }, [users, me.id, me.name, current?.id, current?.name, current]);
}
