/**
 * What the emulator saw during one run of many conversations, folded into counts inside the emulator's
 * process (thousands of request records never cross the IPC channel).
 *
 * The connection counters are read in either shape: today's `peakOpenConnections` / `openConnections`
 * beside a `connections` count, or a `connections: { peak, open, … }` object; `httpConnections.peak` (TCP
 * connections of the HTTP transport) only when the emulator records it, else `null` ("n/a" in the report).
 */

export interface EmulatorRunSummary {
  readonly requests: number;
  readonly wsRequests: number;
  readonly httpRequests: number;
  /** Requests whose outcome is not `completed` (failed, error, closed, …). */
  readonly notCompleted: number;
  /** Requests that named a `previous_response_id`. */
  readonly withPreviousResponse: number;
  /** Of those, served from the connection's cache. */
  readonly cacheHits: number;
  readonly upgrades: { readonly attempted: number; readonly refused: number };
  /** Most WebSocket connections open at once. */
  readonly peakWsConnections: number;
  /** Most HTTP (TCP) connections open at once, when the emulator records it. */
  readonly peakHttpConnections: number | null;
  /** CPU (user + system) of the emulator's process over the run. */
  readonly cpuMs: number;
}

export interface MetricsShape {
  readonly connections: number | { readonly peak?: number; readonly open?: number };
  readonly peakOpenConnections?: number;
  readonly openConnections?: number;
  readonly httpConnections?: { readonly peak?: number; readonly open?: number };
  readonly upgrades: { readonly attempted: number; readonly refused: number };
  readonly requests: ReadonlyArray<{
    readonly transport: string;
    readonly outcome: string;
    readonly previousResponseId?: string;
    readonly cacheHit?: boolean;
  }>;
}

function peakWsConnections(metrics: MetricsShape): number {
  if (typeof metrics.connections === 'object' && typeof metrics.connections.peak === 'number')
    return metrics.connections.peak;
  return metrics.peakOpenConnections ?? Number.NaN;
}

/** WebSocket connections open now (a warm-up's sockets may still be closing when a run starts). */
export function openWsConnections(metrics: MetricsShape): number {
  if (typeof metrics.connections === 'object' && typeof metrics.connections.open === 'number')
    return metrics.connections.open;
  return metrics.openConnections ?? 0;
}

export function summariseRequests(metrics: MetricsShape, cpuMs: number): EmulatorRunSummary {
  let wsRequests = 0;
  let notCompleted = 0;
  let withPreviousResponse = 0;
  let cacheHits = 0;
  for (const request of metrics.requests) {
    if (request.transport === 'ws') wsRequests++;
    if (request.outcome !== 'completed') notCompleted++;
    if (request.previousResponseId !== undefined) withPreviousResponse++;
    if (request.cacheHit === true) cacheHits++;
  }
  const httpPeak = metrics.httpConnections?.peak;
  return {
    requests: metrics.requests.length,
    wsRequests,
    httpRequests: metrics.requests.length - wsRequests,
    notCompleted,
    withPreviousResponse,
    cacheHits,
    upgrades: { ...metrics.upgrades },
    peakWsConnections: peakWsConnections(metrics),
    peakHttpConnections: typeof httpPeak === 'number' ? httpPeak : null,
    cpuMs,
  };
}
