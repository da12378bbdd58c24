import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedResponse, ChainState } from '../../src/continuation/chain-state';
import { itemDigest } from '../../src/continuation/item-digest';
import type { SocketAffinity, SocketCacheView } from '../../src/continuation/socket-affinity';
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
  lastResponse: CachedResponse | undefined;
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

/** A socket whose last response asked for the result of `call_<responseId>`. */
function awaitTools(connection: ResponsesConnection, responseId: string) {
  connection.lastResponse = {
    id: responseId,
    pendingCallIds: [`call_${responseId}`],
    toolsFingerprint: 'null',
  };
}

function request(key: string, affinity: (socket: SocketCacheView) => SocketAffinity = () => 'none') {
  return { key, affinity, connect: () => new StandInConnection() as unknown as ResponsesConnection };
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
    awaitTools(a, 'resp_a');
    pool.release(a);
    awaitTools(b, 'resp_b');
    pool.release(b);
    // Both sockets are held for their conversations: this one waits.
    const waiting = pool.lease(request('A'));
    vi.setSystemTime(Date.now() + 60);
    (b as unknown as StandInConnection).openedAt = 0; // past its age: the next lease retires it
    const continuing = await pool.lease(
      request('A', (socket) => (socket.lastResponse?.id === 'resp_a' ? 'continues' : 'none')),
    );
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
    awaitTools(a, 'resp_a');
    pool.release(a);
    // Nobody waits as the hold starts; the waiter arrives during it.
    const waited = await pool.lease(request('A'));
    expect(waited.connection).toBe(a);
    pool.close();
  });

  it('the conversation a socket is held for takes it at once, even when it cannot continue', async () => {
    const pool = new ConnectionPool({
      maxConnections: 1,
      leaseTimeoutMs: 5_000,
      chainAffinityMs: 60_000,
      idleTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
    });
    const a = (await pool.lease(request('A'))).connection;
    awaitTools(a, 'resp_a');
    pool.release(a);
    const sameConversation = (socket: SocketCacheView) =>
      socket.lastResponse?.pendingCallIds.includes('call_resp_a') ? ('follows' as const) : ('none' as const);
    const started = Date.now();
    const lease = await pool.lease(request('A', sameConversation));
    expect(lease.connection).toBe(a);
    expect(Date.now() - started, 'not held until the hold of 60 s ends').toBeLessThan(1_000);
    pool.close();
  });

  it("an idle socket keeps its chain's items for chainAffinityMs, then only their digests", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const pool = new ConnectionPool({
      maxConnections: 1,
      leaseTimeoutMs: 5_000,
      chainAffinityMs: 1_000,
      idleTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
    });
    const items = [{ role: 'user', content: [{ type: 'input_text', text: 'a long history' }] }];
    const chain: ChainState = { responseId: 'resp_a', input: items, output: [] };
    const a = (await pool.lease(request('A'))).connection;
    a.chain = chain;
    pool.release(a);
    vi.advanceTimersByTime(999);
    expect(a.chain).toBe(chain);
    vi.advanceTimersByTime(1);
    expect(a.chain).toEqual({ responseId: 'resp_a', output: [], inputDigests: [itemDigest(items[0])] });

    // Leased within the window, the socket keeps the items while its next response runs.
    a.chain = chain;
    pool.release(a);
    await pool.lease(request('A'));
    vi.advanceTimersByTime(5_000);
    expect(a.chain).toBe(chain);
    pool.close();
  });

  it('with chainAffinityMs 0 a socket keeps only digests from the moment it is released', async () => {
    const pool = new ConnectionPool({
      maxConnections: 1,
      leaseTimeoutMs: 5_000,
      chainAffinityMs: 0,
      idleTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
    });
    const a = (await pool.lease(request('A'))).connection;
    a.chain = { responseId: 'resp_a', input: ['x', 'y'], output: [] };
    pool.release(a);
    expect(a.chain).toEqual({
      responseId: 'resp_a',
      output: [],
      inputDigests: [itemDigest('x'), itemDigest('y')],
    });
    pool.close();
  });
});
