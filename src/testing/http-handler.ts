import type { IncomingMessage, ServerResponse } from 'node:http';
import { createId } from './create-ids';
import { DelayQueue } from './delay-queue';
import type { EmulatorContext } from './emulator-context';
import type { Item, RequestRecord } from './emulator-types';
import { isErrorFrame, readErrorFrame } from './error-frame-shapes';
import { refuseWithPreviousResponseId } from './host-request-rules';
import { responseObject } from './render-response-events';
import { openaiBeta } from './request-headers';
import { keepResponse } from './response-objects';
import {
  errorFrame,
  type InputResolution,
  type RequestError,
  resolveInput,
  validateRequest,
} from './response-state';
import { type ResponseSink, runResponse } from './run-response';

/**
 * `POST /v1/responses` over HTTP, streaming (SSE) or not, with the same model, faults and store semantics
 * as the WebSocket mode. Over HTTP only stored (`store: true`) responses can be continued.
 */
export async function handleResponsesPost(
  request: IncomingMessage,
  response: ServerResponse,
  context: EmulatorContext,
  raw: Buffer,
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return sendJsonError(response, {
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_json',
      message: 'We could not parse the JSON body of your request.',
      param: null,
    });
  }
  const beta = openaiBeta(request);
  const record = context.record({
    transport: 'http',
    bytes: raw.byteLength,
    ...(beta === undefined ? {} : { openaiBeta: beta }),
    inputItems: Array.isArray(body.input) ? body.input.length : body.input == null ? 0 : 1,
    body,
    ...(typeof body.previous_response_id === 'string'
      ? { previousResponseId: body.previous_response_id }
      : {}),
    generate: body.generate !== false,
  });
  record.outcome = 'pending';
  const invalid = validateRequest(body, 'http') ?? refuseWithPreviousResponseId(context.conventions, body);
  if (invalid !== undefined) {
    context.settle(record, 'error');
    return sendJsonError(response, invalid);
  }
  const resolution = resolveInput(body, undefined, context.store);
  if (!resolution.ok) {
    context.settle(record, 'error');
    return sendJsonError(response, resolution.error);
  }
  if (resolution.cacheHit !== undefined) record.cacheHit = resolution.cacheHit;
  const observe = keepResponse(context.responses, body, resolution.newInput);
  if (body.background === true && body.stream !== true)
    return runInBackground(response, context, body, record, resolution, observe);

  const streaming = body.stream === true;
  const outgoing = new DelayQueue(() => context.timing().latency?.perFrameMs ?? 0);
  let closed = false;
  let resolveClosed!: () => void;
  const closedPromise = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const markClosed = () => {
    if (closed) return;
    closed = true;
    outgoing.clear();
    resolveClosed();
  };
  response.on('close', markClosed);

  const collected: Item[] = [];
  const sink: ResponseSink = {
    send: (frame) => {
      observe(frame);
      outgoing.push(() => {
        if (closed || response.writableEnded) return;
        const event = typeof frame === 'object' && !Buffer.isBuffer(frame) ? frame : undefined;
        // The API reports an error it meets before the stream started as an HTTP error status; without a
        // stream the answer has not started until the end, so every error is one.
        if (event !== undefined && isErrorFrame(event) && (!streaming || !response.headersSent))
          return sendJsonError(response, readErrorFrame(event));
        if (!streaming) {
          if (event !== undefined) collected.push(event);
          return;
        }
        if (!response.headersSent)
          response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        if (Buffer.isBuffer(frame)) response.write(frame);
        else if (typeof frame === 'string') response.write(`data: ${frame}\n\n`);
        // A frame without a type (an error envelope) is a bare data line.
        else if (typeof frame.type !== 'string') response.write(`data: ${JSON.stringify(frame)}\n\n`);
        else response.write(`event: ${frame.type}\ndata: ${JSON.stringify(frame)}\n\n`);
      });
    },
    close: () =>
      outgoing.push(() => {
        // After a whole answer (an error that closes) only the kept-alive connection ends. Otherwise the
        // drop cuts the answer short, but only once the writes before it, corked until the next tick, are out.
        if (response.writableEnded) request.socket.end();
        else request.socket.write('', () => request.socket.destroy());
        markClosed();
      }),
    closed: closedPromise,
    isClosed: () => closed,
  };

  const result = await runPostedResponse(context, { body, resolution, sink, record });
  context.settle(record, result.outcome);
  if (result.completed !== undefined && body.store !== false)
    context.store.set(result.completed.id, result.completed);

  outgoing.push(() => {
    if (closed || response.writableEnded) return;
    if (streaming) {
      response.end();
      return;
    }
    // `response.failed` and `response.incomplete` are not HTTP errors: a non-streaming request gets 200 and
    // the response object, its `status` 'failed' or 'incomplete' (as the API answers, and the `openai`
    // clients return such a response rather than throw). Only `error` events become error statuses, above.
    const terminal = [...collected].reverse().find((event) => typeof event.response === 'object');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(terminal?.response ?? {}));
  });
}

/**
 * `background: true` without `stream`: the answer is the response object at once, `queued`; the response
 * then runs (`in_progress`) to its terminal status, which `GET /v1/responses/{id}` shows, and
 * `POST …/cancel` stops it (`cancelled`, the output so far dropped).
 */
async function runInBackground(
  response: ServerResponse,
  context: EmulatorContext,
  body: Record<string, unknown>,
  record: RequestRecord,
  resolution: Extract<InputResolution, { ok: true }>,
  observe: (frame: unknown) => void,
): Promise<void> {
  if (body.store === false) {
    context.settle(record, 'error');
    return sendJsonError(response, {
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_parameter',
      message: 'Background mode requires store: true.',
      param: 'background',
    });
  }
  const id = createId('resp');
  record.responseId = id;
  const queued = { ...responseObject(body, id, Math.floor(Date.now() / 1000)), status: 'queued' };
  observe({ response: queued });
  const kept = context.responses.get(id)!;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(queued));

  let cancelled = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  kept.cancel = () => {
    if (!cancelled) kept.response = { ...kept.response, status: 'cancelled' };
    cancelled = true;
    resolveClosed();
  };
  // Picked up by a worker: in_progress from here on, while the server cost and the model run.
  await new Promise((resolve) => setImmediate(resolve));
  if (!cancelled) kept.response = { ...kept.response, status: 'in_progress' };
  const sink: ResponseSink = {
    send: (frame) => {
      if (!cancelled) observe(frame);
    },
    close: () => kept.cancel?.(),
    closed,
    isClosed: () => cancelled,
  };
  const result = await runPostedResponse(context, { body, resolution, sink, record, responseId: id });
  context.settle(record, cancelled ? 'closed' : result.outcome);
  if (!cancelled && result.completed !== undefined) context.store.set(id, result.completed);
  // An error (an injected fault) ends it as failed, never stuck in_progress. Once terminal it can no longer
  // be cancelled.
  if (!cancelled && !['completed', 'incomplete', 'failed'].includes(String(kept.response.status)))
    kept.response = {
      ...kept.response,
      status: 'failed',
      error: { code: 'server_error', message: 'The response failed.' },
    };
  if (!cancelled) kept.cancel = undefined;
}

/** Runs a posted response with the model, timing and next HTTP fault the emulator has at that moment. */
function runPostedResponse(
  context: EmulatorContext,
  options: Omit<Parameters<typeof runResponse>[0], 'model' | 'timing' | 'fault'>,
) {
  return runResponse({
    ...options,
    model: context.model(),
    timing: context.timing(),
    fault: context.faults.takeRequestFault('http'),
  });
}

export function sendJsonError(response: ServerResponse, error: RequestError): void {
  const { type: _type, status: _status, ...frame } = errorFrame(error);
  response.writeHead(error.status ?? statusOfErrorType(error.type), { 'content-type': 'application/json' });
  response.end(JSON.stringify(frame));
}

/**
 * An HTTP answer always has a status; for an injected error that leaves it out, the one its type stands
 * for, as the API pairs them (`invalid_request_error` is a 400, rate limits a 429, …).
 */
function statusOfErrorType(type: string): number {
  if (/rate_limit|insufficient_quota/.test(type)) return 429;
  if (/authentication/.test(type)) return 401;
  if (/permission/.test(type)) return 403;
  if (/not_found/.test(type)) return 404;
  if (/invalid/.test(type)) return 400;
  return 500;
}
