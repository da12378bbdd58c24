import { createHash } from 'node:crypto';
import { APICallError } from '@ai-sdk/provider';
import { delay, type FetchFunction } from '@ai-sdk/provider-utils';
import { cachedResponseAfter, chainAfterResponse } from '../continuation/chain-state';
import { planRequest, type RequestPlan } from '../continuation/plan-request';
import type { ResponsesRequestBody } from '../continuation/response-item';
import { socketAffinity } from '../continuation/socket-affinity';
import type { ResolvedSettings } from '../ws-openai-settings';
import { ConnectionPool, type LeaseRequest, LeaseTimeout, PoolClosed } from './connection-pool';
import {
  errorBody,
  errorFrameToResponse,
  interruptionError,
  sequenceNumberOf,
  withSequenceNumber,
} from './map-server-error';
import { type RequestCredentials, resolveCredentials } from './resolve-credentials';
import {
  type ConnectionTimeouts,
  type ResponseInterruption,
  ResponsesConnection,
  type ServerEvent,
  UpgradeFailure,
} from './responses-connection';
import { SetupFailurePolicy, setupBackoffMs } from './setup-failure-policy';
import { SseBody } from './sse-body';
import { emptyReport, type Recovery, type TransportReport } from './transport-report';

/** What the first frames of a response decided. */
type Start =
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'retry'; readonly recovery: Recovery };

/**
 * The inner `OpenAIResponsesLanguageModel` posts to `/responses` through this transport's `fetch`. It
 * leases a socket, asks the continuation logic what to send, sends one `response.create` and hands the
 * frames back as the SSE (or JSON) response HTTP would have given, so request building and stream
 * mapping stay @ai-sdk/openai's own.
 */
export class ResponsesWebSocketTransport {
  readonly pool: ConnectionPool;
  /** What a failed setup leads to, and which socket keys go over HTTP for now. */
  private readonly setupFailures: SetupFailurePolicy;
  private readonly timeouts: ConnectionTimeouts;
  /** The provider-level credentials last seen; sockets opened with older ones are retired. */
  private generation: string | undefined;

  constructor(private readonly settings: ResolvedSettings) {
    this.setupFailures = new SetupFailurePolicy(settings);
    this.timeouts = {
      handshakeMs: settings.handshakeTimeoutMs,
      firstEventMs: settings.firstEventTimeoutMs,
      betweenEventsMs: settings.eventTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
    };
    this.pool = new ConnectionPool({
      maxConnections: settings.maxConnections,
      leaseTimeoutMs: settings.leaseTimeoutMs,
      // Holding a socket for its conversation only pays when that conversation can continue on it.
      chainAffinityMs: settings.incremental ? settings.chainAffinityMs : 0,
      idleTimeoutMs: settings.idleTimeoutMs,
      maxConnectionAgeMs: settings.maxConnectionAgeMs,
    });
  }

  /**
   * A `fetch` for one model call; `report` receives what was actually sent. `warmUp` turns the request
   * into a `generate: false` warm-up: the server caches tools and prefix and samples nothing. `builtBody`
   * turns what was posted into the body as an object, when the caller has it (no parse then); otherwise
   * the posted JSON is parsed.
   */
  fetchFor(
    report: TransportReport,
    options: {
      warmUp?: boolean;
      builtBody?: (posted: unknown) => ResponsesRequestBody | undefined;
    } = {},
  ): FetchFunction {
    return async (input, requestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
      const parsed =
        options.builtBody?.(requestInit?.body) ??
        (JSON.parse(String(requestInit?.body)) as ResponsesRequestBody);
      const body = options.warmUp ? { ...parsed, generate: false } : parsed;
      // Resolved per request, so a refreshed token reaches the next socket and every fallback request.
      const credentials = await resolveCredentials(this.settings, requestInit?.headers);
      this.retireOlderCredentials(credentials.generation);
      // What an HTTP fallback posts: the body, with the resolved headers. It is serialised only then: the
      // inner model posted a stand-in when it handed over the body as an object (capture-request-body.ts).
      const init = { ...requestInit, headers: credentials.headers };
      const headers = handshakeHeaders(credentials.headers);
      const key = this.keyFor(headers, credentials);
      if (this.setupFailures.isHttpOnly(key)) return this.overHttp(url, init, body, report);
      return this.overWebSocket({
        url,
        init,
        body,
        key,
        headers,
        protocols: credentials.protocols,
        report,
        signal: init?.signal ?? undefined,
      });
    };
  }

  close(): void {
    this.pool.close();
  }

  private async overWebSocket(request: {
    url: string;
    init: RequestInit | undefined;
    body: ResponsesRequestBody;
    key: string;
    headers: Record<string, string>;
    protocols: readonly string[];
    report: TransportReport;
    signal: AbortSignal | undefined;
  }): Promise<Response> {
    const { body, key, headers, protocols, report, signal } = request;
    const { settings } = this;
    let recovery: Recovery | undefined;
    let setupFailures = 0;

    for (;;) {
      const incremental = settings.incremental && recovery === undefined;
      const lease = await this.lease(
        {
          key,
          // A recovery goes out whole on a socket that holds nothing of this conversation.
          affinity:
            recovery === undefined ? (socket) => socketAffinity(socket, body, { incremental }) : () => 'none',
          connect: () =>
            new ResponsesConnection(
              settings.WebSocket,
              settings.webSocketURL,
              headers,
              this.timeouts,
              protocols,
            ),
        },
        { ...request, recovery },
      );
      const { connection } = lease;

      const failure = await this.setUp(connection, signal);
      if (failure !== undefined) {
        // Nothing was sent on this socket, so another attempt cannot run the request twice.
        const decision = this.setupFailures.decide(failure, ++setupFailures, key);
        if (decision === 'http') return this.overHttp(request.url, request.init, body, report);
        if (decision instanceof Response) return decision;
        if (decision !== 'retry') throw decision;
        await delay(setupBackoffMs(setupFailures, settings), { abortSignal: signal });
        continue;
      }

      const previousTools = connection.lastResponse?.toolsFingerprint;
      const plan = planRequest(connection.chain, body, { incremental });
      const frame = { type: 'response.create', ...plan.frame };
      const frameText = JSON.stringify(frame);
      Object.assign(report, emptyReport(), {
        continued: plan.kind === 'continue',
        fullInputReason:
          plan.kind === 'continue'
            ? undefined
            : plan.kind === 'caller-chained'
              ? 'caller-chained'
              : recovery !== undefined
                ? 'recovery'
                : plan.reason,
        previousResponseId: plan.kind === 'continue' ? plan.previousResponseId : undefined,
        inputItemsSent: plan.itemsSent,
        inputItemsTotal: plan.fullInput?.length ?? plan.itemsSent,
        bytesSent: Buffer.byteLength(frameText),
        connectionId: connection.id,
        connectionReused: lease.reused,
        toolsChanged: previousTools !== undefined && previousTools !== plan.toolsFingerprint,
        recovery,
        sentBody: frame,
      } satisfies Partial<TransportReport>);

      const start = await this.start(connection, frameText, plan, request, recovery === undefined);
      if (start.kind === 'response') return start.response;
      recovery = start.recovery;
    }
  }

  /**
   * Waits for the upgrade. A socket that closed between the upgrade and its use (the server ended its
   * lifetime, say) is a setup failure too.
   */
  private async setUp(
    connection: ResponsesConnection,
    signal: AbortSignal | undefined,
  ): Promise<UpgradeFailure | undefined> {
    try {
      await raceAbort(connection.ready(), signal);
    } catch (error) {
      connection.close();
      if (error instanceof UpgradeFailure) return error;
      throw error;
    }
    return connection.state === 'idle'
      ? undefined
      : new UpgradeFailure('the connection closed before use', undefined);
  }

  private async lease(
    leaseRequest: LeaseRequest,
    request: {
      body: ResponsesRequestBody;
      signal: AbortSignal | undefined;
      recovery: Recovery | undefined;
    },
  ) {
    try {
      return await this.pool.lease(leaseRequest, request.signal);
    } catch (error) {
      if (error instanceof LeaseTimeout || error instanceof PoolClosed) {
        // A recovery follows a first attempt that the server provably did not run.
        const outcome =
          request.recovery === undefined ? 'nothing was sent' : 'the request was not sent again';
        throw new APICallError({
          message:
            error instanceof LeaseTimeout
              ? `All ${this.settings.maxConnections} WebSocket connections stayed busy for ${error.waitedMs} ms (maxConnections); ${outcome}`
              : `The provider was closed; ${outcome}`,
          url: this.settings.webSocketURL,
          requestBodyValues: request.body,
          isRetryable: error instanceof LeaseTimeout,
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * Sends the frame and resolves once the response's fate is known: its first event (a stream follows),
   * or a failure before it, which may be retried only when the server provably did not run it.
   */
  private start(
    connection: ResponsesConnection,
    frameText: string,
    plan: RequestPlan,
    request: { url: string; body: ResponsesRequestBody; signal: AbortSignal | undefined },
    mayRecover: boolean,
  ): Promise<Start> {
    const { signal } = request;
    const streaming = request.body.stream === true;
    const pool = this.pool;
    const errorContext = {
      url: this.settings.webSocketURL,
      requestBodyValues: request.body,
      timeouts: {
        firstEventMs: this.settings.firstEventTimeoutMs,
        betweenEventsMs: this.settings.eventTimeoutMs,
      },
    };

    return new Promise<Start>((resolve, reject) => {
      let started = false;
      /** The socket is no longer this response's once it ended: it may already carry someone else's. */
      let ended = false;
      /**
       * The last frame that names a sequence number (a keep-alive or a malformed frame may not): a terminal
       * event without one is numbered after it. Kept as text, parsed only if that is needed.
       */
      let lastNumbered: string | undefined;
      let body: SseBody | undefined;
      const onAbort = () => connection.abort();
      const done = () => signal?.removeEventListener('abort', onAbort);

      const open = () => {
        started = true;
        if (!streaming) return;
        // The consumer stopped reading: closing the socket is the protocol's only cancel.
        body = new SseBody(() => {
          if (!ended) connection.abort();
        });
        resolve({
          kind: 'response',
          response: new Response(body.stream, {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
          }),
        });
      };
      const fail = (error: unknown) => {
        ended = true;
        done();
        if (started && streaming) body?.error(error);
        else reject(error);
      };

      connection.send(frameText, {
        event: (raw) => {
          // Streaming, the inner model parses it; a non-streaming caller gets only the final response
          // object, as from `POST /responses`.
          if (!started) open();
          if (raw.includes('"sequence_number"')) lastNumbered = raw;
          body?.push(raw);
        },
        terminal: (raw, event) => {
          ended = true;
          if (!started && event.type === 'error') {
            done();
            const retry = mayRecover ? recoveryFor(event, plan) : undefined;
            if (retry === 'connection_limit_reached') connection.close();
            else pool.release(connection);
            resolve(
              retry
                ? { kind: 'retry', recovery: retry }
                : { kind: 'response', response: errorFrameToResponse(event) },
            );
            return;
          }
          // Without continuation nothing would ever be compared with the chain: keep none.
          connection.chain = this.settings.incremental ? chainAfterResponse(plan, event) : undefined;
          connection.lastResponse = cachedResponseAfter(event, plan);
          pool.release(connection);
          done();
          if (!started) open();
          if (streaming) {
            body?.push(withSequenceNumber(raw, event, () => sequenceNumberOf(lastNumbered) + 1));
            body?.close();
          } else if (event.type === 'error') {
            resolve({ kind: 'response', response: errorFrameToResponse(event) });
          } else {
            // Non-streaming callers (doGenerate) get the final response object with status 200, as
            // `POST /responses` returns it for completed, incomplete and failed responses alike: the inner
            // model then reports a failed one exactly as it does over HTTP.
            resolve({ kind: 'response', response: Response.json(event.response ?? {}, { status: 200 }) });
          }
        },
        interrupted: (interruption: ResponseInterruption) => {
          ended = true;
          pool.release(connection);
          if (interruption.kind === 'aborted') {
            fail(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
          } else if (!started && mayRecover && interruption.kind === 'closed') {
            // Closed before response.created: no response ran, so sending again is safe (once).
            done();
            resolve({ kind: 'retry', recovery: 'closed_before_response' });
          } else {
            fail(interruptionError(interruption, errorContext));
          }
        },
      });
      if (signal?.aborted) connection.abort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private overHttp(
    url: string,
    init: RequestInit | undefined,
    body: ResponsesRequestBody,
    report: TransportReport,
  ): Promise<Response> {
    const text = JSON.stringify(body);
    Object.assign(report, emptyReport(), {
      transport: 'http',
      fullInputReason: 'http-fallback',
      inputItemsSent: Array.isArray(body.input) ? body.input.length : 1,
      inputItemsTotal: Array.isArray(body.input) ? body.input.length : 1,
      bytesSent: Buffer.byteLength(text),
      sentBody: body,
    } satisfies Partial<TransportReport>);
    return (this.settings.fetch ?? globalThis.fetch)(url, { ...init, body: text });
  }

  /** A refreshed provider token: sockets opened with the previous one finish their response and close. */
  private retireOlderCredentials(generation: string): void {
    if (this.generation === generation) return;
    const previous = this.generation;
    this.generation = generation;
    if (previous !== undefined) this.pool.retireWhere((key) => !key.startsWith(`${generation}:`));
  }

  /**
   * Sockets are keyed by URL and every handshake header, so different credentials (or any other header a
   * gateway might authenticate with) never share one. The user agent is left out: the AI SDK sets a
   * different one for generateText and streamText, and it names the client, not the caller. Nothing is
   * kept per key: the pool holds a key only as long as it holds a socket opened with it. The key starts
   * with the credentials' generation, so the sockets of a refreshed token can be told apart.
   */
  private keyFor(headers: Record<string, string>, credentials: RequestCredentials): string {
    const identifying = Object.entries(headers).filter(([name]) => name !== 'user-agent');
    const canonical = JSON.stringify([
      identifying.sort(([a], [b]) => a.localeCompare(b)),
      credentials.protocols,
    ]);
    // A digest, so the key (which contains the credential) is never a readable string in memory dumps or logs.
    const digest = createHash('sha256')
      .update(this.settings.webSocketURL)
      .update('\n')
      .update(canonical)
      .digest('hex');
    return `${credentials.generation}:${digest}`;
  }
}

/** The request's headers minus those that describe an HTTP body, which a handshake has none of. */
function handshakeHeaders(headers: Record<string, string>): Record<string, string> {
  const result = { ...headers };
  delete result['content-type'];
  delete result['content-length'];
  return result;
}

function recoveryFor(event: ServerEvent, plan: RequestPlan): Recovery | undefined {
  const code = errorBody(event).code;
  if (code === 'previous_response_not_found' && plan.kind === 'continue')
    return 'previous_response_not_found';
  if (code === 'websocket_connection_limit_reached') return 'connection_limit_reached';
  return undefined;
}

async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
