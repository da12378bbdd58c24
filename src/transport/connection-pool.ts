import { compactChain } from '../continuation/chain-state';
import { BoundedMap } from './bounded-map';
import { LaneIndex } from './lane-index';
import type { LeaseRequest, LeaseResult, SpillReason } from './lease-request';
import { LeaseWaiters } from './lease-waiters';
import type { ResponsesConnection, SocketLane } from './responses-connection';
import { generationOf } from './socket-key';

export interface ConnectionPoolOptions {
  readonly maxConnections: number;
  readonly leaseTimeoutMs: number;
  readonly chainAffinityMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionAgeMs: number;
  /** At `maxConnections` (or the host's limit): the request goes over HTTP, or waits for a lane. */
  readonly atConnectionLimit: 'http' | 'wait';
  /** How long a host's connection limit is kept to (no more sockets for that key than it had). */
  readonly hostLimitMs: number;
}

interface KeyGroup {
  readonly key: string;
  readonly connections: Set<ResponsesConnection>;
  readonly idle: LaneIndex;
}

/** Memories keyed by socket key or credentials generation keep at most this many entries. */
const REMEMBERED_KEYS = 256;

/**
 * The sockets of every provider with the same connection settings in this process (`process-pools.ts`),
 * as every `fetch` shares one dispatcher. A request takes the idle lane whose cache it continues; else a
 * lane that holds nothing or a finished turn (least recently used first: those caches are evicted in
 * order); else a new socket, up to `maxConnections` and the host's own limit. A lane whose response awaits
 * tool results is never taken by another conversation, so that conversation finds it however long its
 * tools ran; when only such lanes are idle at the limit, the request goes over HTTP (or waits).
 */
export class ConnectionPool {
  private readonly groups = new Map<string, KeyGroup>();
  private readonly groupOf = new Map<ResponsesConnection, KeyGroup>();
  private readonly leased = new Map<ResponsesConnection, number>();
  private readonly idleTimers = new Map<ResponsesConnection, NodeJS.Timeout>();
  private readonly compactTimers = new Map<SocketLane, NodeJS.Timeout>();
  private readonly waiters: LeaseWaiters;
  private readonly hostLimits = new BoundedMap<string, { connections: number; until: number }>(
    REMEMBERED_KEYS,
  );
  private readonly lanesRefused = new BoundedMap<string, true>(REMEMBERED_KEYS);
  /** Open (or opening) sockets. */
  private size = 0;

  constructor(private readonly options: ConnectionPoolOptions) {
    this.waiters = new LeaseWaiters(
      {
        tryLease: (request, now) => this.tryLease(request, now),
        take: (request, lane) => this.take(this.group(request.key), lane, request.owner),
        earliestHoldExpiry: (keys, now) => this.earliestHoldExpiry(keys, now),
        waiterLeft: (key) => this.dropIfEmpty(key),
      },
      options.leaseTimeoutMs,
    );
  }

  /** A lane for the request, over HTTP at the limit (or, with `atConnectionLimit: 'wait'`, the wait for one). */
  lease(request: LeaseRequest, signal?: AbortSignal): Promise<LeaseResult> {
    signal?.throwIfAborted();
    const now = Date.now();
    const immediate = this.tryLease(request, now);
    if (immediate !== undefined) return Promise.resolve(immediate);
    if (this.options.atConnectionLimit === 'http') {
      const reason = this.spillReason(request.key, now);
      this.dropIfEmpty(request.key);
      return Promise.resolve({ kind: 'spill', reason });
    }

    return this.waiters.wait(request, signal);
  }

  /** How many lanes a new socket for this key gets: none once its host refused them. */
  private lanesFor(key: string, wanted: number): number {
    return this.lanesRefused.has(key) ? 1 : wanted;
  }

  /** The host refused lanes for this key: sockets with lanes are retired. Whether this is news. */
  refuseLanes(key: string): boolean {
    if (this.lanesRefused.has(key)) return false;
    this.lanesRefused.set(key, true);
    for (const connection of this.groups.get(key)?.connections ?? [])
      if (connection.lanes.length > 1) this.retire(connection);
    return true;
  }

  /**
   * The host refused another socket for this key: keep to the sockets it has for `hostLimitMs`. The
   * refused one takes no new response; responses its other lanes run may still end.
   */
  hostRefusedConnection(key: string, refused: ResponsesConnection): void {
    const open = [...(this.groups.get(key)?.connections ?? [])].filter((c) => c !== refused).length;
    this.hostLimits.set(key, { connections: open, until: Date.now() + this.options.hostLimitMs });
    this.retire(refused);
  }

  /** Hands a lane back after its response ended; the socket closes instead when it has no future. */
  release(lane: SocketLane): void {
    const connection = lane.connection;
    const group = this.groupOf.get(connection);
    if (group === undefined || group.idle.has(lane)) return;
    if (lane.state === 'draining') {
      lane.whenDrained(() => this.release(lane));
      return;
    }
    const leased = (this.leased.get(connection) ?? 1) - 1;
    this.leased.set(connection, leased);
    lane.releasedAt = Date.now();
    if (connection.state === 'closed') return;
    if (connection.retired || this.isTooOld(connection, lane.releasedAt)) {
      if (leased === 0) connection.close();
      return;
    }
    group.idle.add(lane);
    this.keepItemsUntilAffinityEnds(lane);
    if (leased === 0) {
      this.idleTimers.set(
        connection,
        setTimeout(() => connection.close(), this.options.idleTimeoutMs).unref(),
      );
    }
    if (this.waiters.size > 0) this.waiters.laneFreed(group.key, lane);
  }

  /**
   * A lease given back before anything was sent on it (its request was aborted while the socket opened):
   * the lane goes back, and a socket still opening for nobody else is closed.
   */
  giveBack(lane: SocketLane): void {
    this.release(lane);
    const { connection } = lane;
    if (connection.state === 'connecting' && this.leased.get(connection) === 0) connection.close();
  }

  /**
   * A provider's credentials were replaced: the sockets it opened with them close (idle ones now, busy
   * ones once their responses end), unless another provider's conversations are on them.
   */
  retireGeneration(generation: string, owner: object): void {
    for (const group of this.groups.values()) {
      if (generationOf(group.key) !== generation) continue;
      for (const connection of group.connections) {
        if (connection.lanes.every((lane) => lane.owner === undefined || lane.owner === owner))
          this.retire(connection);
      }
    }
  }

  /**
   * A provider's `close()`: its waiting requests fail, the idle lanes holding its conversations forget
   * them, and sockets that held only its conversations close. Other providers' conversations go on.
   */
  releaseOwner(owner: object): void {
    this.waiters.rejectOwner(owner);
    for (const group of this.groups.values()) {
      for (const connection of [...group.connections]) {
        for (const lane of connection.lanes) {
          if (lane.owner !== owner || !group.idle.has(lane)) continue;
          group.idle.delete(lane);
          lane.chain = undefined;
          lane.lastResponse = undefined;
          lane.owner = undefined;
          group.idle.add(lane);
        }
        const others = connection.lanes.some((lane) => lane.owner !== undefined && lane.owner !== owner);
        if (this.leased.get(connection) === 0 && !others) connection.close();
      }
    }
  }

  private tryLease(request: LeaseRequest, now: number): LeaseResult | undefined {
    const group = this.group(request.key);
    const usable = (lane: SocketLane) => this.isUsable(lane, now);
    if (request.mayContinue) {
      const lane = group.idle.find(request.body, request.affinity, usable);
      if (lane !== undefined) return this.take(group, lane, request.owner);
    }
    // A lane that holds nothing, else the least recently used finished turn (a cache, evicted in order),
    // else a new socket: a lane awaiting tool results is its conversation's, however long they take.
    const free = first(group.idle.empty, usable) ?? first(group.idle.finished, usable);
    if (free !== undefined) return this.take(group, free, request.owner);
    if (this.mayOpen(group, now)) return this.open(group, request);
    if (!this.isHostLimited(group, now) && this.closeSpareConnection(group, now))
      return this.open(group, request);
    if (this.options.atConnectionLimit === 'wait') {
      // A waiting request may take a lane awaiting tool results once it was held for `chainAffinityMs`.
      const held = first(group.idle.awaiting, usable);
      if (held !== undefined && now - held.releasedAt >= this.options.chainAffinityMs)
        return this.take(group, held, request.owner);
    }
    return undefined;
  }

  private take(group: KeyGroup, lane: SocketLane, owner: object): LeaseResult {
    const { connection } = lane;
    group.idle.delete(lane);
    clearTimeout(this.compactTimers.get(lane));
    this.compactTimers.delete(lane);
    clearTimeout(this.idleTimers.get(connection));
    this.idleTimers.delete(connection);
    this.leased.set(connection, (this.leased.get(connection) ?? 0) + 1);
    lane.owner = owner;
    return { kind: 'lease', lane, reused: connection.framesSent > 0 };
  }

  private open(group: KeyGroup, request: LeaseRequest): LeaseResult {
    const connection = request.connect(this.lanesFor(request.key, request.lanes));
    const [lane, ...others] = connection.lanes;
    // A socket that failed as it was constructed reports that through ready(); it takes no place here.
    if (connection.state === 'closed') {
      this.dropIfEmpty(request.key);
      return { kind: 'lease', lane: lane!, reused: false };
    }
    this.size++;
    // The group may have been dropped during this lease, when a socket retired on the way was its last.
    this.groups.set(group.key, group);
    group.connections.add(connection);
    this.groupOf.set(connection, group);
    this.leased.set(connection, 1);
    lane!.owner = request.owner;
    // Its other lanes can be leased at once: their requests wait for the same upgrade.
    for (const other of others) group.idle.add(other);
    connection.onClose(() => this.forget(connection));
    return { kind: 'lease', lane: lane!, reused: false };
  }

  private forget(connection: ResponsesConnection): void {
    const group = this.groupOf.get(connection);
    if (group === undefined) return;
    this.groupOf.delete(connection);
    this.leased.delete(connection);
    clearTimeout(this.idleTimers.get(connection));
    this.idleTimers.delete(connection);
    for (const lane of connection.lanes) {
      group.idle.delete(lane);
      clearTimeout(this.compactTimers.get(lane));
      this.compactTimers.delete(lane);
    }
    group.connections.delete(connection);
    this.size--;
    this.dropIfEmpty(group.key);
    this.waiters.roomFreed();
  }

  /** The socket takes no new response; it closes once its running ones end. */
  retire(connection: ResponsesConnection): void {
    connection.retired = true;
    const group = this.groupOf.get(connection);
    for (const lane of connection.lanes) group?.idle.delete(lane);
    if (this.leased.get(connection) === 0) connection.close();
  }

  /**
   * A released lane's chain keeps the conversation's items (the caller's own objects, so its next step
   * compares them mostly by reference) for `chainAffinityMs`, the time in which that step is expected;
   * after it, one digest per item, so that an idle socket never keeps alive a history its caller let go.
   */
  private keepItemsUntilAffinityEnds(lane: SocketLane): void {
    if (lane.chain?.input === undefined) return;
    const compact = () => {
      this.compactTimers.delete(lane);
      if (lane.chain !== undefined) lane.chain = compactChain(lane.chain);
    };
    if (this.options.chainAffinityMs === 0) compact();
    else this.compactTimers.set(lane, setTimeout(compact, this.options.chainAffinityMs).unref());
  }

  /** A key's group lives as long as it has sockets: per-call headers make keys without end. */
  private dropIfEmpty(key: string): void {
    if (this.groups.get(key)?.connections.size === 0) this.groups.delete(key);
  }

  private group(key: string): KeyGroup {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, connections: new Set(), idle: new LaneIndex() };
      this.groups.set(key, group);
    }
    return group;
  }

  private mayOpen(group: KeyGroup, now: number): boolean {
    return this.size < this.options.maxConnections && !this.isHostLimited(group, now);
  }

  private isHostLimited(group: KeyGroup, now: number): boolean {
    const limit = this.hostLimits.get(group.key);
    if (limit === undefined) return false;
    if (now >= limit.until) {
      this.hostLimits.delete(group.key);
      return false;
    }
    return group.connections.size >= limit.connections;
  }

  private spillReason(key: string, now: number): SpillReason {
    const group = this.groups.get(key);
    return group !== undefined && this.isHostLimited(group, now)
      ? 'host-connection-limit'
      : 'connection-limit';
  }

  /** Closes an idle socket of another key that holds no conversation awaiting tool results, to make room. */
  private closeSpareConnection(group: KeyGroup, now: number): boolean {
    for (const other of this.groups.values()) {
      if (other === group) continue;
      for (const lanes of [other.idle.empty, other.idle.finished]) {
        for (const lane of lanes) {
          const { connection } = lane;
          if (this.leased.get(connection) !== 0 || !this.isUsable(lane, now)) continue;
          if (connection.lanes.some((candidate) => other.idle.awaiting.has(candidate))) continue;
          connection.close();
          return true;
        }
      }
    }
    return false;
  }

  /** Whether an idle lane can carry a request; a socket past its age is retired instead. */
  private isUsable(lane: SocketLane, now: number): boolean {
    const { connection } = lane;
    if (connection.state === 'closed') return false;
    if (!connection.retired && !this.isTooOld(connection, now)) return true;
    // Rotation happens between responses: a socket past its age, or retired by its lanes (a lifetime
    // error, a draining response gone silent), takes no new one and leaves the index.
    this.retire(connection);
    return false;
  }

  private isTooOld(connection: ResponsesConnection, now: number): boolean {
    return now - connection.openedAt >= this.options.maxConnectionAgeMs;
  }

  /** When the oldest lane of these keys held for its conversation stops being held, if one still is. */
  private earliestHoldExpiry(keys: ReadonlySet<string>, now: number): number | undefined {
    let earliest: number | undefined;
    for (const key of keys) {
      const held = first(this.groups.get(key)?.idle.awaiting ?? [], (lane) => this.isUsable(lane, now));
      const expiry = held === undefined ? undefined : held.releasedAt + this.options.chainAffinityMs;
      if (expiry !== undefined && expiry > now) earliest = Math.min(earliest ?? expiry, expiry);
    }
    return earliest;
  }
}

function first<T>(items: Iterable<T>, accept: (item: T) => boolean): T | undefined {
  for (const item of items) if (accept(item)) return item;
  return undefined;
}
