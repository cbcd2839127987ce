import { createFileRoute } from '@tanstack/react-router';
import { SequencesAdmin } from '../features/admin/sequences/SequencesAdmin';

export const Route = createFileRoute('/admin/sequences')({
  component: SequencesAdmin,
});
