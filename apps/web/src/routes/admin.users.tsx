import { createFileRoute } from '@tanstack/react-router';
import { UsersAdmin } from '../features/admin/users/UsersAdmin';

export const Route = createFileRoute('/admin/users')({ component: UsersAdmin });
