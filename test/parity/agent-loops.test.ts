import { generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectParity, observeGenerate, observeStream, silenceErrors } from './run-side-by-side';
import { agentScript } from './scripts';

const step = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `step ${q} done` });

describe('agent loops', () => {
  it('ten steps with reasoning (streamText)', async () => {
    await expectParity('agent loop: 10 steps with reasoning (streamText)', {
      model: agentScript({
        reasoning: true,
        calls: [{ name: 'step', arguments: '{"q":"n"}' }],
        toolSteps: 9,
      }),
      run: (side) =>
        observeStream(
          streamText(
            silenceErrors({ model: side.model(), tools: { step }, stopWhen: stepCountIs(12), prompt: 'go' }),
          ),
        ),
    });
  });

  it('four conversations at once, three steps each (generateText)', async () => {
    const observed = await expectParity('agent loop: 4 conversations at once, 3 steps each', {
      model: agentScript({
        reasoning: true,
        calls: [{ name: 'step', arguments: '{"q":"n"}' }],
        toolSteps: 2,
      }),
      unordered: true,
      run: (side) =>
        Promise.all(
          [1, 2, 3, 4].map((n) =>
            observeGenerate(
              generateText({
                model: side.model(),
                tools: { step },
                stopWhen: stepCountIs(5),
                prompt: `go ${n}`,
              }),
            ),
          ),
        ),
    });
    // The scenario exercises the pool: several sockets, and every follow-up step continued its own chain.
    const ws = observed.wire.ws;
    expect(new Set(ws.map((request) => request.connectionId)).size).toBeGreaterThan(1);
    expect(ws.filter((request) => request.cacheHit === true)).toHaveLength(8);
  });
});

describe('raw chunks', () => {
  it('includeRawChunks: the same server events reach the app', async () => {
    await expectParity('raw chunks (streamText, includeRawChunks)', {
      model: agentScript({ reasoning: true, calls: [{ name: 'step', arguments: '{"q":"n"}' }] }),
      run: (side) =>
        observeStream(
          streamText(
            silenceErrors({
              model: side.model(),
              tools: { step },
              stopWhen: stepCountIs(3),
              prompt: 'go',
              includeRawChunks: true,
            }),
          ),
        ),
    });
  });
});
