import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context';
import { handleResponsesPost, sendJsonError } from './http-handler';

/** A path under the responses path (`/v1/responses` unless the host conventions move it). */
export interface ResponsesRoute {
  readonly path: string;
  /** The `{id}` segment, if any. */
  readonly id?: string;
  /** `/input_items` or `/cancel` after the id, if any. */
  readonly sub?: string;
}

/** The responses path itself, or a route under it that the emulator serves; undefined for any other path. */
export function matchResponsesRoute(path: string, base: string): ResponsesRoute | undefined {
  if (path === base) return { path };
  if (!path.startsWith(`${base}/`)) return undefined;
  const match = /^([^/]+)(\/input_items|\/cancel)?$/.exec(path.slice(base.length + 1));
  if (match === null) return undefined;
  return { path, id: match[1]!, ...(match[2] === undefined ? {} : { sub: match[2] }) };
}

/**
 * The HTTP routes of the Responses API: `POST /v1/responses`, and for stored responses
 * `GET /v1/responses/{id}`, `GET …/{id}/input_items`, `DELETE …/{id}` and `POST …/{id}/cancel`
 * (background responses only).
 */
export function routeResponsesRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: EmulatorContext,
  raw: Buffer,
  { path, id, sub }: ResponsesRoute,
): void {
  const route = `${request.method} ${id === undefined ? '' : '{id}'}${sub ?? ''}`;
  if (route === 'POST ') {
    void handleResponsesPost(request, response, context, raw);
    return;
  }
  const kept = id === undefined ? undefined : context.responses.get(id);
  const known = ['GET {id}', 'GET {id}/input_items', 'DELETE {id}', 'POST {id}/cancel'].includes(route);
  if (!known) {
    sendJsonError(response, {
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      message: `No route for ${request.method} ${path}`,
      param: null,
    });
    return;
  }
  if (kept === undefined || id === undefined) {
    sendJsonError(response, {
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      message: `Response with id '${id}' not found.`,
      param: null,
    });
    return;
  }
  switch (route) {
    case 'GET {id}':
      sendJson(response, kept.response);
      return;
    case 'GET {id}/input_items': {
      // Items as listed by the API carry an id; items sent without one get a stable stand-in.
      const data = kept.input.map((item, index) => ({ id: `in_${id}_${index}`, ...item }));
      sendJson(response, {
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: false,
      });
      return;
    }
    case 'DELETE {id}':
      // Deleted means gone for continuations too: a later previous_response_id naming it is not found.
      kept.cancel?.();
      context.responses.delete(id);
      context.store.delete(id);
      sendJson(response, { id, object: 'response', deleted: true });
      return;
    default: {
      const status = String(kept.response.status);
      if (kept.cancel === undefined || !['queued', 'in_progress', 'cancelled'].includes(status)) {
        sendJsonError(response, {
          status: 400,
          type: 'invalid_request_error',
          code: 'invalid_request',
          message:
            kept.response.background === true
              ? `Cannot cancel a response with status '${status}'.`
              : 'Only responses created with background: true can be cancelled.',
          param: null,
        });
        return;
      }
      // Cancelling a cancelled response answers the same again (idempotent, as the API does).
      kept.cancel();
      sendJson(response, kept.response);
    }
  }
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
