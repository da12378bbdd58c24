import type { Item } from './emulator-types';

/** What the server keeps of a completed response: enough to continue it. */
export interface StoredResponse {
  readonly id: string;
  /** The effective input of the response. */
  readonly input: readonly Item[];
  readonly output: readonly Item[];
}

export type InputResolution =
  | {
      readonly ok: true;
      readonly input: Item[];
      readonly newInput: Item[];
      readonly cacheHit?: boolean;
      /** Bytes of effective input the server already had (the continued response's input and output). */
      readonly cachedBytes: number;
      readonly uncachedBytes: number;
    }
  | { readonly ok: false; readonly error: RequestError };

function normalizeInput(input: unknown): Item[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return input as Item[];
}

/**
 * The effective input of a request: with `previous_response_id`, the continued response's input and
 * output, then the new items, each `item_reference` replaced by the stored item it names. Only the
 * connection's most recent completed response is in its cache; others are found only if they were
 * stored (`store: true`), and so are referenced items.
 */
export function resolveInput(
  body: Readonly<Record<string, unknown>>,
  cache: StoredResponse | undefined,
  store: ReadonlyMap<string, StoredResponse>,
): InputResolution {
  const sent = normalizeInput(body.input);
  const uncachedBytes = Buffer.byteLength(JSON.stringify(sent));
  const newInput = resolveItemReferences(sent, store);
  if (!Array.isArray(newInput)) return { ok: false, error: newInput };
  const previousId = body.previous_response_id;
  if (typeof previousId !== 'string')
    return { ok: true, input: newInput, newInput, cachedBytes: 0, uncachedBytes };
  const fromCache = cache?.id === previousId ? cache : undefined;
  const previous = fromCache ?? store.get(previousId);
  if (previous === undefined) return { ok: false, error: notFound(previousId) };
  const prefix = [...previous.input, ...previous.output];
  return {
    ok: true,
    input: [...prefix, ...newInput],
    newInput,
    cacheHit: fromCache !== undefined,
    // A stored response is reloaded from storage: nothing of it counts as cached.
    cachedBytes: fromCache ? Buffer.byteLength(JSON.stringify(prefix)) : 0,
    uncachedBytes: fromCache ? uncachedBytes : uncachedBytes + Buffer.byteLength(JSON.stringify(prefix)),
  };
}

/**
 * An item as the model reads it: without the `id`, `status` and message `type` the API attaches and the empty
 * `annotations`/`logprobs` of output text, an assistant text as its output_text part, which a client that sends an item again may leave out. Input
 * tokens are counted on this, so the same conversation costs the same whether the server's copy of an
 * item or the client's was used.
 */
export function modelVisible(item: Item): Item {
  // A message's `type` is optional on input (the API reads an item with a role as a message).
  const { type, ...rest } = item;
  const untyped = type === 'message' && 'role' in item ? rest : item;
  // An assistant message's text may come back as the content itself (@ai-sdk/openai 4.x sends it so):
  // the API reads that as the one output_text part the server's copy has.
  const typed =
    untyped.role === 'assistant' && typeof untyped.content === 'string'
      ? { ...untyped, content: [{ type: 'output_text', text: untyped.content }] }
      : untyped;
  return JSON.parse(
    JSON.stringify(typed, (key, value) =>
      key === 'id' ||
      key === 'status' ||
      ((key === 'annotations' || key === 'logprobs') && isEmptyArray(value))
        ? undefined
        : value,
    ),
  ) as Item;
}

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

export interface RequestError {
  /** Undefined only for injected frames that leave the status out. */
  readonly status: number | undefined;
  readonly type: string;
  readonly code: string;
  readonly message: string;
  readonly param: string | null;
}

/** Checks a request body as the API does before starting a response. */
export function validateRequest(
  body: Readonly<Record<string, unknown>>,
  transport: 'ws' | 'http',
): RequestError | undefined {
  const invalid = (code: string, message: string, param: string | null): RequestError => ({
    status: 400,
    type: 'invalid_request_error',
    code,
    message,
    param,
  });
  if (typeof body.model !== 'string' || body.model === '') {
    return invalid('missing_required_parameter', "Missing required parameter: 'model'.", 'model');
  }
  // Background mode is HTTP only; lanes are WebSocket only.
  if (transport === 'ws' && body.background === true) {
    return invalid(
      'unsupported_parameter',
      "Unsupported parameter: 'background' is not supported here.",
      'background',
    );
  }
  if (transport === 'http' && body.stream_id !== undefined) {
    return invalid(
      'unsupported_parameter',
      "Unsupported parameter: 'stream_id' is only supported over WebSocket.",
      'stream_id',
    );
  }
  const input = body.input;
  if (input !== undefined && input !== null && typeof input !== 'string' && !Array.isArray(input)) {
    return invalid('invalid_type', "Invalid type for 'input': expected a string or an array.", 'input');
  }
  return undefined;
}

/**
 * `{ type: 'item_reference', id }` stands for the stored item with that id (an output item of a stored
 * response, or an input item it was given); the API refuses a reference it cannot find.
 */
function resolveItemReferences(
  input: Item[],
  store: ReadonlyMap<string, StoredResponse>,
): Item[] | RequestError {
  if (!input.some((item) => item?.type === 'item_reference')) return input;
  const resolved: Item[] = [];
  for (const item of input) {
    if (item?.type !== 'item_reference') {
      resolved.push(item);
      continue;
    }
    const found = findStoredItem(String(item.id), store);
    if (found === undefined) return itemNotFound(String(item.id));
    resolved.push(found);
  }
  return resolved;
}

function findStoredItem(id: string, store: ReadonlyMap<string, StoredResponse>): Item | undefined {
  for (const response of store.values()) {
    const found =
      response.output.find((item) => item.id === id) ?? response.input.find((item) => item?.id === id);
    if (found !== undefined) return found;
  }
  return undefined;
}

function itemNotFound(id: string): RequestError {
  return {
    status: 404,
    type: 'invalid_request_error',
    code: 'item_not_found',
    message: `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
    param: 'input',
  };
}

export function notFound(previousResponseId: string): RequestError {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    message: `Previous response with id '${previousResponseId}' not found.`,
    param: 'previous_response_id',
  };
}

/** An error frame as the WebSocket mode sends it (and the JSON body of an HTTP error). */
export function errorFrame(error: RequestError, sequenceNumber?: number): Item {
  return {
    type: 'error',
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(sequenceNumber === undefined ? {} : { sequence_number: sequenceNumber }),
    error: { type: error.type, code: error.code, message: error.message, param: error.param },
  };
}
