import type { WebSocket } from 'ws';
import { DelayQueue } from './delay-queue';
import type { EmulatorContext } from './emulator-context';
import type { RequestRecord } from './emulator-types';
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

/**
 * One WebSocket connection of the emulator: requests run one at a time (later ones queue FIFO, or are
 * rejected), the connection cache holds only the most recent completed response, and the connection
 * ends at its lifetime limit with `websocket_connection_limit_reached`.
 */
export class ConnectionSession {
  private cache: StoredResponse | undefined;
  private readonly pending: Array<{ record: RequestRecord; body: Record<string, unknown> }> = [];
  private busy = false;
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
            if (!this.busy) this.endLifetime();
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
    if (this.busy && this.context.queue === 'reject') {
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
      );
      return;
    }
    if (this.closing || this.expired) {
      this.context.settle(record, 'closed');
      return;
    }
    record.outcome = this.busy ? 'queued' : 'pending';
    this.pending.push({ record, body });
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    // Past the lifetime limit the running response may finish, but no queued one starts.
    while (this.pending.length > 0 && !this.closed && !this.closing && !this.expired) {
      const { record, body } = this.pending.shift()!;
      record.outcome = 'pending';
      await this.run(record, body);
    }
    this.busy = false;
    if (this.closing || this.expired)
      for (const { record } of this.pending.splice(0)) this.context.settle(record, 'closed');
    if (this.expired && !this.closed && !this.closing) this.endLifetime();
  }

  private async run(record: RequestRecord, body: Record<string, unknown>): Promise<void> {
    const invalid = validateRequest(body);
    if (invalid !== undefined) {
      this.context.settle(record, 'error');
      this.sendError(invalid, record);
      return;
    }
    const resolution = resolveInput(body, this.cache, this.context.store);
    if (!resolution.ok) {
      this.context.settle(record, 'error');
      this.sendError(resolution.error, record);
      return;
    }
    if (resolution.cacheHit !== undefined) record.cacheHit = resolution.cacheHit;
    const result = await runResponse({
      body,
      resolution,
      model: this.context.model(),
      timing: this.context.timing(),
      fault: this.context.faults.takeRequestFault('ws', this.id),
      sink: this.sink(),
      record,
    });
    this.context.settle(record, this.closed && result.outcome === 'pending' ? 'closed' : result.outcome);
    if (result.completed !== undefined) {
      this.cache = result.completed;
      if (body.store !== false) this.context.store.set(result.completed.id, result.completed);
    } else if (
      typeof body.previous_response_id === 'string' &&
      this.cache?.id === body.previous_response_id
    ) {
      // A failed continuation evicts the response it named.
      this.cache = undefined;
    }
  }

  private sink(): ResponseSink {
    return {
      send: (frame) =>
        this.outgoing.push(() => {
          if (this.closed) return;
          if (Buffer.isBuffer(frame)) this.socket.send(frame, { binary: true });
          else this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
        }),
      close: (code) => this.close(code),
      closed: this.closedPromise,
      isClosed: () => this.closed,
    };
  }

  private sendError(error: RequestError, record?: RequestRecord): void {
    if (record) record.eventsSent++;
    this.outgoing.push(() => {
      if (!this.closed) this.socket.send(JSON.stringify(errorFrame(error)));
    });
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
    for (const { record } of this.pending.splice(0)) this.context.settle(record, 'closed');
    this.context.metrics.openConnections--;
    this.resolveClosed();
  }
}
