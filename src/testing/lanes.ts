import type { Item, RequestRecord } from './emulator-types';
import type { RequestError, StoredResponse } from './response-state';

/** Published per-socket limits (`openai` 7.x docs): responses in flight (running or queued), named lanes. */
const MAX_ACTIVE_RESPONSES = 16;
const MAX_NAMED_LANES = 32;
/**
 * The stream ids the `openai` 7.x lane helper accepts (`ResponsesWebSocketSession.lane`). The server's own
 * rule is not published; the emulator refuses what the official client would never send.
 */
const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/** A `stream_id` lane (the key `undefined` is the default lane): its own FIFO and its latest response. */
export interface Lane {
  readonly streamId: string | undefined;
  readonly pending: Array<{ record: RequestRecord; body: Record<string, unknown> }>;
  busy: boolean;
  /** The lane's most recent completed response: what a continuation on this connection finds cached. */
  cache: StoredResponse | undefined;
  /** The response now streaming on this lane, the target of `response.steer` / `response.inject`. */
  activeResponseId: string | undefined;
}

export function newLane(streamId: string | undefined): Lane {
  return { streamId, pending: [], busy: false, cache: undefined, activeResponseId: undefined };
}

/** `invalid_stream_id` for a `stream_id` that is not a string of 1 to 256 letters, digits, `_`, `.` or `-`. */
export function invalidStreamId(streamId: unknown): RequestError | undefined {
  if (streamId === undefined || (typeof streamId === 'string' && STREAM_ID.test(streamId))) return undefined;
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_stream_id',
    message: "Invalid 'stream_id': expected 1 to 256 letters, digits, '_', '.' or '-'.",
    param: 'stream_id',
  };
}

/** The published limits: a 33rd named lane, or a 17th response in flight, is refused. */
export function laneLimitError(
  lanes: ReadonlyMap<string | undefined, Lane>,
  streamId: string | undefined,
): RequestError | undefined {
  const named = [...lanes.keys()].filter((key) => key !== undefined).length;
  if (streamId !== undefined && !lanes.has(streamId) && named >= MAX_NAMED_LANES)
    return streamLimit(`at most ${MAX_NAMED_LANES} named streams per connection`);
  let active = 0;
  for (const lane of lanes.values()) active += lane.pending.length + (lane.busy ? 1 : 0);
  if (active >= MAX_ACTIVE_RESPONSES)
    return streamLimit(`at most ${MAX_ACTIVE_RESPONSES} active responses per connection`);
  return undefined;
}

/** Every event of a lane's response (and its errors) echoes the lane's `stream_id`, at the top level. */
export function withStreamId(event: Item, streamId: string | undefined): Item {
  return streamId === undefined ? event : { ...event, stream_id: streamId };
}

function streamLimit(what: string): RequestError {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'websocket_stream_limit_reached',
    message: `Responses websocket stream limit reached: ${what}.`,
    param: 'stream_id',
  };
}
