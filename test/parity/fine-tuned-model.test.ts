import { generateText, type ModelMessage, stepCountIs, tool } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { expectParity, observeGenerate } from './run-side-by-side';
import { agentScript } from './scripts';

const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });

describe('a fine-tuned model id', () => {
  it('ft:o4-mini with reasoning over two turns', async () => {
    await expectParity('fine-tuned model id (ft:o4-mini-…)', {
      model: agentScript({ reasoning: true }),
      run: async (side) => {
        const model = side.model('ft:o4-mini-2025-04-16:org::abc');
        const messages: ModelMessage[] = [{ role: 'user', content: 'first?' }];
        const first = await generateText({ model, tools: { lookup }, stopWhen: stepCountIs(4), messages });
        messages.push(...first.response.messages, { role: 'user', content: 'second?' });
        const second = await observeGenerate(
          generateText({ model, tools: { lookup }, stopWhen: stepCountIs(4), messages }),
        );
        return { first: first.steps.map((step) => [step.content, step.warnings]), second };
      },
    });
  });
});
