import { createFileRoute } from '@tanstack/react-router';
import { RolesAdmin } from '../features/admin/roles/RolesAdmin';

export const Route = createFileRoute('/admin/roles')({ component: RolesAdmin });
