import { CONTINUES_ANY, socketLookupKeys, visitRequestLookupKeys } from '../continuation/lookup-keys';
import type { ResponsesRequestBody } from '../continuation/response-item';
import type { SocketAffinity, SocketCacheView } from '../continuation/socket-affinity';
import type { SocketLane } from './responses-connection';

/**
 * The idle lanes of one socket key, indexed so that finding the one a request continues costs the same
 * whatever their number: by the lookup keys of what each one's server-side cache holds
 * (`continuation/lookup-keys.ts`), each candidate then checked with the request's affinity. Lanes that
 * hold nothing are kept apart, oldest first; so are those holding a cache, least recently released first,
 * split by whether their response awaits tool results (whose conversation's next step is on its way).
 */
export class LaneIndex {
  /** Idle lanes whose server-side cache holds nothing. */
  readonly empty = new Set<SocketLane>();
  /** Idle lanes holding a finished turn (no tool results awaited), least recently released first. */
  readonly finished = new Set<SocketLane>();
  /** Idle lanes whose last response awaits tool results, least recently released first. */
  readonly awaiting = new Set<SocketLane>();
  private readonly byKey = new Map<string, Set<SocketLane>>();
  private readonly keysOf = new Map<SocketLane, readonly string[]>();

  /** Files an idle lane under what its cache holds. */
  add(lane: SocketLane): void {
    const keys = socketLookupKeys(lane.chain, lane.lastResponse);
    if (keys.length === 0) {
      this.empty.add(lane);
      return;
    }
    if ((lane.lastResponse?.pendingCallIds.length ?? 0) > 0) this.awaiting.add(lane);
    else this.finished.add(lane);
    this.keysOf.set(lane, keys);
    for (const key of keys) {
      let lanes = this.byKey.get(key);
      if (lanes === undefined) {
        lanes = new Set();
        this.byKey.set(key, lanes);
      }
      lanes.add(lane);
    }
  }

  /** Takes a lane out (leased, or its socket closed). */
  delete(lane: SocketLane): void {
    this.empty.delete(lane);
    this.finished.delete(lane);
    this.awaiting.delete(lane);
    const keys = this.keysOf.get(lane);
    if (keys === undefined) return;
    this.keysOf.delete(lane);
    for (const key of keys) {
      const lanes = this.byKey.get(key);
      lanes?.delete(lane);
      if (lanes?.size === 0) this.byKey.delete(key);
    }
  }

  has(lane: SocketLane): boolean {
    return this.keysOf.has(lane) || this.empty.has(lane);
  }

  /**
   * The idle lane whose cache the request continues, else one whose tool calls it answers. Only lanes
   * filed under one of the request's lookup keys are checked, its last items first.
   */
  find(
    body: ResponsesRequestBody,
    affinity: (socket: SocketCacheView) => SocketAffinity,
    usable: (lane: SocketLane) => boolean,
  ): SocketLane | undefined {
    let continues: SocketLane | undefined;
    let follows: SocketLane | undefined;
    const check = (lanes: Set<SocketLane> | undefined) => {
      if (lanes === undefined) return false;
      for (const lane of lanes) {
        if (!usable(lane)) continue;
        const relation = affinity(lane);
        if (relation === 'continues') {
          continues = lane;
          return true;
        }
        if (relation === 'follows') follows ??= lane;
      }
      return false;
    };
    if (this.byKey.size === 0) return undefined;
    visitRequestLookupKeys(body, (key) => check(this.byKey.get(key)));
    if (continues === undefined) check(this.byKey.get(CONTINUES_ANY));
    return continues ?? follows;
  }
}
