import { APICallError } from '@ai-sdk/provider';
import { delay, type FetchFunction } from '@ai-sdk/provider-utils';
import { planRequest, type RequestPlan } from '../continuation/plan-request';
import type { ResponsesRequestBody } from '../continuation/response-item';
import { socketAffinity } from '../continuation/socket-affinity';
import type { ResolvedSettings } from '../ws-openai-settings';
import type { ConnectionPool } from './connection-pool';
import { hostRefusals } from './host-refusals';
import { LeaseTimeout, ProviderClosed } from './lease-request';
import { processPool } from './process-pools';
import { raceAbort } from './race-abort';
import { resolveCredentials } from './resolve-credentials';
import {
  type ConnectionTimeouts,
  ResponsesConnection,
  type SocketLane,
  UpgradeFailure,
} from './responses-connection';
import { SetupFailurePolicy, setupBackoffMs } from './setup-failure-policy';
import { handshakeHeaders, socketKey } from './socket-key';
import { startSocketResponse } from './socket-response';
import {
  httpReport,
  isSentAgainWhole,
  socketReport,
  type TransportReport,
  type WsOpenAIHttpReason,
  type WsOpenAIRecovery,
} from './transport-report';
import { warnOnce } from './warn-once';

/** One request as it goes out over a socket. */
interface SocketRequest {
  readonly url: string;
  readonly init: RequestInit | undefined;
  readonly body: ResponsesRequestBody;
  readonly key: string;
  readonly headers: Record<string, string>;
  readonly protocols: readonly string[];
  readonly report: TransportReport;
  readonly signal: AbortSignal | undefined;
}

/**
 * The inner `OpenAIResponsesLanguageModel` posts to `/responses` through this transport's `fetch`. It
 * resolves the request's credentials, leases a lane of the process's pool for them, asks the continuation
 * logic what to send, and has one response run on that lane (`socket-response.ts`), which hands the
 * frames back as the SSE (or JSON) response HTTP would have given, so request building and stream mapping
 * stay @ai-sdk/openai's own. Here are the decisions around it: setup retries and the HTTP fallback
 * (`setup-failure-policy.ts`), HTTP when no socket can be had, and sending again, whole, a request the
 * server provably did not run.
 */
export class ResponsesWebSocketTransport {
  private readonly pool: ConnectionPool;
  /** What a failed setup leads to, and which socket keys go over HTTP for now. */
  private readonly setupFailures: SetupFailurePolicy;
  private readonly timeouts: ConnectionTimeouts;
  /** The provider-level credentials last seen; sockets opened with older ones are retired. */
  private generation: string | undefined;
  /** When the last seen credentials started resolving, in this provider's order of requests. */
  private generationOrder = 0;
  private credentialsResolved = 0;
  /** Lanes carrying this provider's responses: `close()` ends them. */
  private readonly running = new Set<SocketLane>();
  private closed = false;

  constructor(
    private readonly settings: ResolvedSettings,
    /** How a host's socket wants the credentials the HTTP request carries (Azure: as a Bearer token). */
    private readonly socketHeaders: (headers: Record<string, string>) => Record<string, string> = (h) => h,
  ) {
    this.setupFailures = new SetupFailurePolicy(settings);
    this.timeouts = {
      handshakeMs: settings.handshakeTimeoutMs,
      firstEventMs: settings.firstEventTimeoutMs,
      betweenEventsMs: settings.eventTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
    };
    this.pool = processPool(settings);
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
      if (this.closed) throw this.closedError(body, undefined);
      // Resolved per request, so a refreshed token reaches the next socket and every fallback request.
      const order = ++this.credentialsResolved;
      const credentials = await resolveCredentials(this.settings, requestInit?.headers);
      this.retireOlderCredentials(credentials.generation, order);
      // What an HTTP fallback posts: the body, with the resolved headers. It is serialised only then: the
      // inner model posted a stand-in when it handed over the body as an object (capture-request-body.ts).
      const init = { ...requestInit, headers: credentials.headers };
      const headers = this.socketHeaders(handshakeHeaders(credentials.headers));
      const key = socketKey(this.settings.webSocketURL, headers, credentials);
      if (this.setupFailures.isHttpOnly(key))
        return this.overHttp(url, init, body, report, 'websocket-unavailable');
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

  /**
   * Ends what this provider started: its running responses, its waiting requests, the idle sockets that
   * hold only its conversations. Other providers sharing the pool go on. The provider is unusable after.
   */
  close(): void {
    this.closed = true;
    for (const lane of [...this.running]) lane.abort();
    this.pool.releaseOwner(this);
  }

  private async overWebSocket(request: SocketRequest): Promise<Response> {
    const { body, key, report, signal } = request;
    const { settings } = this;
    const overHttp = (reason: WsOpenAIHttpReason) =>
      this.overHttp(request.url, request.init, body, report, reason);
    // A host that refused continuing a request like this one gets it whole (one round trip, as over HTTP).
    const refused = settings.incremental && hostRefusals.refusesContinuation(key, body);
    let recovery: WsOpenAIRecovery | undefined;
    let refusedParam: unknown;
    let setupFailures = 0;

    for (;;) {
      if (this.closed) throw this.closedError(body, recovery);
      // A recovery goes out whole on a lane that holds nothing of this conversation.
      const incremental = settings.incremental && !refused && !isSentAgainWhole(recovery);
      const leased = await this.lease(request, incremental, recovery);
      if (leased.kind === 'spill') return overHttp(leased.reason);
      const { lane, reused } = leased;
      const { connection } = lane;

      const failure = await this.setUp(lane, signal);
      if (failure !== undefined) {
        // Nothing was sent on this socket, so another attempt cannot run the request twice.
        const decision = this.setupFailures.decide(failure, ++setupFailures, key);
        if (decision === 'host-connection-limit') {
          // The pool keeps to the host's limit now: the next lease goes over HTTP or waits, as at ours.
          this.pool.hostRefusedConnection(key, connection);
          continue;
        }
        if (decision === 'http') return overHttp('websocket-unavailable');
        if (decision instanceof Response) return decision;
        if (decision !== 'retry') throw decision;
        await delay(setupBackoffMs(setupFailures, settings), { abortSignal: signal });
        continue;
      }
      if (this.closed) {
        this.pool.release(lane);
        throw this.closedError(body, recovery);
      }

      let planned: { plan: RequestPlan; frame: Record<string, unknown>; frameText: string; bytes: number };
      try {
        planned = planFrame(lane, body, incremental);
      } catch (error) {
        // Nothing went out (a body that does not serialise fails as it does over HTTP): the lane goes back.
        this.pool.release(lane);
        throw error;
      }
      const { plan, frame, frameText, bytes } = planned;
      const mayUseHttp = settings.fallback === 'http';
      if (mayUseHttp && hostRefusals.refusesFrame(key, bytes)) {
        // The host closed a socket on a frame this big before: nothing is sent on this one.
        this.pool.release(lane);
        return overHttp('message-too-big');
      }
      Object.assign(report, socketReport(plan, frame, bytes, lane, { reused, recovery, refused }));

      this.running.add(lane);
      const ended = (endedLane: SocketLane) => {
        this.running.delete(endedLane);
        this.pool.release(endedLane);
      };
      const start = await startSocketResponse(lane, ended, frameText, plan, {
        body,
        signal,
        // One resend at most, besides the one after lanes were refused.
        mayRecover: !isSentAgainWhole(recovery),
        mayUseHttp,
        keepChain: settings.incremental,
        webSocketURL: settings.webSocketURL,
        timeouts: { firstEventMs: settings.firstEventTimeoutMs, betweenEventsMs: settings.eventTimeoutMs },
      }).catch((error: unknown) => {
        // The frame could not be sent: the socket is gone, and the lane with it.
        this.running.delete(lane);
        throw error;
      });
      if (start.kind === 'over-http') {
        hostRefusals.frameRefused(key, bytes);
        return overHttp(start.reason);
      }
      if (start.kind === 'response') {
        // The host took whole what it refused to continue: requests like it go out whole from now on.
        if (recovery === 'continuation_refused' && start.response.ok)
          hostRefusals.continuationRefused(key, refusedParam, body);
        return start.response;
      }
      recovery = start.recovery;
      refusedParam = start.param;
      if (recovery === 'connection_limit_reached') {
        // On a new socket, the host's limit of sockets (the next lease goes over HTTP or waits, as at
        // ours); on a used one, the end of its lifetime.
        if (reused) this.pool.retire(connection);
        else this.pool.hostRefusedConnection(key, connection);
      } else if (recovery === 'lanes_refused') {
        this.refuseLanes(key);
      }
    }
  }

  private lease(request: SocketRequest, incremental: boolean, recovery: WsOpenAIRecovery | undefined) {
    const { body, key, headers, protocols } = request;
    const { settings } = this;
    return this.pool
      .lease(
        {
          key,
          body,
          mayContinue: !isSentAgainWhole(recovery),
          affinity: (socket) => socketAffinity(socket, body, { incremental }),
          lanes: settings.lanes,
          connect: (lanes) => {
            const connection = new ResponsesConnection({
              WebSocket: settings.WebSocket,
              url: settings.webSocketURL,
              headers,
              protocols,
              lanes,
              timeouts: this.timeouts,
            });
            if (lanes > 1) connection.onUnroutedFrame = () => this.refuseLanes(key);
            return connection;
          },
          owner: this,
        },
        request.signal,
      )
      .catch((error: unknown) => {
        if (error instanceof ProviderClosed) throw this.closedError(body, recovery);
        if (!(error instanceof LeaseTimeout)) throw error;
        throw new APICallError({
          message: `No WebSocket connection became free within ${error.waitedMs} ms (maxConnections ${settings.maxConnections}, atConnectionLimit 'wait'); ${nothingSent(recovery)}`,
          url: settings.webSocketURL,
          requestBodyValues: body,
          isRetryable: true,
          cause: error,
        });
      });
  }

  /**
   * Waits for the upgrade. A socket that closed between the upgrade and its use (the server ended its
   * lifetime, say) is a setup failure too. Aborted meanwhile, the request gives its lane back: the socket
   * may be opening for other lanes' requests as well.
   */
  private async setUp(
    lane: SocketLane,
    signal: AbortSignal | undefined,
  ): Promise<UpgradeFailure | undefined> {
    const { connection } = lane;
    try {
      await raceAbort(connection.ready(), signal);
    } catch (error) {
      if (error instanceof UpgradeFailure) {
        connection.close();
        return error;
      }
      this.pool.giveBack(lane);
      throw error;
    }
    return connection.state === 'open'
      ? undefined
      : new UpgradeFailure('the connection closed before use', undefined);
  }

  private overHttp(
    url: string,
    init: RequestInit | undefined,
    body: ResponsesRequestBody,
    report: TransportReport,
    reason: WsOpenAIHttpReason,
  ): Promise<Response> {
    if (this.closed) throw this.closedError(body, undefined);
    const text = JSON.stringify(body);
    Object.assign(report, httpReport(body, Buffer.byteLength(text), reason));
    return (this.settings.fetch ?? globalThis.fetch)(url, { ...init, body: text });
  }

  /** The host refused lanes: its sockets carry one response at a time from now on. */
  private refuseLanes(key: string): void {
    if (!this.pool.refuseLanes(key)) return;
    warnOnce(
      this.settings.warn,
      `lanes ${this.settings.webSocketURL}`,
      `ai-sdk-openai-ws: ${this.settings.webSocketURL} does not take stream_id lanes; its sockets carry one response at a time from now on (lanes: 1).`,
    );
  }

  /** A refreshed provider token: sockets opened with the previous one finish their response and close. */
  private retireOlderCredentials(generation: string, resolvedInOrder: number): void {
    // Credentials resolved concurrently may come back out of order: only newer ones replace older ones.
    if (this.generation === generation || resolvedInOrder < this.generationOrder) return;
    const previous = this.generation;
    this.generation = generation;
    this.generationOrder = resolvedInOrder;
    if (previous !== undefined) this.pool.retireGeneration(previous, this);
  }

  private closedError(body: ResponsesRequestBody, recovery: WsOpenAIRecovery | undefined): APICallError {
    return new APICallError({
      message: `The provider was closed; ${nothingSent(recovery)}`,
      url: this.settings.webSocketURL,
      requestBodyValues: body,
      isRetryable: false,
    });
  }
}

/** The `response.create` frame for a body on a lane: the plan, with the lane's `stream_id` when it has one. */
function planFrame(lane: SocketLane, body: ResponsesRequestBody, incremental: boolean) {
  const plan = planRequest(lane.chain, body, { incremental });
  const frame = {
    type: 'response.create',
    ...plan.frame,
    ...(lane.streamId === undefined ? {} : { stream_id: lane.streamId }),
  };
  const frameText = JSON.stringify(frame);
  return { plan, frame, frameText, bytes: Buffer.byteLength(frameText) };
}

/** A recovery follows a first attempt that the server provably did not run. */
function nothingSent(recovery: WsOpenAIRecovery | undefined): string {
  return recovery === undefined ? 'nothing was sent' : 'the request was not sent again';
}
