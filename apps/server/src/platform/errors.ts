/** Every error code the API can answer with, and its HTTP status. A code missing here does not compile. */
export const ERROR_STATUS = {
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  version_conflict: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  field: string;
  code: string;
  /** Values for the localised message, e.g. { max: 200 }. */
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly params: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: { issues?: FieldIssue[]; params?: Record<string, unknown>; message?: string } = {},
  ) {
    super(options.message ?? code);
    this.code = code;
    this.issues = options.issues ?? [];
    this.params = options.params ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = () => new AppError('not_found');
export const versionConflict = (current: number) => new AppError('version_conflict', { params: { current } });
export const validationFailed = (issues: FieldIssue[]) => new AppError('validation_failed', { issues });

/** Collects field issues while a service checks input, then throws them all at once. */
export class IssueCollector {
  readonly issues: FieldIssue[] = [];
  add(field: string, code: string, params?: Record<string, unknown>): void {
    this.issues.push(params ? { field, code, params } : { field, code });
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw validationFailed(this.issues);
  }
}

/** A PostgreSQL unique violation on the named index (a race the service's own check could not see). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === constraint;
}
