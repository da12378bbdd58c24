/**
 * Each conformance rule notices the host behaviour it is about: the emulator, behind a proxy that rewrites
 * frames (or configured differently), plays a host that breaks one rule, and the rule reports it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponsesEmulatorOptions } from '../../src/testing';
import { emulatorHost, startEmulatorHost } from './conformance/emulator-host';
import type { ConformanceRule, Verdict } from './conformance/rule';
import { continuation } from './conformance/rules/continuation';
import { failedContinuationEvicts, onlyLatestContinuable } from './conformance/rules/continuation-scope';
import { errorFrameShape } from './conformance/rules/error-frames';
import { eventsSequencedAndTerminated } from './conformance/rules/event-stream';
import { generateFalse } from './conformance/rules/generate-false';
import { lanesContinueOwnLatest, lanesInvalidStreamId, lanesSideBySide } from './conformance/rules/lanes';
import { oneInFlight } from './conformance/rules/one-in-flight';
import { providerContinuation } from './conformance/rules/provider-continuation';
import { previousResponseNotFound } from './conformance/rules/response-not-found';
import { storeFalseSocketScoped, storeTrueAcrossSockets } from './conformance/rules/storage';
import { runRule } from './conformance/run-rules';
import { type FrameRewrites, startRewritingProxy } from './frame-rewriting-proxy';

type Frame = Record<string, unknown>;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `rule` against the emulator as seen through `rewrites`. */
async function judge(rule: ConformanceRule, rewrites: FrameRewrites, options: ResponsesEmulatorOptions = {}) {
  const { emulator } = await startEmulatorHost(options);
  cleanups.push(() => emulator.close());
  const proxy = await startRewritingProxy(emulator.wsURL, rewrites);
  cleanups.push(() => proxy.close());
  return runRule(emulatorHost(emulator, { wsURL: proxy.wsURL, name: 'rewritten' }), rule);
}

const verdictOf = async (rule: ConformanceRule, rewrites: FrameRewrites) => {
  const { verdict, detail } = await judge(rule, rewrites);
  return { verdict, detail };
};

const without = (frame: Frame, field: string) => {
  const { [field]: _dropped, ...rest } = frame;
  return rest;
};

/** Error frames with the error's fields at the top level. */
const flatErrors = (event: Frame) =>
  event.type === 'error' ? { ...(event.error as Frame), type: 'error', status: event.status } : event;

describe('a host that does not keep what it should', () => {
  it('continuation: a host that ignores previous_response_id does not count the history', async () => {
    expect(
      await verdictOf(continuation, { toServer: (frame) => without(frame, 'previous_response_id') }),
    ).toEqual({
      verdict: 'failed',
      detail: expect.stringContaining('the history was not counted'),
    });
  });

  it('store-true-across-sockets: a host that stores nothing', async () => {
    expect(
      await verdictOf(storeTrueAcrossSockets, { toServer: (frame) => ({ ...frame, store: false }) }),
    ).toEqual({
      verdict: 'failed',
      detail: expect.stringContaining(
        'from a new socket it ended with error 400 previous_response_not_found',
      ),
    });
  });

  it('generate-false: a host that generates anyway', async () => {
    const { verdict, detail } = await verdictOf(generateFalse, {
      toServer: (frame) => without(frame, 'generate'),
    });
    expect(verdict).toBe('failed');
    expect(detail).toContain('output has 1 items');
    expect(detail).toMatch(/usage\.output_tokens is [1-9]/);
  });
});

describe('a host without a feature', () => {
  it('generate-false reports not supported on a host that refuses the parameter', async () => {
    const refusesGenerate: FrameRewrites = {
      toServer: (frame) =>
        frame.generate === undefined
          ? frame
          : {
              reply: {
                type: 'error',
                status: 400,
                error: {
                  type: 'invalid_request_error',
                  code: 'unknown_parameter',
                  message: "Unknown parameter: 'generate'.",
                  param: 'generate',
                },
              },
            },
    };
    expect(await verdictOf(generateFalse, refusesGenerate)).toEqual({
      verdict: 'not supported',
      detail: 'refused: error 400 unknown_parameter',
    });
  });
});

describe('a host that keeps what it should not', () => {
  // Every response stored: continuable from anywhere, whatever the socket's cache holds.
  const storesEverything: FrameRewrites = { toServer: (frame) => ({ ...frame, store: true }) };

  it('store-false-socket-scoped', async () => {
    expect(await verdictOf(storeFalseSocketScoped, storesEverything)).toEqual({
      verdict: 'failed',
      detail: 'from another socket it ended with response.completed',
    });
  });

  it('only-latest-continuable', async () => {
    expect(await verdictOf(onlyLatestContinuable, storesEverything)).toEqual({
      verdict: 'failed',
      detail: 'continuing the older response ended with response.completed',
    });
  });

  it('failed-continuation-evicts', async () => {
    expect(await verdictOf(failedContinuationEvicts, storesEverything)).toEqual({
      verdict: 'failed',
      detail: expect.stringContaining('continuing the same response ended with response.completed'),
    });
  });

  it('failed-continuation-evicts is skipped when the continuation cannot be cut short', async () => {
    expect(
      await verdictOf(failedContinuationEvicts, { toServer: (frame) => without(frame, 'max_output_tokens') }),
    ).toMatchObject({ verdict: 'skipped' });
  });

  it('lanes-invalid-stream-id: a host that accepts an empty stream_id', async () => {
    expect(
      await verdictOf(lanesInvalidStreamId, {
        toServer: (frame) => (frame.stream_id === '' ? { ...frame, stream_id: 'empty' } : frame),
      }),
    ).toEqual({ verdict: 'failed', detail: 'an empty stream_id ended with response.completed' });
  });
});

describe('a host whose frames differ from the emulator’s', () => {
  it('previous-response-not-found and error-frame-shape: flat error frames', async () => {
    const notFound = await verdictOf(previousResponseNotFound, { toClient: flatErrors });
    const shape = await verdictOf(errorFrameShape, { toClient: flatErrors });
    expect(notFound).toEqual({ verdict: 'failed', detail: 'no nested error object' });
    expect(shape).toEqual({ verdict: 'failed', detail: 'missing model: no nested error object' });
  });

  it('error-frame-shape: status_code instead of status', async () => {
    const renamed = (event: Frame) =>
      event.type === 'error' ? { ...without(event, 'status'), status_code: event.status } : event;
    expect(await verdictOf(errorFrameShape, { toClient: renamed })).toEqual({
      verdict: 'failed',
      detail: 'missing model: status_code 400 instead of status',
    });
  });

  it('previous-response-not-found: another code', async () => {
    const recoded = (event: Frame) =>
      event.type === 'error' ? { ...event, error: { ...(event.error as Frame), code: 'not_found' } } : event;
    expect(await verdictOf(previousResponseNotFound, { toClient: recoded })).toEqual({
      verdict: 'failed',
      detail: 'code not_found, not previous_response_not_found',
    });
  });

  it('events-sequenced-and-terminated: events without sequence_number', async () => {
    const { verdict, detail } = await verdictOf(eventsSequencedAndTerminated, {
      toClient: (event) => without(event, 'sequence_number'),
    });
    expect(verdict).toBe('failed');
    expect(detail).toMatch(/^a short answer: sequence_number undefined,undefined,/);
  });

  it('lanes-side-by-side: events that do not echo stream_id', async () => {
    const { verdict, detail } = await verdictOf(lanesSideBySide, {
      toClient: (event) => without(event, 'stream_id'),
    });
    expect(verdict).toBe('failed');
    expect(detail).toMatch(/^\d+ of \d+ events carry no lane's stream_id/);
  });
});

describe('concurrency on one connection', () => {
  it('one-in-flight holds when a host rejects the second request, and says so', async () => {
    const { verdict, detail } = await judge(oneInFlight, {}, { queue: 'reject' });
    expect({ verdict, detail }).toEqual({
      verdict: 'held',
      detail: 'rejected: response_already_in_flight (status 409); the first completed',
    });
  });

  it('one-in-flight fails on a host that runs both at once', async () => {
    // Each request on a lane of its own upstream, the lanes hidden from the client: two in flight.
    let lanes = 0;
    const { verdict, detail } = await judge(oneInFlight, {
      toServer: (frame) => ({ ...frame, stream_id: `hidden-${++lanes}` }),
      toClient: (event) => without(event, 'stream_id'),
    });
    expect({ verdict, detail }).toEqual({
      verdict: 'failed',
      detail: 'the second response started before the first ended: two in flight on one connection',
    });
  });

  /**
   * A host that echoes `stream_id` but runs every request on one queue and keeps one latest response: the
   * proxy strips the lane going up and puts it back on the way down, in the order the requests were queued.
   */
  function serialisedLanes(): FrameRewrites {
    const queue: Array<unknown> = [];
    return {
      toServer: (frame) => {
        queue.push(frame.stream_id);
        return without(frame, 'stream_id');
      },
      toClient: (event) => {
        const lane = queue[0];
        if (
          event.type === 'response.completed' ||
          event.type === 'response.incomplete' ||
          event.type === 'error'
        )
          queue.shift();
        return lane === undefined ? event : { ...event, stream_id: lane };
      },
    };
  }

  it('lanes-side-by-side fails on a host that queues lanes one after another', async () => {
    expect(await verdictOf(lanesSideBySide, serialisedLanes())).toEqual({
      verdict: 'failed',
      detail: 'lane b started only after lane a ended: queued, not side by side',
    });
  });

  it('lanes-continue-own-latest fails on a host with one latest response per connection', async () => {
    expect(await verdictOf(lanesContinueOwnLatest, serialisedLanes())).toEqual({
      verdict: 'failed',
      // b1 came after a1, so a host with one latest response per connection already fails a1 → a2.
      detail: 'a continuing a1 ended with error 400 previous_response_not_found',
    });
  });

  it('every lane rule reports not supported on a host that refuses stream_id', async () => {
    const refusesLanes: FrameRewrites = {
      toServer: (frame) =>
        frame.stream_id === undefined
          ? frame
          : {
              reply: {
                type: 'error',
                status: 400,
                error: {
                  type: 'invalid_request_error',
                  code: 'unknown_parameter',
                  message: "Unknown parameter: 'stream_id'.",
                  param: 'stream_id',
                },
              },
            },
    };
    const verdicts: Verdict[] = [];
    for (const rule of [lanesSideBySide, lanesContinueOwnLatest, lanesInvalidStreamId])
      verdicts.push((await verdictOf(rule, refusesLanes)).verdict);
    expect(verdicts).toEqual(['not supported', 'not supported', 'not supported']);
  });
});

describe('through the provider', () => {
  it('provider-continuation fails on a host that never finds the previous response', async () => {
    const { verdict, detail } = await verdictOf(providerContinuation, {
      toServer: (frame) =>
        frame.previous_response_id === undefined
          ? frame
          : {
              reply: {
                type: 'error',
                status: 400,
                error: {
                  type: 'invalid_request_error',
                  code: 'previous_response_not_found',
                  message: `Previous response with id '${String(frame.previous_response_id)}' not found.`,
                  param: 'previous_response_id',
                },
              },
            },
    });
    expect(verdict).toBe('failed');
    expect(detail).toMatch(/^the second step was not continued/);
  });
});
