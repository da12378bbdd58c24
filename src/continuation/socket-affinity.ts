import type { CachedResponse, ChainState } from './chain-state';
import { canContinue } from './plan-request';
import type { ResponsesRequestBody } from './response-item';

/** What a socket's cache is to one request. */
export type SocketAffinity =
  /** The socket holds the response this request continues: ours (`previous_response_id` + tail) or the caller's own `previous_response_id`. */
  | 'continues'
  /** The request answers the tool calls of the socket's last response (the same conversation), but cannot continue it. */
  | 'follows'
  | 'none';

/** What the pool knows of an idle socket's server-side cache. */
export interface SocketCacheView {
  readonly chain: ChainState | undefined;
  readonly lastResponse: CachedResponse | undefined;
}

/**
 * Decides how a request relates to a socket, so the pool can put it where its conversation's cache is.
 * A caller-chained request must go where its `previous_response_id` is cached (with `store: false` it
 * exists nowhere else); a request that answers a socket's tool calls is that socket's conversation, and
 * may take the socket held back for it at once even when it cannot continue (its history was rewritten).
 */
export function socketAffinity(
  socket: SocketCacheView,
  body: ResponsesRequestBody,
  options: { readonly incremental: boolean },
): SocketAffinity {
  const callerChainedTo = body.previous_response_id;
  if (typeof callerChainedTo === 'string')
    return socket.lastResponse?.id === callerChainedTo ? 'continues' : 'none';
  if (options.incremental && canContinue(socket.chain, body)) return 'continues';
  return answersToolCalls(socket.lastResponse, body) ? 'follows' : 'none';
}

function answersToolCalls(cached: CachedResponse | undefined, body: ResponsesRequestBody): boolean {
  if (cached === undefined || cached.pendingCallIds.length === 0 || !Array.isArray(body.input)) return false;
  const pending = new Set(cached.pendingCallIds);
  return body.input.some(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') &&
      pending.has(item.call_id),
  );
}
