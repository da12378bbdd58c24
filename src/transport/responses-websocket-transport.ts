import { APICallError } from '@ai-sdk/provider';
import { delay, type FetchFunction } from '@ai-sdk/provider-utils';
import { planRequest } from '../continuation/plan-request';
import type { ResponsesRequestBody } from '../continuation/response-item';
import { socketAffinity } from '../continuation/socket-affinity';
import type { ResolvedSettings } from '../ws-openai-settings';
import { ConnectionPool, type LeaseRequest, LeaseTimeout, PoolClosed } from './connection-pool';
import { resolveCredentials } from './resolve-credentials';
import { type ConnectionTimeouts, ResponsesConnection, UpgradeFailure } from './responses-connection';
import { SetupFailurePolicy, setupBackoffMs } from './setup-failure-policy';
import { handshakeHeaders, isOfGeneration, socketKey } from './socket-key';
import { startSocketResponse } from './socket-response';
import { emptyReport, type Recovery, type TransportReport } from './transport-report';

/**
 * The inner `OpenAIResponsesLanguageModel` posts to `/responses` through this transport's `fetch`. It
 * resolves the request's credentials, leases a socket for them, asks the continuation logic what to send,
 * and has one response run on that socket (`socket-response.ts`), which hands the frames back as the SSE
 * (or JSON) response HTTP would have given, so request building and stream mapping stay @ai-sdk/openai's
 * own. Here are the decisions around it: setup retries and the HTTP fallback (`setup-failure-policy.ts`),
 * and sending again, whole, a request the server provably did not run.
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
      const key = socketKey(this.settings.webSocketURL, headers, credentials);
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

      const start = await startSocketResponse(connection, this.pool, frameText, plan, {
        body,
        signal,
        mayRecover: recovery === undefined,
        keepChain: settings.incremental,
        webSocketURL: settings.webSocketURL,
        timeouts: { firstEventMs: settings.firstEventTimeoutMs, betweenEventsMs: settings.eventTimeoutMs },
      });
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
    if (previous !== undefined) this.pool.retireWhere((key) => !isOfGeneration(key, generation));
  }
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
