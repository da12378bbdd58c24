import { generateText, stepCountIs, tool } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { converse, expectParity } from './run-side-by-side';
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
      run: (side) =>
        converse(['first?', 'second?'], (messages) =>
          generateText({
            model: side.model(),
            tools: { lookup },
            stopWhen: stepCountIs(4),
            messages,
            providerOptions: { openai },
          }),
        ),
    });
  });
});
