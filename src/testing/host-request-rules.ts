import type { HostConventions } from './host-conventions';
import type { RequestError } from './response-state';

/**
 * A host without lanes refuses `stream_id` as a parameter it does not know, before any response starts
 * (and before the request could open a lane).
 */
export function refuseStreamId(
  conventions: HostConventions,
  body: Readonly<Record<string, unknown>>,
): RequestError | undefined {
  if (conventions.lanes !== false || body.stream_id === undefined) return undefined;
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'unknown_parameter',
    message: "Unknown parameter: 'stream_id'. This host runs one response at a time per connection.",
    param: 'stream_id',
  };
}

/**
 * A host that refuses some fields together with `previous_response_id` (xAI: `instructions`) answers such a
 * request with a 400 before it starts: nothing runs, so nothing is evicted.
 */
export function refuseWithPreviousResponseId(
  conventions: HostConventions,
  body: Readonly<Record<string, unknown>>,
): RequestError | undefined {
  if (typeof body.previous_response_id !== 'string') return undefined;
  const field = (conventions.refusedWithPreviousResponseId ?? []).find(
    (name) => body[name] !== undefined && body[name] !== null,
  );
  if (field === undefined) return undefined;
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'unsupported_parameter',
    message: `'${field}' is not supported together with 'previous_response_id'.`,
    param: field,
  };
}
