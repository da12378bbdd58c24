import type { WebSocketImplementation } from '../ws-openai-settings';
import {
  ConnectionLane,
  type LaneSocket,
  type ResponseInterruption,
  type ServerEvent,
} from './connection-lane';
import { streamIdOf } from './stream-id-of';
import { openSocket, type SocketPort, type UpgradeRefusal } from './websocket-port';

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
}

/** How a socket is opened: where, with which headers and subprotocols, how many lanes. */
export interface ConnectionTarget {
  /** `undefined`: `ws`. */
  readonly WebSocket: WebSocketImplementation | undefined;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Subprotocols to offer; they may carry a credential, so they are masked in errors like headers. */
  readonly protocols: readonly string[];
  /** 1: no lanes (no `stream_id`); more: that many `stream_id` lanes. */
  readonly lanes: number;
  readonly timeouts: ConnectionTimeouts;
}

/** A lane of a Responses socket. */
export type SocketLane = ConnectionLane<ResponsesConnection>;

let nextConnectionId = 1;

/** The close code of a host that will not take a frame this big (message too big). */
const MESSAGE_TOO_BIG = 1009;

/**
 * One Responses WebSocket: connecting → open → closed, carrying one response per lane (one lane, or up to
 * `lanes` with `stream_id`). Frames go to the lane they name; the socket's server-side caches are mirrored
 * in each lane's chain. Every timer it starts is unref'd and cleared on close, and a socket with no
 * running response is unref'd (with `ws`), so an idle pool never keeps a process alive; a running response
 * does, as an HTTP request would.
 */
export class ResponsesConnection implements LaneSocket {
  readonly id = nextConnectionId++;
  readonly openedAt = Date.now();
  state: 'connecting' | 'open' | 'closed' = 'connecting';
  readonly lanes: readonly SocketLane[];
  /** Takes no new response (past its age or lifetime, refused by its host, of replaced credentials, …); closed once no lane runs. */
  retired = false;
  /** `response.create` frames sent; a socket that sent one is reused by the next. */
  framesSent = 0;
  /** After a close for a frame too big (1009): the place, in this socket's order, of the frame it refused. */
  refusedFrameOrder: number | undefined;

  private readonly socket: SocketPort;
  private readonly lanesById = new Map<string, SocketLane>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private readonly opened: Promise<void>;
  private rejectOpen!: (failure: UpgradeFailure) => void;
  private readonly closedCallbacks: Array<() => void> = [];
  /** Called when a frame without `stream_id` arrives while lanes run: the host ignores lanes. */
  onUnroutedFrame: (() => void) | undefined;

  constructor(private readonly target: ConnectionTarget) {
    const { timeouts } = target;
    this.lanes = Array.from({ length: target.lanes }, (_, index) => {
      const streamId = target.lanes === 1 ? undefined : `lane-${index + 1}`;
      const lane: SocketLane = new ConnectionLane(this, streamId, timeouts);
      if (streamId !== undefined) this.lanesById.set(streamId, lane);
      return lane;
    });
    let resolveOpen!: () => void;
    this.opened = new Promise<void>((resolve, reject) => {
      resolveOpen = resolve;
      this.rejectOpen = reject;
    });
    // A failed upgrade is reported through ready(); nobody else needs to observe the rejection.
    this.opened.catch(() => {});
    const rejectOpen = (failure: UpgradeFailure) => this.rejectOpen(failure);
    let refusal: UpgradeRefusal | undefined;
    const secrets = [...Object.values(target.headers), ...target.protocols];
    let lastError = 'WebSocket connection failed';
    let handshakeTimer: NodeJS.Timeout | undefined;

    try {
      this.socket = openSocket(target.WebSocket, target.url, target.headers, target.protocols, {
        open: () => {
          clearTimeout(handshakeTimer);
          if (this.state !== 'connecting') return;
          this.state = 'open';
          this.socket.keepProcessAlive(false);
          this.startHeartbeat();
          resolveOpen();
        },
        text: (data) => this.onText(data, false),
        // Not part of the protocol: one that holds a JSON event counts as that event, anything else is
        // skipped, as an SSE parser skips lines that are no event.
        binary: (data) => this.onText(data, true),
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
      this.destroy({ kind: 'closed', code: 1006, reason: 'handshake timed out' });
    }, timeouts.handshakeMs).unref();
  }

  /** Resolves once the upgrade succeeded; rejects with an `UpgradeFailure` otherwise. */
  ready(): Promise<void> {
    return this.opened;
  }

  onClose(callback: () => void): void {
    this.closedCallbacks.push(callback);
  }

  /** Whether no lane has a response running (draining lanes included: their responses were given up). */
  get isIdle(): boolean {
    return this.lanes.every((lane) => lane.state !== 'busy');
  }

  /** Sends a lane's frame; returns its place in this socket's order of frames. */
  sendFrame(frameText: string): number {
    this.socket.keepProcessAlive(true);
    this.socket.send(frameText);
    return ++this.framesSent;
  }

  /** A lane's response ended or was given up: the socket keeps the process alive only while one runs. */
  laneSettled(): void {
    if (this.isIdle) this.socket.keepProcessAlive(false);
  }

  hasOtherLaneInUse(lane: ConnectionLane): boolean {
    return this.lanes.some(
      (other) =>
        other !== lane &&
        (other.state === 'busy' || other.chain !== undefined || other.lastResponse !== undefined),
    );
  }

  /** Closes the socket with a closing handshake; running responses are reported as closed. */
  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting')
      this.rejectOpen(new UpgradeFailure('connection closed by client', undefined));
    if (this.state === 'connecting' || !this.isIdle) this.socket.terminate();
    else this.socket.close(1000);
    this.onClosed({ kind: 'closed', code: 1000, reason: 'closed by client', byClient: true });
  }

  /** Drops the connection at once: a dead peer would otherwise hold a closing handshake open. */
  destroy(interruption: ResponseInterruption): void {
    this.socket.terminate();
    this.onClosed(interruption);
  }

  private onText(data: string, binary: boolean): void {
    const lane = this.laneFor(data);
    // Most frames of a response are deltas: they go on as text, and only the inner model parses them.
    if (lane !== undefined && !binary && !mayEndResponse(data)) {
      lane.receive(data, undefined);
      return;
    }
    const event = parseEvent(data);
    if (event === undefined) {
      if (lane !== undefined && !binary) lane.receive(data, undefined);
      return;
    }
    if (lane === undefined) {
      // An error outside a response (e.g. the lifetime limit) means this socket will not serve another;
      // responses running on its other lanes may still end.
      if (event.type === 'error') {
        this.retired = true;
        if (this.isIdle) this.close();
      }
      return;
    }
    lane.receive(data, event);
  }

  /**
   * The lane a frame belongs to: the one its `stream_id` names; without one, the only lane, or (a host that
   * ignores lanes runs requests one after another) the oldest running response, except that an error goes
   * to the oldest response not yet started, since a host refuses a request before it starts it.
   */
  private laneFor(data: string): SocketLane | undefined {
    if (this.lanes.length === 1) {
      const lane = this.lanes[0]!;
      return lane.state === 'idle' ? undefined : lane;
    }
    const streamId = streamIdOf(data);
    if (streamId !== undefined) {
      const lane = this.lanesById.get(streamId);
      return lane?.state === 'idle' ? undefined : lane;
    }
    const running = this.lanes
      .filter((lane) => lane.state !== 'idle')
      .sort((a, b) => a.sentOrder - b.sentOrder);
    if (running.length === 0) return undefined;
    // A host may send an error outside any lane (its lifetime limit, say); an event without one means the
    // host ignores lanes.
    if (mayEndResponse(data) && parseEvent(data)?.type === 'error')
      return running.find((lane) => !lane.started) ?? running[0];
    this.onUnroutedFrame?.();
    return running[0];
  }

  private onClosed(interruption: ResponseInterruption): void {
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    if (interruption.kind === 'closed' && interruption.code === MESSAGE_TOO_BIG) {
      // The host read frames in order and closed on the first too big: the largest one not yet answered.
      const unanswered = this.lanes.filter((lane) => lane.state === 'busy' && !lane.started);
      const refused = unanswered.sort((a, b) => b.frameBytes - a.frameBytes)[0];
      this.refusedFrameOrder = refused?.sentOrder;
    }
    this.stopHeartbeat();
    for (const lane of this.lanes) lane.closed(interruption);
    if (wasOpen) for (const callback of this.closedCallbacks.splice(0)) callback();
  }

  /**
   * Pings the socket, idle or busy, so a dead peer or a connection that went silent is found within one
   * interval and timeout. Pongs come from the host's socket layer, not from the model, so a long pause
   * of the model between two events is no silence here. Bytes still arriving are no silence either: the
   * pong waits behind an event that takes longer than the timeout to arrive (a large one, a slow link).
   * The verdict waits for the socket's next read: after this process was busy for longer than the
   * timeout, timers run before the reads that may hold the pong.
   */
  private startHeartbeat(): void {
    const { ping, bytesReceived = () => 0 } = this.socket;
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.target.timeouts;
    if (ping === undefined || heartbeatIntervalMs <= 0) return;
    const awaitPong = (receivedBefore: number) => {
      const timer = setTimeout(() => {
        setImmediate(() => {
          // A pong came meanwhile (or the socket closed): nothing to judge.
          if (this.pongTimer !== timer) return;
          const received = bytesReceived();
          if (received > receivedBefore) awaitPong(received);
          else this.destroy({ kind: 'closed', code: 1006, reason: 'no pong', byClient: true });
        });
      }, heartbeatTimeoutMs).unref();
      this.pongTimer = timer;
    };
    this.heartbeatTimer = setInterval(() => {
      ping();
      if (this.pongTimer === undefined) awaitPong(bytesReceived());
    }, heartbeatIntervalMs).unref();
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

/**
 * The event a frame holds. An error in the API's HTTP envelope (`{"error":{…}}`, no `type`), as some hosts
 * send it (xAI), is an `error` event too: the response it ends must not wait for a terminal event.
 */
function parseEvent(data: string): ServerEvent | undefined {
  try {
    const event = JSON.parse(data) as Record<string, unknown> | null;
    if (typeof event !== 'object' || event === null) return undefined;
    if (typeof event.type === 'string') return event as ServerEvent;
    const isEnvelope = event.type === undefined && typeof event.error === 'object' && event.error !== null;
    return isEnvelope ? { ...event, type: 'error' } : undefined;
  } catch {
    return undefined;
  }
}
