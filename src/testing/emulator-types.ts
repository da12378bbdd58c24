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
  | { readonly type: 'reasoning'; readonly summary?: readonly string[]; readonly encryptedContent?: string };

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
   * server did not have cached (a cache-hit continuation pays only for its new items). @default off
   */
  readonly serverCost?: { readonly perRequestMs?: number; readonly perUncachedInputByteMs?: number };
  /**
   * Injected network latency. `perFrameMs` delays every server → client frame (an event, an SSE chunk,
   * an error frame) while preserving their order; requests reach the server at once, so set it to the
   * whole round trip you want to model. `handshakeMs` is added to every WebSocket upgrade and to the
   * first request of every new HTTP connection. @default off
   */
  readonly latency?: { readonly perFrameMs?: number; readonly handshakeMs?: number };
}

/** Where a request fault applies. @default 'ws' */
type TransportFilter = { readonly transport?: 'ws' | 'http' };

/** Faults on demand. Request faults apply to the next matching request; upgrade faults to the next upgrades. */
export type EmulatorFault =
  | ({
      readonly kind: 'close';
      readonly at: 'before-first-event' | 'mid-stream' | 'after-terminal';
      /** Close code; without one the socket is dropped with no close frame (the client sees 1006). */
      readonly code?: number;
      /** For `mid-stream`: events sent before the close. @default 3 */
      readonly afterEvents?: number;
    } & TransportFilter)
  | ({
      readonly kind: 'error-frame';
      /** @default 'before-first-event' */
      readonly at?: 'before-first-event' | 'mid-stream';
      /** `null` leaves the field out (clients then derive the status from the error type). @default 500 */
      readonly status?: number | null;
      /** @default 'server_error' */
      readonly code?: string;
      /** @default 'The server had an error while processing your request.' */
      readonly message?: string;
      /** @default 'server_error' for 5xx, else 'invalid_request_error' */
      readonly type?: string;
      readonly param?: string | null;
      /** Include `sequence_number` (mid-stream frames have one by default; frames outside a response do not). */
      readonly sequenceNumber?: boolean;
      /** Close the socket (1000) after the frame. @default false */
      readonly closeAfter?: boolean;
      /** For `mid-stream`: events sent before the frame. @default 3 */
      readonly afterEvents?: number;
    } & TransportFilter)
  | ({
      readonly kind: 'response-failed';
      readonly code?: string;
      readonly message?: string;
    } & TransportFilter)
  | ({ readonly kind: 'response-incomplete'; readonly reason?: string } & TransportFilter)
  | ({ readonly kind: 'malformed-frame'; readonly afterEvents?: number } & TransportFilter)
  | ({ readonly kind: 'binary-frame'; readonly afterEvents?: number } & TransportFilter)
  | ({ readonly kind: 'stall'; readonly afterEvents?: number } & TransportFilter)
  /** The next upgrade(s) are refused with this HTTP status. @default status 426, times 1 */
  | { readonly kind: 'refuse-upgrade'; readonly status?: number; readonly times?: number }
  /** The next upgrade(s) complete only after `ms`. @default times 1 */
  | { readonly kind: 'slow-handshake'; readonly ms: number; readonly times?: number };

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
  readonly connectionId?: number;
  /** Bytes of the request frame or HTTP body as received. */
  readonly bytes: number;
  /** Items in `body.input` (a string input counts as one). */
  readonly inputItems: number;
  /** The parsed body (for WebSocket, the frame with `type` removed). */
  readonly body: Record<string, unknown>;
  readonly previousResponseId?: string;
  /** With `previousResponseId`: served from the connection cache (true) or from the store (false); unset when not found. */
  cacheHit?: boolean;
  /** `false` for `generate: false` warm-ups. */
  readonly generate: boolean;
  responseId?: string;
  outcome: RequestOutcome;
  /** Frames the server sent for this request, error frames included. */
  eventsSent: number;
  /** The server started the response (sent `response.created`): sending it again would run it twice. */
  accepted: boolean;
}

export interface EmulatorMetrics {
  /** WebSocket connections accepted, in total. */
  connections: number;
  openConnections: number;
  peakOpenConnections: number;
  upgrades: { attempted: number; refused: number };
  /** In arrival order, both transports. */
  requests: RequestRecord[];
}
