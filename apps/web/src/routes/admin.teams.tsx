import { createFileRoute } from '@tanstack/react-router';
import { TeamsAdmin } from '../features/admin/teams/TeamsAdmin';

export const Route = createFileRoute('/admin/teams')({ component: TeamsAdmin });
