// Errors carry a code (what went wrong, for code and logs) and a cause (what underlay it).
// They end in one place: `reportError` (core/log.ts) logs them once; the edges turn them into
// a user-facing answer (the router's notice card) or an HTTP status at the edges.

export const ErrorCode = {
  ConfigInvalid: 'config_invalid',
  DatabaseUnavailable: 'database_unavailable',
  MigrationFailed: 'migration_failed',
  BadRequest: 'bad_request',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  NotInDirectory: 'not_in_directory',
  InvalidInput: 'invalid_input',
  Conflict: 'conflict',
  RateLimited: 'rate_limited',
  PlatformRefused: 'platform_refused',
  PlatformUnavailable: 'platform_unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What to tell the person: a message key of the notice card (`notice.<key>`) and its values. */
export interface Notice {
  key: string;
  params?: Record<string, string | number>;
  /** A way on from here: a button running `verb` (no inputs), titled by the string at `title`. */
  action?: { verb: string; title: string };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Seconds the caller should wait before trying again (rate limits). */
  readonly retryAfter: number | undefined;
  /** Extra, non-secret facts for logs (never tokens or survey answers). */
  readonly details: Record<string, unknown> | undefined;
  /** The answer a person gets for this refusal (else one chosen by code). */
  readonly notice: Notice | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryAfter?: number; details?: Record<string, unknown>; notice?: Notice } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
    this.notice = options.notice;
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/** Wraps anything thrown into an AppError, keeping the original as the cause. */
export function toAppError(e: unknown, fallback: ErrorCode = ErrorCode.Internal): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AppError(fallback, message, { cause: e });
}
