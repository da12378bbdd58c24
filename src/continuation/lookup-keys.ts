import type { CachedResponse, ChainState } from './chain-state';
import type { ResponseItem, ResponsesRequestBody } from './response-item';

/**
 * Keys by which the pool indexes idle sockets and looks requests up, so that choosing a socket costs the
 * same however many sockets and conversations there are. The one rule: whenever `socketAffinity` says a
 * request continues or follows a socket, the request's keys and the socket's keys share one. (Keys may
 * also match where the affinity is `none`: the pool checks every candidate with `socketAffinity`.)
 *
 * A socket is found by the item that ends its cache (the last output item, which the request echoes right
 * before its new items), by the tool calls it awaits results for, and by its response id (a caller's own
 * `previous_response_id`).
 */

/** A chain with nothing before its new items (a warm-up with neither system prompt nor input): any request continues it. */
export const CONTINUES_ANY = '*';

/** The keys of a socket's cache: what a request that continues or follows it is sure to carry. */
export function socketLookupKeys(
  chain: ChainState | undefined,
  cached: CachedResponse | undefined,
): readonly string[] {
  const keys: string[] = [];
  if (cached !== undefined) {
    keys.push(responseKey(cached.id));
    for (const callId of cached.pendingCallIds) keys.push(callKey(callId));
  }
  if (chain !== undefined) {
    const lastOutput = chain.output.at(-1);
    if (lastOutput !== undefined) {
      keys.push(itemKey(lastOutput));
      // A client may send the server's item back as an `item_reference` to its id.
      if (typeof lastOutput.id === 'string') keys.push(referenceKey(lastOutput.id));
    } else {
      const lastInput = chain.input?.at(-1);
      const prefixLength = chain.input?.length ?? chain.inputDigests?.length ?? 0;
      if (lastInput !== undefined) keys.push(itemKey(lastInput));
      else if (prefixLength === 0) keys.push(CONTINUES_ANY);
    }
  }
  return keys;
}

/**
 * Calls `visit` with the keys of a request, its last items first (a continuation's echo stands right
 * before its new items, so it is met early), until `visit` returns true. A caller-chained request has the
 * one key of the response it names.
 */
export function visitRequestLookupKeys(body: ResponsesRequestBody, visit: (key: string) => boolean): void {
  if (typeof body.previous_response_id === 'string') {
    visit(responseKey(body.previous_response_id));
    return;
  }
  if (!Array.isArray(body.input)) return;
  for (let index = body.input.length - 1; index >= 0; index--) {
    if (visit(itemKey(body.input[index]))) return;
  }
}

/**
 * What identifies an item, equal for an output item and its echo (`isEchoOfOutputItem`) and for an item
 * sent twice (`isSameSentItem`): its call id, else a message's text, else its type.
 */
function itemKey(item: unknown): string {
  if (typeof item !== 'object' || item === null) return 't:';
  const { type, call_id: callId, id } = item as ResponseItem;
  if (type === 'item_reference') return referenceKey(String(id));
  if (typeof callId === 'string') return callKey(callId);
  if ((type ?? 'message') === 'message') return `m:${messageText((item as ResponseItem).content)}`;
  return `t:${String(type)}`;
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? (part.text as string) : '')).join('\u0000');
}

const responseKey = (id: string) => `r:${id}`;
const callKey = (callId: string) => `c:${callId}`;
const referenceKey = (id: string) => `i:${id}`;
