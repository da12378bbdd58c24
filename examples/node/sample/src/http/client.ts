import { LruCache } from '../cache/lru-cache';
import type { BackoffOptions } from '../retry/backoff';
import type { RetryPolicy } from '../retry/retry-policy';
import { withRetry } from '../retry/with-retry';
import { type Clock, systemClock } from '../util/clock';
import { HttpError } from './errors';

export interface ClientOptions extends RetryPolicy {
  baseUrl: string;
  backoff?: BackoffOptions;
  /** Cached GET responses, by URL. 0 turns the cache off. @default 100 */
  cacheSize?: number;
  fetch?: typeof fetch;
  clock?: Clock;
}

/** A JSON client over fetch that retries transient failures and caches GET responses. */
export function createClient(options: ClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const cache = new LruCache<string, unknown>(options.cacheSize ?? 100);

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const url = new URL(path, options.baseUrl).toString();
    if (method === 'GET' && cache.has(url)) return cache.get(url) as T;
    const result = await withRetry(
      method,
      async () => {
        const response = await fetchImpl(url, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        if (!response.ok) throw new HttpError(response.status, response.headers, await response.text());
        return (await response.json()) as T;
      },
      { ...options, clock, signal },
    );
    if (method === 'GET') cache.set(url, result);
    return result;
  }

  return {
    get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
    post: <T>(path: string, body: unknown, signal?: AbortSignal) => request<T>('POST', path, body, signal),
    clearCache: () => cache.clear(),
  };
}
