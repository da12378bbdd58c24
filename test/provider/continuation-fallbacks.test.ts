import type { ModelMessage } from 'ai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { countingAgentModel, expectedSum } from './agent-model';
import { waitFor } from './wait-for';

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

beforeEach(async () => {
  emulator = await createResponsesEmulator();
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-fallbacks' });
});

afterEach(async () => {
  await provider.close();
  await emulator.close();
});

const echoModel = scriptedModel(({ input }) => ({
  output: [{ type: 'message', text: `items=${input.length}` }],
}));

const tools = {
  step: tool({ inputSchema: z.object({ n: z.number() }), execute: async ({ n }) => String(n * 10) }),
};

describe('when the history changes between turns', () => {
  // Within chainAffinityMs of a response a socket compares the history by its items; after it (0: at
  // once), by their digests.
  it.each([
    ['items', undefined],
    ['digests', 0],
  ])(
    'an edited assistant turn goes out whole, without previous_response_id (the socket keeps %s)',
    async (_, chainAffinityMs) => {
      emulator.setModel(echoModel);
      await provider.close();
      provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-fallbacks', chainAffinityMs });
      const model = provider('gpt-5.4');
      const first = await generateText({ model, prompt: 'first question' });
      const messages: ModelMessage[] = [
        { role: 'user', content: 'first question' },
        ...first.response.messages,
        { role: 'user', content: 'second question' },
      ];

      const continued = await generateText({ model, messages });
      expect(continued.providerMetadata?.['openai-ws']).toMatchObject({ continued: true, inputItemsSent: 1 });
      expect(continued.text).toBe('items=3');

      // Long enough to continue the chain (its 3 items and the answer, then one new item) but for the
      // edit, so the items themselves must be compared, not only the history's length.
      const edited: ModelMessage[] = [
        ...structuredClone(messages),
        ...continued.response.messages,
        { role: 'user', content: 'third question' },
      ];
      edited[1] = { role: 'assistant', content: 'a different answer' };
      const resent = await generateText({ model, messages: edited });

      expect(resent.providerMetadata?.['openai-ws']).toMatchObject({
        continued: false,
        fullInputReason: 'history-changed',
        inputItemsSent: 5,
      });
      const last = emulator.metrics.requests.at(-1)!;
      expect(last.previousResponseId).toBeUndefined();
      expect(last.inputItems).toBe(5);
      expect(resent.text).toBe('items=5');
    },
  );

  it('a dropped turn goes out whole', async () => {
    emulator.setModel(echoModel);
    const model = provider('gpt-5.4');
    const first = await generateText({ model, prompt: 'one' });
    await generateText({
      model,
      messages: [
        { role: 'user', content: 'one' },
        ...first.response.messages,
        { role: 'user', content: 'two' },
      ],
    });
    const summarised = await generateText({ model, messages: [{ role: 'user', content: 'two' }] });
    expect(summarised.providerMetadata?.['openai-ws']).toMatchObject({
      continued: false,
      fullInputReason: 'history-changed',
    });
    expect(emulator.metrics.requests.at(-1)!.previousResponseId).toBeUndefined();
  });
});

describe('transparent recovery, only where the server provably ran nothing', () => {
  it('previous_response_not_found: the full input goes out once, on the same socket', async () => {
    emulator.setModel(countingAgentModel(1));
    const result = streamText({
      model: provider('gpt-5.4'),
      prompt: 'go',
      tools,
      stopWhen: stepCountIs(2),
      onStepFinish: (step) => {
        if (step.toolCalls.length > 0) {
          emulator.injectFault({
            kind: 'error-frame',
            status: 400,
            code: 'previous_response_not_found',
            message: 'Previous response not found.',
            param: 'previous_response_id',
          });
        }
      },
    });

    expect(await result.text).toBe(expectedSum(1));
    const requests = emulator.metrics.requests;
    expect(requests).toHaveLength(3);
    expect(requests[1]).toMatchObject({ outcome: 'error', previousResponseId: requests[0]!.responseId });
    expect(requests[2]!.previousResponseId).toBeUndefined();
    expect(requests[2]!.inputItems).toBe(3);
    expect(requests[2]!.connectionId).toBe(requests[0]!.connectionId);
    const steps = await result.steps;
    expect(steps[1]!.providerMetadata?.['openai-ws']).toMatchObject({
      continued: false,
      fullInputReason: 'recovery',
      recovery: 'previous_response_not_found',
    });
  });

  it('a socket closed before response.created: a new socket and the full input, once', async () => {
    emulator.setModel(countingAgentModel(1));
    const result = streamText({
      model: provider('gpt-5.4'),
      prompt: 'go',
      tools,
      stopWhen: stepCountIs(2),
      onStepFinish: (step) => {
        if (step.toolCalls.length > 0)
          emulator.injectFault({ kind: 'close', at: 'before-first-event', code: 1011 });
      },
    });

    expect(await result.text).toBe(expectedSum(1));
    const requests = emulator.metrics.requests;
    expect(requests).toHaveLength(3);
    expect(requests[1]!.outcome).toBe('closed');
    expect(requests[2]!.previousResponseId).toBeUndefined();
    expect(requests[2]!.connectionId).not.toBe(requests[0]!.connectionId);
    expect(emulator.metrics.connections).toBe(2);
    expect((await result.steps)[1]!.providerMetadata?.['openai-ws']).toMatchObject({
      recovery: 'closed_before_response',
    });
  });

  it('websocket_connection_limit_reached: a new socket and the full input, once', async () => {
    emulator.setModel(echoModel);
    const model = provider('gpt-5.4');
    await generateText({ model, prompt: 'one' });
    emulator.injectFault({
      kind: 'error-frame',
      status: 400,
      code: 'websocket_connection_limit_reached',
      closeAfter: true,
    });
    const second = await generateText({ model, prompt: 'two' });

    expect(second.text).toBe('items=1');
    expect(second.providerMetadata?.['openai-ws']).toMatchObject({
      recovery: 'connection_limit_reached',
      connectionReused: false,
    });
    expect(emulator.metrics.connections).toBe(2);
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual([
      'completed',
      'error',
      'completed',
    ]);
  });

  it('never sends a third time: a second close before response.created is an APICallError', async () => {
    emulator.setModel(echoModel);
    emulator.injectFault({ kind: 'close', at: 'before-first-event', code: 1011 });
    emulator.injectFault({ kind: 'close', at: 'before-first-event', code: 1011 });
    await expect(
      // Default retries: the error is not retryable, so the AI SDK does not send it a third time either.
      generateText({ model: provider('gpt-5.4'), prompt: 'x' }),
    ).rejects.toMatchObject({
      name: 'AI_APICallError',
      isRetryable: false,
      message: expect.stringContaining('1011'),
    });
    expect(emulator.metrics.requests).toHaveLength(2);
  });

  it('the server closing a socket after its lifetime leaves the next step a fresh, full request', async () => {
    await emulator.close();
    emulator = await createResponsesEmulator({ connectionLifetimeMs: 150, model: echoModel });
    provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-fallbacks' });
    const model = provider('gpt-5.4');
    const first = await generateText({ model, prompt: 'one' });
    await waitFor(() => emulator.metrics.openConnections === 0);
    const second = await generateText({
      model,
      messages: [
        { role: 'user', content: 'one' },
        ...first.response.messages,
        { role: 'user', content: 'two' },
      ],
    });
    expect(second.text).toBe('items=3');
    expect(second.providerMetadata?.['openai-ws']).toMatchObject({
      continued: false,
      connectionReused: false,
    });
    expect(emulator.metrics.connections).toBe(2);
  });
});

describe('once an idle socket keeps only digests of the history (chainAffinityMs passed; 0 here)', () => {
  it('an agent loop continues every step', async () => {
    emulator.setModel(countingAgentModel(3));
    await provider.close();
    provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-fallbacks', chainAffinityMs: 0 });
    const result = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'count',
      tools,
      stopWhen: stepCountIs(10),
    });
    const continued = result.steps.map((step) => step.providerMetadata?.['openai-ws']?.continued);
    expect(continued).toEqual([false, true, true, true]);
    expect(result.text).toBe(expectedSum(3));
  });
});

describe('a host that refuses a field together with previous_response_id (xAI: instructions)', () => {
  const instructions = { openai: { instructions: 'Be brief.' } };

  beforeEach(async () => {
    await provider.close();
    await emulator.close();
    emulator = await createResponsesEmulator({
      model: countingAgentModel(3),
      hostConventions: { refusedWithPreviousResponseId: ['instructions'] },
    });
    provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-fallbacks' });
  });

  const loop = (providerOptions?: typeof instructions) =>
    generateText({
      model: provider('gpt-5.4'),
      prompt: 'count',
      tools,
      stopWhen: stepCountIs(10),
      providerOptions,
    });

  it('the refused continuation goes out again whole, once; the later steps go out whole at once', async () => {
    const result = await loop(instructions);

    expect(result.text).toBe(expectedSum(3));
    const sent = result.steps.map((step) => step.providerMetadata?.['openai-ws']);
    expect(sent.map((step) => [step?.continued, step?.fullInputReason, step?.recovery])).toEqual([
      [false, 'no-chain', undefined],
      [false, 'recovery', 'continuation_refused'],
      [false, 'continuation-refused', undefined],
      [false, 'continuation-refused', undefined],
    ]);
    // One refused round trip in the whole loop; the host ran each step once.
    expect(emulator.metrics.requests.map((request) => [request.outcome, request.previousResponseId])).toEqual(
      [
        ['completed', undefined],
        ['error', emulator.metrics.requests[0]!.responseId],
        ['completed', undefined],
        ['completed', undefined],
        ['completed', undefined],
      ],
    );
  });

  it('requests without that field still continue', async () => {
    await loop(instructions);
    const without = await loop();

    expect(without.text).toBe(expectedSum(3));
    expect(without.steps.map((step) => step.providerMetadata?.['openai-ws']?.continued)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("a caller's own previousResponseId gets the host's error, as over HTTP, sent once", async () => {
    emulator.setModel(echoModel);
    const model = provider('gpt-5.4');
    const first = await generateText({ model, prompt: 'one' });
    const error = await generateText({
      model,
      prompt: 'two',
      providerOptions: { openai: { ...instructions.openai, previousResponseId: first.response.id } },
    }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: 'AI_APICallError',
      statusCode: 400,
      message: expect.stringContaining('previous_response_id'),
    });
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'error']);
  });
});
