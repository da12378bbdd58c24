import type { WebSocket } from 'ws';
import { DelayQueue } from './delay-queue';
import type { EmulatorContext } from './emulator-context';
import type { Item, RequestRecord } from './emulator-types';
import { keepResponse } from './response-objects';
import {
  errorFrame,
  type RequestError,
  resolveInput,
  type StoredResponse,
  validateRequest,
} from './response-state';
import { type ResponseSink, runResponse } from './run-response';

/** setTimeout's largest delay (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;
/** Published per-socket limits (`openai` 7.x docs): responses in flight (running or queued), named lanes. */
export const MAX_ACTIVE_RESPONSES = 16;
export const MAX_NAMED_LANES = 32;

/** A `stream_id` lane (the key `undefined` is the default lane): its own FIFO and its latest response. */
interface Lane {
  readonly streamId: string | undefined;
  readonly pending: Array<{ record: RequestRecord; body: Record<string, unknown> }>;
  busy: boolean;
  /** The lane's most recent completed response: what a continuation on this connection finds cached. */
  cache: StoredResponse | undefined;
  /** The response now streaming on this lane, the target of `response.steer` / `response.inject`. */
  activeResponseId: string | undefined;
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
    /** The upgrade request's `OpenAI-Beta` header, recorded with each request. */
    private readonly openaiBeta: string | undefined,
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
    if (this.closed) return;
    const text = data.toString('utf8');
    const bytes = data.byteLength;
    let frame: Record<string, unknown>;
    try {
      if (isBinary) throw new Error('binary');
      frame = JSON.parse(text) as Record<string, unknown>;
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
    const record = this.context.record({
      transport: 'ws',
      connectionId: this.id,
      bytes,
      ...(this.openaiBeta === undefined ? {} : { openaiBeta: this.openaiBeta }),
      inputItems: Array.isArray(body.input) ? body.input.length : body.input == null ? 0 : 1,
      body,
      ...(typeof body.previous_response_id === 'string'
        ? { previousResponseId: body.previous_response_id }
        : {}),
      generate: body.generate !== false,
    });
    const streamId = body.stream_id;
    if (streamId !== undefined && (typeof streamId !== 'string' || streamId === '')) {
      this.context.settle(record, 'error');
      this.sendError(
        {
          status: 400,
          type: 'invalid_request_error',
          code: 'invalid_stream_id',
          message: "Invalid 'stream_id': expected a non-empty string.",
          param: 'stream_id',
        },
        record,
      );
      return;
    }
    const limit = this.laneLimitError(streamId);
    if (limit !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(limit, record, streamId);
      return;
    }
    const lane = this.lane(streamId);
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
        streamId,
      );
      return;
    }
    if (this.closing || this.expired) {
      this.context.settle(record, 'closed');
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

  private lane(streamId: string | undefined): Lane {
    let lane = this.lanes.get(streamId);
    if (lane === undefined) {
      lane = { streamId, pending: [], busy: false, cache: undefined, activeResponseId: undefined };
      this.lanes.set(streamId, lane);
    }
    return lane;
  }

  /** The published limits: a 33rd named lane, or a 17th response in flight, is refused. */
  private laneLimitError(streamId: string | undefined): RequestError | undefined {
    const named = [...this.lanes.keys()].filter((key) => key !== undefined).length;
    if (streamId !== undefined && !this.lanes.has(streamId) && named >= MAX_NAMED_LANES)
      return streamLimit(`at most ${MAX_NAMED_LANES} named streams per connection`);
    let active = 0;
    for (const lane of this.lanes.values()) active += lane.pending.length + (lane.busy ? 1 : 0);
    if (active >= MAX_ACTIVE_RESPONSES)
      return streamLimit(`at most ${MAX_ACTIVE_RESPONSES} active responses per connection`);
    return undefined;
  }

  private async drain(lane: Lane): Promise<void> {
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
    const invalid = validateRequest(body, 'ws');
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
          if (this.closed) return;
          if (Buffer.isBuffer(frame)) this.socket.send(frame, { binary: true });
          else if (typeof frame === 'string') this.socket.send(frame);
          else this.socket.send(JSON.stringify(withStreamId(frame, lane.streamId)));
        });
      },
      close: (code) => this.close(code),
      closed: this.closedPromise,
      isClosed: () => this.closed,
    };
  }

  private sendError(error: RequestError, record?: RequestRecord, streamId?: string): void {
    if (record) record.eventsSent++;
    this.sendEvent(withStreamId(errorFrame(error), streamId));
  }

  private sendEvent(event: Item): void {
    this.outgoing.push(() => {
      if (!this.closed) this.socket.send(JSON.stringify(event));
    });
  }

  /**
   * `response.steer` / `response.inject` get their documented failure event, in between the events of the
   * running response and without touching it: the target's lane is echoed, the response streams on.
   */
  private answerSteerOrInject(type: 'response.steer' | 'response.inject', body: Item): void {
    const steer = type === 'response.steer';
    const targetId = steer ? body.previous_response_id : body.response_id;
    const target = [...this.lanes.values()].find(
      (lane) => lane.activeResponseId !== undefined && lane.activeResponseId === targetId,
    );
    const completed =
      target === undefined &&
      typeof targetId === 'string' &&
      (this.cached(targetId) !== undefined || this.context.store.has(targetId));
    const [code, message] =
      typeof targetId !== 'string' || (steer && !validSteerInput(body.input))
        ? ['invalid_input', `Invalid '${type}' event.`]
        : target !== undefined
          ? steer
            ? ['steering_not_supported', 'This model does not support steering.']
            : ['response_not_found', `Response '${targetId}' is not waiting for injected input.`]
          : completed
            ? ['response_already_completed', `Response '${targetId}' has already completed.`]
            : ['response_not_found', `Response '${targetId}' was not found on this connection.`];
    const sequence_number = this.controlSequence++;
    const event = steer
      ? {
          type: 'response.steer.failed',
          sequence_number,
          error: { type: 'invalid_request_error', code, message },
          steer: { input: body.input, previous_response_id: targetId },
        }
      : {
          type: 'response.inject.failed',
          sequence_number,
          error: { code, message },
          input: Array.isArray(body.input) ? body.input : [],
          response_id: targetId,
        };
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

/** Every event of a lane's response (and its errors) echoes the lane's `stream_id`. */
function withStreamId(event: Item, streamId: string | undefined): Item {
  return streamId === undefined ? event : { ...event, stream_id: streamId };
}

function streamLimit(what: string): RequestError {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'websocket_stream_limit_reached',
    message: `Responses websocket stream limit reached: ${what}.`,
    param: 'stream_id',
  };
}

/** Steering input: a non-empty string, or a non-empty list of user messages (`type`, `role`, `content`). */
function validSteerInput(input: unknown): boolean {
  if (typeof input === 'string') return input !== '';
  return (
    Array.isArray(input) &&
    input.length > 0 &&
    input.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        (item as Item).role === 'user' &&
        ((item as Item).type ?? 'message') === 'message',
    )
  );
}
