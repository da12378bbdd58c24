import type { ResponseItem } from './response-item';

/**
 * What a socket's server-side cache holds after its last completed response: the full input the
 * server saw for it and the items it produced. Only this response can be continued on that socket.
 */
export interface ChainState {
  readonly responseId: string;
  /** The effective input of the last response: what was sent plus what the server had cached. */
  readonly input: readonly unknown[];
  readonly output: readonly ResponseItem[];
  /** A fingerprint of the tool definitions last sent, so metadata can say when they changed. */
  readonly toolsFingerprint: string;
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
  sent: { readonly fullInput: readonly unknown[] | undefined; readonly toolsFingerprint: string },
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
    toolsFingerprint: sent.toolsFingerprint,
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
}

/** The cache after a response ends: only a completed response stays in it. */
export function cachedResponseAfter(terminal: TerminalEvent): CachedResponse | undefined {
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
  return { id, pendingCallIds };
}
