import { cachedResponseAfter, chainAfterResponse } from '../continuation/chain-state';
import type { RequestPlan } from '../continuation/plan-request';
import type { ResponsesRequestBody } from '../continuation/response-item';
import type { ResponseInterruption, ServerEvent } from './connection-lane';
import {
  errorBody,
  errorFrameToResponse,
  interruptionError,
  sequenceNumberOf,
  statusOfErrorFrame,
  withSequenceNumber,
} from './map-server-error';
import type { SocketLane } from './responses-connection';
import { SseBody } from './sse-body';
import type { WsOpenAIRecovery } from './transport-report';

/** A frame that gives a sequence number (a key followed by a number, not `null` or a string). */
const NUMBERED = /"sequence_number"\s*:\s*\d/;

/** The close code of a peer that will not take a message that big (RFC 6455). */
const MESSAGE_TOO_BIG = 1009;

/**
 * What the first frames of a response decided: the response the inner model reads, a safe retry (with
 * the field the server's error named, if any), or HTTP for a frame the host's socket will not take.
 */
export type ResponseStart =
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'retry'; readonly recovery: WsOpenAIRecovery; readonly param?: unknown }
  | { readonly kind: 'over-http'; readonly reason: 'message-too-big' };

export interface SocketResponseRequest {
  readonly body: ResponsesRequestBody;
  readonly signal: AbortSignal | undefined;
  /** Whether the request may be sent again if the server provably did not run it (not a recovery itself). */
  readonly mayRecover: boolean;
  /** Whether a frame the host's socket refuses as too big may go over HTTP instead (`fallback: 'http'`). */
  readonly mayUseHttp: boolean;
  /** Whether the socket's chain is kept for continuation (`incremental`). */
  readonly keepChain: boolean;
  /** For the errors of an interrupted response. */
  readonly webSocketURL: string;
  readonly timeouts: { readonly firstEventMs: number; readonly betweenEventsMs: number };
}

/**
 * One response on a leased socket: sends the `response.create` frame and resolves once the response's
 * fate is known: its first event (the SSE body HTTP would stream follows, or, for a non-streaming call,
 * the final response object), or a failure before it, which is a retry only when the server provably did
 * not run the request. The socket goes back to the pool when the response ends, its chain advanced only
 * by a completed one.
 */
export function startSocketResponse(
  lane: SocketLane,
  /** Hands the lane back once the response ended (its chain already advanced). */
  release: (lane: SocketLane) => void,
  frameText: string,
  plan: RequestPlan,
  request: SocketResponseRequest,
): Promise<ResponseStart> {
  const { signal, mayRecover } = request;
  const streaming = request.body.stream === true;
  const errorContext = {
    url: request.webSocketURL,
    requestBodyValues: request.body,
    timeouts: request.timeouts,
  };

  return new Promise<ResponseStart>((resolve, reject) => {
    let started = false;
    /** The socket is no longer this response's once it ended: it may already carry someone else's. */
    let ended = false;
    /**
     * The last frame that gives a sequence number (a keep-alive or a malformed frame may not): a terminal
     * event without one is numbered after it. Kept as text, parsed only if that is needed.
     */
    let lastNumbered: string | undefined;
    let body: SseBody | undefined;
    const onAbort = () => lane.abort();
    const done = () => signal?.removeEventListener('abort', onAbort);

    const open = () => {
      started = true;
      if (!streaming) return;
      // The consumer stopped reading: closing the socket is the protocol's only cancel.
      body = new SseBody(() => {
        if (!ended) lane.abort();
      });
      resolve({
        kind: 'response',
        response: new Response(body.stream, {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
        }),
      });
    };
    const fail = (error: unknown) => {
      ended = true;
      done();
      if (started && streaming) body?.error(error);
      else reject(error);
    };

    lane.send(frameText, {
      event: (raw) => {
        // Streaming, the inner model parses it; a non-streaming caller gets only the final response
        // object, as from `POST /responses`.
        if (!started) open();
        if (NUMBERED.test(raw)) lastNumbered = raw;
        body?.push(raw);
      },
      terminal: (raw, event) => {
        ended = true;
        if (!started && event.type === 'error') {
          done();
          const retry = mayRecover ? recoveryFor(event, plan, lane) : undefined;
          release(lane);
          resolve(
            retry
              ? { kind: 'retry', recovery: retry, param: errorBody(event).param }
              : { kind: 'response', response: errorFrameToResponse(event) },
          );
          return;
        }
        // Without continuation nothing would ever be compared with the chain: keep none.
        lane.chain = request.keepChain ? chainAfterResponse(plan, event) : undefined;
        lane.lastResponse = cachedResponseAfter(event, plan);
        release(lane);
        done();
        if (!started) open();
        if (streaming) {
          body?.push(withSequenceNumber(raw, event, () => sequenceNumberOf(lastNumbered) + 1));
          body?.close();
        } else if (event.type === 'error') {
          resolve({ kind: 'response', response: errorFrameToResponse(event) });
        } else {
          // Non-streaming callers (doGenerate) get the final response object with status 200, as
          // `POST /responses` returns it for completed, incomplete and failed responses alike: the inner
          // model then reports a failed one exactly as it does over HTTP.
          resolve({ kind: 'response', response: Response.json(event.response ?? {}, { status: 200 }) });
        }
      },
      interrupted: (interruption: ResponseInterruption) => {
        ended = true;
        release(lane);
        // Closed by the server before response.created: nothing ran, so sending again is safe (once). A
        // close of our own (a silent peer) proves nothing, and after a frame too big (1009) the frames
        // sent before it were read: the server may have taken them.
        const closedBeforeStart = !started && interruption.kind === 'closed' && !interruption.byClient;
        const refusedOrder = lane.connection.refusedFrameOrder;
        const tooBig = closedBeforeStart && interruption.code === MESSAGE_TOO_BIG;
        if (interruption.kind === 'aborted') {
          fail(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
        } else if (tooBig && lane.sentOrder === refusedOrder && request.mayUseHttp) {
          // The host closed the socket on this frame: it will not take it over a socket (sending it again
          // there would only be refused again), and HTTP bodies have no such limit.
          done();
          resolve({ kind: 'over-http', reason: 'message-too-big' });
        } else if (closedBeforeStart && mayRecover && (!tooBig || lane.sentOrder > (refusedOrder ?? 0))) {
          done();
          resolve({ kind: 'retry', recovery: 'closed_before_response' });
        } else {
          fail(interruptionError(interruption, errorContext, started));
        }
      },
    });
    if (signal?.aborted) lane.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Error codes with which a host refuses `stream_id` lanes (or a second response on one socket). */
const LANE_REFUSALS: ReadonlySet<unknown> = new Set([
  'invalid_stream_id',
  'websocket_stream_limit_reached',
  'response_already_in_flight',
]);

/**
 * An error frame before `response.created` that the server sends for a request it did not run, and which
 * sending again answers: a continuation the transport made that the cache no longer holds (a caller's own
 * `previous_response_id` gets the error, as over HTTP), the socket's lifetime or the host's connection
 * limit, lanes the host does not take, or a continuation the transport made that the host refuses (its
 * error names `previous_response_id`, which HTTP never sends: xAI refuses `instructions` with it). Other
 * errors would be the same over HTTP, so they are handed on as they are, without a round trip more.
 */
function recoveryFor(event: ServerEvent, plan: RequestPlan, lane: SocketLane): WsOpenAIRecovery | undefined {
  const { code, param, message } = errorBody(event);
  if (code === 'previous_response_not_found' && plan.kind === 'continue')
    return 'previous_response_not_found';
  if (code === 'websocket_connection_limit_reached') return 'connection_limit_reached';
  if (lane.streamId !== undefined && (LANE_REFUSALS.has(code) || param === 'stream_id'))
    return 'lanes_refused';
  if (
    plan.kind === 'continue' &&
    statusOfErrorFrame(event) < 500 &&
    (param === 'previous_response_id' || message.includes('previous_response_id'))
  )
    return 'continuation_refused';
  return undefined;
}
