/**
 * `@ai-sdk/openai` (the installed line's Responses model), unchanged, over HTTP against the emulator: a
 * streamText tool loop and a stored multi-turn chain. OpenAI's own clients (`openai` 7.x, the Agents SDK,
 * codex exec) run from test/clients, their own install on Node 24.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponsesEmulator, demoModel, type ResponsesEmulator, scriptedModel } from '../../src/testing';

let emulator: ResponsesEmulator;

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(({ input }) => ({
      output: [{ type: 'message', text: `seen ${input.length} items` }],
    })),
  });
});

afterEach(async () => {
  await emulator.close();
});

describe('@ai-sdk/openai over HTTP', () => {
  const openai = () => createOpenAI({ apiKey: 'sk-ai-sdk', baseURL: emulator.baseURL });
  const weather = tool({
    description: 'Weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `sunny in ${city}`,
  });

  it('runs a streamText tool loop against the demo model', async () => {
    emulator.setModel(demoModel());
    const result = streamText({
      model: openai().responses('gpt-5.4'),
      prompt: 'Weather in Oslo?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    const text = await result.text;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.toolCalls.map((call) => call.toolName)).toEqual(['weather']);
    expect(text).toContain(`weather: sunny in ${(steps[0]!.toolCalls[0]!.input as { city: string }).city}`);
    expect(emulator.metrics.requests.every((request) => request.transport === 'http')).toBe(true);
  });

  it('runs generateText, and a multi-turn chain with store: true and previousResponseId', async () => {
    const model = openai().responses('gpt-5.4');
    const first = await generateText({ model, prompt: 'one', providerOptions: { openai: { store: true } } });
    expect(first.text).toBe('seen 1 items');
    const second = await generateText({
      model,
      prompt: 'two',
      providerOptions: {
        openai: { store: true, previousResponseId: first.providerMetadata?.openai?.responseId as string },
      },
    });
    expect(second.text).toBe('seen 3 items');
    expect(emulator.metrics.requests[1]).toMatchObject({ transport: 'http', cacheHit: false });
  });
});
