import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { modules } from './modules.ts';
import { authenticate, forgetCachedAuth, SESSION_COOKIE } from './platform/auth.ts';
import { AppError } from './platform/errors.ts';
import { errorHandler, sendProblem } from './platform/http.ts';
import { negotiateLocale } from './platform/i18n.ts';
import { configureMailSender } from './platform/mail.ts';
import type { App, AppModule, ModuleDeps } from './platform/module.ts';
import { findNulCharacters } from './platform/nul-guard.ts';
import { can } from './platform/permissions.ts';
import { configureSecrets } from './platform/secrets.ts';

const WEB_DIST = new URL('../../web/dist/', import.meta.url);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ACCESS_PATHS = /^\/api\/v1\/(auth|users|teams|roles|api-keys)(\/|\?|$)/;

export interface BuildOptions {
  logger?: boolean | object;
  modules?: AppModule[];
  /** Serve the built web app when it exists (off in API tests). */
  serveWeb?: boolean;
}

/** Builds the HTTP app from the module list. No business logic lives here. */
export async function buildApp(deps: ModuleDeps, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Only named proxies may set the client address; otherwise X-Forwarded-For would dodge the login rate limit.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    requestIdHeader: 'x-request-id',
    ajv: undefined,
  }).withTypeProvider() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'es');
  configureMailSender(deps.config.mailFrom, deps.config.publicUrl ?? `http://localhost:${deps.config.port}`);
  configureSecrets({ secretKey: deps.config.secretKey, dataDir: deps.config.dataDir, log: app.log });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: 60_000,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.auth?.userId ?? request.ip,
    hook: 'preHandler',
  });
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trato API',
        version: '1.0.0',
        description:
          'REST API of Trato, the open-source CRM. Lists take limit, cursor, sort and filter[field][op]=value.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made at /api/v1/api-keys' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (request, reply) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
    if (/%00/i.test(request.url))
      return sendProblem(request, reply, 'malformed_request', [{ field: 'query', code: 'nul_character' }]);
    const access = request.routeOptions.config?.access;
    if (!request.url.startsWith('/api/') || access === undefined || access === 'public') return;
    const authorization = request.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const auth = await authenticate(deps.db, {
      bearer,
      sessionToken: bearer ? undefined : request.cookies[SESSION_COOKIE],
    });
    if (!auth) return sendProblem(request, reply, 'unauthenticated');
    request.auth = auth;
    if (!request.headers['accept-language'] && auth.locale) request.locale = auth.locale;
    // Cookie-authenticated writes must echo the session's CSRF token; API keys are not sent by browsers.
    if (auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || token !== auth.csrfToken)
        return sendProblem(request, reply, 'csrf_failed');
    }
    if (access === 'configure' && !auth.permissions.configure)
      return sendProblem(request, reply, 'forbidden');
    if (typeof access === 'object' && !can(auth, access.object, access.action))
      return sendProblem(request, reply, 'forbidden');
  });

  // A change to who may do what must be seen by the very next request: drop remembered sessions and keys.
  app.addHook('onSend', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400 && ACCESS_PATHS.test(request.url)) {
      forgetCachedAuth();
    }
  });

  app.addHook('preValidation', async (request) => {
    if (request.body && typeof request.body === 'object') {
      const issues = findNulCharacters(request.body);
      if (issues.length > 0) throw new AppError('validation_failed', { issues });
    }
  });

  app.addHook('onRoute', (route) => {
    if (
      route.url.startsWith('/api/') &&
      route.config?.access === undefined &&
      !route.url.startsWith('/api/docs')
    ) {
      throw new Error(`Route ${route.method} ${route.url} does not declare its access`);
    }
  });

  for (const module of options.modules ?? modules) {
    await app.register(
      async (scoped) => {
        module.routes(scoped as unknown as App, deps);
      },
      { prefix: '/api/v1' },
    );
  }

  app.get('/api/health', { config: { access: 'public' }, schema: { hide: true } }, async () => {
    await deps.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    return { status: 'ok', database: deps.dbKind };
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(scalar, { routePrefix: '/api/docs', configuration: { url: '/api/openapi.json' } });

  // The built web app, with every unknown GET path answered by index.html (client-side routes).
  const webRoot = WEB_DIST.pathname;
  const serveWeb = options.serveWeb !== false && existsSync(webRoot);
  if (serveWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler(async (request, reply) => {
    if (!serveWeb || request.url.startsWith('/api/') || request.method !== 'GET') {
      return sendProblem(request, reply, 'not_found');
    }
    return reply.type('text/html').sendFile('index.html', webRoot);
  });

  return app;
}
