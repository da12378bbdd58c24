import { type LeaseRequest, type LeaseResult, LeaseTimeout, ProviderClosed } from './lease-request';
import type { SocketLane } from './responses-connection';

/** What the waiting requests need of the pool. */
export interface WaitersHost {
  /** A lane for the request now, if there is one. */
  tryLease(request: LeaseRequest, now: number): LeaseResult | undefined;
  /** Leases `lane`, just come free, to the request. */
  take(request: LeaseRequest, lane: SocketLane): LeaseResult;
  /** When the first lane of these keys held for its conversation may go to a waiting request, if one is. */
  earliestHoldExpiry(keys: ReadonlySet<string>, now: number): number | undefined;
  /** A waiter of this key left without a lane (timed out, aborted, its provider closed). */
  waiterLeft(key: string): void;
}

interface Waiter {
  readonly request: LeaseRequest;
  readonly resolve: (result: LeaseResult) => void;
  readonly reject: (error: unknown) => void;
  readonly cleanup: () => void;
}

/**
 * Requests waiting for a lane (`atConnectionLimit: 'wait'`), first in first out, each bounded by
 * `leaseTimeoutMs` and its abort signal. A lane that comes free goes first to a waiter that continues (or
 * follows) it, else to the first waiter of its key; room that comes free (a socket closed), to the first
 * waiter that can use it.
 */
export class LeaseWaiters {
  private readonly waiters = new Set<Waiter>();
  private holdTimer: NodeJS.Timeout | undefined;
  private roomScheduled = false;

  constructor(
    private readonly host: WaitersHost,
    private readonly leaseTimeoutMs: number,
  ) {}

  get size(): number {
    return this.waiters.size;
  }

  wait(request: LeaseRequest, signal: AbortSignal | undefined): Promise<LeaseResult> {
    return new Promise<LeaseResult>((resolve, reject) => {
      // Not unref'd: a request waiting for a socket is work in flight, and nothing else (idle sockets are
      // unref'd) would keep the process alive until it is served.
      const timer = setTimeout(() => {
        remove();
        this.host.waiterLeft(request.key);
        reject(new LeaseTimeout(this.leaseTimeoutMs));
      }, this.leaseTimeoutMs);
      const onAbort = () => {
        remove();
        this.host.waiterLeft(request.key);
        reject(signal!.reason);
      };
      const remove = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        if (this.waiters.size === 0) clearTimeout(this.holdTimer);
      };
      const waiter: Waiter = { request, resolve, reject, cleanup: remove };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.scheduleHoldExpiry();
    });
  }

  /**
   * A lane of `key` came free: to a waiter of that key that continues (or follows) it, else to the first
   * of that key; with none, its socket may be the room a waiter of another key needs.
   */
  laneFreed(key: string, lane: SocketLane): void {
    let first: Waiter | undefined;
    for (const waiter of this.waiters) {
      if (waiter.request.key !== key) continue;
      first ??= waiter;
      if (waiter.request.mayContinue && waiter.request.affinity(lane) !== 'none') {
        this.hand(waiter, this.host.take(waiter.request, lane));
        return;
      }
    }
    if (first === undefined) {
      this.roomFreed();
      return;
    }
    const result = this.host.tryLease(first.request, Date.now());
    if (result !== undefined) this.hand(first, result);
    this.scheduleHoldExpiry();
  }

  /**
   * A socket closed. It can close in the middle of a lease (one retired to make room): serving waiters
   * right then would hand out the room the lease is about to take, so they are served afterwards.
   */
  roomFreed(): void {
    if (this.roomScheduled || this.waiters.size === 0) return;
    this.roomScheduled = true;
    queueMicrotask(() => {
      this.roomScheduled = false;
      this.serveInOrder();
    });
  }

  /** The owner's provider was closed: its waiting requests fail. */
  rejectOwner(owner: object): void {
    for (const waiter of this.waiters) {
      if (waiter.request.owner !== owner) continue;
      waiter.cleanup();
      this.host.waiterLeft(waiter.request.key);
      waiter.reject(new ProviderClosed());
    }
  }

  private serveInOrder(): void {
    const now = Date.now();
    // Each in order: a waiter that cannot be served (its key at the host's limit) blocks no other key.
    for (const waiter of this.waiters) {
      const result = this.host.tryLease(waiter.request, now);
      if (result !== undefined) this.hand(waiter, result);
    }
    this.scheduleHoldExpiry();
  }

  private hand(waiter: Waiter, result: LeaseResult): void {
    waiter.cleanup();
    waiter.resolve(result);
  }

  /** Waiters blocked only by lanes held for their conversations get them when the hold ends. */
  private scheduleHoldExpiry(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.waiters.size === 0) return;
    const now = Date.now();
    const keys = new Set([...this.waiters].map((waiter) => waiter.request.key));
    const expiry = this.host.earliestHoldExpiry(keys, now);
    if (expiry === undefined) return;
    // Only scheduled while requests wait, which must keep the process alive (see the lease timer).
    this.holdTimer = setTimeout(() => this.serveInOrder(), expiry - now);
  }
}
