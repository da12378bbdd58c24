/**
 * A Responses API input or output item as it travels in JSON. The continuation logic treats items as
 * plain data: it reads only `type`, `role`, ids and text, so it keeps working when the API adds fields.
 */
export type ResponseItem = Record<string, unknown>;

/** The JSON body of a `POST /v1/responses` request (and, beside `type`, of a `response.create` frame). */
export type ResponsesRequestBody = Record<string, unknown> & { input?: unknown };

/** How many input items a body carries: a list's length, one for a lone string or item, none without input. */
export function countInputItems(input: unknown): number {
  if (Array.isArray(input)) return input.length;
  return input == null ? 0 : 1;
}
