import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChainState } from '../../src/continuation/chain-state';
import { ConnectionPool } from '../../src/transport/connection-pool';
import type { ResponsesConnection } from '../../src/transport/responses-connection';

/**
 * The pool is a state machine over connections; these drive it with stand-ins whose state the test sets,
 * to reach orderings a live server makes rare. The end-to-end races are in races.test.ts.
 */
class StandInConnection {
  static opened = 0;
  readonly id = ++StandInConnection.opened;
  openedAt = Date.now();
  state: ResponsesConnection['state'] = 'idle';
  chain: ChainState | undefined;
  responses = 0;
  releasedAt = 0;
  private readonly closedCallbacks: Array<() => void> = [];
  onClose(callback: () => void) {
    this.closedCallbacks.push(callback);
  }
  close() {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const callback of this.closedCallbacks.splice(0)) callback();
  }
  startHeartbeat() {}
}

const awaitingTools = (responseId: string): ChainState => ({
  responseId,
  input: [],
  output: [{ type: 'function_call', call_id: 'call_1' }],
  toolsFingerprint: 'null',
});

function request(key: string, wants: (chain: ChainState | undefined) => boolean = () => false) {
  return { key, wants, connect: () => new StandInConnection() as unknown as ResponsesConnection };
}

describe('ConnectionPool', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a socket retired in the middle of a lease is not handed to a waiter as well', async () => {
    // The clock moves past the hold without its timer firing: the window a busy event loop opens.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const pool = new ConnectionPool({
      maxConnections: 2,
      leaseTimeoutMs: 5_000,
      chainAffinityMs: 30,
      idleTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
    });
    const a = (await pool.lease(request('A'))).connection;
    const b = (await pool.lease(request('B'))).connection;
    a.chain = awaitingTools('resp_a');
    pool.release(a);
    b.chain = awaitingTools('resp_b');
    pool.release(b);
    // Both sockets are held for their conversations: this one waits.
    const waiting = pool.lease(request('A'));
    vi.setSystemTime(Date.now() + 60);
    (b as unknown as StandInConnection).openedAt = 0; // past its age: the next lease retires it
    const continuing = await pool.lease(request('A', (chain) => chain?.responseId === 'resp_a'));
    const waited = await waiting;

    expect(continuing.connection).toBe(a);
    expect(waited.connection).not.toBe(a);
    expect(b.state).toBe('closed');
    expect(pool.size).toBe(2);
    pool.close();
  });

  it('a waiter held back only by a reserved socket is served when the hold ends', async () => {
    const pool = new ConnectionPool({
      maxConnections: 1,
      leaseTimeoutMs: 5_000,
      chainAffinityMs: 30,
      idleTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
    });
    const a = (await pool.lease(request('A'))).connection;
    a.chain = awaitingTools('resp_a');
    pool.release(a);
    // Nobody waits as the hold starts; the waiter arrives during it.
    const waited = await pool.lease(request('A'));
    expect(waited.connection).toBe(a);
    pool.close();
  });
});
