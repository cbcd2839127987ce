import i18n from '../i18n';

export const API_BASE = '/api/v1';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** A problem+json answer from the API; `title` and field messages are already in the user's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    errors?: FieldError[];
    requestId?: string;
  }) {
    super(init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

let csrfToken: string | null = null;
/** The session's CSRF token, from GET /auth/me or the login answer; sent back on every write. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

let onUnauthorized: () => void = () => {};
/** What to do when the session is gone (the app sends the user to /login). */
export const setUnauthorizedHandler = (handler: () => void) => {
  onUnauthorized = handler;
};

type Query = Record<string, string | number | boolean | string[] | null | undefined>;

export function buildQuery(query: Query | URLSearchParams | undefined): string {
  if (!query) return '';
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query | URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not jump to /login on 401 (the login form and the first GET /auth/me handle it themselves). */
  allowUnauthenticated?: boolean;
}

const headersFor = (method: string, hasJson: boolean): Record<string, string> => {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language || 'es',
  };
  if (hasJson) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
};

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as Partial<{
        code: string;
        title: string;
        errors: FieldError[];
        request_id: string;
      }>;
      return new ApiError({
        status: response.status,
        code: problem.code ?? 'http_error',
        title: problem.title ?? response.statusText,
        errors: problem.errors ?? [],
        ...(problem.request_id ? { requestId: problem.request_id } : {}),
      });
    } catch {
      // fall through: a broken body still reports the status
    }
  }
  return new ApiError({ status: response.status, code: 'http_error', title: response.statusText || 'Error' });
}

async function send(path: string, options: RequestOptions, body: BodyInit | undefined, json: boolean) {
  const method = options.method ?? 'GET';
  const response = await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, {
    method,
    credentials: 'same-origin',
    headers: headersFor(method, json),
    body: body ?? null,
    signal: options.signal ?? null,
  });
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.allowUnauthenticated) onUnauthorized();
    throw error;
  }
  return response;
}

/** JSON in, JSON out. A 204 answers `undefined`. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const hasBody = options.body !== undefined;
  const response = await send(path, options, hasBody ? JSON.stringify(options.body) : undefined, hasBody);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Multipart upload (files, vCards). */
export async function upload<T>(path: string, form: FormData, options: Omit<RequestOptions, 'body'> = {}) {
  const response = await send(path, { ...options, method: options.method ?? 'POST' }, form, false);
  return (await response.json()) as T;
}

/** Downloads a file the API streams (CSV, vCard) and hands it to the browser with its own name. */
export async function download(path: string, query?: Query | URLSearchParams, fallbackName = 'download') {
  const response = await send(path, { query }, undefined, false);
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A URL the browser can open directly (same-origin cookie), for links such as vCard or file downloads. */
export const apiUrl = (path: string, query?: Query) => `${API_BASE}${path}${buildQuery(query)}`;
