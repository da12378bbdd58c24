import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import type { EmulatorFault } from '../../src/testing';
import {
  expectParity,
  observeGenerate,
  observeStream,
  report,
  runSideBySide,
  silenceErrors,
  toolLoop,
} from './run-side-by-side';
import { agentScript } from './scripts';

/**
 * Every terminal outcome of a response, on the second step of an agent loop (so the WebSocket side is
 * continuing a chain when it happens), through generateText and streamText. A close right after the
 * terminal event is in deliberate-differences.test.ts: there the transports differ on purpose.
 */
const outcomes: [string, EmulatorFault | undefined][] = [
  ['completed', undefined],
  ['incomplete', { kind: 'response-incomplete', reason: 'max_output_tokens' }],
  ['failed', { kind: 'response-failed', code: 'server_error', message: 'The model crashed' }],
  [
    'error frame before the response (400)',
    { kind: 'error-frame', status: 400, code: 'invalid_value', message: 'Invalid value', param: 'input' },
  ],
  [
    'error frame before the response (500, retryable)',
    { kind: 'error-frame', status: 500, code: 'server_error', message: 'The server had an error' },
  ],
  [
    'error frame before the response (429 rate limit)',
    { kind: 'error-frame', status: 429, code: 'rate_limit_exceeded', message: 'Slow down' },
  ],
  [
    'error frame before the response without a status (derived from its type)',
    {
      kind: 'error-frame',
      status: null,
      code: 'invalid_value',
      type: 'invalid_request_error',
      message: 'bad',
    },
  ],
  ['connection closed before the first event', { kind: 'close', at: 'before-first-event' }],
  // Not terminal, but how a response goes on: as over HTTP (SSE), the line is an error part and the
  // response reads on; a binary frame is skipped. generateText sees only the final response.
  ['a malformed text frame mid-stream', { kind: 'malformed-frame', afterEvents: 4 }],
  ['a binary frame mid-stream', { kind: 'binary-frame', afterEvents: 4 }],
  ['error event then response.failed (the recorded openai-error shape)', { kind: 'error-then-failed' }],
  [
    'error frame mid-stream',
    {
      kind: 'error-frame',
      at: 'mid-stream',
      afterEvents: 4,
      status: 500,
      code: 'server_error',
      message: 'boom',
    },
  ],
];

describe.concurrent.each(outcomes)('terminal outcome: %s', (name, fault) => {
  it('generateText', async () => {
    await expectParity(`terminal: ${name} (generateText)`, {
      model: agentScript(),
      run: (side) => observeGenerate(generateText(toolLoop(side, fault))),
    });
  });

  it('streamText', async () => {
    await expectParity(`terminal: ${name} (streamText)`, {
      model: agentScript(),
      run: (side) => observeStream(streamText(silenceErrors(toolLoop(side, fault)))),
    });
  });
});

/**
 * Errors reduced to what the AI SDK and an app decide by, their class and retryability: over WebSocket the
 * message names the close, where HTTP's says "Failed to process successful response" (status 200, with
 * undici's "terminated" as its cause).
 */
function asDecided(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, node) =>
    typeof node === 'object' && node !== null && 'name' in node && 'isRetryable' in node
      ? { name: node.name, isRetryable: node.isRetryable }
      : node,
  );
}

describe.concurrent('connection closed mid-response (after the server accepted the request)', () => {
  const fault: EmulatorFault = { kind: 'close', at: 'mid-stream', afterEvents: 4 };

  it('generateText: a retryable error over both, so the AI SDK sends it again (the server runs it twice)', async () => {
    const observed = await expectParity('terminal: connection closed mid-response (generateText)', {
      model: agentScript(),
      run: (side) => observeGenerate(generateText(toolLoop(side, fault))),
    });
    expect(observed.ws.requests).toEqual(['completed', 'closed', 'completed']);
  });

  it('streamText: sent once over both; the same parts, then a retryable APICallError', async () => {
    const observed = await runSideBySide({
      model: agentScript(),
      run: (side) => observeStream(streamText(silenceErrors(toolLoop(side, fault)))),
    });
    report('terminal: connection closed mid-response (streamText)', observed, 'the error message differs');
    expect(observed.ws.requests).toEqual(['completed', 'closed']);
    expect(asDecided(observed.ws)).toEqual(asDecided(observed.http));
    const parts = (observed.ws.app as { parts: unknown[] }).parts;
    expect(parts.at(-1)).toMatchObject({
      type: 'thrown',
      error: {
        name: 'AI_APICallError',
        isRetryable: true,
        message: expect.stringContaining('WebSocket closed'),
      },
    });
  });
});
