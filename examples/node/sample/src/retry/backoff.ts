/**
 * How long to wait before the next attempt.
 *
 * Exponential backoff with full jitter (see "Exponential Backoff And Jitter", AWS Architecture Blog):
 * the ceiling doubles with every attempt, from `baseMs` up to `maxMs`, and the actual delay is drawn
 * uniformly between zero and that ceiling. Drawing the whole delay at random, instead of adding a
 * little noise to a fixed one, spreads out clients that all failed at the same moment, so they do not
 * come back at the same moment either.
 */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. @default 200 */
  baseMs?: number;
  /** Largest delay, whatever the attempt. @default 20_000 */
  maxMs?: number;
  /** Growth of the ceiling per attempt. @default 2 */
  factor?: number;
  /** Source of randomness in [0, 1); tests pass a fixed one. @default Math.random */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Required<Omit<BackoffOptions, 'random'>> = {
  baseMs: 200,
  maxMs: 20_000,
  factor: 2,
};

/**
 * The delay in milliseconds before retry number `attempt` (1 for the first retry). Never negative,
 * never above `maxMs`; a `Retry-After` from the server wins over it (see `retryAfterMs`).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer >= 1, not ${attempt}`);
  }
  const { baseMs, maxMs, factor } = { ...DEFAULT_BACKOFF, ...options };
  const random = options.random ?? Math.random;
  // Math.min before multiplying by the random draw: a large attempt number must not overflow to
  // Infinity and then turn into NaN when multiplied by 0.
  const ceiling = Math.min(maxMs, baseMs * factor ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The server's `Retry-After` header in milliseconds: either a number of seconds or an HTTP date.
 * Undefined when absent or unparsable, so the caller falls back to `backoffDelay`.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
