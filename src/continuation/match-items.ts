import type { ResponseItem } from './response-item';

/**
 * Whether an item the client sends now is the very item it sent before. Both sides come from the same
 * AI SDK conversion of the same prompt, so anything but structural equality means the history was edited.
 */
export function isSameSentItem(previous: unknown, next: unknown): boolean {
  return deepEqual(previous, next);
}

/**
 * Whether an input item stands for an item the server produced in its last response.
 *
 * Clients re-serialise output before sending it back (the AI SDK re-encodes tool arguments, drops the
 * `fc_…` id of function calls when `store` is false, merges reasoning summaries), so raw JSON never
 * matches. The match is by type and ids, plus the content a user could have edited (message text,
 * parsed tool arguments): an edited turn must not be continued from the server's unedited copy.
 */
export function isEchoOfOutputItem(output: ResponseItem, input: unknown): boolean {
  if (!isRecord(input)) return false;
  if (input.type === 'item_reference') return output.id != null && input.id === output.id;

  switch (output.type) {
    case 'function_call':
      return (
        input.type === 'function_call' &&
        input.call_id === output.call_id &&
        input.name === output.name &&
        (input.namespace ?? null) === (output.namespace ?? null) &&
        sameJsonText(input.arguments, output.arguments)
      );
    case 'reasoning':
      return input.type === 'reasoning' && input.id === output.id;
    case 'message':
      return (
        (input.type === 'message' || input.type === undefined) &&
        input.role === 'assistant' &&
        (input.id == null || input.id === output.id) &&
        messageText(input) === messageText(output)
      );
    default:
      // Provider-executed tool calls (web search, shell, …) are echoed with their own id.
      return input.type === output.type && output.id != null && input.id === output.id;
  }
}

function messageText(item: ResponseItem): string {
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function sameJsonText(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
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
export function deepEqual(a: unknown, b: unknown): boolean {
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
