import type { PermissionAction, PermissionObject } from '@trato/contracts/auth';
import type { Locale } from '@trato/contracts/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { AuthContext } from './auth.ts';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldIssue } from './errors.ts';
import { negotiateLocale, translator } from './i18n.ts';

/** What a route needs: nothing (public), a signed-in user, a permission on an object, or admin configuration. */
export type RouteAccess =
  | 'public'
  | 'authenticated'
  | 'configure'
  | { object: PermissionObject; action: PermissionAction };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    locale: Locale;
  }
}

/** The signed-in caller; routes that are not public can rely on it. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

/** Zod issue (as fastify-type-provider-zod passes it) → our field issue with a stable code. */
function fromZodIssue(
  keyword: string,
  path: string,
  params: Record<string, any>,
  message: string,
): FieldIssue[] {
  const field = path.replace(/^\//, '').replaceAll('/', '.');
  switch (keyword) {
    case 'unrecognized_keys':
      return (params.keys as string[]).map((key) => ({
        field: field ? `${field}.${key}` : key,
        code: 'unknown_field',
      }));
    case 'invalid_type':
      return [
        // zod does not pass the input along; its message ends in "received undefined" when it was missing.
        /received undefined$/.test(message)
          ? { field, code: 'required' }
          : { field, code: 'invalid_type', params: { expected: params.expected } },
      ];
    case 'too_big':
      return [
        {
          field,
          code: params.origin === 'string' ? 'too_long' : params.origin === 'array' ? 'too_many' : 'too_big',
          params: { max: params.maximum },
        },
      ];
    case 'too_small':
      if (params.origin === 'string' && params.minimum === 1) return [{ field, code: 'required' }];
      return [
        {
          field,
          code:
            params.origin === 'string' ? 'too_short' : params.origin === 'array' ? 'too_few' : 'too_small',
          params: { min: params.minimum },
        },
      ];
    case 'invalid_format':
      // A pattern check carries our own code as its message (e.g. invalid_key).
      if (params.format === 'regex' && /^[a-z_]+$/.test(message)) return [{ field, code: message }];
      return [
        {
          field,
          code:
            params.format === 'email'
              ? 'invalid_email'
              : params.format === 'url'
                ? 'invalid_url'
                : 'invalid_format',
          params: { format: params.format },
        },
      ];
    case 'invalid_value':
      return [{ field, code: 'invalid_option' }];
    case 'custom':
      return [
        {
          field,
          code: (params.params?.code as string | undefined) ?? 'invalid_value',
          params: params.params,
        },
      ];
    default:
      return [{ field, code: 'invalid_value' }];
  }
}

export function problemBody(
  request: FastifyRequest,
  code: ErrorCode,
  issues: FieldIssue[],
  params: Record<string, unknown> = {},
) {
  const t = translator(request.locale ?? negotiateLocale(request.headers['accept-language']));
  const status = ERROR_STATUS[code];
  return {
    type: `https://trato.dev/problems/${code.replaceAll('_', '-')}`,
    title: t(`problem.${code}`, params),
    status,
    code,
    ...(issues.length > 0 && {
      errors: issues.map((issue) => ({
        field: issue.field,
        code: issue.code,
        message: t(`field.${issue.code}`, { ...issue.params, defaultValue: t('field.invalid_value') }),
      })),
    }),
    request_id: request.id,
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  issues: FieldIssue[] = [],
  params: Record<string, unknown> = {},
) {
  return reply
    .status(ERROR_STATUS[code])
    .type('application/problem+json')
    .send(problemBody(request, code, issues, params));
}

export function errorHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(request, reply, error.code, error.issues, error.params);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError & { validationContext?: string }).validationContext;
    const issues = error.validation.flatMap((v) => {
      const found = fromZodIssue(
        v.keyword,
        v.instancePath,
        v.params as Record<string, unknown>,
        v.message ?? '',
      );
      return context === 'querystring' || context === 'params'
        ? found.map((i) => ({ ...i, field: i.field || context }))
        : found;
    });
    return sendProblem(request, reply, 'validation_failed', issues);
  }
  const fastifyCode = (error as FastifyError).code;
  const status = (error as FastifyError).statusCode ?? 500;
  if (
    fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (error instanceof SyntaxError && status === 400)
  ) {
    return sendProblem(request, reply, 'malformed_request', [{ field: 'body', code: 'malformed_json' }]);
  }
  if (
    status === 413 ||
    fastifyCode === 'FST_REQ_FILE_TOO_LARGE' ||
    fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE'
  ) {
    return sendProblem(request, reply, 'payload_too_large', [], { max: 'limit' });
  }
  if (status === 415 || fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return sendProblem(request, reply, 'unsupported_media_type');
  if (status === 429) {
    return sendProblem(request, reply, 'rate_limited', [], { seconds: reply.getHeader('retry-after') ?? 60 });
  }
  if (status >= 400 && status < 500) return sendProblem(request, reply, 'malformed_request', [], {});
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(request, reply, 'internal');
}
