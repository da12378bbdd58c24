/**
 * The one place that knows which WebSocket implementation runs. Everything above it sees a `SocketPort`
 * and a set of callbacks, whether the constructor is `ws` (Node, the default) or a WHATWG `WebSocket`
 * that takes headers in its init object (undici's global `WebSocket` on Node 22+).
 */

/** A WebSocket constructor: `ws`'s `WebSocket`, or a WHATWG one whose init accepts `headers`. */
export type WebSocketConstructor = new (url: string, init?: any) => unknown;

/** How long a closing handshake may take before the connection is dropped. */
export const CLOSE_GRACE_MS = 1_000;

export interface SocketPort {
  send(text: string): void;
  /**
   * A closing handshake: the server cancels a running response when it sees it. With `ws`, a peer that
   * never answers is dropped after `CLOSE_GRACE_MS`, so a dead server cannot keep the process alive (`ws`
   * alone waits 30 s on a timer that holds the event loop). A WHATWG socket has no way to drop a
   * connection; its implementation bounds the closing handshake itself.
   */
  close(code?: number): void;
  /** Drops the connection at once; a dead peer would otherwise hold a closing handshake open. */
  terminate(): void;
  /** Present only where the implementation can send pings (`ws`); WHATWG sockets cannot. */
  readonly ping?: () => void;
  /**
   * Whether the socket keeps the process alive: yes while a response runs, no while it idles, so a script
   * that never calls `close()` exits when its work is done, as it would over HTTP. Only `ws` exposes the
   * TCP socket to do this; a WHATWG socket keeps the process alive until it is closed.
   */
  keepProcessAlive(keep: boolean): void;
}

export interface SocketCallbacks {
  open(): void;
  text(data: string): void;
  binary(): void;
  close(code: number, reason: string): void;
  /** `upgradeStatus` is the HTTP status of a refused upgrade, when the implementation reveals it. */
  error(message: string, upgradeStatus: number | undefined): void;
  pong(): void;
}

interface EventTargetSocket {
  addEventListener(type: string, listener: (event: any) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate?: () => void;
  ping?: () => void;
  on?: (event: string, listener: (...args: any[]) => void) => void;
  binaryType?: string;
}

export function openSocket(
  WebSocketImpl: WebSocketConstructor,
  url: string,
  headers: Record<string, string>,
  callbacks: SocketCallbacks,
): SocketPort {
  // `perMessageDeflate: false` matches the official client; WHATWG implementations ignore it.
  const socket = new WebSocketImpl(url, { headers, perMessageDeflate: false }) as EventTargetSocket;
  socket.addEventListener('open', () => callbacks.open());
  socket.addEventListener('message', (event: { data: unknown }) => {
    if (typeof event.data === 'string') callbacks.text(event.data);
    else callbacks.binary();
  });
  let closeGrace: NodeJS.Timeout | undefined;
  socket.addEventListener('close', (event: { code: number; reason: string }) => {
    clearTimeout(closeGrace);
    callbacks.close(event.code, String(event.reason ?? ''));
  });
  socket.addEventListener('error', (event: { message?: string; error?: unknown }) => {
    // undici's ErrorEvent has an empty message; its cause, when any, is on `error`.
    const message =
      event.message || (event.error instanceof Error && event.error.message) || 'WebSocket error';
    // `ws` reports a refused upgrade only through this message.
    const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
    callbacks.error(message, status === undefined ? undefined : Number(status));
  });
  const canPing = typeof socket.ping === 'function' && typeof socket.on === 'function';
  if (canPing) socket.on!('pong', () => callbacks.pong());
  // `ws` hands over the upgraded TCP socket with its 'upgrade' response (a documented event, unlike `_socket`).
  let tcp: { ref(): void; unref(): void } | undefined;
  socket.on?.('upgrade', (response: { socket?: { ref(): void; unref(): void } }) => {
    tcp = response.socket;
  });
  const terminate = () => (socket.terminate ? socket.terminate() : socket.close());

  return {
    send: (text) => socket.send(text),
    close: (code = 1000) => {
      try {
        socket.close(code);
      } catch {
        // Closing a socket that is still connecting throws in some implementations; it is going anyway.
        terminate();
        return;
      }
      closeGrace ??= setTimeout(terminate, CLOSE_GRACE_MS).unref();
    },
    terminate,
    ...(canPing ? { ping: () => socket.ping!() } : {}),
    keepProcessAlive: (keep) => {
      if (keep) tcp?.ref();
      else tcp?.unref();
    },
  };
}
