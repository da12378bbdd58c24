/** A Responses API item (input or output) as plain JSON. */
export type Item = Record<string, unknown>;

/** What a model turn produces, rendered by the emulator into the real event sequence. */
export type OutputSpec =
  | { readonly type: 'message'; readonly text: string }
  | {
      readonly type: 'function_call';
      readonly name: string;
      readonly arguments: string;
      readonly callId?: string;
    }
  | { readonly type: 'reasoning'; readonly summary?: readonly string[]; readonly encryptedContent?: string }
  | {
      /** A call of a `custom` tool: free-form `input`, streamed as `response.custom_tool_call_input.delta`. */
      readonly type: 'custom_tool_call';
      readonly name: string;
      readonly input: string;
      readonly callId?: string;
      /** The `namespace` tool it belongs to, if any. */
      readonly namespace?: string;
    }
  | {
      /** A `tool_search` call (the recorded shape: no deltas, `arguments` an object). */
      readonly type: 'tool_search_call';
      readonly arguments: Readonly<Record<string, unknown>>;
      readonly callId?: string;
      /** Who runs the search. @default 'client' */
      readonly execution?: 'client' | 'server';
    }
  | {
      /** The tools a server-side `tool_search` found (the recorded shape: `call_id` null). */
      readonly type: 'tool_search_output';
      readonly tools: readonly Item[];
      readonly callId?: string | null;
      /** @default 'server' */
      readonly execution?: 'client' | 'server';
    }
  | {
      /** A compaction item: the conversation so far, summarised into opaque encrypted content. */
      readonly type: 'compaction';
      /** @default an opaque stand-in */
      readonly encryptedContent?: string;
    };

export interface ModelTurnInput {
  /** The effective input: the continued response's input and output (when cached or stored), then the new items. */
  readonly input: readonly Item[];
  /** Only the items this request carried. */
  readonly newInput: readonly Item[];
  readonly tools: readonly Item[];
  /** The request body (for WebSocket, the frame without `type`). */
  readonly body: Readonly<Record<string, unknown>>;
  readonly instructions?: string;
}

export type ModelTurnOutput =
  | {
      readonly output: readonly OutputSpec[];
      /** `incomplete` ends with `response.incomplete` (reason `max_output_tokens`). @default 'completed' */
      readonly status?: 'completed' | 'incomplete';
    }
  | {
      /** Raw events, sent as they are (a replay). */
      readonly events: readonly Item[];
    };

/** A pluggable model: a function from the effective input and the tools to one response. */
export type EmulatorModel = (turn: ModelTurnInput) => ModelTurnOutput | Promise<ModelTurnOutput>;

/** Timing models, all off by default. They are models for benchmarks and demos, not measurements of OpenAI. */
export interface TimingOptions {
  /** Output speed: deltas are paced at this many tokens per second (≈ 4 characters a token). @default off */
  readonly outputTokensPerSecond?: number;
  /** Delay between `response.in_progress` and the first output event. @default 0 */
  readonly timeToFirstTokenMs?: number;
  /**
   * Server cost before `response.created`: a fixed part per request plus a part per byte of input the
   * server did not have cached (a cache-hit continuation pays only for its new items). The cost charged
   * is in `RequestRecord.serverCostMs`. @default off
   */
  readonly serverCost?: {
    /** @default 0 */
    readonly perRequestMs?: number;
    /** @default 0 */
    readonly perUncachedInputByteMs?: number;
  };
  /**
   * Injected network latency. `perFrameMs` delays every server → client frame (an event, an SSE chunk,
   * an error frame) while preserving their order; requests reach the server at once, so set it to the
   * whole round trip you want to model. `handshakeMs` is added to every WebSocket upgrade and to the
   * first request of every new HTTP connection. @default off
   */
  readonly latency?: {
    /** @default 0 */
    readonly perFrameMs?: number;
    /** @default 0 */
    readonly handshakeMs?: number;
  };
}

/** Which requests a request fault applies to: the first one that matches, in the order faults were injected. */
interface RequestFaultTarget {
  /** @default 'ws' */
  readonly transport?: 'ws' | 'http';
  /**
   * Only the next request on this WebSocket connection (`RequestRecord.connectionId`: connections are
   * numbered 1, 2, … in the order they were accepted, never reused). WebSocket only: it cannot be combined
   * with `transport: 'http'`. @default any connection
   */
  readonly connectionId?: number;
}

/**
 * Faults on demand. Request faults apply to the next matching request; upgrade faults to the next upgrades.
 * A mid-stream fault whose `afterEvents` reaches the response's terminal event applies just before it.
 * Over HTTP an error before anything was streamed is an HTTP error status with the error as JSON body.
 */
export type EmulatorFault =
  | ({
      readonly kind: 'close';
      readonly at: 'before-first-event' | 'mid-stream' | 'after-terminal';
      /**
       * Close code; without one the socket is dropped with no close frame (the client sees 1006). Over
       * HTTP the TCP connection is dropped either way. @default none (a drop)
       */
      readonly code?: number;
      /** For `mid-stream`: events sent before the close. @default 3 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | ({
      readonly kind: 'error-frame';
      /** @default 'before-first-event' */
      readonly at?: 'before-first-event' | 'mid-stream';
      /** `null` leaves the field out (clients then derive the status from the error type; HTTP answers the status that type stands for). @default 500 */
      readonly status?: number | null;
      /** @default 'server_error' */
      readonly code?: string;
      /** @default 'The server had an error while processing your request.' */
      readonly message?: string;
      /** @default 'server_error' for 5xx, else 'invalid_request_error' */
      readonly type?: string;
      /** @default null */
      readonly param?: string | null;
      /** Include `sequence_number`. @default true mid-stream, false before the first event (frames outside a response have none) */
      readonly sequenceNumber?: boolean;
      /** Close the socket (1000) after the frame. @default false */
      readonly closeAfter?: boolean;
      /**
       * How the frame is laid out, as hosts differ: `'nested'` `{type:'error', status, error:{type, code,
       * message, param}}` (OpenAI); `'flat'` `{type:'error', status, code, message, param}` (the streaming
       * `ResponseErrorEvent`, also seen from xAI); `'string'` `{type:'error', status, error:'<message>'}`;
       * `'envelope'` `{error:{message, type}}` with no top-level field at all (seen from xAI; `code` and
       * `param` inside only when given here, `type` then defaults to `'api_error'`). Over HTTP an error before
       * the stream started is an error status with the API's JSON body, whatever the shape.
       * @default 'nested'
       */
      readonly shape?: ErrorFrameShape;
      /** The name of the status field (`status: null` leaves it out). Not used by `'envelope'`. @default 'status' */
      readonly statusField?: 'status' | 'status_code';
      /** For `mid-stream`: events sent before the frame. @default 3 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | ({
      /** The response ends with `response.failed` right after `response.in_progress` (the whole output is lost). */
      readonly kind: 'response-failed';
      /** `response.error.code`. @default 'server_error' */
      readonly code?: string;
      /** `response.error.message`. @default 'The response failed.' */
      readonly message?: string;
    } & RequestFaultTarget)
  | ({
      /**
       * The sequence of the recorded fixture `openai-error`: `response.created`, `response.in_progress`, an
       * `error` event (with `sequence_number`, no `status`), then `response.failed` carrying the same code and
       * message. Over HTTP without streaming that is an error status (500) with the error as body.
       */
      readonly kind: 'error-then-failed';
      /** `error.code` of both events. @default 'server_error' */
      readonly code?: string;
      /** `error.type` of the `error` event. @default the code */
      readonly type?: string;
      /** @default 'The server had an error while processing your request.' */
      readonly message?: string;
    } & RequestFaultTarget)
  | ({
      /** The terminal event becomes `response.incomplete` (for generated, replayed and `generate: false` responses). */
      readonly kind: 'response-incomplete';
      /** `response.incomplete_details.reason`. @default 'max_output_tokens' */
      readonly reason?: string;
    } & RequestFaultTarget)
  | ({
      /** A text frame (an SSE data line over HTTP) that is not JSON, then the response goes on. */
      readonly kind: 'malformed-frame';
      /** Events sent before the frame. @default 3 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | ({
      /** A binary frame (raw bytes in the SSE body over HTTP), then the response goes on. */
      readonly kind: 'binary-frame';
      /** Events sent before the frame. @default 3 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | ({
      /**
       * A huge event: an `image_generation_call` item (the recorded shape) is added to the response's output,
       * its base64 `result` long enough that its `response.output_item.done` and the terminal event each
       * exceed `bytes`. Over HTTP without streaming, the response object carries it.
       */
      readonly kind: 'huge-event';
      /** @default 115_343_360 (110 MiB: above `ws`'s default `maxPayload` of 100 MiB) */
      readonly bytes?: number;
    } & RequestFaultTarget)
  | ({
      /** The response's first event (`response.created`), and over HTTP the status line, come only after `ms`. */
      readonly kind: 'slow-first-event';
      readonly ms: number;
    } & RequestFaultTarget)
  | ({
      /**
       * The connection goes silent mid-response: after `afterEvents` events it sends nothing more on any lane,
       * answers no ping, and reads no request, but stays open (it still completes a close handshake). WebSocket
       * only (`injectFault` throws a TypeError for `transport: 'http'`; over HTTP use `stall`).
       */
      readonly kind: 'go-silent';
      /** Events sent before the silence. @default 3 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | ({
      /** The server sends nothing more for the request until the client goes away. */
      readonly kind: 'stall';
      /** Events sent before the stall; 0 stalls at once, before the server cost. @default 0 */
      readonly afterEvents?: number;
    } & RequestFaultTarget)
  | {
      /** The next upgrade(s) are refused with an HTTP status. */
      readonly kind: 'refuse-upgrade';
      /** @default 426 */
      readonly status?: number;
      /** @default 1 */
      readonly times?: number;
    }
  | {
      /** The next upgrade(s) complete only after a delay (on top of `latency.handshakeMs`). */
      readonly kind: 'slow-handshake';
      readonly ms: number;
      /** @default 1 */
      readonly times?: number;
    };

/** The layouts of an `error` frame that hosts send; see the `error-frame` fault. */
export type ErrorFrameShape = 'nested' | 'flat' | 'string' | 'envelope';

export type RequestOutcome =
  | 'completed'
  | 'incomplete'
  | 'failed'
  | 'error'
  | 'closed'
  | 'queued'
  | 'pending';

export interface RequestRecord {
  readonly index: number;
  readonly transport: 'ws' | 'http';
  /** The WebSocket connection (1, 2, … in accept order, never reused); unset over HTTP. */
  readonly connectionId?: number;
  /** Bytes of the request frame or HTTP body as received. */
  readonly bytes: number;
  /** Items in `body.input` (a string input counts as one). */
  readonly inputItems: number;
  /** The parsed body (for WebSocket, the frame with `type` removed). */
  readonly body: Record<string, unknown>;
  /** The `OpenAI-Beta` header of the upgrade request (WebSocket) or of the POST (HTTP), if sent. */
  readonly openaiBeta?: string;
  readonly previousResponseId?: string;
  /** With `previousResponseId`: served from the connection cache (true) or from the store (false); unset when not found. */
  cacheHit?: boolean;
  /** `false` for `generate: false` warm-ups. */
  readonly generate: boolean;
  responseId?: string;
  /** The server cost charged before `response.created` (0 with `timing.serverCost` off); unset if the request never got that far. */
  serverCostMs?: number;
  outcome: RequestOutcome;
  /** Frames the server sent for this request, error frames included. */
  eventsSent: number;
  /** The server started the response (sent `response.created`): sending it again would run it twice. */
  accepted: boolean;
}

export interface EmulatorMetrics {
  /** WebSocket connections accepted since the start or the last `resetMetrics`. */
  connections: number;
  openConnections: number;
  peakOpenConnections: number;
  upgrades: { attempted: number; refused: number };
  /**
   * TCP connections that carried plain HTTP requests (never upgraded): how many were opened since the start
   * or the last `resetMetrics`, how many are open now and the most open at once. Compare with `connections`
   * / `openConnections` to see the sockets HTTP holds against those WebSocket mode holds.
   */
  httpConnections: { total: number; open: number; peak: number };
  /**
   * WebSocket connections answered `websocket_connection_limit_reached` because their key already had
   * `connectionLimit.perKey` open: refused upgrades (429) and accepted ones whose first request got the
   * error frame. Counted once per connection.
   */
  connectionLimitRefusals: number;
  /** In arrival order, both transports. */
  requests: RequestRecord[];
}
