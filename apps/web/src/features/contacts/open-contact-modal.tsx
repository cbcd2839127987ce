import { modals } from '@mantine/modals';
import i18n from '../../i18n';
import { ContactForm } from './ContactForm';
import type { Contact } from './contacts.api';

/** The contact form in a modal (focus is trapped and returned by Mantine). */
export function openContactModal({
  contact,
  entityId,
  onSaved,
}: {
  contact?: Contact;
  entityId?: string;
  onSaved?: (contact: Contact) => void;
}) {
  const id = modals.open({
    title: contact ? i18n.t('contact.edit_title', { name: contact.full_name }) : i18n.t('contact.new'),
    size: 'lg',
    children: (
      <ContactForm
        {...(contact ? { contact } : {})}
        {...(entityId ? { entityId } : {})}
        onSaved={(saved) => {
          modals.close(id);
          onSaved?.(saved);
        }}
        onCancel={() => modals.close(id)}
      />
    ),
  });
}
