import { APICallError } from '@ai-sdk/provider';
import { joinPath } from '../endpoint-urls';
import type { ResolvedSettings } from '../ws-openai-settings';
import { BoundedMap } from './bounded-map';
import type { UpgradeFailure } from './responses-connection';
import { warnOnce } from './warn-once';

/** Socket keys remembered as HTTP-only at most; past it the oldest is forgotten (and tried again). */
const MAX_HTTP_ONLY_KEYS = 256;

/**
 * Per socket key, until when requests skip WebSocket mode and go over HTTP: forever once the upgrade was
 * refused (426, a proxy), for `fallbackCooldownMs` after setup kept failing. Kept for the whole process,
 * like the sockets (a provider made per request learns it once), keyed like the sockets, since a refusal
 * may answer one caller's headers only; bounded, since per-call headers make keys without end.
 */
const httpOnlyUntil = new BoundedMap<string, number>(MAX_HTTP_ONLY_KEYS);

/** `ws`'s message when the TCP connection itself was refused (nothing listens on that port). */
const CONNECTION_REFUSED = /\bECONNREFUSED\b/;

/**
 * What a failed connection setup (nothing sent yet) leads to: another try, the HTTP fallback, or an
 * error; and the memory that follows from it, which socket keys go over HTTP for now, with the one-time
 * warning that says so.
 */
export class SetupFailurePolicy {
  constructor(private readonly settings: ResolvedSettings) {}

  /**
   * Decides between retrying the setup, falling back to HTTP, and failing. A failure the server explained
   * (a refused upgrade: status, headers, body) is handed to the inner model as the HTTP response it is,
   * so the app gets exactly the `APICallError` (message, status, retryability) the same answer gives over
   * HTTP, and the AI SDK retries it exactly when it would there.
   */
  decide(
    failure: UpgradeFailure,
    failures: number,
    key: string,
  ): 'retry' | 'http' | 'host-connection-limit' | Response | APICallError {
    const { settings } = this;
    const { refusal } = failure;
    const fail = (retryable: boolean) =>
      // Only an error status is an answer HTTP would have given; a 2xx or 3xx instead of the switch to
      // WebSocket is no response the inner model could read (it would take it for a success).
      refusal !== undefined && refusal.status >= 400 && refusal.status <= 599
        ? new Response(refusal.body, { status: refusal.status, headers: refusal.headers })
        : new APICallError({
            message:
              refusal === undefined
                ? `WebSocket connection to ${settings.webSocketURL} failed: ${failure.message}`
                : `WebSocket upgrade to ${settings.webSocketURL} was answered with HTTP ${refusal.status} instead of 101 Switching Protocols`,
            url: settings.webSocketURL,
            requestBodyValues: undefined,
            statusCode: refusal?.status,
            isRetryable: retryable,
          });

    if (failure.permanent) return fail(false);
    const status = refusal?.status;
    // The host takes no more sockets for now: this request goes over HTTP, which answers as it would
    // have anyway (a rate limit over HTTP too, or the response).
    if (status === 429 && settings.fallback === 'http') return 'host-connection-limit';
    // Credentials refused, or come back later: HTTP would answer the same; WebSocket mode is not the problem.
    if (status === 401 || status === 403 || status === 408 || status === 429) return fail(false);
    if (
      failures > settings.setupRetries &&
      CONNECTION_REFUSED.test(failure.message) &&
      new URL(settings.webSocketURL).host === new URL(settings.baseURL).host
    ) {
      // Nothing listens on the socket's host and port, and HTTP would go to the very same ones: say so
      // plainly instead of falling back into a second failure with a less useful message. (A socket on
      // a host of its own, `webSocketURL`, still falls back to the HTTP host.)
      return new APICallError({
        message: `Nothing is listening at ${settings.webSocketURL} (${failure.message}): check that the server is running and that baseURL (or OPENAI_BASE_URL) points to it.`,
        url: settings.webSocketURL,
        requestBodyValues: undefined,
        isRetryable: true,
      });
    }
    if (status !== undefined && status < 500) {
      // Any other 4xx refuses WebSocket mode itself (426 from a proxy, a path it does not serve), and so
      // does a 2xx or 3xx instead of the switch (a web page, a redirect): trying again cannot help.
      if (settings.fallback === 'none') return fail(false);
      httpOnlyUntil.set(key, Number.POSITIVE_INFINITY);
      this.announceFallback(`the WebSocket upgrade was refused with HTTP ${status}`);
      return 'http';
    }
    if (failures <= settings.setupRetries) return 'retry';
    if (settings.fallback === 'none') return fail(true);
    httpOnlyUntil.set(key, Date.now() + settings.fallbackCooldownMs);
    this.announceFallback(`WebSocket setup failed ${failures} times (${failure.message})`);
    return 'http';
  }

  /** Whether requests with this socket key go over HTTP for now (only with `fallback: 'http'`). */
  isHttpOnly(key: string): boolean {
    if (this.settings.fallback !== 'http') return false;
    const until = httpOnlyUntil.get(key);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    httpOnlyUntil.delete(key);
    return false;
  }

  /** The warning that requests go over HTTP now: once per process and socket URL. */
  private announceFallback(cause: string): void {
    warnOnce(
      this.settings.warn,
      `fallback ${this.settings.webSocketURL}`,
      `ai-sdk-openai-ws: ${cause}; sending requests to ${joinPath(this.settings.baseURL, '/responses')} over HTTP instead (full input every step).`,
    );
  }
}

/** Capped exponential backoff with jitter before setup try number `attempt + 1`. */
export function setupBackoffMs(attempt: number, settings: ResolvedSettings): number {
  const capped = Math.min(settings.setupRetryMaxDelayMs, settings.setupRetryDelayMs * 2 ** (attempt - 1));
  return capped / 2 + Math.random() * (capped / 2);
}
