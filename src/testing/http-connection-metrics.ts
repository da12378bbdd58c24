import type { Socket } from 'node:net';
import type { EmulatorMetrics } from './emulator-types';

/**
 * Counts the TCP connections that carry plain HTTP requests (`metrics.httpConnections`): a socket counts from
 * its first request until it closes, or until it is upgraded to a WebSocket (then it is a WebSocket
 * connection instead). The metrics object is read at each event, as `resetMetrics` replaces its parts.
 */
export class HttpConnectionMetrics {
  private readonly counted = new WeakSet<Socket>();

  constructor(private readonly metrics: EmulatorMetrics) {}

  onRequest(socket: Socket): void {
    if (this.counted.has(socket)) return;
    this.counted.add(socket);
    const counts = this.metrics.httpConnections;
    counts.total++;
    counts.open++;
    counts.peak = Math.max(counts.peak, counts.open);
    socket.once('close', () => this.uncount(socket));
  }

  onUpgrade(socket: Socket): void {
    this.uncount(socket);
  }

  private uncount(socket: Socket): void {
    if (!this.counted.delete(socket)) return;
    this.metrics.httpConnections.open--;
  }
}
