import { createFileRoute } from '@tanstack/react-router';
import { ContactRecord } from '../../features/contacts/ContactRecord';
import { contactQuery } from '../../features/contacts/contacts.api';
import { RecordSkeleton } from '../../ui/RecordSkeleton';

export const Route = createFileRoute('/contacts/$id')({
  loader: ({ context, params }) => context.queryClient.ensureQueryData(contactQuery(params.id)),
  pendingComponent: RecordSkeleton,
  component: ContactScreen,
});

function ContactScreen() {
  const { id } = Route.useParams();
  return <ContactRecord id={id} />;
}
