import { stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';

const CONVERSATIONS = 200;
const STEPS = 10;
const MAX_CONNECTIONS = 32;

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

/** Answers with the conversation's own name and the sum of its tool outputs, so cross-wiring shows. */
const model = scriptedModel(({ input }) => {
  const first = input.find((item) => (item as { role?: string }).role === 'user') as {
    content: Array<{ text: string }>;
  };
  const name = first.content[0]!.text;
  const outputs = input.filter((item) => (item as { type?: string }).type === 'function_call_output');
  if (outputs.length < STEPS - 1) {
    return {
      output: [
        { type: 'function_call', name: 'lookup', arguments: JSON.stringify({ name, n: outputs.length }) },
      ],
    };
  }
  const values = outputs.map((item) => (item as { output: string }).output);
  return { output: [{ type: 'message', text: `${name}: ${values.join(',')}` }] };
});

beforeAll(async () => {
  emulator = await createResponsesEmulator({ model });
  provider = createWsOpenAI({
    baseURL: emulator.baseURL,
    apiKey: 'sk-test-load',
    maxConnections: MAX_CONNECTIONS,
  });
});

afterAll(async () => {
  await provider.close();
  await emulator.close();
});

it(`${CONVERSATIONS} concurrent conversations × ${STEPS} steps share ${MAX_CONNECTIONS} sockets without cross-wiring`, async () => {
  const lookup = tool({
    inputSchema: z.object({ name: z.string(), n: z.number() }),
    execute: async ({ name, n }) => `${name}#${n}`,
  });

  const results = await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, index) => {
      const name = `conversation-${index}`;
      const result = streamText({
        model: provider('gpt-5.4'),
        prompt: name,
        tools: { lookup },
        stopWhen: stepCountIs(STEPS),
      });
      return { name, text: await result.text, steps: await result.steps };
    }),
  );

  for (const { name, text, steps } of results) {
    const expected = Array.from({ length: STEPS - 1 }, (_, n) => `${name}#${n}`).join(',');
    expect(text).toBe(`${name}: ${expected}`);
    expect(steps).toHaveLength(STEPS);
  }

  const followUps = results.flatMap(({ steps }) => steps.slice(1));
  const continued = followUps.filter((step) => step.providerMetadata?.['openai-ws']?.continued === true);
  const share = continued.length / followUps.length;
  const requests = emulator.metrics.requests;
  const serverSideIncremental = requests.filter(
    (request) => request.previousResponseId !== undefined && request.cacheHit,
  );

  console.log(
    `load: ${CONVERSATIONS} conversations × ${STEPS} steps, ${requests.length} requests, ` +
      `incremental ${continued.length}/${followUps.length} follow-ups (${(share * 100).toFixed(1)}%), ` +
      `peak connections ${emulator.metrics.peakOpenConnections} (limit ${MAX_CONNECTIONS}), ` +
      `connections opened ${emulator.metrics.connections}`,
  );

  expect(requests).toHaveLength(CONVERSATIONS * STEPS);
  expect(share).toBeGreaterThanOrEqual(0.95);
  expect(serverSideIncremental).toHaveLength(continued.length);
  expect(emulator.metrics.peakOpenConnections).toBeLessThanOrEqual(MAX_CONNECTIONS);
  expect(requests.every((request) => request.outcome === 'completed')).toBe(true);
}, 120_000);
