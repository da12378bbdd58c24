/**
 * The one place that knows which WebSocket implementation runs. Everything above it sees a `SocketPort`
 * and a set of callbacks, whether the constructor is `ws` (Node, the default) or a WHATWG `WebSocket`
 * that takes headers in its init object (undici's global `WebSocket` on Node 22+).
 */

import { APICallError } from '@ai-sdk/provider';
import WebSocket from 'ws';
import type { WebSocketImplementation } from '../ws-openai-settings';

/** How long a closing handshake may take before `ws` drops the connection. */
const CLOSE_GRACE_MS = 1_000;

export interface SocketPort {
  send(text: string): void;
  /**
   * A closing handshake: the server cancels a running response when it sees it. With `ws`, a peer that
   * never answers is dropped after `CLOSE_GRACE_MS` (its `closeTimeout`; by default it waits far longer, on
   * a timer that holds the event loop). A WHATWG socket has no way to drop a connection; its
   * implementation bounds the closing handshake itself.
   */
  close(code?: number): void;
  /** Drops the connection at once; a dead peer would otherwise hold a closing handshake open. */
  terminate(): void;
  /** Present only where the implementation can send pings (`ws`); WHATWG sockets cannot. */
  readonly ping?: () => void;
  /** Bytes read from the connection so far (with `ping`: `ws` exposes the TCP socket). */
  readonly bytesReceived?: () => number;
  /**
   * Whether the socket keeps the process alive: yes while a response runs, no while it idles, so a script
   * that never calls `close()` exits when its work is done, as it would over HTTP. Only `ws` exposes the
   * TCP socket to do this; a WHATWG socket keeps the process alive until it is closed.
   */
  keepProcessAlive(keep: boolean): void;
}

/** The HTTP response that refused an upgrade: what an HTTP request would have received. */
export interface UpgradeRefusal {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body as text, up to `MAX_REFUSAL_BODY_BYTES`; empty where the implementation hides it. */
  readonly body: string;
}

/**
 * The largest event a socket takes: as large as `@ai-sdk/openai` takes one over HTTP (a `response.completed`
 * with several generated images in base64 is larger than `ws`'s default limit, which would close the
 * socket), and still bounded, so a hostile server cannot make a socket buffer without end.
 */
const MAX_EVENT_BYTES = 512 * 1024 * 1024;

/** A refusal's body is an error message; anything longer is cut, so a hostile server cannot fill memory. */
const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

export interface SocketCallbacks {
  open(): void;
  text(data: string): void;
  /** A binary frame, decoded as UTF-8 (the protocol sends text; see the connection for what it does). */
  binary(data: string): void;
  close(code: number, reason: string): void;
  /** `refusal` is the response of a refused upgrade, when the implementation reveals it. */
  error(message: string, refusal: UpgradeRefusal | undefined): void;
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

/** `ws`'s class (or one like it) can terminate and ping; a WHATWG `WebSocket` can do neither. */
function isWs(WebSocketImpl: WebSocketImplementation): boolean {
  const prototype = (WebSocketImpl as { prototype?: Record<string, unknown> }).prototype;
  return typeof prototype?.terminate === 'function' && typeof prototype?.ping === 'function';
}

/** Opens a socket with the given implementation, `ws` by default. */
export function openSocket(
  WebSocketImpl: WebSocketImplementation = WebSocket as unknown as WebSocketImplementation,
  url: string,
  headers: Record<string, string>,
  protocols: readonly string[],
  callbacks: SocketCallbacks,
): SocketPort {
  // `perMessageDeflate: false` matches the official client; WHATWG implementations ignore all but `headers`.
  const init = {
    headers,
    perMessageDeflate: false,
    maxPayload: MAX_EVENT_BYTES,
    closeTimeout: CLOSE_GRACE_MS,
  };
  const socket = (
    protocols.length === 0
      ? new WebSocketImpl(url, init)
      : // `ws` takes subprotocols as its own argument before the options; WHATWG-with-headers ones
        // (undici) take them in the init object.
        isWs(WebSocketImpl)
        ? new WebSocketImpl(url, [...protocols], init)
        : new WebSocketImpl(url, { ...init, protocols: [...protocols] })
  ) as EventTargetSocket;
  // Binary frames are not part of the protocol; asked as ArrayBuffer so both kinds decode synchronously.
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('open', () => callbacks.open());
  socket.addEventListener('message', (event: { data: unknown }) => {
    if (typeof event.data === 'string') callbacks.text(event.data);
    else callbacks.binary(decodeBinary(event.data));
  });
  socket.addEventListener('close', (event: { code: number; reason: string }) => {
    callbacks.close(event.code, String(event.reason ?? ''));
  });
  let refusal: UpgradeRefusal | undefined;
  socket.addEventListener('error', (event: { message?: string; error?: unknown }) => {
    // undici's ErrorEvent has an empty message; its cause, when any, is on `error`.
    const message =
      event.message || (event.error instanceof Error && event.error.message) || 'WebSocket error';
    callbacks.error(message, refusal);
  });
  const canPing = typeof socket.ping === 'function' && typeof socket.on === 'function';
  if (canPing) socket.on!('pong', () => callbacks.pong());
  // `ws` hands over the upgraded TCP socket with its 'upgrade' response (a documented event, unlike `_socket`).
  let tcp: TcpSocket | undefined;
  socket.on?.('upgrade', (response: { socket?: TcpSocket }) => {
    tcp = response.socket;
  });
  const terminate = () => (socket.terminate ? socket.terminate() : socket.close());
  // `ws` hands a refused upgrade's response to this listener (and then leaves ending the attempt to it):
  // its status, headers and body are what @ai-sdk/openai would have turned into an error over HTTP.
  socket.on?.('unexpected-response', (_request: unknown, response: RefusalResponse) => {
    readRefusal(response).then((read) => {
      refusal = read;
      terminate();
    }, terminate);
  });

  return {
    send: (text) => {
      try {
        socket.send(text);
      } catch (error) {
        throw explainSendFailure(error, url);
      }
    },
    close: (code = 1000) => {
      try {
        socket.close(code);
      } catch {
        // Closing a socket that is still connecting throws in some implementations; it is going anyway.
        terminate();
      }
    },
    terminate,
    ...(canPing ? { ping: () => socket.ping!(), bytesReceived: () => tcp?.bytesRead ?? 0 } : {}),
    keepProcessAlive: (keep) => {
      if (keep) tcp?.ref();
      else tcp?.unref();
    },
  };
}

/** What is used of the upgraded TCP socket `ws` hands over. */
interface TcpSocket {
  ref(): void;
  unref(): void;
  readonly bytesRead: number;
}

interface RefusalResponse {
  readonly statusCode?: number;
  readonly headers: Record<string, string | string[] | undefined>;
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error' | 'aborted', listener: () => void): void;
}

const FRAMING_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'keep-alive',
]);

function readRefusal(response: RefusalResponse): Promise<UpgradeRefusal> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    // Framing headers described the refusal's transfer, not the body handed on (which may be cut).
    if (value === undefined || FRAMING_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk) => {
      if (size >= MAX_REFUSAL_BODY_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    const done = () =>
      resolve({
        status: response.statusCode ?? 0, // 0: no status line; fail() then reports it as a failure
        headers,
        body: Buffer.concat(chunks).subarray(0, MAX_REFUSAL_BODY_BYTES).toString('utf8'),
      });
    response.on('end', done);
    response.on('aborted', done);
    response.on('error', reject);
  });
}

/**
 * A bundler that inlines `ws` replaces its optional add-on `bufferutil` with an empty module, which `ws`
 * then calls to mask every frame of 48 bytes or more: "b.mask is not a function" on the first request.
 * That message names neither the cause nor the fix; this one does.
 */
function explainSendFailure(error: unknown, url: string): unknown {
  if (!(error instanceof TypeError) || !/\bmask is not a function\b/.test(error.message)) return error;
  return new APICallError({
    message:
      `The WebSocket library 'ws' was bundled, which breaks it (${error.message}): load it from node_modules ` +
      "instead. In Next.js, add serverExternalPackages: ['ws', 'ai-sdk-openai-ws'] to next.config.",
    url,
    requestBodyValues: undefined,
    isRetryable: false,
    cause: error,
  });
}

/** `ws` delivers a Buffer (or, fragmented, an array of them); a WHATWG socket an ArrayBuffer, as asked. */
function decodeBinary(data: unknown): string {
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return Buffer.from(data as ArrayBuffer).toString('utf8');
  return '';
}
