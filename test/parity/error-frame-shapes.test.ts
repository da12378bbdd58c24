import { generateText, streamText } from 'ai';
import { describe, it } from 'vitest';
import type { EmulatorFault } from '../../src/testing';
import { expectParity, observeGenerate, observeStream, silenceErrors, toolLoop } from './run-side-by-side';
import { agentScript } from './scripts';

/**
 * Error frames in the layouts hosts send (see the emulator's `error-frame` fault): the app sees what
 * `@ai-sdk/openai` over HTTP gives for the same error, before the response (an HTTP error status with the
 * error as body) and in the middle of it (the frame as an SSE line). On the second step of an agent loop,
 * so the WebSocket side is continuing a chain. A retryable error is injected for every attempt, so that
 * the error the app finally sees (and its message) is compared, not only the retry that succeeds.
 */
const shapes: [string, EmulatorFault, number][] = [
  [
    'nested, status as status_code (503)',
    { kind: 'error-frame', status: 503, statusField: 'status_code', code: 'overloaded', message: 'busy' },
    3,
  ],
  [
    'flat (400)',
    { kind: 'error-frame', shape: 'flat', status: 400, code: 'invalid_value', message: 'bad', param: 'x' },
    1,
  ],
  ['a string (400)', { kind: 'error-frame', shape: 'string', status: 400, message: 'Bad input here' }, 1],
  [
    'a string, no status',
    { kind: 'error-frame', shape: 'string', status: null, message: 'Something broke' },
    3,
  ],
  [
    'an envelope without type (xAI)',
    { kind: 'error-frame', shape: 'envelope', message: 'Service unavailable' },
    3,
  ],
  [
    'an envelope without type, a 4xx type',
    { kind: 'error-frame', shape: 'envelope', type: 'invalid_request_error', message: 'Bad request' },
    1,
  ],
  [
    'a permission error without status (403 over both, not retried)',
    {
      kind: 'error-frame',
      status: null,
      type: 'permission_error',
      code: 'model_not_allowed',
      message: 'No access',
    },
    1,
  ],
  [
    'a string, mid-stream',
    { kind: 'error-frame', shape: 'string', at: 'mid-stream', afterEvents: 4, message: 'gone' },
    1,
  ],
  [
    'an envelope without type, mid-stream',
    { kind: 'error-frame', shape: 'envelope', at: 'mid-stream', afterEvents: 4, message: 'gone' },
    1,
  ],
];

describe.concurrent.each(shapes)('error frame: %s', (name, fault, times) => {
  it('generateText', async () => {
    await expectParity(`error frame: ${name} (generateText)`, {
      model: agentScript(),
      run: (side) => observeGenerate(generateText(toolLoop(side, fault, times))),
    });
  });

  it('streamText', async () => {
    await expectParity(`error frame: ${name} (streamText)`, {
      model: agentScript(),
      run: (side) => observeStream(streamText(silenceErrors(toolLoop(side, fault, times)))),
    });
  });
});
