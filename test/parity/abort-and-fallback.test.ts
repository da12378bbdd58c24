import { generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitFor } from '../provider/wait-for';
import { expectParity, observeGenerate, observeStream, type Side, silenceErrors } from './run-side-by-side';
import { agentScript } from './scripts';

const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });

/**
 * The app aborts the second step while the server is mid-response: the server stalls after a few events,
 * so the abort always lands mid-response, without timing. `generateText` aborts once the server has sent
 * them; `streamText` once the app has read the second step's first text part (a fixed point).
 */
function abortingLoop(side: Side, controller: AbortController, abortWhenSent: boolean) {
  const stalling = tool({
    inputSchema: z.object({ q: z.string() }),
    execute: async ({ q }) => {
      side.injectFault({ kind: 'stall', afterEvents: 4 });
      const next = side.emulator.metrics.requests.length;
      if (abortWhenSent) {
        void waitFor(() => (side.emulator.metrics.requests[next]?.eventsSent ?? 0) >= 4).then(() =>
          controller.abort(),
        );
      }
      return `found ${q}`;
    },
  });
  return {
    model: side.model(),
    tools: { lookup: stalling },
    stopWhen: stepCountIs(4),
    prompt: 'go',
    abortSignal: controller.signal,
  };
}

describe('abort mid-response', () => {
  it('generateText', async () => {
    await expectParity('abort mid-response (generateText)', {
      model: agentScript(),
      run: (side) => observeGenerate(generateText(abortingLoop(side, new AbortController(), true))),
    });
  });

  it('streamText', async () => {
    await expectParity('abort mid-response (streamText)', {
      model: agentScript(),
      run: (side) => {
        const controller = new AbortController();
        return observeStream(streamText(silenceErrors(abortingLoop(side, controller, false))), (part) => {
          if (part.type === 'text-start') controller.abort();
        });
      },
    });
  });
});

describe('a proxy that refuses WebSockets (426): the WebSocket side falls back to HTTP', () => {
  it('a two-step loop (streamText)', async () => {
    let warnings: readonly string[] = [];
    const observed = await expectParity('upgrade refused with 426, HTTP fallback (streamText)', {
      model: agentScript(),
      run: (side) => {
        if (side.transport === 'ws') warnings = side.providerWarnings;
        side.injectFault({ kind: 'refuse-upgrade', status: 426, times: 10 });
        return observeStream(
          streamText(
            silenceErrors({ model: side.model(), tools: { lookup }, stopWhen: stepCountIs(4), prompt: 'go' }),
          ),
        );
      },
    });
    expect(observed.wire.ws.map((request) => request.transport)).toEqual(['http', 'http']);
    // The one difference an app sees: one warning, once, naming the refusal.
    expect(warnings).toEqual([expect.stringContaining('refused with HTTP 426')]);
  });
});
