import type { CachedResponse, ChainState } from '../continuation/chain-state';
import { OpenAIWsInternalError } from '../errors/internal-error';

/** Server events that end a response. A client that waits only for `response.completed` hangs on the rest. */
const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

/** Why a running response ended without a terminal event. */
export type ResponseInterruption =
  | {
      readonly kind: 'closed';
      readonly code: number;
      readonly reason: string;
      /**
       * This client closed the socket (silent peer, a failed send, `close()`): the server may have taken a
       * frame it never answered, so nothing on the socket is sent again.
       */
      readonly byClient?: boolean;
    }
  | { readonly kind: 'timeout'; readonly phase: 'first-event' | 'between-events' }
  | { readonly kind: 'aborted' };

export interface ServerEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

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

/** What a lane needs of its socket (`responses-connection.ts`). */
export interface LaneSocket {
  readonly state: 'connecting' | 'open' | 'closed';
  /** Takes no new response; it closes once its running ones end. */
  retired: boolean;
  /** Sends a lane's frame; returns its place in the socket's order of frames. */
  sendFrame(frameText: string): number;
  /** A lane's response ended or was given up. */
  laneSettled(): void;
  /** Another lane runs a response, or holds a conversation's cache, which closing the socket would end. */
  hasOtherLaneInUse(lane: ConnectionLane): boolean;
  /** After a close for a frame too big (1009): the place, in the socket's order, of the frame it refused. */
  readonly refusedFrameOrder: number | undefined;
  /** Drops the connection at once; every running response is interrupted. */
  destroy(interruption: ResponseInterruption): void;
}

export interface LaneTimeouts {
  readonly firstEventMs: number;
  readonly betweenEventsMs: number;
}

/**
 * One lane of a socket: one response at a time, and the server's continuation point for it. A socket
 * without lanes has one lane and sends no `stream_id`; with lanes, each has its `stream_id`, and the server
 * keeps each lane's latest response. States: idle → busy → idle, or busy → draining → idle when its
 * response was given up while other lanes of the socket still run theirs (the protocol has no per-response
 * cancel, and closing the socket would end theirs too): its frames are then read and dropped until it ends.
 */
export class ConnectionLane<Socket extends LaneSocket = LaneSocket> {
  state: 'idle' | 'busy' | 'draining' = 'idle';
  /** The server's continuation point on this lane, if its last response completed and its input is known. */
  chain: ChainState | undefined;
  /** The lane's last completed response, whoever chained it. */
  lastResponse: CachedResponse | undefined;
  releasedAt = 0;
  /** When its running response was sent, in the socket's order: frames without `stream_id` go to the oldest. */
  sentOrder = 0;
  /** UTF-8 bytes of its running response's frame. */
  frameBytes = 0;
  /** Whether its running response has received a frame yet. */
  started = false;
  /** The provider whose request last used it (`close()` ends what it started). */
  owner: object | undefined;

  private listener: ResponseListener | undefined;
  private eventTimer: NodeJS.Timeout | undefined;
  private eventTimerPhase: 'first-event' | 'between-events' | undefined;
  private drained: (() => void) | undefined;

  constructor(
    readonly connection: Socket,
    /** `undefined` on a socket without lanes. */
    readonly streamId: string | undefined,
    private readonly timeouts: LaneTimeouts,
  ) {}

  /** Sends one `response.create` frame on this lane; the listener then receives that response's frames. */
  send(frameText: string, listener: ResponseListener): void {
    if (this.state !== 'idle' || this.connection.state !== 'open')
      throw new OpenAIWsInternalError(
        `cannot send on a ${this.state} lane of a ${this.connection.state} connection`,
      );
    this.state = 'busy';
    this.started = false;
    // The server replaces this lane's cache with this response, whatever happens to it.
    this.chain = undefined;
    this.lastResponse = undefined;
    this.listener = listener;
    this.armEventTimer('first-event');
    try {
      this.frameBytes = Buffer.byteLength(frameText);
      this.sentOrder = this.connection.sendFrame(frameText);
    } catch (error) {
      // Nothing went out and this socket cannot send: drop it, and let the caller have the cause.
      this.listener = undefined;
      this.clearEventTimer();
      this.connection.destroy({
        kind: 'closed',
        code: 1006,
        reason: 'the frame could not be sent',
        byClient: true,
      });
      throw error;
    }
  }

  /** Ends the running response from the client side (the only cancel the protocol has is a close). */
  abort(): void {
    this.giveUp({ kind: 'aborted' });
  }

  /** Called once the lane is idle again after draining (immediately when it is not draining). */
  whenDrained(callback: () => void): void {
    if (this.state === 'draining') this.drained = callback;
    else callback();
  }

  /** One frame of this lane's response (the socket routed it here). */
  receive(data: string, event: ServerEvent | undefined): void {
    this.started = true;
    if (this.state === 'draining') {
      if (event !== undefined && TERMINAL_EVENT_TYPES.has(event.type)) this.settle();
      else this.armEventTimer('between-events');
      return;
    }
    const listener = this.listener;
    if (listener === undefined) return;
    if (event !== undefined && TERMINAL_EVENT_TYPES.has(event.type)) {
      this.settle();
      listener.terminal(data, event);
      return;
    }
    this.armEventTimer('between-events');
    listener.event(data);
  }

  /** The socket closed: a running response is interrupted, and the lane holds nothing any more. */
  closed(interruption: ResponseInterruption): void {
    const listener = this.listener;
    this.listener = undefined;
    this.clearEventTimer();
    this.chain = undefined;
    this.lastResponse = undefined;
    const wasDraining = this.state === 'draining';
    this.state = 'idle';
    if (wasDraining) this.takeDrained()?.();
    listener?.interrupted(interruption);
  }

  private settle(): void {
    this.clearEventTimer();
    this.listener = undefined;
    const wasDraining = this.state === 'draining';
    this.state = 'idle';
    this.connection.laneSettled();
    if (wasDraining) this.takeDrained()?.();
  }

  private takeDrained(): (() => void) | undefined {
    const drained = this.drained;
    this.drained = undefined;
    return drained;
  }

  /**
   * The response is given up (aborted, or silent too long): alone on its socket, the socket is closed, as
   * that is what cancels it; beside other lanes that run a response or hold a conversation's cache, which
   * the close would end too, it drains instead.
   */
  private giveUp(interruption: ResponseInterruption): void {
    if (this.state !== 'busy') return;
    if (!this.connection.hasOtherLaneInUse(this)) {
      this.connection.destroy(interruption);
      return;
    }
    const listener = this.listener;
    this.listener = undefined;
    this.state = 'draining';
    this.connection.laneSettled();
    // Its frames keep re-arming the timer; a response that goes silent while draining gives its socket up.
    this.armEventTimer('between-events');
    listener?.interrupted(interruption);
  }

  private timedOut(phase: 'first-event' | 'between-events'): void {
    if (this.state !== 'draining') {
      this.giveUp({ kind: 'timeout', phase });
      return;
    }
    // The socket takes no new response and closes once its other lanes are done.
    this.connection.retired = true;
    this.settle();
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
    this.eventTimer = setTimeout(() => this.timedOut(phase), ms).unref();
  }

  private clearEventTimer(): void {
    clearTimeout(this.eventTimer);
    this.eventTimer = undefined;
  }
}
