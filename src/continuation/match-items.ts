import type { ResponseItem } from './response-item';

/**
 * Whether an item the client sends now is the very item it sent before. Both sides come from the same
 * AI SDK conversion of the same prompt, so anything but structural equality means the history was edited.
 */
export function isSameSentItem(previous: unknown, next: unknown): boolean {
  return deepEqual(previous, next);
}

/**
 * Output fields the AI SDK never sends back, so their absence from an echo is not an edit: status and
 * item ids at the top of an item (function calls go back without their `fc_` id; messages of reasoning
 * models without theirs), annotations and logprobs of a message's content parts.
 */
const UNECHOED_ITEM_FIELDS: ReadonlySet<string> = new Set(['status', 'id']);
const UNECHOED_PART_FIELDS: ReadonlySet<string> = new Set(['annotations', 'logprobs']);

/**
 * Whether an input item is an exact echo of an item the server produced in its last response, i.e.
 * whether continuing from the server's copy shows the model exactly what sending `input` would.
 *
 * Every field the client sends must equal the server's (message text and phase, reasoning summary and
 * encrypted content, tool names, arguments and inputs, …); ids alone never decide. The only leeway is for
 * what clients provably re-encode: tool arguments are compared as parsed JSON (the AI SDK re-serialises
 * them), and the fields in `UNECHOED_*` may be missing. An `item_reference` is resolved by the server to
 * the stored item itself, so its id is its content.
 */
export function isEchoOfOutputItem(output: ResponseItem, input: unknown): boolean {
  if (!isRecord(input)) return false;
  if (input.type === 'item_reference') return output.id != null && input.id === output.id;
  // Assistant messages may go back without `type`: `{ role: 'assistant', content }` is a message item.
  if ((input.type ?? 'message') !== output.type) return false;
  return sameFields(output, input, UNECHOED_ITEM_FIELDS, (key, outputValue, inputValue) => {
    if (key === 'arguments') return sameJsonText(outputValue, inputValue);
    if (key === 'content' && output.type === 'message') return sameContentParts(outputValue, inputValue);
    return deepEqual(outputValue, inputValue);
  });
}

/**
 * Every defined field of `input` equals the same field of `output` (by `same`), and every defined field of
 * `output` that `input` lacks is one the client never sends.
 */
function sameFields(
  output: ResponseItem,
  input: ResponseItem,
  unechoed: ReadonlySet<string>,
  same: (key: string, outputValue: unknown, inputValue: unknown) => boolean,
): boolean {
  for (const key of Object.keys(input)) {
    const inputValue = input[key];
    if (inputValue === undefined || key === 'type') continue;
    if (!same(key, output[key], inputValue)) return false;
  }
  for (const key of Object.keys(output)) {
    if (output[key] !== undefined && input[key] === undefined && key !== 'type' && !unechoed.has(key))
      return false;
  }
  return true;
}

function sameContentParts(output: unknown, inputContent: unknown): boolean {
  // A text-only assistant message may go back with its text as the content (@ai-sdk/openai 4.x sends
  // `{ role: 'assistant', content: 'text' }`): to the API that is the single output_text part.
  const input =
    typeof inputContent === 'string' ? [{ type: 'output_text', text: inputContent }] : inputContent;
  if (!Array.isArray(output) || !Array.isArray(input) || output.length !== input.length) return false;
  return output.every(
    (part, index) =>
      isRecord(part) &&
      isRecord(input[index]) &&
      part.type === input[index].type &&
      sameFields(part, input[index], UNECHOED_PART_FIELDS, (_key, a, b) => deepEqual(a, b)),
  );
}

/** Function call arguments are JSON text (compared parsed); a tool search's are an object already. */
function sameJsonText(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return deepEqual(a, b);
  try {
    return deepEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is ResponseItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; key order does not matter, as in JSON itself. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => deepEqual(value, b[index]));
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as ResponseItem)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as ResponseItem)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => deepEqual((a as ResponseItem)[key], (b as ResponseItem)[key]));
}
