/**
 * What real hosts do at the protocol's edges, met as well as HTTP meets them (`test/emulator/protocol-edges`
 * shows each fault itself): an event larger than `ws`'s default limit, a host that will not take a large
 * frame, a connection that goes silent, a slow first event.
 */
import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';

let emulator: ResponsesEmulator | undefined;
let provider: WsOpenAIProvider | undefined;

const answer = scriptedModel(({ input }) => ({
  output: [{ type: 'message', text: `answer to ${input.length} items` }],
}));

async function start(options: ResponsesEmulatorOptions = {}, settings: WsOpenAIProviderSettings = {}) {
  emulator = await createResponsesEmulator({ model: answer, ...options });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-edges', ...settings });
  return { emulator, model: provider('gpt-5.4') };
}

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
  provider = emulator = undefined;
});

/** What a step's transport metadata says. */
const sentOver = (result: { providerMetadata?: Record<string, unknown> }) =>
  result.providerMetadata?.['openai-ws'] as Record<string, unknown>;

describe('an event larger than ws’s default message limit (100 MiB)', () => {
  // Just over that limit: the smallest event that closed the socket before.
  const BYTES = 100 * 1024 * 1024 + 64 * 1024;

  it('streamText carries it, as over HTTP: the generated image arrives whole', async () => {
    const { emulator, model } = await start();
    emulator.injectFault({ kind: 'huge-event', bytes: BYTES });
    const result = streamText({ model, prompt: 'draw' });
    const content = await result.content;

    const image = content.find((part) => part.type === 'tool-result');
    expect(image).toMatchObject({ toolName: 'image_generation', providerExecuted: true });
    expect((image as { output: { result: string } }).output.result.length).toBeGreaterThan(BYTES);
    expect(await result.text).toBe('answer to 1 items');
    expect(emulator.metrics.requests.map((request) => [request.transport, request.outcome])).toEqual([
      ['ws', 'completed'],
    ]);
  });
});

describe('a host that closes the socket on a frame too big for it (1009)', () => {
  it('sends that request over HTTP, whole, and no frame that big over a socket again; smaller ones still go over sockets', async () => {
    const { emulator, model } = await start({ maxClientFrameBytes: 20_000 });
    const big = 'x'.repeat(30_000);

    const small = await generateText({ model, prompt: 'hi' });
    const first = await generateText({ model, prompt: big });
    const second = await generateText({ model, prompt: big });
    const after = await generateText({ model, prompt: 'hi again' });

    expect([small, first, second, after].map((result) => result.text)).toEqual(
      Array(4).fill('answer to 1 items'),
    );
    expect(sentOver(small)).toMatchObject({ transport: 'websocket' });
    for (const result of [first, second]) {
      expect(sentOver(result)).toMatchObject({
        transport: 'http',
        httpReason: 'message-too-big',
        fullInputReason: 'http-fallback',
      });
    }
    expect(sentOver(after)).toMatchObject({ transport: 'websocket' });
    // The server read each request once: the refused frame never reached it, and was not sent again.
    expect(emulator.metrics.requests.map((request) => [request.transport, request.outcome])).toEqual([
      ['ws', 'completed'],
      ['http', 'completed'],
      ['http', 'completed'],
      ['ws', 'completed'],
    ]);
    // The first socket was closed by the refused frame; the second big request sent nothing on the
    // socket it got, which then carried the last request.
    expect(emulator.metrics.connections).toBe(2);
  });

  it("with fallback: 'none' it is an APICallError, and the frame is not sent again", async () => {
    const { emulator, model } = await start({ maxClientFrameBytes: 20_000 }, { fallback: 'none' });
    const error = await generateText({ model, prompt: 'x'.repeat(30_000) }).catch((caught) => caught);

    expect(error).toMatchObject({
      name: 'AI_APICallError',
      isRetryable: false,
      message: expect.stringContaining('code 1009'),
    });
    expect(emulator.metrics.connections).toBe(1);
    expect(emulator.metrics.requests).toEqual([]);
  });
});

describe('a connection that goes silent mid-response (no close, no data)', () => {
  // Small, so the test is quick; eventTimeoutMs keeps its default (minutes), far beyond the test's.
  const heartbeat = { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 200 };

  it('is found by the heartbeat: streamText ends with a retryable APICallError that says so', async () => {
    const { emulator, model } = await start({}, heartbeat);
    // After the first text delta, so that the stream has begun (before it, the AI SDK retries).
    emulator.injectFault({ kind: 'go-silent', afterEvents: 5 });
    const parts: string[] = [];
    const thrown = await (async () => {
      for await (const part of streamText({ model, prompt: 'x' }).fullStream) parts.push(part.type);
    })().catch((caught: unknown) => caught);

    // As over HTTP after a dropped connection: the stream throws after the parts that arrived.
    expect(parts).toContain('text-delta');
    expect(parts).not.toContain('finish-step');
    expect(thrown).toMatchObject({
      name: 'AI_APICallError',
      isRetryable: true,
      message: expect.stringContaining('no pong'),
    });
    await expect.poll(() => emulator.metrics.requests.map((request) => request.outcome)).toEqual(['closed']);
  });

  it('generateText: the AI SDK sends the request again, as over HTTP after a dropped connection', async () => {
    const { emulator, model } = await start({}, heartbeat);
    emulator.injectFault({ kind: 'go-silent', afterEvents: 3 });
    const result = await generateText({ model, prompt: 'x' });

    expect(result.text).toBe('answer to 1 items');
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['closed', 'completed']);
    expect(emulator.metrics.connections).toBe(2);
  });

  it('silent before the response started: an error, never sent again (the server may have taken the frame)', async () => {
    const { emulator, model } = await start({}, heartbeat);
    emulator.injectFault({ kind: 'go-silent', afterEvents: 0 });
    const thrown = await generateText({ model, prompt: 'x' }).catch((caught: unknown) => caught);

    expect(thrown).toMatchObject({ name: 'AI_APICallError', isRetryable: false });
    expect((thrown as Error).message).toContain('no pong');
    expect(emulator.metrics.requests).toHaveLength(1);
  });

  it('a long pause of the model is no silence: the host’s socket layer answers the pings meanwhile', async () => {
    // The model thinks for many heartbeat intervals and timeouts before its first output.
    const { emulator, model } = await start({ timing: { timeToFirstTokenMs: 1_500 } }, heartbeat);
    const result = await generateText({ model, prompt: 'x' });

    expect(result.text).toBe('answer to 1 items');
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['completed']);
    expect(emulator.metrics.connections).toBe(1);
  });
});

describe('a host that is slow to start a response', () => {
  // HTTP waits as long for a response's headers as between chunks of its body (undici: minutes each), so
  // the first event may take as long as any other: with a small eventTimeoutMs, so does the first event.
  it('the first event is waited for as long as eventTimeoutMs unless firstEventTimeoutMs is set', async () => {
    const { emulator, model } = await start({}, { eventTimeoutMs: 400 });
    emulator.injectFault({ kind: 'slow-first-event', ms: 150 });
    expect((await generateText({ model, prompt: 'x' })).text).toBe('answer to 1 items');

    emulator.injectFault({ kind: 'slow-first-event', ms: 5_000 });
    const error = await generateText({ model, prompt: 'x' }).catch((caught) => caught);
    expect(error).toMatchObject({
      name: 'AI_APICallError',
      message: expect.stringContaining('within 400 ms (first-event)'),
    });
    await expect
      .poll(() => emulator.metrics.requests.map((request) => request.outcome))
      .toEqual(['completed', 'closed']);
  });

  it('firstEventTimeoutMs still sets the first event’s wait on its own', async () => {
    const { emulator, model } = await start({}, { eventTimeoutMs: 60_000, firstEventTimeoutMs: 300 });
    emulator.injectFault({ kind: 'slow-first-event', ms: 5_000 });
    const error = await generateText({ model, prompt: 'x' }).catch((caught) => caught);
    expect(error).toMatchObject({ message: expect.stringContaining('within 300 ms (first-event)') });
  });
});
