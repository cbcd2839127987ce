import { actionsModule } from './modules/actions/actions.routes.ts';
import { calendarModule } from './modules/actions/calendar.routes.ts';
import { authModule } from './modules/auth/auth.routes.ts';
import { automationModule } from './modules/automation/automation.routes.ts';
import { caseTypesModule } from './modules/cases/case-types.routes.ts';
import { casesModule } from './modules/cases/cases.routes.ts';
import { productsModule } from './modules/cases/products.routes.ts';
import { companyModule } from './modules/company/company.routes.ts';
import { contactsModule } from './modules/contacts/contacts.routes.ts';
import { emailOptOutsModule } from './modules/email-opt-outs/opt-outs.routes.ts';
import { emailTemplatesModule } from './modules/email-templates/email-templates.routes.ts';
import { emailsModule } from './modules/emails/emails.routes.ts';
import { entitiesModule } from './modules/entities/entities.routes.ts';
import { fieldsModule } from './modules/fields/fields.routes.ts';
import { filesModule } from './modules/files/files.routes.ts';
import { forecastModule } from './modules/forecast/forecast.routes.ts';
import { importsModule } from './modules/imports/case-import.routes.ts';
import { mailAccountsModule } from './modules/mail-accounts/mail-accounts.routes.ts';
import { notesModule } from './modules/notes/notes.routes.ts';
import { pickListsModule } from './modules/pick-lists/pick-lists.routes.ts';
import { openCasesModule } from './modules/reports/open-cases.routes.ts';
import { rolesModule } from './modules/roles/roles.routes.ts';
import { searchModule } from './modules/search/search.routes.ts';
import { teamsModule } from './modules/teams/teams.routes.ts';
import { timelineModule } from './modules/timeline/timeline.routes.ts';
import { usersModule } from './modules/users/users.routes.ts';
import { viewsModule } from './modules/views/views.routes.ts';
import { webhooksModule } from './modules/webhooks/webhooks.routes.ts';
import type { AppModule } from './platform/module.ts';

/** Every domain module, in the order their routes register. */
export const modules: AppModule[] = [
  authModule,
  usersModule,
  teamsModule,
  rolesModule,
  pickListsModule,
  fieldsModule,
  entitiesModule,
  contactsModule,
  timelineModule,
  notesModule,
  filesModule,
  searchModule,
  viewsModule,
  actionsModule,
  calendarModule,
  forecastModule,
  openCasesModule,
  caseTypesModule,
  productsModule,
  casesModule,
  importsModule,
  webhooksModule,
  automationModule,
  mailAccountsModule,
  emailsModule,
  emailTemplatesModule,
  emailOptOutsModule,
  companyModule,
];
