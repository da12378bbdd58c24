import { HttpError, isNetworkError } from '../http/errors';

/** Which failures are worth another attempt. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. @default 4 */
  maxAttempts?: number;
  /** Status codes that are retried. @default [408, 425, 429, 500, 502, 503, 504] */
  retryOn?: readonly number[];
  /** Retry requests that are not idempotent (POST, PATCH). @default false */
  retryNonIdempotent?: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const DEFAULT_RETRY_ON = [408, 425, 429, 500, 502, 503, 504];

/**
 * Whether to try again after `error` on attempt `attempt` (1-based). A 4xx other than 408, 425 and
 * 429 means the request itself is wrong: sending it again cannot help.
 */
export function shouldRetry(
  error: unknown,
  attempt: number,
  method: string,
  policy: RetryPolicy = {},
): boolean {
  if (attempt >= (policy.maxAttempts ?? 4)) return false;
  if (!IDEMPOTENT.has(method.toUpperCase()) && !policy.retryNonIdempotent) return false;
  if (error instanceof HttpError) return (policy.retryOn ?? DEFAULT_RETRY_ON).includes(error.status);
  return isNetworkError(error);
}
