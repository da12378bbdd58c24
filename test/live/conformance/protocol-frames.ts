import { randomBytes } from 'node:crypto';
import type { ServerEvent } from './host-socket';

/**
 * The requests the rules send and readers for what comes back. Prompts ask for protocol outcomes any
 * model produces on request (a forced tool call, a text longer than `max_output_tokens`); no rule reads
 * what a model wrote.
 */

export const userMessage = (text: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

/** A request that any model answers in a token or two. */
export const SHORT_PROMPT = 'Reply with the single word: ok.';

/** A request whose answer is far longer than 16 tokens (the smallest `max_output_tokens` OpenAI accepts). */
export const countPrompt = (upTo: number) => `Write the numbers from 1 to ${upTo}, separated by spaces.`;

export const CALL_PROMPT = 'Call the lookup tool with the key "conformance".';

/** The one function tool the rules use; `tool_choice` forces a call of it where a rule needs one. */
export const LOOKUP_TOOL = {
  type: 'function',
  name: 'lookup',
  description: 'Looks a key up and returns its value.',
  parameters: {
    type: 'object',
    properties: { key: { type: 'string' } },
    required: ['key'],
    additionalProperties: false,
  },
};

export const FORCE_LOOKUP = { type: 'function', name: 'lookup' };

/** A response id in OpenAI's format (`resp_` and 50 hex digits) that no host has issued. */
export const unknownResponseId = () => `resp_${randomBytes(25).toString('hex')}`;

export interface ResponseObject {
  readonly id: string;
  readonly status?: string;
  readonly output?: ReadonlyArray<Record<string, unknown>>;
  readonly usage?: { readonly input_tokens?: number; readonly output_tokens?: number } | null;
  readonly metadata?: Record<string, unknown> | null;
}

/** The response object an event carries (`response.created` and the response terminal events do). */
export function responseOf(event: ServerEvent | undefined): ResponseObject | undefined {
  const response = event?.response;
  return typeof response === 'object' && response !== null ? (response as ResponseObject) : undefined;
}

/** The error an `error` event carries: nested under `error` as the emulator sends it, or flat. */
export function errorOf(event: ServerEvent | undefined): {
  code?: unknown;
  message?: unknown;
  param?: unknown;
} {
  if (event === undefined) return {};
  const nested = event.error;
  if (typeof nested === 'object' && nested !== null) return nested as Record<string, unknown>;
  return event;
}

/** How a response ended, for details and messages: `response.completed`, `error 400 previous_response_not_found`. */
export function describeEnd(events: readonly ServerEvent[]): string {
  const end = events.at(-1);
  if (end === undefined) return 'nothing';
  if (end.type !== 'error') return String(end.type);
  const status = end.status ?? end.status_code;
  const { code, message } = errorOf(end);
  return ['error', status, code ?? message].filter((part) => part !== undefined && part !== null).join(' ');
}

/** The completed response of an exchange; throws (the rule then fails) when it ended otherwise. */
export function completedResponse(events: readonly ServerEvent[], what: string): ResponseObject {
  const end = events.at(-1);
  const response = responseOf(end);
  if (end?.type !== 'response.completed' || response === undefined)
    throw new Error(`${what} ended with ${describeEnd(events)}, not response.completed`);
  return response;
}

/** The exchange ended with an `error` event with this code (nested or flat). */
export function isErrorWithCode(events: readonly ServerEvent[], code: string): boolean {
  const end = events.at(-1);
  return end?.type === 'error' && errorOf(end).code === code;
}

/**
 * The host refused a parameter as such (unknown or unsupported), naming it: the feature is not
 * supported there, which is not a breach of the protocol.
 */
export function refusedParameter(events: readonly ServerEvent[], parameter: string): boolean {
  const end = events.at(-1);
  if (end?.type !== 'error') return false;
  const { code, param, message } = errorOf(end);
  const text = typeof message === 'string' ? message : '';
  const names = param === parameter || text.includes(parameter);
  const refuses =
    code === 'unknown_parameter' ||
    code === 'unsupported_parameter' ||
    /unknown|unsupported|not supported|unrecognized/i.test(text);
  return names && refuses;
}

/** A short id for details: `resp_05500b…`. */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 11)}…` : id);
