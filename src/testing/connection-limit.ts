import type { RequestError } from './response-state';

/** A host's limit on open WebSocket connections per credential. */
export interface ConnectionLimitOptions {
  /** Open WebSocket connections one key may hold; the next one is refused. Must be an integer ≥ 0. */
  readonly perKey: number;
  /**
   * How a connection over the limit is refused: `'error-frame'` accepts the upgrade and answers the first
   * `response.create` with a `websocket_connection_limit_reached` error frame (no `response.created`), then
   * closes (1000); `'refuse-upgrade'` answers the upgrade with HTTP 429 and a JSON error body with that code.
   * @default 'error-frame'
   */
  readonly answer?: 'error-frame' | 'refuse-upgrade';
}

/**
 * Counts the open WebSocket connections of each key (the credential the upgrade authenticated with; one
 * shared bucket when the host asks for none). A connection holds its place from the upgrade's admission
 * until its TCP connection closes, so upgrades still in their handshake count too.
 */
export class ConnectionLimit {
  private readonly open = new Map<string | undefined, number>();

  constructor(readonly options: ConnectionLimitOptions | undefined) {
    const perKey = options?.perKey;
    if (perKey !== undefined && !(Number.isInteger(perKey) && perKey >= 0))
      throw new RangeError(`connectionLimit.perKey must be an integer ≥ 0, not ${perKey}`);
  }

  /** Takes a place for `key` (true), or says the key is at its limit (false). */
  admit(key: string | undefined): boolean {
    const count = this.open.get(key) ?? 0;
    if (this.options !== undefined && count >= this.options.perKey) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string | undefined): void {
    const count = (this.open.get(key) ?? 1) - 1;
    if (count <= 0) this.open.delete(key);
    else this.open.set(key, count);
  }

  /** The error a refused connection is answered with, in the frame or as the 429's body. */
  error(): RequestError {
    return {
      status: 400,
      type: 'invalid_request_error',
      code: 'websocket_connection_limit_reached',
      message: `Responses websocket connection limit reached: this key already holds ${this.options?.perKey} open connection(s). Close one or retry later.`,
      param: null,
    };
  }
}
