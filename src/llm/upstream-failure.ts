import { AppError } from '../errors.js';

/**
 * Sorting an error from the OpenAI client (as re-thrown by LangChain) into "worth another attempt" or not, and into
 * the AppError the API reports. The language model is a dependency the caller cannot fix, so every failure of it is
 * UPSTREAM_UNAVAILABLE; the message and details say which kind.
 */
export type UpstreamFailure = { retryable: boolean; reason: string; status: number | undefined };

/** Thrown into a request that made no progress for the configured time. */
export class UpstreamTimeoutError extends Error {
  override name = 'UpstreamTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no response from the language model within ${timeoutMs} ms`);
  }
}

export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const reason = error instanceof Error ? error.message : String(error);
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (typeof status === 'number') {
    const code = (error as { code?: unknown }).code;
    // A 429 for an exhausted quota will not clear by waiting; OpenAI marks it with this code.
    const retryable = (status === 429 && code !== 'insufficient_quota') || status === 408 || status >= 500;
    return { retryable, reason, status };
  }
  // LangChain renames the client's timeout error to TimeoutError; connection failures keep the client's class.
  const name = error instanceof Error ? error.name : '';
  const className = error instanceof Error ? error.constructor.name : '';
  const retryable = error instanceof UpstreamTimeoutError || name === 'TimeoutError' || className.startsWith('APIConnection');
  return { retryable, reason, status: undefined };
}

export function upstreamError(
  failure: UpstreamFailure,
  { attempts, what, cause, interrupted = false }: { attempts: number; what: string; cause: unknown; interrupted?: boolean },
): AppError {
  const kind = interrupted
    ? 'broke off mid-answer'
    : failure.status === 429
      ? 'rate-limited the request'
      : failure.status !== undefined
        ? `answered with status ${failure.status}`
        : cause instanceof UpstreamTimeoutError
          ? 'timed out'
          : 'could not be reached';
  const tries = attempts === 1 ? '' : ` (${attempts} attempts)`;
  return new AppError('UPSTREAM_UNAVAILABLE', `the language model ${kind} while ${what}${tries}: ${failure.reason}`, {
    cause,
    details: { attempts, interrupted, ...(failure.status === undefined ? {} : { status: failure.status }) },
  });
}
