import { generateText, stepCountIs, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EmulatorFault } from '../../src/testing';
import { observeGenerate, report, runSideBySide, type Side } from './run-side-by-side';
import { agentScript } from './scripts';

/**
 * OPEN DIFFERENCES, not yet decided: each test asserts what each transport does today, so it turns red
 * the day either changes — then make it a parity scenario, or move it to deliberate-differences.
 */

function loop(side: Side, fault: EmulatorFault) {
  const lookup = tool({
    inputSchema: z.object({ q: z.string() }),
    execute: async ({ q }) => {
      side.injectFault(fault);
      return `found ${q}`;
    },
  });
  return { model: side.model(), tools: { lookup }, stopWhen: stepCountIs(4), prompt: 'go' };
}

/**
 * An error frame before the response that carries no status. The WebSocket side derives 400 from the
 * error type (`statusOfErrorFrame` in src/transport/map-server-error.ts), not retried. The emulator
 * answers the same injected error over HTTP with 500, which the AI SDK retries (and the retry succeeds):
 * `sendJsonError` (src/testing/http-handler.ts) now falls back to the status the type stands for, but
 * `sendErrorEvent`, the path an injected error event takes, still passes `status: 500` explicitly. A real
 * HTTP answer always has a status, so this is the emulator's model, not the product.
 */
describe.concurrent('open difference: an error frame without a status', () => {
  const fault: EmulatorFault = {
    kind: 'error-frame',
    status: null,
    code: 'invalid_value',
    type: 'invalid_request_error',
    message: 'bad',
  };

  it('generateText: HTTP 500 and a successful retry; WebSocket 400, not retried', async () => {
    const observed = await runSideBySide({
      model: agentScript(),
      run: (side) => observeGenerate(generateText(loop(side, fault))),
    });
    report('error frame before the response without a status (generateText)', observed, 'open: undecided');
    expect(observed.http.requests).toEqual(['completed', 'error', 'completed']);
    expect(observed.http.app).toMatchObject({ text: expect.stringMatching(/^saw 3 items/) });
    expect(observed.ws.requests).toEqual(['completed', 'error']);
    expect(observed.ws.app).toMatchObject({ error: { statusCode: 400, isRetryable: false } });
  });
});
