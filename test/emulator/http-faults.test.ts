/**
 * Request faults over HTTP (`transport: 'http'`), streaming and not, as a bare HTTP client sees them. An
 * error the client meets before anything was streamed is an HTTP error status with the error as JSON body;
 * a model failure (`response.failed`, `response.incomplete`) is a 200 with the response object.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { postRaw, sseBlocks } from './raw-client';

let emulator: ResponsesEmulator;
const body = { model: 'gpt-5.4', input: 'hi' };
const streamed = { ...body, stream: true };

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: [{ type: 'message', text: 'a reasonably long answer' }] })),
  });
});
afterEach(async () => {
  await emulator.close();
});

const types = (sse: string) => sseBlocks(sse).map((block) => block.data.type);

describe('error-frame over HTTP', () => {
  it('non-streaming: an error mid-stream is an HTTP error status with the error JSON body, not a 200', async () => {
    emulator.injectFault({
      kind: 'error-frame',
      at: 'mid-stream',
      afterEvents: 3,
      status: 503,
      code: 'overloaded',
      message: 'busy',
      transport: 'http',
    });
    const answer = await postRaw(emulator, body);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      error: { type: 'server_error', code: 'overloaded', message: 'busy', param: null },
    });
    expect(emulator.metrics.requests[0]).toMatchObject({ transport: 'http', outcome: 'error' });
  });

  it('non-streaming: an error before the first event is an HTTP error status (500 by default)', async () => {
    emulator.injectFault({ kind: 'error-frame', transport: 'http' });
    const answer = await postRaw(emulator, body);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'server_error', code: 'server_error' } });
  });

  it('streaming: before the first event an HTTP error status; mid-stream an SSE error event after a 200', async () => {
    emulator.injectFault({
      kind: 'error-frame',
      status: 429,
      code: 'rate_limit_exceeded',
      transport: 'http',
    });
    emulator.injectFault({ kind: 'error-frame', at: 'mid-stream', afterEvents: 2, transport: 'http' });
    const before = await postRaw(emulator, streamed);
    const mid = await postRaw(emulator, streamed);
    expect([before.status, before.contentType]).toEqual([429, 'application/json']);
    expect(JSON.parse(before.body)).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    expect([mid.status, mid.contentType, mid.complete]).toEqual([200, 'text/event-stream', true]);
    expect(types(mid.body)).toEqual(['response.created', 'response.in_progress', 'error']);
    expect(sseBlocks(mid.body).at(-1)).toEqual({
      event: 'error',
      data: expect.objectContaining({ status: 500, sequence_number: 2 }),
    });
  });

  it('a WebSocket fault is not taken by an HTTP request, nor an HTTP fault by a WebSocket one', async () => {
    emulator.injectFault({ kind: 'error-frame' });
    expect((await postRaw(emulator, body)).status).toBe(200);
    emulator.clearFaults();
    emulator.injectFault({ kind: 'error-frame', transport: 'http' });
    expect((await postRaw(emulator, body)).status).toBe(500);
  });
});

describe('close over HTTP', () => {
  it('streaming: close mid-stream cuts the SSE body after N events', async () => {
    emulator.injectFault({ kind: 'close', at: 'mid-stream', afterEvents: 3, transport: 'http' });
    const answer = await postRaw(emulator, streamed);
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(false);
    expect(types(answer.body)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'closed', accepted: true });
  });

  it('non-streaming: close mid-stream drops the connection with no answer at all', async () => {
    emulator.injectFault({ kind: 'close', at: 'mid-stream', afterEvents: 3, transport: 'http' });
    const answer = await postRaw(emulator, body);
    expect(answer).toEqual({ status: undefined, contentType: undefined, body: '', complete: false });
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'closed' });
  });
});

describe('model failures over HTTP', () => {
  it('response-incomplete: streaming ends with response.incomplete; non-streaming is a 200 with status incomplete', async () => {
    emulator.injectFault({ kind: 'response-incomplete', reason: 'content_filter', transport: 'http' });
    emulator.injectFault({ kind: 'response-incomplete', transport: 'http' });
    const stream = await postRaw(emulator, streamed);
    const whole = await postRaw(emulator, body);
    expect(sseBlocks(stream.body).at(-1)).toEqual({
      event: 'response.incomplete',
      data: expect.objectContaining({
        response: expect.objectContaining({
          status: 'incomplete',
          incomplete_details: { reason: 'content_filter' },
        }),
      }),
    });
    expect(whole.status).toBe(200);
    expect(JSON.parse(whole.body)).toMatchObject({
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message' }],
    });
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['incomplete', 'incomplete']);
  });

  it('response-failed: non-streaming is a 200 with status failed and the error in the body', async () => {
    emulator.injectFault({
      kind: 'response-failed',
      code: 'server_error',
      message: 'nope',
      transport: 'http',
    });
    const answer = await postRaw(emulator, body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      object: 'response',
      status: 'failed',
      error: { code: 'server_error', message: 'nope' },
    });
  });
});
