import { createFileRoute } from '@tanstack/react-router';
import { entityQuery } from '../../../features/entities/entities.api';
import { MergeEntities } from '../../../features/entities/MergeEntities';
import { RecordSkeleton } from '../../../ui/RecordSkeleton';

export const Route = createFileRoute('/entities/$id/merge')({
  loader: ({ context, params }) => context.queryClient.ensureQueryData(entityQuery(params.id)),
  pendingComponent: RecordSkeleton,
  component: MergeScreen,
});

function MergeScreen() {
  const { id } = Route.useParams();
  return <MergeEntities id={id} />;
}
