import { authModule } from './modules/auth/auth.routes.ts';
import type { AppModule } from './platform/module.ts';

/** Every domain module, in the order their routes register. */
export const modules: AppModule[] = [authModule];
