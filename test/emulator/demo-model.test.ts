import { stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing/create-responses-emulator';
import { createWsOpenAI } from '../../src/ws-openai-provider';

let emulator: ResponsesEmulator;
beforeAll(async () => {
  emulator = await createResponsesEmulator();
});
afterAll(() => emulator.close());

const tools = {
  weather: tool({
    description: 'Current weather in a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => (city === 'Lisbon' ? 'Lisbon: 19 °C, sunny' : `${city}: 4 °C, overcast`),
  }),
  packing: tool({
    description: 'What to pack for a temperature in °C.',
    inputSchema: z.object({ temperatureC: z.number() }),
    execute: async ({ temperatureC }) => (temperatureC < 10 ? 'a warm coat' : 'a light jacket'),
  }),
  list_files: tool({
    description: 'Lists files.',
    inputSchema: z.object({ path: z.string() }),
    execute: async () => 'README.md\nsrc/a.ts\nsrc/b.ts\nsrc/c.ts',
  }),
};

async function ask(prompt: string, only: Array<keyof typeof tools>) {
  await using openai = createWsOpenAI({ apiKey: 'sk-test', baseURL: emulator.baseURL });
  const result = streamText({
    model: openai('gpt-5.4'),
    prompt,
    tools: Object.fromEntries(only.map((name) => [name, tools[name]])),
    stopWhen: stepCountIs(5),
  });
  return { text: await result.text, calls: (await result.steps).flatMap((step) => step.toolCalls) };
}

describe('demoModel', () => {
  it('passes the number an earlier tool returned on to a later tool, as a person would', async () => {
    const { calls, text } = await ask('What should I pack for Lisbon?', ['weather', 'packing']);
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([
      ['weather', { city: 'Lisbon' }],
      ['packing', { temperatureC: 19 }],
    ]);
    expect(text).toContain('- weather: Lisbon: 19 °C, sunny');
    expect(text).toContain('- packing: a light jacket');
  });

  it("answers with every entry of a listing that does not mention the question's word", async () => {
    const { text } = await ask('Which files are in the project?', ['list_files']);
    expect(text).toContain('- list_files: README.md, src/a.ts, src/b.ts, src/c.ts');
  });
});
