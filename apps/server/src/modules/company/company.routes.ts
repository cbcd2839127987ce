import { CompanyProfile, UpdateCompanyRequest } from '@trato/contracts/company';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { getCompanyProfile, updateCompanyProfile } from './company.service.ts';

const tags = ['company'];

export const companyModule: AppModule = {
  name: 'company',
  routes(app, { db }) {
    app.get(
      '/company',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: "The installation's company profile (what templates show as {{ company.* }})",
          response: { 200: CompanyProfile },
        },
      },
      async () => getCompanyProfile(db),
    );
    app.put(
      '/company',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Replace the company profile (send the version read; 0 for the first save)',
          body: UpdateCompanyRequest,
          response: { 200: CompanyProfile },
        },
      },
      async (request) => updateCompanyProfile(db, authOf(request), request.body),
    );
  },
};
