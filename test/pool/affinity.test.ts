import { generateText, stepCountIs, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';
import { countingAgentModel } from '../provider/agent-model';

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

async function setUp(settings: WsOpenAIProviderSettings) {
  emulator = await createResponsesEmulator({ model: countingAgentModel(100) });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-affinity', ...settings });
}

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
});

const tools = {
  step: tool({ inputSchema: z.object({ n: z.number() }), execute: async ({ n }) => String(n * 10) }),
};

describe('a caller-chained request goes where its response is cached', () => {
  it('with store:false and several sockets, every previousResponseId is found on its own socket', async () => {
    await setUp({ maxConnections: 4 });
    const store = { openai: { store: false } };
    // Three conversations at once: three sockets, each caching one response.
    const firsts = await Promise.all(
      ['a', 'b', 'c'].map((prompt) =>
        generateText({ model: provider('gpt-5.4'), prompt, providerOptions: store }),
      ),
    );
    expect(emulator.metrics.connections).toBe(3);
    // Chained in the reverse order of their sockets' release, so the oldest idle socket is never the right one.
    for (const first of firsts.reverse()) {
      const previousResponseId = first.providerMetadata?.openai?.responseId as string;
      const next = await generateText({
        model: provider('gpt-5.4'),
        prompt: 'and then?',
        providerOptions: { openai: { store: false, previousResponseId } },
      });
      expect(next.providerMetadata?.['openai-ws']).toMatchObject({ fullInputReason: 'caller-chained' });
    }
    const chained = emulator.metrics.requests.slice(3);
    expect(chained.map((request) => request.outcome)).toEqual(['completed', 'completed', 'completed']);
    expect(chained.map((request) => request.cacheHit)).toEqual([true, true, true]);
  });

  it('a response cached nowhere goes out as over HTTP: the server loads a stored one', async () => {
    await setUp({ maxConnections: 2 });
    const first = await generateText({ model: provider('gpt-5.4'), prompt: 'a' }); // store unset: stored
    await provider.close();
    const previousResponseId = first.providerMetadata?.openai?.responseId as string;
    provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-affinity' });
    await generateText({
      model: provider('gpt-5.4'),
      prompt: 'b',
      providerOptions: { openai: { previousResponseId } },
    });
    const last = emulator.metrics.requests.at(-1)!;
    expect(last).toMatchObject({ outcome: 'completed', cacheHit: false, previousResponseId });
  });
});

describe('chain affinity never blocks its own conversation', () => {
  it('a loop whose prepareStep rewrites history takes the socket held for it at once', async () => {
    // A hold far longer than the lease timeout: a step that waited for its own socket would fail.
    await setUp({
      maxConnections: 1,
      atConnectionLimit: 'wait',
      chainAffinityMs: 60_000,
      leaseTimeoutMs: 2_000,
    });
    const result = await generateText({
      model: provider('gpt-5.4'),
      system: 'You add numbers.',
      prompt: 'Call step repeatedly.',
      tools,
      stopWhen: stepCountIs(6),
      // A sliding window: the original prompt drops out, so no step can continue the previous response.
      prepareStep: ({ messages }) => ({ messages: messages.slice(-2) }),
    });
    expect(result.steps).toHaveLength(6);
    const reasons = result.steps
      .slice(1)
      .map((step) => step.providerMetadata?.['openai-ws']?.fullInputReason);
    expect(reasons).toEqual(Array(5).fill('history-changed'));
    expect(emulator.metrics.connections).toBe(1);
  });

  it('with room for more sockets, the conversation still stays on its own socket', async () => {
    await setUp({ maxConnections: 4 });
    await generateText({
      model: provider('gpt-5.4'),
      prompt: 'Call step repeatedly.',
      tools,
      stopWhen: stepCountIs(4),
      prepareStep: ({ messages }) => ({ messages: messages.slice(-2) }),
    });
    expect(emulator.metrics.requests).toHaveLength(4);
    expect(emulator.metrics.connections).toBe(1);
  });
});
