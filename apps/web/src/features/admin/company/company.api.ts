import { queryOptions } from '@tanstack/react-query';
import type { CompanyProfile, UpdateCompanyRequest } from '@trato/contracts/company';
import { api } from '../../../api/client';

export type { CompanyProfile, UpdateCompanyRequest };

/** The installation's company profile: what mail templates show as the company's fields. */
export const companyQuery = queryOptions({
  queryKey: ['company'],
  queryFn: () => api<CompanyProfile>('/company'),
  staleTime: 5 * 60_000,
});

export const updateCompany = (body: UpdateCompanyRequest) =>
  api<CompanyProfile>('/company', { method: 'PUT', body });
