import {
  ApiKey,
  ChangePasswordRequest,
  CreateApiKeyRequest,
  CreatedApiKey,
  LoginRequest,
  Me,
  UpdateMeRequest,
} from '@trato/contracts/auth';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import { SESSION_COOKIE, SESSION_DAYS } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './auth.service.ts';

export const authModule: AppModule = {
  name: 'auth',
  routes(app, deps) {
    const { db, config } = deps;
    // The fastify plugin runs one limit per request, so the address's own limit is checked by hand.
    const triesFromAddress = app.createRateLimit({
      max: 100,
      timeWindow: '1 minute',
      keyGenerator: (r) => r.ip,
    });

    app.post(
      '/auth/login',
      {
        config: {
          access: 'public',
          // Guessing one account's password: 10 tries a minute from an address. Colleagues behind one office
          // address each have their own 10; spraying many accounts meets the address's 100 below.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            keyGenerator: (r) =>
              `${r.ip} ${String((r.body as { email?: unknown } | undefined)?.email).toLowerCase()}`,
          },
        },
        async preHandler(request, reply) {
          const limit = await triesFromAddress(request);
          if (limit.isAllowed || !limit.isExceeded) return;
          reply.header('retry-after', limit.ttlInSeconds);
          throw new AppError('rate_limited', { params: { seconds: limit.ttlInSeconds } });
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets an HttpOnly session cookie',
          security: [{}],
          body: LoginRequest,
          response: { 200: Me },
        },
      },
      async (request, reply) => {
        const { token, me } = await service.login(db, request.body, request.headers['user-agent'] ?? null);
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          maxAge: SESSION_DAYS * 86_400,
        });
        return me;
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await service.logout(db, authOf(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, role and permissions',
          response: { 200: Me },
        },
      },
      async (request) => service.me(db, authOf(request)),
    );

    app.patch(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Change your name, language or time zone',
          body: UpdateMeRequest,
          response: { 200: Me },
        },
      },
      async (request) => service.updateMe(db, authOf(request), request.body),
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Change your password (ends your other sessions)',
          body: ChangePasswordRequest,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.changePassword(db, authOf(request), request.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api-keys',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['api-keys'],
          summary: 'Your API keys',
          response: { 200: z.object({ data: z.array(ApiKey).max(1000) }) },
        },
      },
      async (request) => ({ data: await service.listApiKeys(db, authOf(request)) }),
    );

    app.post(
      '/api-keys',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['api-keys'],
          summary: 'Create an API key; the key is shown once. It acts with your permissions.',
          body: CreateApiKeyRequest,
          response: { 201: CreatedApiKey },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createApiKey(db, authOf(request), request.body)),
    );

    app.delete(
      '/api-keys/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['api-keys'],
          summary: 'Revoke an API key',
          params: z.object({ id }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.revokeApiKey(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
