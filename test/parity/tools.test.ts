import { generateText, type ModelMessage, stepCountIs, streamText, tool } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { expectParity, observeGenerate, observeStream, silenceErrors } from './run-side-by-side';
import { agentScript } from './scripts';

const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });
const weather = tool({
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, sky: 'clear' }),
});
const parallel = agentScript({
  calls: [
    { name: 'lookup', arguments: '{"q":"a"}' },
    { name: 'weather', arguments: '{"city":"Oslo"}' },
    { name: 'lookup', arguments: '{"q":"b"}' },
  ],
  toolSteps: 2,
});

describe('tools', () => {
  it('parallel tool calls over two steps (generateText)', async () => {
    await expectParity('parallel tool calls (generateText)', {
      model: parallel,
      run: (side) =>
        observeGenerate(
          generateText({
            model: side.model(),
            tools: { lookup, weather },
            stopWhen: stepCountIs(5),
            prompt: 'go',
          }),
        ),
    });
  });

  it('parallel tool calls over two steps (streamText)', async () => {
    await expectParity('parallel tool calls (streamText)', {
      model: parallel,
      run: (side) =>
        observeStream(
          streamText(
            silenceErrors({
              model: side.model(),
              tools: { lookup, weather },
              stopWhen: stepCountIs(5),
              prompt: 'go',
            }),
          ),
        ),
    });
  });

  it('a throwing tool: the error goes to the model as the tool output', async () => {
    const failing = tool({
      inputSchema: z.object({ q: z.string() }),
      execute: async (): Promise<string> => {
        throw new Error('lookup is down');
      },
    });
    await expectParity('throwing tool', {
      model: agentScript(),
      run: (side) =>
        observeStream(
          streamText(
            silenceErrors({
              model: side.model(),
              tools: { lookup: failing },
              stopWhen: stepCountIs(5),
              prompt: 'go',
            }),
          ),
        ),
    });
  });

  it('tool approval (needsApproval): request, approval in the history, execution', async () => {
    const guarded = tool({
      inputSchema: z.object({ q: z.string() }),
      needsApproval: true,
      execute: async ({ q }) => `approved lookup of ${q}`,
    });
    await expectParity('tool approval', {
      model: agentScript(),
      run: async (side) => {
        const messages: ModelMessage[] = [{ role: 'user', content: 'go' }];
        const first = await generateText({ model: side.model(), tools: { lookup: guarded }, messages });
        messages.push(...first.response.messages);
        const approvals = first.content.filter((part) => part.type === 'tool-approval-request');
        messages.push({
          role: 'tool',
          content: approvals.map((part) => ({
            type: 'tool-approval-response' as const,
            approvalId: part.approvalId,
            approved: true,
          })),
        });
        const second = await observeGenerate(
          generateText({
            model: side.model(),
            tools: { lookup: guarded },
            stopWhen: stepCountIs(3),
            messages,
          }),
        );
        return { first: first.content, approvals: approvals.length, second };
      },
    });
  });
});
