import { APICallError } from '@ai-sdk/provider';
import type { ResponseInterruption, ServerEvent } from './connection-lane';

/**
 * The HTTP status an error frame stands for. Frames carry it as `status` (alpha note, the `openai`
 * client) or `status_code` (Codex); without either, the error type decides, as over HTTP.
 */
export function statusOfErrorFrame(event: ServerEvent): number {
  for (const candidate of [event.status, event.status_code]) {
    if (typeof candidate === 'number' && candidate >= 400 && candidate <= 599) return candidate;
  }
  const error = errorBody(event);
  const type = String(error.type ?? '');
  const kind = `${type} ${error.code ?? ''}`;
  if (/rate_limit|insufficient_quota/.test(kind)) return 429;
  if (/authentication|invalid_api_key/.test(kind)) return 401;
  if (/permission/.test(kind)) return 403;
  if (/not_found_error/.test(type)) return 404;
  if (/invalid_request|not_found|invalid/.test(kind)) return 400;
  return 500;
}

/**
 * The `error` object of an error frame, whether nested (`{error:{…}}`), flat (`{code, message}`) or a
 * bare message (`{error:"…"}`).
 */
export function errorBody(event: ServerEvent): {
  message: string;
  type?: unknown;
  code?: unknown;
  param?: unknown;
} {
  const nested = event.error;
  if (typeof nested === 'object' && nested !== null) {
    const error = nested as Record<string, unknown>;
    return { ...error, message: typeof error.message === 'string' ? error.message : 'Unknown server error' };
  }
  const message = typeof nested === 'string' ? nested : event.message;
  return {
    message: typeof message === 'string' ? message : 'Unknown server error',
    type: event.type === 'error' ? undefined : event.type,
    code: event.code,
    param: event.param,
  };
}

/**
 * An error frame that arrives before the response started is what HTTP reports as a failed status, so
 * the inner model turns it into the same `APICallError` (status, message, `isRetryable`) as over HTTP.
 */
export function errorFrameToResponse(event: ServerEvent): Response {
  return new Response(JSON.stringify({ error: errorBody(event) }), {
    status: statusOfErrorFrame(event),
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Mid-stream error frames without `sequence_number` (sent outside a response) would fail the SDK's schema.
 * An error in the HTTP envelope, without `type`, goes on as it came: over HTTP it is no event either.
 */
export function withSequenceNumber(raw: string, event: ServerEvent, next: () => number): string {
  if (typeof event.sequence_number === 'number') return raw;
  const typed = typeof (JSON.parse(raw) as { type?: unknown }).type === 'string';
  return typed ? JSON.stringify({ ...event, sequence_number: next() }) : raw;
}

/** The sequence number of an event's text, or -1 (none, or no event). */
export function sequenceNumberOf(raw: string | undefined): number {
  if (raw === undefined) return -1;
  try {
    const sequence = (JSON.parse(raw) as { sequence_number?: unknown } | null)?.sequence_number;
    return typeof sequence === 'number' ? sequence : -1;
  } catch {
    return -1;
  }
}

/**
 * A response that ended without a terminal event. Once it had started, it is retryable, as HTTP's error
 * for a body cut short is: the AI SDK then decides, as over HTTP, whether to send it again (the transport
 * itself never does; the server may have run it). Before it started, the transport already sent it again
 * where that was safe, so what is left is final.
 */
export function interruptionError(
  interruption: Exclude<ResponseInterruption, { kind: 'aborted' }>,
  context: {
    url: string;
    requestBodyValues: unknown;
    timeouts: { firstEventMs: number; betweenEventsMs: number };
  },
  started: boolean,
): APICallError {
  const message =
    interruption.kind === 'closed'
      ? `WebSocket closed (code ${interruption.code}${interruption.reason ? `: ${interruption.reason}` : ''}) before the response finished`
      : `No event from the server within ${
          interruption.phase === 'first-event'
            ? context.timeouts.firstEventMs
            : context.timeouts.betweenEventsMs
        } ms (${interruption.phase}); the response was given up`;
  const error = new APICallError({
    message,
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    isRetryable: started,
    data: { interruption },
  });
  interruptions.add(error);
  return error;
}

const interruptions = new WeakSet<Error>();

/**
 * The AI SDK wraps any error of a response body in a generic "Failed to process successful response";
 * for an interrupted socket the error underneath is the one that names the cause, so callers get that.
 */
export function unwrapInterruption(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error && interruptions.has(cause) ? cause : error;
}
