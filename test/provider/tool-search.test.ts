/**
 * Tools loaded through a client-executed `tool_search`, and `namespace` tools, pass through the installed
 * @ai-sdk/openai unchanged and the loop keeps continuing incrementally (run on both lines: 3.x/ai@6 and
 * 4.x/ai@7).
 */
import { fileURLToPath } from 'node:url';
import { stepCountIs, streamText, type Tool, tool } from 'ai';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import {
  createResponsesEmulator,
  type EmulatorModel,
  type ResponsesEmulator,
  replayModel,
} from '../../src/testing';

// OpenAI's recorded answer to a first step with a client-executed tool_search: one tool_search_call.
const recordedToolSearchCall = replayModel(
  fileURLToPath(new URL('../fixtures/openai-client-tool-search.1.chunks.txt', import.meta.url)),
);

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;
beforeEach(async () => {
  emulator = await createResponsesEmulator();
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-tool-search' });
});
afterEach(async () => {
  await provider.close();
  await emulator.close();
});

/** Searches for tools first; once the search output is there, calls get_weather; then answers. */
const toolSearchModel: EmulatorModel = (turn) => {
  if (!turn.input.some((item) => item.type === 'tool_search_output')) return recordedToolSearchCall(turn);
  if (!turn.input.some((item) => item.type === 'function_call_output')) {
    const args = { location: 'San Francisco, CA', unit: 'fahrenheit' };
    return { output: [{ type: 'function_call', name: 'get_weather', arguments: JSON.stringify(args) }] };
  }
  return { output: [{ type: 'message', text: '64°F, partly cloudy' }] };
};

const weatherParameters = {
  type: 'object',
  properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['location', 'unit'],
  additionalProperties: false,
};

const toolSearchTools = () => ({
  // The cast is for the types only: ai 6.0.325 and @ai-sdk/openai 3.0.141 pin different provider-utils
  // patch versions, whose schema symbols TypeScript tells apart.
  toolSearch: provider.tools.toolSearch({
    execution: 'client',
    description: 'Search for available tools based on what the user needs.',
    parameters: {
      type: 'object',
      properties: { goal: { type: 'string' } },
      required: ['goal'],
      additionalProperties: false,
    },
    execute: async () => ({
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Get the current weather at a specific location',
          defer_loading: true,
          parameters: weatherParameters,
        },
      ],
    }),
  }) as Tool,
  get_weather: tool({
    description: 'Get the current weather at a specific location',
    inputSchema: z.object({ location: z.string(), unit: z.enum(['celsius', 'fahrenheit']) }),
    execute: async ({ location }) => ({ location, temperature: 64, condition: 'Partly cloudy' }),
    providerOptions: { openai: { deferLoading: true } },
  }),
});

it('a loop that loads its tools through a client tool_search continues incrementally at every step', async () => {
  emulator.setModel(toolSearchModel);
  const result = streamText({
    model: provider('gpt-5.4'),
    prompt: 'What is the weather in San Francisco?',
    tools: toolSearchTools(),
    stopWhen: stepCountIs(5),
  });
  expect(await result.text).toBe('64°F, partly cloudy');
  const steps = await result.steps;
  expect(steps.map((step) => step.providerMetadata?.['openai-ws']?.continued)).toEqual([false, true, true]);

  const [search, loaded, answer] = emulator.metrics.requests;
  const sentTools = search!.body.tools as Array<Record<string, unknown>>;
  expect(sentTools).toContainEqual(expect.objectContaining({ type: 'tool_search', execution: 'client' }));
  expect(sentTools).toContainEqual(
    expect.objectContaining({ type: 'function', name: 'get_weather', defer_loading: true }),
  );
  // Step 2 carries only the search's output (with the tools it found), continuing the recorded response.
  expect(loaded).toMatchObject({ previousResponseId: search!.responseId, cacheHit: true, inputItems: 1 });
  const [searchOutput] = loaded!.body.input as Array<Record<string, unknown>>;
  expect(searchOutput).toMatchObject({
    type: 'tool_search_output',
    call_id: 'call_RWTIIVfxsJW9fecsg6fy23Dy',
    tools: [expect.objectContaining({ type: 'function', name: 'get_weather' })],
  });
  expect(answer).toMatchObject({ previousResponseId: loaded!.responseId, cacheHit: true, inputItems: 1 });
  expect((answer!.body.input as Array<{ type: string }>).map((item) => item.type)).toEqual([
    'function_call_output',
  ]);
  expect(emulator.metrics.connections).toBe(1);
});

it('namespace tools go out as OpenAI namespaces, beside tool_search', async () => {
  emulator.setModel(toolSearchModel);
  const crm = { name: 'crm', description: 'CRM tools for customer lookup.' };
  const result = streamText({
    model: provider('gpt-5.4'),
    prompt: 'What is the weather in San Francisco?',
    tools: {
      ...toolSearchTools(),
      get_customer: tool({
        description: 'Fetch a customer profile by ID.',
        inputSchema: z.object({ customer_id: z.string() }),
        execute: async ({ customer_id }) => ({ customer_id }),
        providerOptions: { openai: { namespace: crm } },
      }),
    },
    stopWhen: stepCountIs(5),
  });
  expect(await result.text).toBe('64°F, partly cloudy');
  const { requests } = emulator.metrics;
  expect(requests.map((request) => request.cacheHit)).toEqual([undefined, true, true]);
  for (const request of requests) {
    expect(request.body.tools).toContainEqual(
      expect.objectContaining({
        type: 'namespace',
        name: 'crm',
        tools: [expect.objectContaining({ type: 'function', name: 'get_customer' })],
      }),
    );
  }
});
