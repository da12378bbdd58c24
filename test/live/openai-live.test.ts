/**
 * Against the real API: opt-in with OPENAI_API_KEY (and OPENAI_MODEL, default gpt-5.4). Without a key
 * the suite is reported as skipped; nothing else in the project reaches OpenAI.
 */
import { stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI } from '../../src';

const apiKey = process.env.OPENAI_API_KEY;

describe.skipIf(!apiKey)('live: OpenAI Responses WebSocket mode (OPENAI_API_KEY set)', () => {
  it('runs a tool loop on one socket, continuing each step incrementally', async () => {
    const openai = createWsOpenAI({ apiKey, fallback: 'none' });
    try {
      const result = streamText({
        model: openai(process.env.OPENAI_MODEL ?? 'gpt-5.4'),
        prompt:
          'Use the add tool to add 2 and 3, then add 10 to the result with the tool again. Reply with the final number only.',
        tools: {
          add: tool({
            inputSchema: z.object({ a: z.number(), b: z.number() }),
            execute: async ({ a, b }) => a + b,
          }),
        },
        stopWhen: stepCountIs(4),
      });
      expect(await result.text).toContain('15');
      const steps = await result.steps;
      expect(steps.length).toBeGreaterThanOrEqual(3);
      for (const [index, step] of steps.entries()) {
        expect(step.providerMetadata?.['openai-ws']).toMatchObject({
          transport: 'websocket',
          continued: index > 0,
        });
      }
    } finally {
      await openai.close();
    }
  }, 120_000);
});
