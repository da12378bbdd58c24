export { type ClientOptions, createClient } from './http/client';
export { HttpError } from './http/errors';
export type { BackoffOptions } from './retry/backoff';
export type { RetryPolicy } from './retry/retry-policy';
