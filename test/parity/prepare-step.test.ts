import { generateText, stepCountIs, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectParity, observeGenerate } from './run-side-by-side';
import { agentScript } from './scripts';

const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });
const weather = tool({ inputSchema: z.object({ city: z.string() }), execute: async () => 'clear' });

describe('prepareStep', () => {
  it('changes system, active tools, tool choice and settings per step', async () => {
    await expectParity('prepareStep: system/tools/toolChoice/settings', {
      model: agentScript({ toolSteps: 3 }),
      run: (side) =>
        observeGenerate(
          generateText({
            model: side.model(),
            system: 'You are step zero.',
            tools: { lookup, weather },
            stopWhen: stepCountIs(6),
            prompt: 'go',
            prepareStep: ({ stepNumber }) => {
              switch (stepNumber) {
                case 1:
                  return { system: 'You are step one.', activeTools: ['lookup' as const] };
                case 2:
                  return {
                    toolChoice: { type: 'tool' as const, toolName: 'lookup' as const },
                    providerOptions: { openai: { parallelToolCalls: false, user: 'u-2' } },
                  };
                case 3:
                  return { toolChoice: 'none' as const, providerOptions: { openai: { maxToolCalls: 1 } } };
                default:
                  return undefined;
              }
            },
          }),
        ),
    });
  });

  it('slides the message window (no step can continue)', async () => {
    const observed = await expectParity('prepareStep: sliding message window', {
      model: agentScript({ toolSteps: 4 }),
      run: (side) =>
        observeGenerate(
          generateText({
            model: side.model(),
            tools: { lookup },
            stopWhen: stepCountIs(6),
            prompt: 'go',
            prepareStep: ({ messages }) => ({ messages: [messages[0]!, ...messages.slice(-2)] }),
          }),
        ),
    });
    // The wire (issue 10, item 6): no step continues, yet each goes out at once on the socket the
    // conversation holds, neither waiting for it nor opening another.
    const ws = observed.wire.ws;
    expect(ws.map((request) => request.previousResponseId)).toEqual(Array(ws.length).fill(undefined));
    expect(new Set(ws.map((request) => request.connectionId))).toEqual(new Set([1]));
  });
});
