import { compactChain } from '../continuation/chain-state';
import type { SocketAffinity, SocketCacheView } from '../continuation/socket-affinity';
import type { ResponsesConnection } from './responses-connection';

export interface ConnectionPoolOptions {
  readonly maxConnections: number;
  readonly leaseTimeoutMs: number;
  readonly chainAffinityMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionAgeMs: number;
}

/** What a caller asks the pool for. */
export interface LeaseRequest {
  /** URL plus credentials: the pool never hands a socket opened for one key to another. */
  readonly key: string;
  /**
   * How this request relates to a socket's cache: a socket it continues is preferred, then one held back
   * for its conversation (which it takes at once, continued or not), then any free one.
   */
  readonly affinity: (socket: SocketCacheView) => SocketAffinity;
  /** Opens a new socket for this key, when one is needed. */
  readonly connect: () => ResponsesConnection;
}

export interface Lease {
  readonly connection: ResponsesConnection;
  /** The socket carried a response before this one. */
  readonly reused: boolean;
}

/** Thrown when no socket frees up within `leaseTimeoutMs`; nothing was sent. */
export class LeaseTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no WebSocket connection became free within ${waitedMs} ms`);
    this.name = 'LeaseTimeout';
  }
}

export class PoolClosed extends Error {
  constructor() {
    super('the provider was closed');
    this.name = 'PoolClosed';
  }
}

interface Waiter {
  readonly request: LeaseRequest;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (error: unknown) => void;
  readonly cleanup: () => void;
}

interface Entry {
  readonly key: string;
  readonly connection: ResponsesConnection;
  idleTimer?: NodeJS.Timeout;
  /** Ends the idle socket's hold on its conversation's items (see `keepItemsUntilAffinityEnds`). */
  compactTimer?: NodeJS.Timeout;
  /** Closed when its response ends instead of going back to the pool (its credentials were replaced). */
  retired?: boolean;
}

/**
 * Sockets of one provider instance. One response in flight per socket; at most `maxConnections` sockets.
 * A request prefers the idle socket whose chain it continues; a socket whose response just asked for tool
 * results is held back for `chainAffinityMs` so its conversation's next step can continue on it.
 */
export class ConnectionPool {
  private readonly entries = new Map<ResponsesConnection, Entry>();
  private readonly waiters: Waiter[] = [];
  private affinityTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private closed = false;
  private retired: ((key: string) => boolean) | undefined;
  /** The most sockets open at once, for metadata and load tests. */
  peakConnections = 0;

  constructor(private readonly options: ConnectionPoolOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** Takes a socket for `key`, waiting (bounded, abortable) when all `maxConnections` are busy. */
  lease(request: LeaseRequest, signal?: AbortSignal): Promise<Lease> {
    if (this.closed) return Promise.reject(new PoolClosed());
    signal?.throwIfAborted();
    const now = Date.now();
    const immediate = this.tryLease(request, now);
    if (immediate !== undefined) return Promise.resolve(immediate);

    return new Promise<Lease>((resolve, reject) => {
      // Not unref'd: a request waiting for a socket is work in flight, and nothing else (idle and held
      // sockets are unref'd) would keep the process alive until it is served.
      const timer = setTimeout(() => {
        remove();
        reject(new LeaseTimeout(this.options.leaseTimeoutMs));
      }, this.options.leaseTimeoutMs);
      const onAbort = () => {
        remove();
        reject(signal!.reason);
      };
      const remove = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        if (this.waiters.length === 0) {
          clearTimeout(this.affinityTimer);
          this.affinityTimer = undefined;
        }
      };
      const waiter: Waiter = { request, resolve, reject, cleanup: remove };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      // The socket in the way may be one held back for its conversation: wake this waiter when the hold ends.
      this.scheduleAffinityExpiry(now);
    });
  }

  /** Hands a socket back after its response ended. A socket past its age limit is closed instead. */
  release(connection: ResponsesConnection): void {
    const entry = this.entries.get(connection);
    if (entry === undefined) return;
    if (
      connection.state !== 'idle' ||
      this.closed ||
      entry.retired ||
      this.isTooOld(connection, Date.now())
    ) {
      connection.close();
      return;
    }
    connection.releasedAt = Date.now();
    connection.startHeartbeat();
    entry.idleTimer = setTimeout(() => connection.close(), this.options.idleTimeoutMs).unref();
    this.keepItemsUntilAffinityEnds(entry);
    this.pump();
  }

  /**
   * A released socket's chain keeps the conversation's items (the caller's own objects, so its next
   * step compares them mostly by reference) for `chainAffinityMs`, the time in which that step is expected;
   * after it, one digest per item, so that an idle socket never keeps alive a history its caller let go.
   */
  private keepItemsUntilAffinityEnds(entry: Entry): void {
    const { connection } = entry;
    const compact = () => {
      if (connection.chain !== undefined) connection.chain = compactChain(connection.chain);
    };
    clearTimeout(entry.compactTimer);
    if (this.options.chainAffinityMs === 0) compact();
    else entry.compactTimer = setTimeout(compact, this.options.chainAffinityMs).unref();
  }

  /**
   * Retires the sockets whose key matches: idle ones close now, leased ones when their response ends (it
   * is never cut short), and so do sockets opened for such a key later (a request that resolved the old
   * credentials just before). For credentials that were replaced: their sockets have no future.
   */
  retireWhere(matches: (key: string) => boolean): void {
    this.retired = matches;
    for (const entry of [...this.entries.values()]) {
      if (!matches(entry.key)) continue;
      entry.retired = true;
      if (entry.connection.state === 'idle' && entry.idleTimer !== undefined) entry.connection.close();
    }
  }

  /** Closes every socket and fails every waiter; running responses end with an error. */
  close(): void {
    this.closed = true;
    clearTimeout(this.affinityTimer);
    for (const waiter of this.waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(new PoolClosed());
    }
    for (const connection of [...this.entries.keys()]) connection.close();
  }

  private tryLease(request: LeaseRequest, now: number): Lease | undefined {
    const { key, affinity } = request;
    const idle: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.connection.state !== 'idle' || entry.idleTimer === undefined) continue;
      // Rotation happens between responses: an idle socket past its age is retired instead of leased.
      if (this.isTooOld(entry.connection, now)) entry.connection.close();
      else idle.push(entry);
    }
    const own = idle.filter((entry) => entry.key === key);
    const affinities = own.map((entry) => affinity(entry.connection));
    const continuing = own[affinities.indexOf('continues')] ?? own[affinities.indexOf('follows')];
    if (continuing !== undefined) return this.take(continuing);

    const free = own
      .filter((entry) => !this.isReserved(entry.connection, now))
      .sort((a, b) => a.connection.releasedAt - b.connection.releasedAt);
    const unchained = free.find((entry) => entry.connection.chain === undefined);
    if (unchained !== undefined || free[0] !== undefined) return this.take((unchained ?? free[0])!);

    if (this.entries.size >= this.options.maxConnections) {
      // Make room by closing an idle socket of another key (credentials or URL) nobody is continuing.
      const spare = idle.find((entry) => entry.key !== key && !this.isReserved(entry.connection, now));
      if (spare === undefined) return undefined;
      spare.connection.close();
    }
    return this.open(request);
  }

  private take(entry: Entry): Lease {
    clearTimeout(entry.idleTimer);
    clearTimeout(entry.compactTimer);
    entry.idleTimer = undefined;
    entry.compactTimer = undefined;
    return { connection: entry.connection, reused: entry.connection.responses > 0 };
  }

  private open(request: LeaseRequest): Lease {
    const connection = request.connect();
    // A socket that failed as it was constructed reports that through ready(); it takes no place here.
    if (connection.state === 'closed') return { connection, reused: false };
    this.entries.set(connection, { key: request.key, connection, retired: this.retired?.(request.key) });
    this.peakConnections = Math.max(this.peakConnections, this.entries.size);
    connection.onClose(() => {
      const entry = this.entries.get(connection);
      clearTimeout(entry?.idleTimer);
      clearTimeout(entry?.compactTimer);
      this.entries.delete(connection);
      this.schedulePump();
    });
    return { connection, reused: false };
  }

  /**
   * A socket can close in the middle of a lease (the pool retires an old or spare one to make room); serving
   * waiters right then would hand out the room the lease is about to take, so the pump runs afterwards.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Serves waiters: first those who continue a freed socket's chain, then the rest in arrival order. */
  private pump(): void {
    if (this.closed || this.waiters.length === 0) return;
    const now = Date.now();
    for (const waiter of [...this.waiters]) {
      const lease = this.tryLeaseContinuation(waiter, now);
      if (lease !== undefined) this.hand(waiter, lease);
    }
    for (const waiter of [...this.waiters]) {
      const lease = this.tryLease(waiter.request, now);
      if (lease === undefined) break;
      this.hand(waiter, lease);
    }
    this.scheduleAffinityExpiry(now);
  }

  private tryLeaseContinuation(waiter: Waiter, now: number): Lease | undefined {
    for (const entry of this.entries.values()) {
      const { connection } = entry;
      if (
        entry.key === waiter.request.key &&
        connection.state === 'idle' &&
        entry.idleTimer !== undefined &&
        !this.isTooOld(connection, now) &&
        waiter.request.affinity(connection) !== 'none'
      ) {
        return this.take(entry);
      }
    }
    return undefined;
  }

  private hand(waiter: Waiter, lease: Lease): void {
    waiter.cleanup();
    waiter.resolve(lease);
  }

  /** Waiters blocked only by held-back sockets get them when the hold expires. */
  private scheduleAffinityExpiry(now: number): void {
    clearTimeout(this.affinityTimer);
    this.affinityTimer = undefined;
    if (this.waiters.length === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) {
      if (entry.connection.state === 'idle' && this.isReserved(entry.connection, now)) {
        earliest = Math.min(earliest, entry.connection.releasedAt + this.options.chainAffinityMs);
      }
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    // Only scheduled while requests wait, which must keep the process alive (see the lease timer).
    this.affinityTimer = setTimeout(() => this.pump(), Math.max(1, earliest - now));
  }

  private isReserved(connection: ResponsesConnection, now: number): boolean {
    const awaitsToolResults = (connection.lastResponse?.pendingCallIds.length ?? 0) > 0;
    return awaitsToolResults && now - connection.releasedAt < this.options.chainAffinityMs;
  }

  private isTooOld(connection: ResponsesConnection, now: number): boolean {
    return now - connection.openedAt >= this.options.maxConnectionAgeMs;
  }
}
