import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { contactQuery, entityContactsQuery } from '../contacts/contacts.api';
import { entityQuery } from '../entities/entities.api';

export interface RecordRefs {
  entityId?: string | undefined;
  contactId?: string | undefined;
  caseId?: string | undefined;
}

/**
 * The addresses a mail about these records can go to: the contact's first, then the entity's own, then its
 * contacts' (the primary one first). `initial` is who it goes to unless the user says otherwise: the contact,
 * else the entity's address, else its primary contact's.
 */
export function useRecipients({ entityId, contactId }: RecordRefs) {
  const contact = useQuery({ ...contactQuery(contactId ?? ''), enabled: Boolean(contactId) });
  const entity = useQuery({ ...entityQuery(entityId ?? ''), enabled: Boolean(entityId) });
  const contacts = useQuery({ ...entityContactsQuery(entityId ?? ''), enabled: Boolean(entityId) });
  const loading =
    (Boolean(contactId) && contact.isPending) ||
    (Boolean(entityId) && (entity.isPending || contacts.isPending));
  return useMemo(() => {
    const suggestions: string[] = [];
    const add = (address: string | undefined) => {
      if (address && !suggestions.some((s) => s.toLowerCase() === address.toLowerCase()))
        suggestions.push(address);
    };
    for (const address of contact.data?.emails ?? []) add(address);
    for (const address of entity.data?.emails ?? []) add(address);
    for (const c of contacts.data?.data ?? []) for (const address of c.emails) add(address);
    const primary = contacts.data?.data.find((c) => c.emails.length > 0);
    const initial = contactId ? contact.data?.emails[0] : (entity.data?.emails[0] ?? primary?.emails[0]);
    return { suggestions, initial: initial ? [initial] : [], loading };
  }, [contact.data, entity.data, contacts.data, contactId, loading]);
}
