import { createFileRoute } from '@tanstack/react-router';
import { CompanyAdmin } from '../features/admin/company/CompanyAdmin';

export const Route = createFileRoute('/admin/company')({
  component: CompanyAdmin,
});
