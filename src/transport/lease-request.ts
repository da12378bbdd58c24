import type { ResponsesRequestBody } from '../continuation/response-item';
import type { SocketAffinity, SocketCacheView } from '../continuation/socket-affinity';
import type { ResponsesConnection, SocketLane } from './responses-connection';

/** What a caller asks the pool for. */
export interface LeaseRequest {
  /** Socket URL, handshake headers, subprotocols and credentials generation (`socket-key.ts`): the pool never hands a socket opened for one key to another. */
  readonly key: string;
  readonly body: ResponsesRequestBody;
  /** `false` for a request sent again whole: it takes a lane that holds nothing of its conversation. */
  readonly mayContinue: boolean;
  /** How this request relates to a lane's cache: one it continues is preferred, then one it follows. */
  readonly affinity: (socket: SocketCacheView) => SocketAffinity;
  /** Lanes a new socket should have (1: none), unless the host refused lanes. */
  readonly lanes: number;
  /** Opens a new socket for this key with this many lanes. */
  readonly connect: (lanes: number) => ResponsesConnection;
  /** The provider asking: its `close()` ends what it started, and only that. */
  readonly owner: object;
}

/** Why a request goes over HTTP instead of waiting for a socket. */
export type SpillReason = 'connection-limit' | 'host-connection-limit';

export type LeaseResult =
  | { readonly kind: 'lease'; readonly lane: SocketLane; readonly reused: boolean }
  | { readonly kind: 'spill'; readonly reason: SpillReason };

/**
 * No lane freed up within `leaseTimeoutMs` (with `atConnectionLimit: 'wait'`); nothing was sent. The
 * transport hands it on as the cause of an `APICallError`.
 */
export class LeaseTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no WebSocket connection became free within ${waitedMs} ms`);
    this.name = 'LeaseTimeout';
  }
}

/** The waiting request's provider was closed; the transport hands it on as an `APICallError`. */
export class ProviderClosed extends Error {
  constructor() {
    super('the provider was closed');
    this.name = 'ProviderClosed';
  }
}
