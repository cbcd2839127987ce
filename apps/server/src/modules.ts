import { authModule } from './modules/auth/auth.routes.ts';
import { entitiesModule } from './modules/entities/entities.routes.ts';
import { fieldsModule } from './modules/fields/fields.routes.ts';
import { pickListsModule } from './modules/pick-lists/pick-lists.routes.ts';
import type { AppModule } from './platform/module.ts';

/** Every domain module, in the order their routes register. */
export const modules: AppModule[] = [authModule, pickListsModule, fieldsModule, entitiesModule];
