import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';
import { countingAgentModel, expectedSum } from './agent-model';

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

beforeEach(async () => {
  emulator = await createResponsesEmulator();
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-agent-loop' });
});

afterEach(async () => {
  await provider.close();
  await emulator.close();
});

const tools = {
  step: tool({
    description: 'Returns ten times n.',
    inputSchema: z.object({ n: z.number() }),
    execute: async ({ n }) => String(n * 10),
  }),
};

function expectIncrementalLoop(steps: number) {
  const requests = emulator.metrics.requests;
  expect(requests).toHaveLength(steps);
  expect(emulator.metrics.connections).toBe(1);
  expect(requests[0]!.previousResponseId).toBeUndefined();
  for (const [index, request] of requests.entries()) {
    expect(request.transport).toBe('ws');
    expect(request.outcome).toBe('completed');
    if (index === 0) continue;
    expect(request.previousResponseId).toBe(requests[index - 1]!.responseId);
    expect(request.cacheHit).toBe(true);
    const input = request.body.input as Array<{ type: string }>;
    expect(input.map((item) => item.type)).toEqual(['function_call_output']);
  }
}

describe.each([2, 5, 30])('an agent loop of %i steps', (steps) => {
  const toolCalls = steps - 1;

  it('streamText continues every step on one socket with only the tool result', async () => {
    emulator.setModel(countingAgentModel(toolCalls));
    const result = streamText({
      model: provider('gpt-5.4'),
      system: 'You add numbers.',
      prompt: 'Call step until done, then report the sum.',
      tools,
      stopWhen: stepCountIs(steps),
      // ai@6 keeps each step's request body by default, ai@7 only when asked (both accept this name).
      experimental_include: { requestBody: true },
    });

    expect(await result.text).toBe(expectedSum(toolCalls));
    const allSteps = await result.steps;
    expect(allSteps).toHaveLength(steps);
    expectIncrementalLoop(steps);

    for (const [index, step] of allSteps.entries()) {
      const metadata = step.providerMetadata?.['openai-ws'];
      expect(metadata).toMatchObject({
        transport: 'websocket',
        continued: index > 0,
        connectionReused: index > 0,
      });
      expect(metadata?.inputItemsSent).toBe(index === 0 ? 2 : 1);
      // request.body is what actually went over the socket.
      const sent = step.request.body as { input: unknown[]; previous_response_id?: string };
      expect(sent.input).toHaveLength(index === 0 ? 2 : 1);
      expect(sent.previous_response_id).toBe(
        index === 0 ? undefined : emulator.metrics.requests[index - 1]!.responseId,
      );
    }
  });

  it('generateText continues every step on one socket with only the tool result', async () => {
    emulator.setModel(countingAgentModel(toolCalls));
    const result = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'Call step until done, then report the sum.',
      tools,
      stopWhen: stepCountIs(steps),
    });

    expect(result.text).toBe(expectedSum(toolCalls));
    expect(result.steps).toHaveLength(steps);
    expectIncrementalLoop(steps);
    expect(result.steps.at(-1)?.providerMetadata?.['openai-ws']).toMatchObject({ continued: steps > 1 });
  });
});

describe('incremental: false', () => {
  it('sends the full input every step, still over one socket', async () => {
    const full = createWsOpenAI({
      baseURL: emulator.baseURL,
      apiKey: 'sk-test-agent-loop',
      incremental: false,
    });
    try {
      emulator.setModel(countingAgentModel(4));
      const result = streamText({ model: full('gpt-5.4'), prompt: 'go', tools, stopWhen: stepCountIs(5) });
      expect(await result.text).toBe(expectedSum(4));
      const requests = emulator.metrics.requests;
      expect(requests.map((request) => request.previousResponseId)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(requests.map((request) => request.inputItems)).toEqual([1, 3, 5, 7, 9]);
      expect(emulator.metrics.connections).toBe(1);
      const reasons = (await result.steps).map(
        (step) => step.providerMetadata?.['openai-ws']?.fullInputReason,
      );
      expect(reasons).toEqual(['disabled', 'disabled', 'disabled', 'disabled', 'disabled']);
    } finally {
      await full.close();
    }
  });
});

describe('requests the provider builds', () => {
  it('leaves store as the caller set it (unset by default, as over HTTP) and sends the flattened body', async () => {
    emulator.setModel(countingAgentModel(0));
    const result = streamText({ model: provider('gpt-5.4'), prompt: 'hi' });
    await result.consumeStream();
    const [request] = emulator.metrics.requests;
    expect(request!.body).toMatchObject({ model: 'gpt-5.4' });
    expect(request!.body).not.toHaveProperty('store');
    expect(request!.body).not.toHaveProperty('stream');
    expect(request!.body).not.toHaveProperty('response');
  });

  it.each([
    ['unset', undefined],
    ['true', true],
    ['false', false],
  ])('a loop with store %s continues every step incrementally', async (_, store) => {
    emulator.setModel(countingAgentModel(3));
    const providerOptions = store === undefined ? undefined : { openai: { store } };
    const result = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'Call step until done.',
      tools,
      stopWhen: stepCountIs(4),
      providerOptions,
    });
    expect(result.text).toBe(expectedSum(3));
    expectIncrementalLoop(4);
    for (const request of emulator.metrics.requests) expect(request.body.store).toBe(store);
  });

  it('keeps a caller-chosen store:true and a caller-chosen previousResponseId untouched', async () => {
    emulator.setModel(countingAgentModel(0));
    const first = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'hi',
      providerOptions: { openai: { store: true } },
    });
    const firstId = first.providerMetadata?.openai?.responseId as string;
    await generateText({
      model: provider('gpt-5.4'),
      prompt: 'again',
      providerOptions: { openai: { store: true, previousResponseId: firstId } },
    });
    const [, second] = emulator.metrics.requests;
    expect(emulator.metrics.requests[0]!.body.store).toBe(true);
    expect(second!.previousResponseId).toBe(firstId);
    expect(second!.body.input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'again' }] }]);
  });
});
