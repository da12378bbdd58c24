import { BoundedMap } from './bounded-map';

/** Socket keys remembered at most; past it the oldest is forgotten (and its refusal found out again). */
const REMEMBERED_KEYS = 256;

/**
 * Per socket key, the smallest `response.create` frame (UTF-8 bytes) the host closed the socket on with
 * 1009 (message too big). Kept for the process, like the sockets, since the limit is the host's.
 */
const refusedFrameBytes = new BoundedMap<string, number>(REMEMBERED_KEYS);

/**
 * What a host refused over its sockets, per socket key, so that a request it would refuse again does not
 * cost a failed round trip first: a frame as big as one it closed the socket on goes over HTTP at once.
 */
export const hostRefusals = {
  /** Whether the host closed a socket (1009) on a frame of this size or smaller. */
  refusesFrame(key: string, bytes: number): boolean {
    const refused = refusedFrameBytes.get(key);
    return refused !== undefined && bytes >= refused;
  },

  frameRefused(key: string, bytes: number): void {
    refusedFrameBytes.set(key, Math.min(bytes, refusedFrameBytes.get(key) ?? Number.POSITIVE_INFINITY));
  },
};
