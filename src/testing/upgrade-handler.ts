import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';
import type { ConnectionLimit } from './connection-limit';
import { ConnectionSession } from './connection-session';
import type { EmulatorContext } from './emulator-context';
import type { FaultPlan } from './fault-plan';
import type { HostGate } from './host-conventions';
import type { HttpConnectionMetrics } from './http-connection-metrics';
import { openaiBeta } from './request-headers';

/** What the upgrade handler needs of its emulator. */
export interface UpgradeHandlerOptions {
  readonly context: EmulatorContext;
  readonly gate: HostGate;
  readonly faults: FaultPlan;
  readonly wss: WebSocketServer;
  readonly limit: ConnectionLimit;
  readonly httpConnections: HttpConnectionMetrics;
  /** Every open session, for `dropConnections`. */
  readonly sessions: Set<ConnectionSession>;
  /** The next connection id (ids outlive `resetMetrics`: a fault bound to one must never hit a newer one). */
  nextConnectionId(): number;
  /** The handshake latency now. */
  handshakeMs(): number;
  /** A timer the emulator clears when it closes. */
  later(ms: number, callback: () => void): void;
}

/**
 * The `upgrade` listener: path, query and credentials (as the host's conventions say), upgrade faults, the
 * per-key connection limit, then the WebSocket connection and its session. A refusal is an ordinary HTTP
 * answer with a JSON error body, as hosts send.
 */
export function createUpgradeHandler(options: UpgradeHandlerOptions) {
  const { context, gate, faults, wss, limit } = options;
  const metrics = context.metrics;
  return (request: IncomingMessage, socket: Socket, head: Buffer) => {
    metrics.upgrades.attempted++;
    options.httpConnections.onUpgrade(socket);
    const refuse = (status: number, body: unknown) => {
      metrics.upgrades.refused++;
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    };
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    if (path !== gate.path('ws')) return refuse(404, { error: { message: `No WebSocket route at ${path}` } });
    const admission = gate.admit(request, 'ws');
    // The same body as a refused POST: the status is the response's, not a field of the error.
    if (!admission.ok) {
      const { status = 401, ...error } = admission.error;
      return refuse(status, { error });
    }
    const fault = faults.takeUpgradeFault();
    if (fault?.kind === 'refuse-upgrade') {
      const status = fault.status ?? 426;
      return refuse(status, {
        error: { message: `Upgrade refused (${status})`, type: 'invalid_request_error' },
      });
    }
    const withinLimit = limit.admit(admission.key);
    if (withinLimit) socket.once('close', () => limit.release(admission.key));
    else {
      metrics.connectionLimitRefusals++;
      if (limit.options?.answer === 'refuse-upgrade') {
        const { status: _status, ...error } = limit.error();
        return refuse(429, { error });
      }
    }
    const delay = options.handshakeMs() + (fault?.kind === 'slow-handshake' ? fault.ms : 0);
    const accept = () => {
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => {
        metrics.connections++;
        metrics.openConnections++;
        metrics.peakOpenConnections = Math.max(metrics.peakOpenConnections, metrics.openConnections);
        const session = new ConnectionSession(ws, options.nextConnectionId(), context, {
          openaiBeta: openaiBeta(request),
          ...(withinLimit ? {} : { overLimit: limit.error() }),
        });
        options.sessions.add(session);
        ws.on('close', () => options.sessions.delete(session));
      });
    };
    if (delay > 0) options.later(delay, accept);
    else accept();
  };
}
