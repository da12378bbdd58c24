import type { FullInputReason, RequestPlan } from '../continuation/plan-request';
import { countInputItems, type ResponsesRequestBody } from '../continuation/response-item';
import type { SocketLane } from './responses-connection';

/** Why a request was sent again, transparently, before the server produced anything for it. */
export type WsOpenAIRecovery =
  | 'previous_response_not_found'
  | 'closed_before_response'
  | 'connection_limit_reached'
  | 'lanes_refused'
  /** The host refused continuing the request (its error named `previous_response_id`) before running it. */
  | 'continuation_refused';

/**
 * Whether a request goes out again whole: after any recovery but lanes refused (that one is sent again as
 * it was, without a lane, and may still continue or be recovered once).
 */
export function isSentAgainWhole(recovery: WsOpenAIRecovery | undefined): boolean {
  return recovery !== undefined && recovery !== 'lanes_refused';
}

/**
 * Why a request went over HTTP: WebSocket mode refused or failing (see `fallback`), the pool's
 * `maxConnections` reached, the host's own connection limit, or a frame the host's socket will not take
 * (closed with 1009, message too big, before reading it; HTTP bodies have no such limit).
 */
export type WsOpenAIHttpReason =
  | 'websocket-unavailable'
  | 'connection-limit'
  | 'host-connection-limit'
  | 'message-too-big';

/** What the transport did for one step: `providerMetadata['openai-ws']` of every step. */
export interface WsOpenAIStepMetadata {
  transport: 'websocket' | 'http';
  /** The step continued the socket's last response with `previous_response_id`. */
  continued: boolean;
  /**
   * Why the full input went out, when it did (`'recovery'`: see `recovery`; `'http-fallback'`: see
   * `httpReason`; `'continuation-refused'`: the host refused continuing a request with one of its fields).
   */
  fullInputReason?:
    | FullInputReason
    | 'caller-chained'
    | 'http-fallback'
    | 'recovery'
    | 'continuation-refused';
  /** Why the request went over HTTP, when it did. */
  httpReason?: WsOpenAIHttpReason;
  previousResponseId?: string;
  inputItemsSent: number;
  inputItemsTotal: number;
  /** UTF-8 bytes of the `response.create` frame (or HTTP body) that went out. */
  bytesSent: number;
  connectionId?: number;
  /** The `stream_id` lane the request ran on (with `lanes` above 1). */
  lane?: string;
  connectionReused: boolean;
  /** Tool definitions differ from the ones last sent on this socket. */
  toolsChanged: boolean;
  recovery?: WsOpenAIRecovery;
}

/** The step's metadata as the transport reports it to the adapter, with the frame it sent (`request.body`). */
export interface TransportReport extends WsOpenAIStepMetadata {
  sentBody?: Record<string, unknown>;
}

export function emptyReport(): TransportReport {
  return {
    transport: 'websocket',
    continued: false,
    inputItemsSent: 0,
    inputItemsTotal: 0,
    bytesSent: 0,
    connectionReused: false,
    toolsChanged: false,
  };
}

/**
 * The report of a request sent on a socket lane: `frame` as planned, `bytes` its UTF-8 size. `refused`:
 * the host refused continuing a request like it, so it went out whole (see `host-refusals.ts`).
 */
export function socketReport(
  plan: RequestPlan,
  frame: Record<string, unknown>,
  bytes: number,
  lane: SocketLane,
  context: { reused: boolean; recovery: WsOpenAIRecovery | undefined; refused: boolean },
): TransportReport {
  const { recovery } = context;
  const previousTools = lane.lastResponse?.toolsFingerprint;
  return {
    ...emptyReport(),
    continued: plan.kind === 'continue',
    fullInputReason:
      plan.kind === 'continue'
        ? undefined
        : plan.kind === 'caller-chained'
          ? 'caller-chained'
          : isSentAgainWhole(recovery)
            ? 'recovery'
            : context.refused
              ? 'continuation-refused'
              : plan.reason,
    previousResponseId: plan.kind === 'continue' ? plan.previousResponseId : undefined,
    inputItemsSent: plan.itemsSent,
    inputItemsTotal: plan.fullInput?.length ?? plan.itemsSent,
    bytesSent: bytes,
    connectionId: lane.connection.id,
    lane: lane.streamId,
    connectionReused: context.reused,
    toolsChanged: previousTools !== undefined && previousTools !== plan.toolsFingerprint,
    recovery,
    sentBody: frame,
  };
}

/** The report of a request sent over HTTP, whole: `bytes` the UTF-8 size of its body. */
export function httpReport(
  body: ResponsesRequestBody,
  bytes: number,
  reason: WsOpenAIHttpReason,
): TransportReport {
  const items = countInputItems(body.input);
  return {
    ...emptyReport(),
    transport: 'http',
    fullInputReason: 'http-fallback',
    httpReason: reason,
    inputItemsSent: items,
    inputItemsTotal: items,
    bytesSent: bytes,
    sentBody: body,
  };
}
