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

/** Whether a completed response asked the client to run tools, i.e. a follow-up step is imminent. */
export function awaitsToolResults(chain: ChainState | undefined): boolean {
  return (
    chain?.output.some((item) => item.type === 'function_call' || item.type === 'custom_tool_call') ?? false
  );
}
