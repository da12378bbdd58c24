import { stepCountIs, streamText, tool } from 'ai';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';

const STEPS = 10;

let emulator: ResponsesEmulator | undefined;
let provider: WsOpenAIProvider | undefined;

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

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
});

/** Runs `conversations` agent loops at once and checks every answer and what went over the socket. */
async function runLoad(conversations: number, settings: WsOpenAIProviderSettings) {
  emulator = await createResponsesEmulator({ model });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-load', ...settings });
  const lookup = tool({
    inputSchema: z.object({ name: z.string(), n: z.number() }),
    execute: async ({ name, n }) => `${name}#${n}`,
  });

  const results = await Promise.all(
    Array.from({ length: conversations }, async (_, index) => {
      const name = `conversation-${index}`;
      const result = streamText({
        model: provider!('gpt-5.4'),
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
  const requests = emulator.metrics.requests;
  const serverSideIncremental = requests.filter(
    (request) => request.previousResponseId !== undefined && request.cacheHit,
  );
  console.log(
    `load: ${conversations} conversations × ${STEPS} steps, ${requests.length} requests, ` +
      `incremental ${continued.length}/${followUps.length} follow-ups, ` +
      `peak connections ${emulator.metrics.peakOpenConnections}, connections opened ${emulator.metrics.connections}`,
  );

  expect(requests).toHaveLength(conversations * STEPS);
  expect(requests.every((request) => request.outcome === 'completed')).toBe(true);
  expect(serverSideIncremental).toHaveLength(continued.length);
  return { share: continued.length / followUps.length, requests };
}

it('200 conversations × 10 steps at once, with defaults: every step over a socket, every follow-up continued', async () => {
  const { share, requests } = await runLoad(200, {});
  expect(share).toBe(1);
  expect(requests.every((request) => request.transport === 'ws')).toBe(true);
  // A socket for each conversation running at once; a finished one's socket serves a later conversation.
  expect(emulator!.metrics.peakOpenConnections).toBeLessThanOrEqual(200);
}, 120_000);

it("100 conversations × 10 steps sharing 16 sockets (atConnectionLimit: 'wait') without cross-wiring", async () => {
  const { share } = await runLoad(100, { maxConnections: 16, atConnectionLimit: 'wait' });
  expect(share).toBeGreaterThanOrEqual(0.95);
  expect(emulator!.metrics.peakOpenConnections).toBeLessThanOrEqual(16);
}, 120_000);
