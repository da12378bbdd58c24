import type { ResponsesRequestBody } from '../continuation/response-item';
import { BoundedMap } from './bounded-map';

/** Socket keys remembered at most; past it the oldest is forgotten (and its refusal found out again). */
const REMEMBERED_KEYS = 256;

/** Stands for "any request": the host refused a continuation without naming the field it minds. */
const ANY_FIELD = '*';

/**
 * Per socket key, the smallest `response.create` frame (UTF-8 bytes) the host closed the socket on with
 * 1009 (message too big). Kept for the process, like the sockets, since the limit is the host's.
 */
const refusedFrameBytes = new BoundedMap<string, number>(REMEMBERED_KEYS);

/** Per socket key, the request fields the host refuses together with `previous_response_id`. */
const refusedWithContinuation = new BoundedMap<string, ReadonlySet<string>>(REMEMBERED_KEYS);

/**
 * What a host refused over its sockets, per socket key, so that a request it would refuse again does not
 * cost a failed round trip first: a frame as big as one it closed the socket on goes over HTTP at once,
 * and a request with a field it refused together with `previous_response_id` goes out whole.
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

  /** Whether the host refused continuing a request like this one (one with a field it minds). */
  refusesContinuation(key: string, body: ResponsesRequestBody): boolean {
    const fields = refusedWithContinuation.get(key);
    if (fields === undefined) return false;
    return fields.has(ANY_FIELD) || [...fields].some((field) => body[field] != null);
  },

  /**
   * The host refused a continuation and took the same request whole: `param` is the field its error
   * named, when that is a field of the request (then only requests with that field go out whole).
   */
  continuationRefused(key: string, param: unknown, body: ResponsesRequestBody): void {
    const field =
      typeof param === 'string' && param !== 'previous_response_id' && body[param] != null
        ? param
        : ANY_FIELD;
    refusedWithContinuation.set(key, new Set([...(refusedWithContinuation.get(key) ?? []), field]));
  },
};
