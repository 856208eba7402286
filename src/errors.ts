/**
 * The one error type services raise. Its code is the closed list of `extensions.code` values the API documents;
 * `formatError` in the graphql layer maps it, and masks everything else as INTERNAL_SERVER_ERROR.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

export function badInput(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('BAD_USER_INPUT', message, details === undefined ? {} : { details });
}

export function notFound(message: string): AppError {
  return new AppError('NOT_FOUND', message);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
