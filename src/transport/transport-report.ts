import type { FullInputReason } from '../continuation/plan-request';

/** Why a request was sent again, transparently, before the server produced anything for it. */
export type Recovery =
  | 'previous_response_not_found'
  | 'closed_before_response'
  | 'connection_limit_reached'
  | 'lanes_refused';

/**
 * Why a request went over HTTP: WebSocket mode refused or failing (see `fallback`), this provider's
 * `maxConnections` reached, or the host's own connection limit.
 */
export type HttpReason = 'websocket-unavailable' | 'connection-limit' | 'host-connection-limit';

/**
 * What the transport did for one step. The adapter publishes it as `providerMetadata['openai-ws']`
 * (everything but `sentBody`, which becomes `request.body`).
 */
export interface TransportReport {
  transport: 'websocket' | 'http';
  /** The step continued the socket's last response with `previous_response_id`. */
  continued: boolean;
  /** Why the full input went out, when it did (`'recovery'`: see `recovery`; `'http-fallback'`: see `httpReason`). */
  fullInputReason?: FullInputReason | 'caller-chained' | 'http-fallback' | 'recovery';
  /** Why the request went over HTTP, when it did. */
  httpReason?: HttpReason;
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
  recovery?: Recovery;
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
