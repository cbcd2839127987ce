import { createFileRoute } from '@tanstack/react-router';
import { ApiKeys } from '../../features/auth/ApiKeys';

export const Route = createFileRoute('/settings/api-keys')({
  component: ApiKeys,
});
