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
 * The addresses a mail about these records can go to: the contact's first, then its entity's contacts' (the
 * primary one first), then the entity's own. `initial` is who it goes to unless the user says otherwise: the
 * contact, else the entity's primary contact with an address, else the entity's address (as the server does).
 * `contactFor` tells which contact an address belongs to, so a mail written from an entity to one of its
 * contacts is filed under (and its template speaks to) that contact.
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
    for (const c of contacts.data?.data ?? []) for (const address of c.emails) add(address);
    for (const address of entity.data?.emails ?? []) add(address);
    const primary = contacts.data?.data.find((c) => c.emails.length > 0);
    const initial = contactId ? contact.data?.emails[0] : (primary?.emails[0] ?? entity.data?.emails[0]);
    const contactFor = (address: string | undefined): string | undefined => {
      if (!address) return undefined;
      const same = (a: string) => a.toLowerCase() === address.toLowerCase();
      return contacts.data?.data.find((c) => c.emails.some(same))?.id;
    };
    return { suggestions, initial: initial ? [initial] : [], loading, contactFor };
  }, [contact.data, entity.data, contacts.data, contactId, loading]);
}
