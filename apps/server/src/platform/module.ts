import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database, DatabaseKind } from '../db/connection.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ModuleDeps {
  db: Database;
  dbKind: DatabaseKind;
  config: Config;
}

/** A domain module: registers its routes under /api/v1. Listed in modules.ts. */
export interface AppModule {
  name: string;
  routes(app: App, deps: ModuleDeps): void;
}
