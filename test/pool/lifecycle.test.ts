import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { waitFor } from '../provider/wait-for';
import { runScript } from './run-script';

let emulator: ResponsesEmulator | undefined;
let provider: WsOpenAIProvider | undefined;

const answer = scriptedModel(({ input }) => ({
  output: [{ type: 'message', text: `items=${input.length}` }],
}));

async function setUp(settings: WsOpenAIProviderSettings = {}) {
  emulator = await createResponsesEmulator({ model: answer });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-lifecycle', ...settings });
  return { emulator, provider };
}

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
  provider = undefined;
  emulator = undefined;
});

describe('socket lifecycle', () => {
  it('retires a socket past maxConnectionAgeMs between responses, never during one', async () => {
    const { emulator, provider } = await setUp({ maxConnectionAgeMs: 150 });
    emulator.setTiming({ serverCost: { perRequestMs: 200 } });
    const slow = await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    expect(slow.text).toBe('items=1');
    emulator.setTiming({});
    const next = await generateText({ model: provider('gpt-5.4'), prompt: 'two' });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: false });
    expect(emulator.metrics.connections).toBe(2);
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'completed']);
  });

  it('closes idle sockets after idleTimeoutMs', async () => {
    const { emulator, provider } = await setUp({ idleTimeoutMs: 100 });
    await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    expect(emulator.metrics.openConnections).toBe(1);
    await waitFor(() => emulator.metrics.openConnections === 0);
  });

  it('drops an idle socket whose peer stops answering pings', async () => {
    emulator = await createResponsesEmulator({ model: answer, answerPings: false });
    provider = createWsOpenAI({
      baseURL: emulator.baseURL,
      apiKey: 'sk-heartbeat',
      heartbeatIntervalMs: 30,
      heartbeatTimeoutMs: 30,
    });
    await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    await waitFor(() => emulator!.metrics.openConnections === 0);
    const next = await generateText({ model: provider('gpt-5.4'), prompt: 'two' });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: false });
    expect(emulator.metrics.connections).toBe(2);
  });

  it('keeps an idle socket whose peer answers pings', async () => {
    const { emulator, provider } = await setUp({ heartbeatIntervalMs: 20, heartbeatTimeoutMs: 2_000 });
    await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const next = await generateText({ model: provider('gpt-5.4'), prompt: 'two' });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: true });
    expect(emulator.metrics.connections).toBe(1);
  });

  it("with atConnectionLimit: 'wait', waits for a free socket at maxConnections, and the wait can be aborted", async () => {
    const { emulator, provider } = await setUp({ maxConnections: 1, atConnectionLimit: 'wait' });
    emulator.injectFault({ kind: 'stall', afterEvents: 2 });
    const controller = new AbortController();
    const stalled = generateText({
      model: provider('gpt-5.4'),
      prompt: 'stalls',
      abortSignal: controller.signal,
    });
    await waitFor(() => emulator.metrics.requests.length === 1);
    const waiting = new AbortController();
    const queued = generateText({
      model: provider('gpt-5.4'),
      prompt: 'waits',
      abortSignal: waiting.signal,
    });
    waiting.abort();
    await expect(queued).rejects.toThrow(/abort/i);
    controller.abort();
    await expect(stalled).rejects.toThrow(/abort/i);
    expect(emulator.metrics.requests).toHaveLength(1);
    expect(emulator.metrics.peakOpenConnections).toBe(1);
  });

  it('falls back to HTTP after a refused upgrade, warning once, and stays there', async () => {
    const warnings: string[] = [];
    const { emulator, provider } = await setUp({ warn: (message) => warnings.push(message) });
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    const first = await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    const second = await generateText({ model: provider('gpt-5.4'), prompt: 'two' });
    expect([first.text, second.text]).toEqual(['items=1', 'items=1']);
    expect(first.providerMetadata?.['openai-ws']).toMatchObject({
      transport: 'http',
      fullInputReason: 'http-fallback',
    });
    expect(second.providerMetadata?.['openai-ws']).toMatchObject({ transport: 'http' });
    expect(emulator.metrics.upgrades).toEqual({ attempted: 1, refused: 1 });
    expect(emulator.metrics.requests.map((request) => request.transport)).toEqual(['http', 'http']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('426');
    expect(warnings[0]).not.toContain('sk-lifecycle');
  });

  it('a refusal moves only requests with the same headers to HTTP', async () => {
    const { emulator, provider } = await setUp({ warn: () => {} });
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    const refused = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'a',
      headers: { 'x-tenant': 'a' },
    });
    const other = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'b',
      headers: { 'x-tenant': 'b' },
    });
    const again = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'a',
      headers: { 'x-tenant': 'a' },
    });

    expect(
      [refused, other, again].map((result) => result.providerMetadata?.['openai-ws']?.transport),
    ).toEqual(['http', 'websocket', 'http']);
    expect(emulator.metrics.upgrades).toEqual({ attempted: 2, refused: 1 });
  });

  it('a prewarm that falls back to HTTP still asks for generate:false', async () => {
    const { emulator, provider } = await setUp({ warn: () => {} });
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    const warm = await provider.prewarm('gpt-5.4', { system: 'Be brief.' });

    expect(warm).toMatchObject({ transport: 'http' });
    expect(emulator.metrics.requests).toHaveLength(1);
    expect(emulator.metrics.requests[0]).toMatchObject({ transport: 'http', generate: false });
    expect(emulator.metrics.requests[0]!.body.generate).toBe(false);
  });

  it('after setup keeps failing, HTTP carries requests for fallbackCooldownMs, then WebSocket is tried again', async () => {
    const warnings: string[] = [];
    const { emulator, provider } = await setUp({
      warn: (message) => warnings.push(message),
      setupRetries: 1,
      setupRetryDelayMs: 0,
      fallbackCooldownMs: 1_500,
    });
    // A 503 at the upgrade is a failure, not a refusal of WebSocket mode: it is retried, then waited out.
    emulator.injectFault({ kind: 'refuse-upgrade', status: 503, times: 2 });
    const first = await generateText({ model: provider('gpt-5.4'), prompt: 'one' });
    const second = await generateText({ model: provider('gpt-5.4'), prompt: 'two' });
    expect(emulator.metrics.upgrades).toEqual({ attempted: 2, refused: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const third = await generateText({ model: provider('gpt-5.4'), prompt: 'three' });

    expect([first, second, third].map((result) => result.providerMetadata?.['openai-ws']?.transport)).toEqual(
      ['http', 'http', 'websocket'],
    );
    expect(emulator.metrics.requests.map((request) => request.transport)).toEqual(['http', 'http', 'ws']);
    expect(emulator.metrics.upgrades).toEqual({ attempted: 3, refused: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('failed 2 times');
  });

  it("fallback: 'none' turns a refused upgrade into an APICallError", async () => {
    const { emulator, provider } = await setUp({ fallback: 'none' });
    emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    await expect(generateText({ model: provider('gpt-5.4'), prompt: 'x' })).rejects.toMatchObject({
      name: 'AI_APICallError',
      statusCode: 426,
      isRetryable: false,
    });
    expect(emulator.metrics.requests).toHaveLength(0);
  });

  it('prewarm sends generate:false so the first real step already continues on the warm socket', async () => {
    const { emulator, provider } = await setUp();
    const tools = { lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => q }) };
    const system = 'You are a careful assistant.';
    const warm = await provider.prewarm('gpt-5.4', { system, tools });
    expect(warm).toMatchObject({ transport: 'websocket', continued: false });
    const result = streamText({
      model: provider('gpt-5.4'),
      system,
      prompt: 'hello',
      tools,
      stopWhen: stepCountIs(1),
    });
    await result.consumeStream();
    const [warmUp, first] = emulator.metrics.requests;
    expect(warmUp).toMatchObject({ generate: false, outcome: 'completed' });
    expect(first).toMatchObject({
      generate: true,
      previousResponseId: warmUp!.responseId,
      cacheHit: true,
      inputItems: 1,
    });
    expect(first!.body.tools).toEqual(warmUp!.body.tools);
    expect(emulator.metrics.connections).toBe(1);
  });

  it('close() and Symbol.asyncDispose leave no open handle: the process exits by itself', async () => {
    const script = `
      import { createWsOpenAI } from './src/index.ts';
      import { createResponsesEmulator } from './src/testing/index.ts';
      import { generateText } from 'ai';
      const emulator = await createResponsesEmulator();
      const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-exit', heartbeatIntervalMs: 1000 });
      await generateText({ model: provider('gpt-5.4'), prompt: 'hi' });
      await provider[Symbol.asyncDispose]();
      await emulator.close();
      console.log('done');
    `;
    const { code, output } = await runScript(script, { timeoutMs: 20_000 });
    expect(output).toContain('done');
    expect(code, 'the process exited on its own').toBe(0);
  });

  it('without close(), the process exits once its work is done: idle sockets do not hold it', async () => {
    // Slow responses: a running one must keep the process alive (output without 'done' if it did not).
    const emulator = await createResponsesEmulator({ timing: { timeToFirstTokenMs: 300 } });
    try {
      // The emulator lives in this process, so only the child's own handles can keep the child alive.
      const script = `
        import { createWsOpenAI } from './src/index.ts';
        import { generateText, streamText } from 'ai';
        const provider = createWsOpenAI({ baseURL: '${emulator.baseURL}', apiKey: 'sk-exit' });
        await generateText({ model: provider('gpt-5.4'), prompt: 'hi' });
        await streamText({ model: provider('gpt-5.4'), prompt: 'again' }).consumeStream();
        console.log('done');
      `;
      // Far below idleTimeoutMs (5 minutes), the only thing that would close the socket otherwise.
      const { code, output } = await runScript(script, { timeoutMs: 15_000 });
      expect(output).toContain('done');
      expect(code, 'the process exited on its own').toBe(0);
      expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'completed']);
    } finally {
      await emulator.close();
    }
  });

  it('a request waiting for a socket held for another conversation keeps the process alive', async () => {
    // Every response asks for a tool result: the one socket is then held back for its conversation.
    const emulator = await createResponsesEmulator({
      model: scriptedModel(() => ({ output: [{ type: 'function_call', name: 'lookup', arguments: '{}' }] })),
    });
    try {
      const script = `
        import { createWsOpenAI } from './src/index.ts';
        import { generateText, tool } from 'ai';
        import { z } from 'zod';
        const provider = createWsOpenAI({ baseURL: '${emulator.baseURL}', apiKey: 'sk-exit', maxConnections: 1, atConnectionLimit: 'wait' });
        // A tool without execute: each call ends at its tool call, as a structured extraction does.
        const tools = { lookup: tool({ inputSchema: z.object({}) }) };
        const calls = ['a', 'b'].map((prompt) => generateText({ model: provider('gpt-5.4'), prompt, tools }));
        console.log('done', (await Promise.all(calls)).length);
      `;
      const { code, output } = await runScript(script, { timeoutMs: 15_000 });
      expect(output).toContain('done 2');
      expect(code, 'the process exited on its own, after both calls').toBe(0);
      expect(emulator.metrics.requests).toHaveLength(2);
    } finally {
      await emulator.close();
    }
  });
});
