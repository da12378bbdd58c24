import { digestsOf } from './item-digest';
import type { ResponseItem } from './response-item';

/**
 * What a socket's server-side cache holds after its last completed response: the full input the
 * server saw for it and the items it produced. Only this response can be continued on that socket.
 *
 * The input is kept as the items themselves while the conversation's next step is expected (they are the
 * caller's own objects and strings, so the next request compares mostly by reference), then as one digest
 * per item ({@link compactChain}): the socket must not keep a conversation's history alive after the caller
 * let it go.
 */
export type ChainState = {
  readonly responseId: string;
  readonly output: readonly ResponseItem[];
} & (
  | {
      /** The effective input of the last response: what was sent plus what the server had cached. */
      readonly input: readonly unknown[];
      readonly inputDigests?: undefined;
    }
  | {
      readonly input?: undefined;
      /** One digest per item of that input (`itemDigest`). */
      readonly inputDigests: readonly string[];
    }
);

/**
 * The chain with its input as digests: none of the input kept (the last response's output items are).
 * It continues exactly what the items would, except an item that comes back with the same content in
 * another key order (a history reloaded from a store that reorders keys): that goes out whole.
 */
export function compactChain(chain: ChainState): ChainState {
  if (chain.input === undefined) return chain;
  // The input is the last request's own array: its digests may be known from a comparison already.
  return {
    responseId: chain.responseId,
    output: chain.output,
    inputDigests: digestsOf(chain.input, chain.input.length),
  };
}

/** The terminal server event that ended a response, reduced to what the chain needs. */
export interface TerminalEvent {
  readonly type: string;
  readonly response?: { readonly id?: unknown; readonly output?: unknown };
}

/**
 * The chain after a response ends. Only `response.completed` is a safe continuation point: after
 * `incomplete`, `failed` or `error` the server's cache is uncertain, so the next request goes out whole.
 */
export function chainAfterResponse(
  sent: { readonly fullInput: readonly unknown[] | undefined },
  terminal: TerminalEvent,
): ChainState | undefined {
  if (terminal.type !== 'response.completed' || sent.fullInput === undefined) return undefined;
  const id = terminal.response?.id;
  const output = terminal.response?.output;
  if (typeof id !== 'string' || !Array.isArray(output)) return undefined;
  return {
    responseId: id,
    input: sent.fullInput,
    output: output as ResponseItem[],
  };
}

/**
 * What a socket's server-side cache holds whatever the client knows of its input (a caller-chained
 * request leaves no chain, but its response is cached all the same): the last completed response's id,
 * and the tool calls it asked the client to run, whose results make up that conversation's next step.
 */
export interface CachedResponse {
  readonly id: string;
  readonly pendingCallIds: readonly string[];
  /** A digest of the tool definitions that request sent, so metadata can say when they changed. */
  readonly toolsFingerprint: string;
}

/** The cache after a response ends: only a completed response stays in it. */
export function cachedResponseAfter(
  terminal: TerminalEvent,
  sent: { readonly toolsFingerprint: string },
): CachedResponse | undefined {
  const id = terminal.response?.id;
  if (terminal.type !== 'response.completed' || typeof id !== 'string') return undefined;
  const output = Array.isArray(terminal.response?.output) ? terminal.response.output : [];
  const pendingCallIds = output
    .filter(
      (item): item is { call_id: string } =>
        (item?.type === 'function_call' || item?.type === 'custom_tool_call') &&
        typeof item.call_id === 'string',
    )
    .map((item) => item.call_id);
  return { id, pendingCallIds, toolsFingerprint: sent.toolsFingerprint };
}
