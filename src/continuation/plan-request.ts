import type { ChainState } from './chain-state';
import { digestsOf, itemDigest } from './item-digest';
import { isEchoOfOutputItem, isSameSentItem } from './match-items';
import { countInputItems, type ResponsesRequestBody } from './response-item';

/** Why a request goes out with its whole input instead of continuing the socket's chain. */
export type FullInputReason =
  /** The socket has no completed response to continue (new socket, or the last one did not complete). */
  | 'no-chain'
  /** The input does not begin with the chain's input followed by its output: history was edited. */
  | 'history-changed'
  /** The input adds nothing after the chain's output. */
  | 'nothing-new'
  /** Continuation is switched off by the caller's settings. */
  | 'disabled';

/** What to send for one request on one socket. Pure data: building it reads no socket and no clock. */
export type RequestPlan =
  | {
      readonly kind: 'continue';
      /** The `response.create` frame: request fields, the new items only, `previous_response_id`. */
      readonly frame: ResponsesRequestBody;
      readonly previousResponseId: string;
      readonly itemsSent: number;
      readonly fullInput: readonly unknown[];
      readonly toolsFingerprint: string;
    }
  | {
      readonly kind: 'full';
      readonly frame: ResponsesRequestBody;
      readonly reason: FullInputReason;
      readonly itemsSent: number;
      readonly fullInput: readonly unknown[] | undefined;
      readonly toolsFingerprint: string;
    }
  | {
      /** The caller chains by itself (`previousResponseId` or `conversation`): sent exactly as built. */
      readonly kind: 'caller-chained';
      readonly frame: ResponsesRequestBody;
      readonly itemsSent: number;
      readonly fullInput: undefined;
      readonly toolsFingerprint: string;
    };

/**
 * Comparisons already made: choosing a socket and planning the request compare the same input with the
 * same chain, and at a megabyte of history a comparison on digests takes milliseconds. Keyed weakly by
 * the request's input and then by the chain, so that neither keeps the other alive: an idle socket's
 * chain must not hold on to the history of a request that was only compared with it.
 */
const comparisons = new WeakMap<
  readonly unknown[],
  WeakMap<ChainState, { readonly tail: readonly unknown[] | undefined }>
>();

/**
 * Returns the items that follow the chain in `input`, or `undefined` when `input` does not begin with
 * the chain's input followed by exact echoes of its output (see `isEchoOfOutputItem`).
 */
function continuationTail(chain: ChainState, input: readonly unknown[]): readonly unknown[] | undefined {
  let byChain = comparisons.get(input);
  if (byChain === undefined) {
    byChain = new WeakMap();
    comparisons.set(input, byChain);
  }
  const known = byChain.get(chain);
  if (known !== undefined) return known.tail;
  const tail = compare(chain, input);
  byChain.set(chain, { tail });
  return tail;
}

function compare(chain: ChainState, input: readonly unknown[]): readonly unknown[] | undefined {
  const sentLength = chain.input !== undefined ? chain.input.length : chain.inputDigests.length;
  const prefixLength = sentLength + chain.output.length;
  if (input.length < prefixLength) return undefined;
  // The server's items first: they are few and small, and tell another conversation apart at once.
  for (let index = 0; index < chain.output.length; index++) {
    if (!isEchoOfOutputItem(chain.output[index]!, input[sentLength + index])) return undefined;
  }
  if (chain.input !== undefined) {
    for (let index = 0; index < sentLength; index++) {
      if (!isSameSentItem(chain.input[index], input[index])) return undefined;
    }
  } else {
    const digests = digestsOf(input, sentLength);
    for (let index = 0; index < sentLength; index++) {
      if (digests[index] !== chain.inputDigests[index]) return undefined;
    }
  }
  return input.slice(prefixLength);
}

/** Whether a request with this body would continue this chain (used to pick a socket). */
export function canContinue(chain: ChainState | undefined, body: ResponsesRequestBody): boolean {
  if (chain === undefined || isCallerChained(body) || !Array.isArray(body.input)) return false;
  const tail = continuationTail(chain, body.input);
  return tail !== undefined && tail.length > 0;
}

/**
 * Decides what goes out for `body` (the full request the AI SDK built) on a socket whose server-side
 * cache holds `chain`.
 */
export function planRequest(
  chain: ChainState | undefined,
  body: ResponsesRequestBody,
  options: { readonly incremental: boolean },
): RequestPlan {
  const { stream: _impliedOverWebSocket, ...fields } = body;
  const toolsFingerprint = itemDigest(fields.tools ?? null);
  const itemCount = countInputItems(fields.input);

  if (isCallerChained(fields)) {
    return {
      kind: 'caller-chained',
      frame: fields,
      itemsSent: itemCount,
      fullInput: undefined,
      toolsFingerprint,
    };
  }

  const input = Array.isArray(fields.input) ? fields.input : undefined;
  const full = (reason: FullInputReason): RequestPlan => ({
    kind: 'full',
    frame: fields,
    reason,
    itemsSent: itemCount,
    fullInput: input,
    toolsFingerprint,
  });

  if (!options.incremental) return full('disabled');
  if (chain === undefined || input === undefined) return full('no-chain');
  const tail = continuationTail(chain, input);
  if (tail === undefined) return full('history-changed');
  if (tail.length === 0) return full('nothing-new');

  return {
    kind: 'continue',
    frame: { ...fields, input: tail, previous_response_id: chain.responseId },
    previousResponseId: chain.responseId,
    itemsSent: tail.length,
    fullInput: input,
    toolsFingerprint,
  };
}

function isCallerChained(body: ResponsesRequestBody): boolean {
  return body.previous_response_id != null || body.conversation != null;
}
