import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { ConnectionLimit, type ConnectionLimitOptions } from './connection-limit';
import type { ConnectionSession } from './connection-session';
import { demoModel } from './demo-model';
import type { EmulatorContext } from './emulator-context';
import type {
  EmulatorFault,
  EmulatorMetrics,
  EmulatorModel,
  RequestRecord,
  TimingOptions,
} from './emulator-types';
import { FaultPlan } from './fault-plan';
import { type AuthRecord, type HostConventions, HostGate, type KeyLimits } from './host-conventions';
import { HttpConnectionMetrics } from './http-connection-metrics';
import { sendJsonError } from './http-handler';
import { matchResponsesRoute, routeResponsesRequest } from './http-routes';
import type { StoredResponse } from './response-state';
import { createUpgradeHandler } from './upgrade-handler';

export interface ResponsesEmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * Accepted bearer keys, or `'any'` for any non-empty key. Others get a 401 (upgrade or POST). The
   * `Bearer` scheme is matched case-insensitively (RFC 7235). @default 'any'
   */
  apiKeys?: string[] | 'any';
  /** The model behind every response. @default demoModel() */
  model?: EmulatorModel;
  /** A `response.create` while one is in flight on the connection: queued FIFO, or rejected (409). @default 'fifo' */
  queue?: 'fifo' | 'reject';
  /**
   * WebSocket connection lifetime: then the running response (if any) finishes, queued ones are dropped,
   * `websocket_connection_limit_reached` is sent and the connection closes (1000). `Infinity` means no limit;
   * values above 2^31 − 1 ms (~24.8 days) are treated as that. Must be ≥ 0. @default 3_600_000 (60 minutes)
   */
  connectionLifetimeMs?: number;
  /** Timing models. @default {} (off) */
  timing?: TimingOptions;
  /**
   * Called once per request when its outcome is settled (completed, failed, error, closed, …), e.g. to
   * log it. Runs inside the emulator: it must not throw. @default none
   */
  onRequestSettled?: (record: RequestRecord) => void;
  /**
   * Negotiate `permessage-deflate` when a client offers it (Codex and undici do; the `openai` client and
   * this package's transport do not). `false` declines, as a server without compression would. @default true
   */
  perMessageDeflate?: boolean;
  /** Answer WebSocket pings. `false` plays a dead peer that still holds the TCP connection. @default true */
  answerPings?: boolean;
  /**
   * Another host's conventions (Azure, a gateway): paths, required query parameters, how requests
   * authenticate. `apiKeys` still decides which keys are valid. @default OpenAI's (`/v1/responses`, Bearer)
   */
  hostConventions?: HostConventions;
  /**
   * A limit on open WebSocket connections per key (the credential the upgrade authenticated with; one
   * shared bucket when the host asks for none), answered as a host does: see `ConnectionLimitOptions`.
   * HTTP requests are never limited. Refusals are counted in `metrics.connectionLimitRefusals`.
   * @default none
   */
  connectionLimit?: ConnectionLimitOptions;
  /**
   * The largest client frame (message, after decompression) the host reads: a bigger one makes it close the
   * connection with 1009 (message too big) before reading it, so nothing of it runs or is recorded. HTTP
   * bodies have no such limit. `Infinity`, 0, or a value of 2^31 or more means no limit.
   * @default 104_857_600 (100 MiB, `ws`'s default)
   */
  maxClientFrameBytes?: number;
}

export interface ResponsesEmulator {
  /** `http://HOST:PORT/v1` — the `baseURL` for OpenAI clients. */
  readonly baseURL: string;
  /** `ws://HOST:PORT/v1/responses` */
  readonly wsURL: string;
  readonly metrics: EmulatorMetrics;
  setModel(model: EmulatorModel): void;
  setTiming(timing: TimingOptions): void;
  /**
   * Queues a fault for the next matching request (default: WebSocket, any connection) or upgrade. Throws
   * a TypeError for a fault that could never match (`connectionId` with `transport: 'http'`).
   */
  injectFault(fault: EmulatorFault): void;
  clearFaults(): void;
  /** Closes every open WebSocket connection from the server side. @default code 1012 */
  dropConnections(code?: number): void;
  resetMetrics(): void;
  /** A key valid for `limits.uses` upgrades and POSTs or `limits.ttlMs`, whatever `apiKeys` says. */
  issueKey(limits?: KeyLimits): string;
  /** Ends a key's validity now, as a token's expiry does: later upgrades and POSTs with it get a 401. */
  expireKey(key: string): void;
  /** Every upgrade and POST that reached the credential check, with how it authenticated and the outcome. */
  readonly authLog: readonly AuthRecord[];
  close(): Promise<void>;
}

/** Starts a loopback emulator of the OpenAI Responses API: WebSocket mode and HTTP, one model, one store. */
export async function createResponsesEmulator(
  options: ResponsesEmulatorOptions = {},
): Promise<ResponsesEmulator> {
  let model = options.model ?? demoModel();
  let timing: TimingOptions = options.timing ?? {};
  const connectionLifetimeMs = options.connectionLifetimeMs ?? 3_600_000;
  if (!(connectionLifetimeMs >= 0))
    throw new RangeError(
      `connectionLifetimeMs must be a number ≥ 0 or Infinity, not ${connectionLifetimeMs}`,
    );
  const faults = new FaultPlan();
  const store = new Map<string, StoredResponse>();
  const metrics: EmulatorMetrics = {
    connections: 0,
    openConnections: 0,
    peakOpenConnections: 0,
    upgrades: { attempted: 0, refused: 0 },
    httpConnections: { total: 0, open: 0, peak: 0 },
    connectionLimitRefusals: 0,
    requests: [],
  };
  const limit = new ConnectionLimit(options.connectionLimit);
  const httpConnections = new HttpConnectionMetrics(metrics);
  // A request is reported once, even if a late close rewrites its outcome.
  const settled = new WeakSet<RequestRecord>();
  const context: EmulatorContext = {
    model: () => model,
    timing: () => timing,
    faults,
    store,
    responses: new Map(),
    metrics,
    queue: options.queue ?? 'fifo',
    connectionLifetimeMs,
    conventions: options.hostConventions ?? {},
    answerPings: options.answerPings ?? true,
    record: (fields) => {
      const record: RequestRecord = {
        ...fields,
        index: metrics.requests.length,
        outcome: 'pending',
        eventsSent: 0,
        accepted: false,
      };
      metrics.requests.push(record);
      return record;
    },
    settle: (record, outcome) => {
      const first = !settled.has(record);
      record.outcome = outcome;
      settled.add(record);
      if (first) options.onRequestSettled?.(record);
    },
  };

  const sessions = new Set<ConnectionSession>();
  const sockets = new Set<Socket>();
  // Connection ids outlive resetMetrics: a fault bound to one must never hit a newer connection.
  let lastConnectionId = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, callback: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, ms);
    timers.add(timer);
  };
  const handshakeMs = () => timing.latency?.handshakeMs ?? 0;
  const gate = new HostGate(options.hostConventions, options.apiKeys);

  // Kept-alive HTTP connections stay open as long as a cloud load balancer keeps them (Node's default is
  // 5 s): a client whose event loop stalls past that under load would otherwise send into a connection
  // the server just closed, a failure of the emulator, not of the client.
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    httpConnections.onRequest(request.socket);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // A new TCP connection pays the handshake latency once; a kept-alive one does not.
      const socket = request.socket as Socket & { emulatorHandshakeDone?: boolean };
      const handshake = socket.emulatorHandshakeDone ? 0 : handshakeMs();
      socket.emulatorHandshakeDone = true;
      const handle = () => {
        const path = new URL(request.url ?? '/', 'http://emulator').pathname;
        const route = matchResponsesRoute(path, gate.path('http'));
        if (route === undefined) {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              error: { message: `No route for ${request.method} ${path}`, type: 'invalid_request_error' },
            }),
          );
          return;
        }
        const admission = gate.admit(request, 'http');
        if (!admission.ok) return sendJsonError(response, admission.error);
        routeResponsesRequest(request, response, context, Buffer.concat(chunks), route);
      };
      if (handshake > 0) later(handshake, handle);
      else handle();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const maxClientFrameBytes = options.maxClientFrameBytes ?? 104_857_600;
  if (!(maxClientFrameBytes >= 0))
    throw new RangeError(`maxClientFrameBytes must be a number ≥ 0 or Infinity, not ${maxClientFrameBytes}`);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: options.perMessageDeflate ?? true,
    // `ws` reads the limit as a 32-bit integer where 0 means none.
    maxPayload: maxClientFrameBytes < 2 ** 31 ? maxClientFrameBytes : 0,
    // Sessions answer pings themselves, so that one connection can go silent.
    autoPong: false,
    handleProtocols: (offered) => gate.selectProtocol(offered),
  });
  server.on(
    'upgrade',
    createUpgradeHandler({
      context,
      gate,
      faults,
      wss,
      limit,
      httpConnections,
      sessions,
      nextConnectionId: () => ++lastConnectionId,
      handshakeMs,
      later,
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    baseURL: `http://${host}:${address.port}/v1`,
    wsURL: `ws://${host}:${address.port}/v1/responses`,
    metrics,
    setModel: (next) => {
      model = next;
    },
    setTiming: (next) => {
      timing = next;
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    dropConnections: (code = 1012) => {
      for (const session of sessions) session.close(code);
    },
    resetMetrics: () => {
      Object.assign(metrics, {
        connections: 0,
        peakOpenConnections: metrics.openConnections,
        upgrades: { attempted: 0, refused: 0 },
        httpConnections: {
          total: 0,
          open: metrics.httpConnections.open,
          peak: metrics.httpConnections.open,
        },
        connectionLimitRefusals: 0,
        requests: [],
      });
    },
    issueKey: (limits) => gate.issueKey(limits),
    expireKey: (key) => gate.expireKey(key),
    authLog: gate.log,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
