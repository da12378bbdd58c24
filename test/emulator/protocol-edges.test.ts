/**
 * Faults that show the protocol's edges, as real hosts produce them: a huge event, a host frame limit
 * (1009), error frames in other layouts, a connection that goes silent, a slow first event.
 */
import { request as httpRequest } from 'node:http';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createResponsesEmulator,
  type EmulatorFault,
  type ResponsesEmulator,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, postRaw, type RawClient, responseCreate, sseBlocks, userMessage } from './raw-client';

let emulator: ResponsesEmulator;
const create = (text = 'hi') => responseCreate({ store: false, input: [userMessage(text)] });
const body = { model: 'gpt-5.4', input: 'hi' };
const bytesOf = (event: unknown) => Buffer.byteLength(JSON.stringify(event));
const types = (client: RawClient) =>
  client.frames.map((frame) => (frame.kind === 'json' ? String(frame.event.type) : frame.kind));

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: [{ type: 'message', text: 'a reasonably long answer' }] })),
  });
});
afterEach(async () => {
  await emulator.close();
});

describe('huge-event', () => {
  const BYTES = 300_000;

  it('adds an image_generation_call whose output_item.done and response.completed each exceed the size', async () => {
    emulator.injectFault({ kind: 'huge-event', bytes: BYTES });
    const client = await connectRaw(emulator);
    client.send(create());
    const events = await client.untilTerminal();
    const done = events.find(
      (event) =>
        event.type === 'response.output_item.done' &&
        (event.item as { type: string }).type === 'image_generation_call',
    );
    const completed = events.at(-1)!;
    expect(completed.type).toBe('response.completed');
    expect(bytesOf(done)).toBeGreaterThan(BYTES);
    expect(bytesOf(completed)).toBeGreaterThan(BYTES);
    const output = (completed.response as { output: Array<Record<string, unknown>> }).output;
    expect(output.map((item) => item.type)).toEqual(['message', 'image_generation_call']);
    expect(output[1]).toEqual(done!.item);
    // Valid base64 of a WebP header, in the recorded shape.
    const result = String(output[1]!.result);
    expect(result).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(result.slice(0, 16), 'base64').subarray(8, 12).toString()).toBe('WEBP');
    // The image's events sit before the terminal event, and sequence numbers still count up by one.
    expect(types(client).slice(-6)).toEqual([
      'response.output_item.added',
      'response.image_generation_call.in_progress',
      'response.image_generation_call.generating',
      'response.image_generation_call.completed',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    client.close();
  });

  it('over HTTP @ai-sdk/openai maps it as the image_generation tool result, streamed or not', async () => {
    const openai = createOpenAI({ apiKey: 'sk-ai-sdk', baseURL: emulator.baseURL });
    const model = openai.responses('gpt-5.4');
    emulator.injectFault({ kind: 'huge-event', bytes: BYTES, transport: 'http' });
    const streamed = streamText({ model, prompt: 'draw' });
    const streamedContent = await streamed.content;
    emulator.injectFault({ kind: 'huge-event', bytes: BYTES, transport: 'http' });
    const generated = await generateText({ model, prompt: 'draw' });
    expect(emulator.metrics.requests.map((request) => request.body.stream ?? false)).toEqual([true, false]);

    for (const content of [streamedContent, generated.content]) {
      const image = content.find((part) => part.type === 'tool-result');
      expect(image).toMatchObject({ toolName: 'image_generation', providerExecuted: true });
      expect((image as { output: { result: string } }).output.result.length).toBeGreaterThan(BYTES);
      expect(content.find((part) => part.type === 'text')).toMatchObject({
        text: 'a reasonably long answer',
      });
    }
  });
});

describe('maxClientFrameBytes', () => {
  it('a client frame above it closes the socket with 1009 before any event; nothing is recorded; HTTP takes it', async () => {
    await emulator.close();
    emulator = await createResponsesEmulator({ maxClientFrameBytes: 10_000 });
    const client = await connectRaw(emulator);
    client.send(create('small'));
    await client.untilTerminal();
    const framesBefore = client.frames.length;
    client.send(create('x'.repeat(20_000)));
    expect(await client.closed).toEqual({ code: 1009 });
    expect(client.frames).toHaveLength(framesBefore);
    expect(emulator.metrics.requests).toHaveLength(1);

    expect((await postRaw(emulator, { model: 'gpt-5.4', input: 'x'.repeat(20_000) })).status).toBe(200);
  });

  it('the limit applies to the message after decompression', async () => {
    await emulator.close();
    emulator = await createResponsesEmulator({ maxClientFrameBytes: 10_000 });
    const socket = new WebSocket(emulator.wsURL, {
      headers: { Authorization: 'Bearer sk-raw' },
      perMessageDeflate: { threshold: 0 },
    });
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.extensions).toContain('permessage-deflate');
    socket.send(JSON.stringify(create('x'.repeat(20_000))));
    const code = await new Promise((resolve) => socket.once('close', resolve));
    expect(code).toBe(1009);
    expect(emulator.metrics.requests).toEqual([]);
  });
});

describe('error-frame shapes', () => {
  const cases: Array<[string, EmulatorFault, Record<string, unknown>]> = [
    [
      'nested, status_code',
      { kind: 'error-frame', status: 503, code: 'overloaded', message: 'busy', statusField: 'status_code' },
      {
        type: 'error',
        status_code: 503,
        error: { type: 'server_error', code: 'overloaded', message: 'busy', param: null },
      },
    ],
    [
      'flat',
      { kind: 'error-frame', shape: 'flat', status: 400, code: 'invalid_value', message: 'bad', param: 'x' },
      { type: 'error', status: 400, code: 'invalid_value', message: 'bad', param: 'x' },
    ],
    [
      'string, no status',
      { kind: 'error-frame', shape: 'string', status: null, message: 'Something broke' },
      { type: 'error', error: 'Something broke' },
    ],
    [
      'envelope without a top-level type (xAI)',
      { kind: 'error-frame', shape: 'envelope', message: 'Service unavailable' },
      { error: { message: 'Service unavailable', type: 'api_error' } },
    ],
  ];

  it.each(cases)('%s, before the first event', async (_, fault, expected) => {
    emulator.injectFault(fault);
    const client = await connectRaw(emulator);
    client.send(create());
    await client.waitFrames(1);
    client.send(create());
    const next = await client.untilTerminal(1);
    expect(client.frames[0]).toEqual({ kind: 'json', event: expected });
    // The error ends the request; the connection serves the next one.
    expect(next.at(-1)).toMatchObject({ type: 'response.completed' });
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['error', 'completed']);
    client.close();
  });

  it('mid-stream, a string frame keeps its sequence number', async () => {
    emulator.injectFault({ kind: 'error-frame', at: 'mid-stream', afterEvents: 2, shape: 'string' });
    const client = await connectRaw(emulator);
    client.send(create());
    await client.untilTerminal();
    expect(client.frames.at(-1)).toEqual({
      kind: 'json',
      event: {
        type: 'error',
        status: 500,
        sequence_number: 2,
        error: 'The server had an error while processing your request.',
      },
    });
    client.close();
  });

  it('over HTTP: before the stream an error status with the API body; mid-stream the shaped frame as SSE data', async () => {
    emulator.injectFault({
      kind: 'error-frame',
      shape: 'string',
      status: 503,
      message: 'down',
      transport: 'http',
    });
    emulator.injectFault({
      kind: 'error-frame',
      shape: 'envelope',
      at: 'mid-stream',
      afterEvents: 2,
      message: 'gone',
      transport: 'http',
    });
    const before = await postRaw(emulator, { ...body, stream: true });
    expect(before.status).toBe(503);
    expect(JSON.parse(before.body)).toEqual({
      error: { type: 'server_error', code: 'server_error', message: 'down', param: null },
    });
    const mid = await postRaw(emulator, { ...body, stream: true });
    expect(mid.status).toBe(200);
    expect(sseBlocks(mid.body).at(-1)).toEqual({
      event: undefined,
      data: { error: { message: 'gone', type: 'api_error' } },
    });
  });
});

describe('go-silent', () => {
  /** Pings, then closes: the close handshake is answered after any pong, so a missing pong shows in order. */
  async function pingThenClose(client: WebSocket): Promise<string[]> {
    const seen: string[] = [];
    client.on('pong', () => seen.push('pong'));
    client.on('message', () => seen.push('message'));
    client.ping();
    client.close();
    await new Promise((resolve) => client.once('close', resolve));
    return seen;
  }

  it('after N events the connection sends nothing, answers no ping and reads no request, but stays open', async () => {
    emulator.injectFault({ kind: 'go-silent', afterEvents: 3 });
    const silent = new WebSocket(emulator.wsURL, { headers: { Authorization: 'Bearer k' } });
    const control = new WebSocket(emulator.wsURL, { headers: { Authorization: 'Bearer k' } });
    await Promise.all(
      [silent, control].map((socket) => new Promise((resolve) => socket.once('open', resolve))),
    );
    const frames: unknown[] = [];
    silent.on('message', (data) => frames.push(JSON.parse(String(data))));
    silent.send(JSON.stringify(create()));
    await expect.poll(() => frames.length).toBe(3);
    silent.send(JSON.stringify(create('after the silence')));

    // The other connection is untouched: it pongs before its close.
    expect(await pingThenClose(control)).toEqual(['pong']);
    expect(emulator.metrics.openConnections).toBe(1);
    expect(await pingThenClose(silent)).toEqual([]);
    expect(frames).toHaveLength(3);
    await expect.poll(() => emulator.metrics.requests.map((request) => request.outcome)).toEqual(['closed']);
    expect(emulator.metrics.requests[0]).toMatchObject({ eventsSent: 3, accepted: true });
  });

  it('is WebSocket only', () => {
    expect(() => emulator.injectFault({ kind: 'go-silent', transport: 'http' })).toThrow(TypeError);
  });
});

describe('slow-first-event', () => {
  it('WebSocket: nothing arrives while other connections are served; a short delay then streams as usual', async () => {
    emulator.injectFault({ kind: 'slow-first-event', ms: 60_000, connectionId: 1 });
    const slow = await connectRaw(emulator);
    const other = await connectRaw(emulator);
    slow.send(create());
    other.send(create());
    const normal = (await other.untilTerminal()).map((event) => event.type);
    expect(normal.at(-1)).toBe('response.completed');
    expect(slow.frames).toEqual([]);
    slow.close();
    // The two requests arrive on two sockets at once, in either order.
    const slowRequest = () => emulator.metrics.requests.find((request) => request.connectionId === 1);
    await expect.poll(() => slowRequest()?.outcome).toBe('closed');
    expect(slowRequest()).toMatchObject({ connectionId: 1, eventsSent: 0, accepted: false });

    emulator.injectFault({ kind: 'slow-first-event', ms: 20 });
    other.send(create());
    const slowed = await other.untilTerminal(other.frames.length);
    expect(slowed.map((event) => event.type)).toEqual(normal);
    other.close();
  });

  it('HTTP: not even the status line arrives meanwhile', async () => {
    emulator.injectFault({ kind: 'slow-first-event', ms: 60_000, transport: 'http' });
    let answered = false;
    const slow = httpRequest(`${emulator.baseURL}/responses`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    });
    slow.on('response', () => {
      answered = true;
    });
    slow.on('error', () => {});
    slow.end(JSON.stringify({ ...body, stream: true }));
    await expect.poll(() => emulator.metrics.requests.length).toBe(1);
    expect((await postRaw(emulator, { ...body, stream: true })).status).toBe(200);
    expect(answered).toBe(false);
    slow.destroy();
    await expect.poll(() => emulator.metrics.requests[0]?.outcome).toBe('closed');
    expect(emulator.metrics.requests[0]).toMatchObject({ transport: 'http', eventsSent: 0 });
  });
});
