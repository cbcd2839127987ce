import { createFileRoute } from '@tanstack/react-router';
import { CaseRecord } from '../../features/cases/CaseRecord';
import { caseQuery } from '../../features/cases/cases.api';
import { RecordSkeleton } from '../../ui/RecordSkeleton';

export const Route = createFileRoute('/cases/$id')({
  loader: ({ context, params }) => context.queryClient.ensureQueryData(caseQuery(params.id)),
  pendingComponent: RecordSkeleton,
  component: CaseScreen,
});

function CaseScreen() {
  const { id } = Route.useParams();
  return <CaseRecord id={id} />;
}
