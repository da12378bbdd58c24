import type { CachedResponse, ChainState } from '../continuation/chain-state';
import {
  openSocket,
  type SocketPort,
  type UpgradeRefusal,
  type WebSocketConstructor,
} from './websocket-port';

/** Server events that end a response. A client that waits only for `response.completed` hangs on the rest. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

/** Why a running response ended without a terminal event. */
export type ResponseInterruption =
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'timeout'; readonly phase: 'first-event' | 'between-events' }
  | { readonly kind: 'aborted' };

/** Receives one response's frames. Exactly one of `terminal` or `interrupted` is called, once. */
export interface ResponseListener {
  /**
   * Any other frame of the running response, as text: the inner model parses it (once), as it parses an
   * SSE line over HTTP. That includes a frame that is no JSON event: the inner model's parser reports it
   * as an error part and reads on, as over HTTP.
   */
  event(raw: string): void;
  /** The event that ends the response, raw text plus its parsed form. */
  terminal(raw: string, event: ServerEvent): void;
  interrupted(interruption: ResponseInterruption): void;
}

export interface ServerEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface ConnectionTimeouts {
  readonly handshakeMs: number;
  readonly firstEventMs: number;
  readonly betweenEventsMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

/** A refused or failed upgrade, with the refusing HTTP response when the implementation reveals it. */
export class UpgradeFailure extends Error {
  constructor(
    message: string,
    readonly refusal: UpgradeRefusal | undefined,
    /** The socket could not even be constructed (a malformed header, say): trying again cannot help. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'UpgradeFailure';
  }

  get status(): number | undefined {
    return this.refusal?.status;
  }
}

let nextConnectionId = 1;

/**
 * One Responses WebSocket: connecting → idle ⇄ busy → closed. One response at a time, as the protocol
 * allows; the socket's server-side cache is mirrored in `chain`. Every timer it starts is unref'd and
 * cleared on close, and an idle socket is unref'd (with `ws`), so an idle pool never keeps a process alive;
 * a running response does, as an HTTP request would.
 */
export class ResponsesConnection {
  readonly id = nextConnectionId++;
  readonly openedAt = Date.now();
  state: 'connecting' | 'idle' | 'busy' | 'closed' = 'connecting';
  /** The server's continuation point on this socket, if its last response completed and its input is known. */
  chain: ChainState | undefined;
  /** The socket's last completed response, whoever chained it. */
  lastResponse: CachedResponse | undefined;
  /** How many responses this socket carried; a reused socket has carried at least one. */
  responses = 0;
  releasedAt = 0;

  private readonly socket: SocketPort;
  private listener: ResponseListener | undefined;
  private eventTimer: NodeJS.Timeout | undefined;
  private eventTimerPhase: 'first-event' | 'between-events' | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private readonly opened: Promise<void>;
  private rejectOpen!: (failure: UpgradeFailure) => void;
  private readonly closedCallbacks: Array<() => void> = [];

  constructor(
    WebSocketImpl: WebSocketConstructor,
    url: string,
    headers: Record<string, string>,
    private readonly timeouts: ConnectionTimeouts,
    /** Subprotocols to offer; they may carry a credential, so they are masked in errors like headers. */
    protocols: readonly string[] = [],
  ) {
    let resolveOpen!: () => void;
    this.opened = new Promise<void>((resolve, reject) => {
      resolveOpen = resolve;
      this.rejectOpen = reject;
    });
    // A failed upgrade is reported through ready(); nobody else needs to observe the rejection.
    this.opened.catch(() => {});
    const rejectOpen = (failure: UpgradeFailure) => this.rejectOpen(failure);
    let refusal: UpgradeRefusal | undefined;
    const secrets = [...Object.values(headers), ...protocols];
    let lastError = 'WebSocket connection failed';
    let handshakeTimer: NodeJS.Timeout | undefined;

    try {
      this.socket = openSocket(WebSocketImpl, url, headers, protocols, {
        open: () => {
          clearTimeout(handshakeTimer);
          if (this.state !== 'connecting') return;
          this.state = 'idle';
          this.socket.keepProcessAlive(false);
          this.startHeartbeat();
          resolveOpen();
        },
        text: (data) => this.onText(data),
        // Not part of the protocol: one that holds a JSON event counts as that event, anything else is
        // skipped, as an SSE parser skips lines that are no event.
        binary: (data) => this.onText(data, { skipUnparsable: true }),
        error: (message, refused) => {
          lastError = message;
          // A server may quote what it was sent; nothing of the credentials leaves through its words.
          refusal ??= refused && { ...refused, body: redactSecrets(refused.body, secrets) };
        },
        close: (code, reason) => {
          clearTimeout(handshakeTimer);
          if (this.state === 'connecting') rejectOpen(new UpgradeFailure(lastError, refusal));
          this.onClosed({ kind: 'closed', code, reason });
        },
        pong: () => {
          clearTimeout(this.pongTimer);
          this.pongTimer = undefined;
        },
      });
    } catch (error) {
      // Construction validates the URL and headers; its message may quote a header value, i.e. the key.
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.socket = { send() {}, close() {}, terminate() {}, keepProcessAlive() {} };
      this.state = 'closed';
      rejectOpen(new UpgradeFailure(redactSecrets(detail, secrets), undefined, true));
      return;
    }
    handshakeTimer = setTimeout(() => {
      rejectOpen(
        new UpgradeFailure(`WebSocket handshake timed out after ${timeouts.handshakeMs} ms`, undefined),
      );
      this.destroy();
    }, timeouts.handshakeMs).unref();
  }

  /** Resolves once the upgrade succeeded; rejects with an `UpgradeFailure` otherwise. */
  ready(): Promise<void> {
    return this.opened;
  }

  onClose(callback: () => void): void {
    this.closedCallbacks.push(callback);
  }

  /** Sends one `response.create` frame; the listener then receives that response's frames. */
  send(frameText: string, listener: ResponseListener): void {
    if (this.state !== 'idle') throw new Error(`cannot send on a ${this.state} connection`);
    this.state = 'busy';
    this.responses++;
    // The server replaces its cache with this response, whatever happens to it.
    this.chain = undefined;
    this.lastResponse = undefined;
    this.listener = listener;
    this.stopHeartbeat();
    this.armEventTimer('first-event');
    this.socket.keepProcessAlive(true);
    try {
      this.socket.send(frameText);
    } catch (error) {
      // Nothing went out and this socket cannot send: drop it, and let the caller have the cause.
      this.listener = undefined;
      this.interrupt({ kind: 'aborted' }, true);
      throw error;
    }
  }

  /** Ends the running response from the client side: the only cancel the protocol has is a close. */
  abort(): void {
    this.interrupt({ kind: 'aborted' }, true);
  }

  /** Closes the socket; a running response is reported as closed. */
  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting')
      this.rejectOpen(new UpgradeFailure('connection closed by client', undefined));
    if (this.state === 'busy' || this.state === 'connecting') this.destroy();
    else this.socket.close(1000);
    this.onClosed({ kind: 'closed', code: 1000, reason: 'closed by client' });
  }

  private onText(data: string, options: { skipUnparsable?: boolean } = {}): void {
    const listener = this.listener;
    // Most frames of a response are deltas: they go on as text, and only the inner model parses them.
    if (listener !== undefined && !options.skipUnparsable && !mayEndResponse(data)) {
      this.armEventTimer('between-events');
      listener.event(data);
      return;
    }
    const event = parseEvent(data);
    if (event === undefined) {
      if (listener === undefined || options.skipUnparsable) return;
      this.armEventTimer('between-events');
      listener.event(data);
      return;
    }
    if (listener === undefined) {
      // An error outside a response (e.g. the lifetime limit) means this socket will not serve another.
      if (event.type === 'error') this.close();
      return;
    }
    if (TERMINAL_EVENT_TYPES.has(event.type)) {
      this.clearEventTimer();
      this.listener = undefined;
      this.state = 'idle';
      this.socket.keepProcessAlive(false);
      listener.terminal(data, event);
      return;
    }
    this.armEventTimer('between-events');
    listener.event(data);
  }

  private interrupt(interruption: ResponseInterruption, closeSocket: boolean): void {
    if (closeSocket) this.destroy();
    this.onClosed(interruption);
  }

  private onClosed(interruption: ResponseInterruption): void {
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    this.chain = undefined;
    this.lastResponse = undefined;
    this.clearEventTimer();
    this.stopHeartbeat();
    const listener = this.listener;
    this.listener = undefined;
    listener?.interrupted(interruption);
    if (wasOpen) for (const callback of this.closedCallbacks.splice(0)) callback();
  }

  private destroy(): void {
    this.socket.terminate();
  }

  private armEventTimer(phase: 'first-event' | 'between-events'): void {
    // Re-armed on every event of a stream: restarting the running timer is far cheaper than a new one.
    if (this.eventTimer !== undefined && this.eventTimerPhase === phase) {
      this.eventTimer.refresh();
      return;
    }
    this.clearEventTimer();
    this.eventTimerPhase = phase;
    const ms = phase === 'first-event' ? this.timeouts.firstEventMs : this.timeouts.betweenEventsMs;
    this.eventTimer = setTimeout(() => this.interrupt({ kind: 'timeout', phase }, true), ms).unref();
  }

  private clearEventTimer(): void {
    clearTimeout(this.eventTimer);
    this.eventTimer = undefined;
  }

  /** Pings idle sockets so a dead peer is found before a request is sent into it. */
  startHeartbeat(): void {
    const ping = this.socket.ping;
    if (ping === undefined || this.timeouts.heartbeatIntervalMs <= 0) return;
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      if (this.state !== 'idle') return;
      ping();
      this.pongTimer ??= setTimeout(() => {
        this.pongTimer = undefined;
        this.interrupt({ kind: 'closed', code: 1006, reason: 'no pong' }, true);
      }, this.timeouts.heartbeatTimeoutMs).unref();
    }, this.timeouts.heartbeatIntervalMs).unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.pongTimer);
    this.heartbeatTimer = undefined;
    this.pongTimer = undefined;
  }
}

/** `text` with every header value and subprotocol (and each word of it, e.g. the token after `Bearer`) masked. */
function redactSecrets(text: string, values: readonly string[]): string {
  const secrets = values
    .flatMap((value) => [value, ...value.split(/\s+/)])
    .filter((secret) => secret.length >= 8)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/**
 * Whether a text frame may be an event this connection must act on (a terminal event, or an `error`),
 * and so has to be parsed here. A frame whose text contains none of those types' names cannot be one: in
 * JSON a quote inside a string is escaped, so a bare `"error"` is a key or a value, and the other names
 * are literal, unless spelt with `\u` escapes, which send a frame to the parser as well.
 */
function mayEndResponse(data: string): boolean {
  return (
    data.includes('"error"') ||
    data.includes('response.completed') ||
    data.includes('response.incomplete') ||
    data.includes('response.failed') ||
    data.includes('\\u')
  );
}

function parseEvent(data: string): ServerEvent | undefined {
  try {
    const event = JSON.parse(data) as ServerEvent;
    return typeof event === 'object' && event !== null && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}
