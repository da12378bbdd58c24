import { backoffDelay, retryAfterMs } from '../src/retry/backoff';

/** Plain assertions, so the sample needs no test runner to typecheck. */
function expectEqual(actual: unknown, expected: unknown, what: string) {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

const top = () => 0.999999;
expectEqual(backoffDelay(1, { random: top }), 199, 'first retry waits under baseMs');
expectEqual(backoffDelay(3, { random: top }), 799, 'the ceiling doubles per attempt');
expectEqual(backoffDelay(30, { random: top }), 19_999, 'capped at maxMs');
expectEqual(backoffDelay(2, { random: () => 0 }), 0, 'full jitter can mean no wait');
expectEqual(retryAfterMs('3', 0), 3000, 'Retry-After in seconds');
expectEqual(retryAfterMs('soon', 0), undefined, 'an unparsable Retry-After is ignored');
