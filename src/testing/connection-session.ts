import type { WebSocket } from 'ws';
import { DelayQueue } from './delay-queue';
import type { EmulatorContext } from './emulator-context';
import type { Item, RequestRecord } from './emulator-types';
import { refuseStreamId, refuseWithPreviousResponseId } from './host-request-rules';
import { invalidStreamId, type Lane, laneLimitError, newLane, withStreamId } from './lanes';
import { keepResponse } from './response-objects';
import {
  errorFrame,
  type RequestError,
  resolveInput,
  type StoredResponse,
  validateRequest,
} from './response-state';
import { type ResponseSink, runResponse } from './run-response';
import { steerOrInjectFailure, steerOrInjectTarget } from './steer-and-inject';

/** setTimeout's largest delay (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** What the upgrade decided about a connection, beyond the socket itself. */
export interface ConnectionSessionOptions {
  /** The upgrade request's `OpenAI-Beta` header, recorded with each request. */
  readonly openaiBeta: string | undefined;
  /**
   * Set when the connection was accepted over its key's connection limit: its first `response.create` is
   * answered with this error (no `response.created`) and the connection closes (1000).
   */
  readonly overLimit?: RequestError;
}

/**
 * One WebSocket connection of the emulator. Requests on one lane (`stream_id`; none is the default lane)
 * run one at a time, later ones queued FIFO or rejected; lanes run side by side and every event of a lane's
 * response echoes its `stream_id`. The connection cache holds the most recent completed response of each
 * lane (so a lane can fork from another lane's response), and the connection ends at its lifetime limit
 * with `websocket_connection_limit_reached`. `response.steer` and `response.inject` are answered with
 * their failure events: the emulated model neither steers nor waits for injected input.
 */
export class ConnectionSession {
  private readonly lanes = new Map<string | undefined, Lane>();
  /** Sequence numbers of steer/inject events, which belong to no response's stream. */
  private controlSequence = 0;
  private expired = false;
  private closed = false;
  private closing = false;
  /** A `go-silent` fault struck: nothing is sent, read or answered any more, but the socket stays open. */
  private silent = false;
  private readonly outgoing: DelayQueue;
  private readonly lifetimeTimer: NodeJS.Timeout | undefined;
  private resolveClosed!: () => void;
  private readonly closedPromise = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  constructor(
    private readonly socket: WebSocket,
    readonly id: number,
    private readonly context: EmulatorContext,
    private readonly options: ConnectionSessionOptions,
  ) {
    this.outgoing = new DelayQueue(() => context.timing().latency?.perFrameMs ?? 0);
    this.lifetimeTimer = Number.isFinite(context.connectionLifetimeMs)
      ? setTimeout(
          () => {
            this.expired = true;
            if (!this.busy()) this.endLifetime();
          },
          // Past the largest timer delay Node would fire after 1 ms instead; ~24.8 days is forever here.
          Math.min(context.connectionLifetimeMs, MAX_TIMER_MS),
        )
      : undefined;
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    // Pongs are answered here rather than by `ws`, so that one connection can stop answering them.
    socket.on('ping', (data) => {
      if (context.answerPings && !this.silent && !this.closed) socket.pong(data);
    });
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.onClose());
  }

  /** Closes from the server side; `code` undefined drops the connection with no close frame. */
  close(code?: number): void {
    if (this.closed) return;
    // Once the server decided to close, it starts no new response, whatever arrives meanwhile.
    this.closing = true;
    this.outgoing.push(() => {
      if (code === undefined || code === 1006) this.socket.terminate();
      else this.socket.close(code);
    });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed || this.silent) return;
    let frame: Record<string, unknown>;
    try {
      if (isBinary) throw new Error('binary');
      frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame))
        throw new Error('not an object');
    } catch {
      this.sendError({
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_json',
        message: 'The message could not be parsed as a JSON event.',
        param: null,
      });
      return;
    }
    const { type, ...body } = frame;
    if (type === 'response.steer' || type === 'response.inject') {
      this.answerSteerOrInject(type, body);
      return;
    }
    if (type !== 'response.create') {
      this.sendError({
        status: 400,
        type: 'invalid_request_error',
        code: 'unknown_event_type',
        message: `Unsupported event type: '${String(type)}'.`,
        param: 'type',
      });
      return;
    }
    this.onResponseCreate(body, data.byteLength);
  }

  private onResponseCreate(body: Record<string, unknown>, bytes: number): void {
    const record = this.context.record({
      transport: 'ws',
      connectionId: this.id,
      bytes,
      ...(this.options.openaiBeta === undefined ? {} : { openaiBeta: this.options.openaiBeta }),
      inputItems: Array.isArray(body.input) ? body.input.length : body.input == null ? 0 : 1,
      body,
      ...(typeof body.previous_response_id === 'string'
        ? { previousResponseId: body.previous_response_id }
        : {}),
      generate: body.generate !== false,
    });
    if (this.closing || this.expired) {
      this.context.settle(record, 'closed');
      return;
    }
    // A connection over its key's limit answers its first request with the limit error, then closes.
    if (this.options.overLimit !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(this.options.overLimit, record);
      this.close(1000);
      return;
    }
    const streamId = body.stream_id;
    const refusal = refuseStreamId(this.context.conventions, body) ?? invalidStreamId(streamId);
    if (refusal !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(refusal, record);
      return;
    }
    const lane = this.lane(streamId as string | undefined);
    const limit = laneLimitError(this.lanes, lane.streamId);
    if (limit !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(limit, record, lane.streamId);
      return;
    }
    if (lane.busy && this.context.queue === 'reject') {
      this.context.settle(record, 'error');
      this.sendError(
        {
          status: 409,
          type: 'invalid_request_error',
          code: 'response_already_in_flight',
          message: 'A response is already in progress on this connection.',
          param: null,
        },
        record,
        lane.streamId,
      );
      return;
    }
    record.outcome = lane.busy ? 'queued' : 'pending';
    lane.pending.push({ record, body });
    if (!lane.busy) void this.drain(lane);
  }

  private busy(): boolean {
    for (const lane of this.lanes.values()) if (lane.busy) return true;
    return false;
  }

  /** The lane of a `stream_id`, without opening it: a refused request must not count as a named lane. */
  private lane(streamId: string | undefined): Lane {
    return this.lanes.get(streamId) ?? newLane(streamId);
  }

  private async drain(lane: Lane): Promise<void> {
    this.lanes.set(lane.streamId, lane);
    lane.busy = true;
    // Past the lifetime limit the running response may finish, but no queued one starts.
    while (lane.pending.length > 0 && !this.closed && !this.closing && !this.expired) {
      const { record, body } = lane.pending.shift()!;
      record.outcome = 'pending';
      await this.run(lane, record, body);
    }
    lane.busy = false;
    if (this.closing || this.expired)
      for (const { record } of lane.pending.splice(0)) this.context.settle(record, 'closed');
    if (this.expired && !this.closed && !this.closing && !this.busy()) this.endLifetime();
  }

  private async run(lane: Lane, record: RequestRecord, body: Record<string, unknown>): Promise<void> {
    const invalid =
      validateRequest(body, 'ws') ?? refuseWithPreviousResponseId(this.context.conventions, body);
    if (invalid !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(invalid, record, lane.streamId);
      return;
    }
    const resolution = resolveInput(body, this.cached(body.previous_response_id), this.context.store);
    if (!resolution.ok) {
      this.context.settle(record, 'error');
      this.sendError(resolution.error, record, lane.streamId);
      return;
    }
    if (resolution.cacheHit !== undefined) record.cacheHit = resolution.cacheHit;
    const result = await runResponse({
      body,
      resolution,
      model: this.context.model(),
      timing: this.context.timing(),
      fault: this.context.faults.takeRequestFault('ws', this.id),
      sink: this.sink(lane, keepResponse(this.context.responses, body, resolution.newInput)),
      record,
    });
    lane.activeResponseId = undefined;
    this.context.settle(record, this.closed && result.outcome === 'pending' ? 'closed' : result.outcome);
    if (result.completed !== undefined) {
      lane.cache = result.completed;
      if (body.store !== false) this.context.store.set(result.completed.id, result.completed);
    } else if (typeof body.previous_response_id === 'string') {
      // A failed continuation evicts the response it named.
      for (const other of this.lanes.values())
        if (other.cache?.id === body.previous_response_id) other.cache = undefined;
    }
  }

  /** The connection cache: the latest completed response of any lane, if it is the one named. */
  private cached(previousResponseId: unknown): StoredResponse | undefined {
    for (const lane of this.lanes.values())
      if (lane.cache !== undefined && lane.cache.id === previousResponseId) return lane.cache;
    return undefined;
  }

  private sink(lane: Lane, observe: (frame: unknown) => void): ResponseSink {
    return {
      send: (frame) => {
        observe(frame);
        // The id is known from `response.created` on, so steer/inject can name this response meanwhile.
        if (isEvent(frame) && frame.type === 'response.created')
          lane.activeResponseId = String((frame.response as Item | undefined)?.id);
        this.outgoing.push(() => {
          if (this.closed || this.silent) return;
          if (Buffer.isBuffer(frame)) this.socket.send(frame, { binary: true });
          else if (typeof frame === 'string') this.socket.send(frame);
          else this.socket.send(JSON.stringify(withStreamId(frame, lane.streamId)));
        });
      },
      close: (code) => this.close(code),
      closed: this.closedPromise,
      isClosed: () => this.closed,
      // In order with the frames before it: what was sent before the silence still arrives.
      goSilent: () =>
        this.outgoing.push(() => {
          this.silent = true;
        }),
    };
  }

  private sendError(error: RequestError, record?: RequestRecord, streamId?: string): void {
    if (record) record.eventsSent++;
    this.sendEvent(withStreamId(errorFrame(error), streamId));
  }

  private sendEvent(event: Item): void {
    this.outgoing.push(() => {
      if (!this.closed && !this.silent) this.socket.send(JSON.stringify(event));
    });
  }

  /**
   * `response.steer` / `response.inject` get their documented failure event, in between the events of the
   * running response and without touching it: the target's lane is echoed, the response streams on.
   */
  private answerSteerOrInject(type: 'response.steer' | 'response.inject', body: Item): void {
    const targetId = steerOrInjectTarget(type, body);
    const target = [...this.lanes.values()].find(
      (lane) => lane.activeResponseId !== undefined && lane.activeResponseId === targetId,
    );
    const completed =
      target === undefined &&
      typeof targetId === 'string' &&
      (this.cached(targetId) !== undefined || this.context.store.has(targetId));
    const event = steerOrInjectFailure(type, body, target, completed, this.controlSequence++);
    this.sendEvent(withStreamId(event, target?.streamId));
  }

  private endLifetime(): void {
    this.sendError({
      status: 400,
      type: 'invalid_request_error',
      code: 'websocket_connection_limit_reached',
      message: `Responses websocket connection limit reached (${this.context.connectionLifetimeMs} ms). Create a new websocket connection to continue.`,
      param: null,
    });
    this.close(1000);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetimeTimer);
    this.outgoing.clear();
    for (const lane of this.lanes.values())
      for (const { record } of lane.pending.splice(0)) this.context.settle(record, 'closed');
    this.context.metrics.openConnections--;
    this.resolveClosed();
  }
}

function isEvent(frame: Item | string | Buffer): frame is Item {
  return typeof frame === 'object' && !Buffer.isBuffer(frame);
}
