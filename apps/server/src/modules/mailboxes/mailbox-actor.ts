import type { AuthContext } from '../../platform/auth.ts';
import { ALL_ACTIONS } from '../../platform/permissions.ts';

const EVERYTHING = { actions: ALL_ACTIONS, scope: 'all' as const };

/**
 * Who writes what a mailbox creates (leads, contacts, cases) through the other modules' services: the
 * system, which sees every record. For a personal mailbox it acts as its user (created_by, event actor); for
 * a shared one as nobody, so created_by and the events' actor stay null (the columns allow it) rather than
 * crediting a person who did nothing.
 */
export function mailboxActor(userId: string | null): AuthContext {
  return {
    // The services only store this id (created_by, actor_id) and compare it with owner columns; null is stored
    // as null, and the scope 'all' below never compares it.
    userId: userId as string,
    name: 'Trato',
    email: '',
    locale: null,
    timeZone: 'Europe/Madrid',
    roleId: '',
    roleKey: 'system',
    permissions: {
      objects: { entities: EVERYTHING, contacts: EVERYTHING, actions: EVERYTHING, cases: EVERYTHING },
      configure: false,
    },
    teamIds: [],
    via: 'api_key',
    sessionId: null,
    csrfToken: null,
  };
}
