import { createFileRoute } from '@tanstack/react-router';
import { EntityRecord } from '../../../features/entities/EntityRecord';
import { entityQuery } from '../../../features/entities/entities.api';
import { RecordSkeleton } from '../../../ui/RecordSkeleton';

export const Route = createFileRoute('/entities/$id/')({
  loader: ({ context, params }) => context.queryClient.ensureQueryData(entityQuery(params.id)),
  pendingComponent: RecordSkeleton,
  component: EntityScreen,
});

function EntityScreen() {
  const { id } = Route.useParams();
  return <EntityRecord id={id} />;
}
