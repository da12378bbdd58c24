import { describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../src/transport/connection-pool';
import type { ResponsesConnection } from '../../src/transport/responses-connection';

/** Just enough of a connection for the pool: a state the test sets, and close callbacks. */
class StandIn {
  state: ResponsesConnection['state'] = 'idle';
  openedAt = Date.now();
  releasedAt = 0;
  responses = 0;
  lastResponse = undefined;
  private readonly callbacks: Array<() => void> = [];
  onClose(callback: () => void) {
    this.callbacks.push(callback);
  }
  close() {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const callback of this.callbacks.splice(0)) callback();
  }
  startHeartbeat() {}
}

const pool = () =>
  new ConnectionPool({
    maxConnections: 8,
    leaseTimeoutMs: 1_000,
    chainAffinityMs: 0,
    idleTimeoutMs: 60_000,
    maxConnectionAgeMs: 3_600_000,
  });
const request = (key: string) => ({
  key,
  affinity: () => 'none' as const,
  connect: () => new StandIn() as unknown as ResponsesConnection,
});

describe('retiring the sockets of replaced credentials', () => {
  it('closes idle sockets now, leased ones only when released, and keeps the others', async () => {
    const sockets = pool();
    const idleOld = (await sockets.lease(request('old:a'))).connection;
    const busyOld = (await sockets.lease(request('old:b'))).connection;
    const current = (await sockets.lease(request('new:a'))).connection;
    sockets.release(idleOld);
    sockets.release(current);

    sockets.retireWhere((key) => !key.startsWith('new:'));
    expect([idleOld.state, busyOld.state, current.state]).toEqual(['closed', 'idle', 'idle']);
    sockets.release(busyOld); // its response ended: it is not handed out again
    expect(busyOld.state).toBe('closed');
    expect((await sockets.lease(request('new:a'))).connection).toBe(current);
    sockets.close();
  });

  it('a socket opened afterwards for a retired key closes after its one response', async () => {
    const sockets = pool();
    sockets.retireWhere((key) => key.startsWith('old:'));
    const late = (await sockets.lease(request('old:a'))).connection;
    expect(late.state).toBe('idle');
    sockets.release(late);
    expect(late.state).toBe('closed');
    sockets.close();
  });
});
