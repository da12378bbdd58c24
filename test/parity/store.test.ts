import { generateText, type ModelMessage, stepCountIs, tool } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { expectParity, observeGenerate } from './run-side-by-side';
import { agentScript } from './scripts';

const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });

describe.each([
  ['unset', {}],
  ['true', { store: true }],
  ['false', { store: false }],
] as const)('store %s', (name, openai) => {
  it('a two-turn agent conversation with reasoning', async () => {
    await expectParity(`store ${name}`, {
      model: agentScript({ reasoning: true }),
      run: async (side) => {
        const messages: ModelMessage[] = [];
        const turns: unknown[] = [];
        for (const question of ['first?', 'second?']) {
          messages.push({ role: 'user', content: question });
          let response: ModelMessage[] = [];
          turns.push(
            await observeGenerate(
              generateText({
                model: side.model(),
                tools: { lookup },
                stopWhen: stepCountIs(4),
                messages,
                providerOptions: { openai },
              }).then((result) => {
                response = result.response.messages;
                return result;
              }),
            ),
          );
          messages.push(...response);
        }
        return turns;
      },
    });
  });
});
