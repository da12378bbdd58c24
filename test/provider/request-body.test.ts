import { createOpenAI } from '@ai-sdk/openai';
import { generateText, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';

/**
 * The transport takes the request body as the object @ai-sdk/openai built (no parse of the string it
 * posts). These cases check that what goes out over the socket is, field for field, what the same call
 * posts over HTTP: on a fresh socket (no continuation) only `stream` and the frame's `type` differ.
 */
let emulator: ResponsesEmulator;
beforeAll(async () => {
  emulator = await createResponsesEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const tools = {
  lookup: tool({
    description: 'Looks a word up.',
    inputSchema: z.object({ word: z.string(), limit: z.number().int().optional() }),
    execute: async ({ word }) => `${word}: a word`,
  }),
};

type Call = (model: Parameters<typeof generateText>[0]['model']) => PromiseLike<unknown>;

const cases: Array<[string, Call]> = [
  [
    'streamText with system, tools, tool choice and provider options',
    (model) =>
      streamText({
        model,
        system: 'Be brief.',
        prompt: 'Look up "cat".',
        tools,
        toolChoice: 'required',
        maxOutputTokens: 300,
        providerOptions: {
          openai: { reasoningEffort: 'low', parallelToolCalls: false, user: 'u-1', metadata: { run: 'a' } },
        },
      }).consumeStream(),
  ],
  [
    'generateText with structured output and store false',
    (model) =>
      generateText({
        model,
        prompt: 'Name a colour.',
        output: Output.object({ schema: z.object({ colour: z.string() }) }),
        providerOptions: { openai: { store: false, include: ['reasoning.encrypted_content'] } },
      }).catch(() => undefined),
  ],
  [
    'generateText with an image and a multi-message history',
    (model) =>
      generateText({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
            ],
          },
          { role: 'assistant', content: 'A picture.' },
          { role: 'user', content: 'Of what?' },
        ],
      }),
  ],
];

describe('the body on the socket is the body HTTP posts', () => {
  it.each(cases)('%s', async (_, call) => {
    const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    const ws = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    try {
      const first = emulator.metrics.requests.length;
      await call(http.responses('gpt-5.4'));
      await call(ws('gpt-5.4'));
      const [overHttp, overWebSocket] = emulator.metrics.requests.slice(first);
      expect(overHttp!.transport).toBe('http');
      expect(overWebSocket!.transport).toBe('ws');
      const { stream: _stream, ...httpBody } = overHttp!.body;
      expect(overWebSocket!.body).toEqual(httpBody);
    } finally {
      await ws.close();
    }
  });
});
