import { HttpError } from '../http/errors';
import type { Clock } from '../util/clock';
import { sleep } from '../util/sleep';
import { type BackoffOptions, backoffDelay, retryAfterMs } from './backoff';
import { type RetryPolicy, shouldRetry } from './retry-policy';

export interface WithRetryOptions extends RetryPolicy {
  backoff?: BackoffOptions;
  clock: Clock;
  /** Called before each wait, for logging. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
}

/** Runs `attempt` until it succeeds, the policy gives up, or the signal aborts. */
export async function withRetry<T>(
  method: string,
  run: (attempt: number) => Promise<T>,
  options: WithRetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (options.signal?.aborted || !shouldRetry(error, attempt, method, options)) throw error;
      const header = error instanceof HttpError ? error.headers.get('retry-after') : null;
      // The server knows its own load better than our guess: its Retry-After wins.
      const delayMs = retryAfterMs(header, options.clock.now()) ?? backoffDelay(attempt, options.backoff);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
