/**
 * Every fault the emulator can inject, and every client-side interruption, under both streamText and
 * generateText. Each case asserts its outcome, a bounded end, no leaked socket or timer, no replay of a
 * response.create the server may have accepted, and no API key in any error or metadata.
 */
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import {
  createResponsesEmulator,
  type EmulatorFault,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { waitFor } from '../provider/wait-for';

const API_KEY = 'sk-fault-matrix-SECRET-7f3a9c';
const HANG_MS = 8_000;

type Api = 'streamText' | 'generateText';
type Outcome = { readonly recovered: true } | { readonly error: RegExp };
/** One outcome for both APIs, or one each where HTTP too differs between them. */
type Expected = Outcome | { readonly [api in Api]: Outcome };

interface Run {
  readonly emulator: ResponsesEmulator;
  readonly abort: AbortController;
}

interface FaultCase {
  readonly name: string;
  /** Two-step cases run a tool loop; the fault goes to the step named by `at`. */
  readonly steps?: 1 | 2;
  readonly emulator?: ResponsesEmulatorOptions;
  readonly provider?: WsOpenAIProviderSettings;
  /** Called before the request of step `index` (0-based) is made. */
  readonly beforeStep?: (index: number, run: Run) => unknown;
  /** Called after the first text delta or tool-call delta reaches the consumer (stream) or at start (generate). */
  readonly onFirstOutput?: (run: Run) => void;
  readonly expected: Expected;
  /** Parallel calls through one provider (server-queueing case). */
  readonly parallel?: number;
  readonly slowConsumerMs?: number;
}

const fault =
  (f: EmulatorFault) =>
  (index: number, run: Run, at = 0) => {
    if (index === at) run.emulator.injectFault(f);
  };
const atStep = (f: EmulatorFault, at: number) => (index: number, run: Run) => fault(f)(index, run, at);

const cases: FaultCase[] = [
  {
    name: 'close before the first event (1011)',
    beforeStep: fault({ kind: 'close', at: 'before-first-event', code: 1011 }),
    expected: { recovered: true },
  },
  {
    name: 'close before the first event (1006, no close frame)',
    beforeStep: fault({ kind: 'close', at: 'before-first-event' }),
    expected: { recovered: true },
  },
  {
    name: 'close mid-stream',
    beforeStep: fault({ kind: 'close', at: 'mid-stream', afterEvents: 5, code: 1011 }),
    expected: { error: /WebSocket closed \(code 1011/ },
  },
  {
    name: 'close after the terminal event',
    steps: 2,
    beforeStep: fault({ kind: 'close', at: 'after-terminal', code: 1012 }),
    expected: { recovered: true },
  },
  {
    name: 'error frame 500 before the response',
    beforeStep: fault({
      kind: 'error-frame',
      status: 500,
      code: 'server_error',
      message: 'internal trouble',
    }),
    expected: { error: /internal trouble/ },
  },
  {
    name: 'error frame 429 before the response',
    beforeStep: fault({
      kind: 'error-frame',
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'slow down',
    }),
    expected: { error: /slow down/ },
  },
  {
    name: 'error frame mid-stream',
    beforeStep: fault({
      kind: 'error-frame',
      at: 'mid-stream',
      status: 500,
      code: 'server_error',
      message: 'mid-stream trouble',
    }),
    expected: { error: /mid-stream trouble/ },
  },
  {
    name: 'error frame mid-stream without sequence_number',
    beforeStep: fault({
      kind: 'error-frame',
      at: 'mid-stream',
      status: 500,
      code: 'server_error',
      message: 'unsequenced trouble',
      sequenceNumber: false,
    }),
    expected: { error: /unsequenced trouble/ },
  },
  {
    name: 'previous_response_not_found on a continuation',
    steps: 2,
    beforeStep: atStep(
      {
        kind: 'error-frame',
        status: 400,
        code: 'previous_response_not_found',
        message: 'Previous response not found.',
        param: 'previous_response_id',
      },
      1,
    ),
    expected: { recovered: true },
  },
  {
    name: 'websocket_connection_limit_reached',
    beforeStep: fault({
      kind: 'error-frame',
      status: 400,
      code: 'websocket_connection_limit_reached',
      message: 'limit',
      closeAfter: true,
    }),
    expected: { recovered: true },
  },
  {
    name: 'connection lifetime expires between steps',
    steps: 2,
    emulator: { connectionLifetimeMs: 150 },
    // The tool "takes" longer than the socket's remaining lifetime.
    beforeStep: (index) => (index === 1 ? new Promise((resolve) => setTimeout(resolve, 300)) : undefined),
    expected: { recovered: true },
  },
  {
    name: 'response.failed',
    beforeStep: fault({ kind: 'response-failed', code: 'server_error', message: 'the model failed' }),
    expected: { error: /the model failed/ },
  },
  {
    name: 'response.incomplete',
    beforeStep: fault({ kind: 'response-incomplete', reason: 'max_output_tokens' }),
    expected: { recovered: true },
  },
  {
    name: 'malformed JSON frame',
    beforeStep: fault({ kind: 'malformed-frame', afterEvents: 4 }),
    // As over HTTP: the stream reports the line its parser could not read and reads on; generateText
    // gets only the final response.
    expected: { streamText: { error: /AI_JSONParseError/ }, generateText: { recovered: true } },
  },
  {
    name: 'binary frame',
    beforeStep: fault({ kind: 'binary-frame', afterEvents: 4 }),
    // Not part of the protocol: skipped, as an SSE parser skips lines that are no event.
    expected: { recovered: true },
  },
  {
    name: 'stall mid-stream',
    beforeStep: fault({ kind: 'stall', afterEvents: 4 }),
    expected: { error: /between-events/ },
  },
  {
    name: 'stall before the first event',
    beforeStep: fault({ kind: 'stall', afterEvents: 0 }),
    expected: { error: /first-event/ },
  },
  {
    name: 'upgrade refused with 426 (HTTP fallback)',
    beforeStep: fault({ kind: 'refuse-upgrade', status: 426 }),
    expected: { recovered: true },
  },
  {
    name: 'upgrade refused with 401',
    beforeStep: fault({ kind: 'refuse-upgrade', status: 401 }),
    // The server's own words, as @ai-sdk/openai reports the same 401 over HTTP.
    expected: { error: /AI_APICallError: Upgrade refused \(401\)/ },
  },
  {
    name: 'upgrade fails once with 503 (setup retry)',
    beforeStep: fault({ kind: 'refuse-upgrade', status: 503, times: 1 }),
    expected: { recovered: true },
  },
  {
    name: 'slow handshake past the timeout once (setup retry)',
    beforeStep: fault({ kind: 'slow-handshake', ms: 1_500, times: 1 }),
    expected: { recovered: true },
  },
  {
    name: 'upgrade keeps failing (HTTP fallback per request)',
    beforeStep: fault({ kind: 'refuse-upgrade', status: 503, times: 10 }),
    expected: { recovered: true },
  },
  {
    name: 'client abort before the upgrade completes',
    beforeStep: (index, run) => {
      fault({ kind: 'slow-handshake', ms: 3_000 })(index, run);
      setTimeout(() => run.abort.abort(), 100).unref();
    },
    expected: { error: /abort/i },
  },
  {
    name: 'client abort before the first event',
    beforeStep: (index, run) => {
      fault({ kind: 'stall', afterEvents: 0 })(index, run);
      setTimeout(() => run.abort.abort(), 100).unref();
    },
    expected: { error: /abort/i },
  },
  {
    name: 'client abort mid-stream',
    onFirstOutput: (run) => run.abort.abort(),
    emulator: { timing: { outputTokensPerSecond: 400 } },
    expected: { error: /abort/i },
  },
  {
    name: 'client abort between steps',
    steps: 2,
    beforeStep: (index, run) => index === 1 && run.abort.abort(),
    expected: { error: /abort/i },
  },
  { name: 'slow consumer', slowConsumerMs: 5, expected: { recovered: true } },
  {
    name: 'more calls than maxConnections: the others go over HTTP',
    parallel: 4,
    provider: { maxConnections: 1 },
    expected: { recovered: true },
  },
  {
    name: "more calls than maxConnections, atConnectionLimit 'wait': they queue for the socket",
    parallel: 4,
    provider: { maxConnections: 1, atConnectionLimit: 'wait' },
    expected: { recovered: true },
  },
  {
    name: 'server drops idle sockets between steps',
    steps: 2,
    beforeStep: (index, run) => index === 1 && run.emulator.dropConnections(1012),
    expected: { recovered: true },
  },
  {
    name: 'no socket frees up within leaseTimeoutMs',
    parallel: 2,
    provider: { maxConnections: 1, leaseTimeoutMs: 200, atConnectionLimit: 'wait' },
    beforeStep: fault({ kind: 'stall', afterEvents: 0 }),
    expected: { error: /became free|first-event/ },
  },
];

const summary = { kinds: cases.length, hangs: 0, leaks: 0, replays: 0, keyLeaks: 0, failures: 0 };

afterAll(() => {
  console.log(
    `faults: ${summary.kinds} kinds × 2 APIs, hangs ${summary.hangs}, leaks ${summary.leaks}, replays ${summary.replays}, key leaks ${summary.keyLeaks}`,
  );
});

const answerModel = scriptedModel(({ input }) => {
  const outputs = input.filter((item) => (item as { type?: string }).type === 'function_call_output');
  const wantsTool = input.some((item) => JSON.stringify(item).includes('use the tool'));
  if (wantsTool && outputs.length === 0) {
    return { output: [{ type: 'function_call', name: 'step', arguments: '{"n":1}' }] };
  }
  return {
    output: [
      { type: 'message', text: `answer after ${outputs.length} tool results, ${'and more '.repeat(12)}` },
    ],
  };
});

async function runCase(testCase: FaultCase, api: Api) {
  const timersBefore = activeHandles();
  const emulator = await createResponsesEmulator({ model: answerModel, ...testCase.emulator });
  const provider: WsOpenAIProvider = createWsOpenAI({
    baseURL: emulator.baseURL,
    apiKey: API_KEY,
    handshakeTimeoutMs: 500,
    firstEventTimeoutMs: 500,
    eventTimeoutMs: 500,
    setupRetries: 2,
    setupRetryDelayMs: 10,
    warn: () => {},
    ...testCase.provider,
  });
  const run: Run = { emulator, abort: new AbortController() };
  const steps = testCase.steps ?? 1;
  let stepIndex = 0;

  const one = async (
    _: unknown,
    call: number,
  ): Promise<{ text?: string; error?: unknown; metadata: unknown[] }> => {
    const common = {
      model: provider('gpt-5.4'),
      // Each parallel call is its own conversation, so equal inputs can only come from a replay.
      prompt: `${steps === 2 ? 'use the tool' : 'answer'} (call ${call})`,
      tools: { step: tool({ inputSchema: z.object({ n: z.number() }), execute: async () => '10' }) },
      stopWhen: stepCountIs(steps),
      // The matrix asserts that the transport itself never replays an accepted request; the AI SDK's own
      // retries of the retryable outcomes, with default settings, are compared with HTTP's, outcome by
      // outcome, in test/parity/terminal-outcomes.test.ts.
      maxRetries: 0,
      abortSignal: run.abort.signal,
      prepareStep: async () => {
        await testCase.beforeStep?.(stepIndex++, run);
        return undefined;
      },
    };
    if (api === 'generateText') {
      testCase.onFirstOutput && setTimeout(() => testCase.onFirstOutput?.(run), 20).unref();
      try {
        const result = await generateText(common);
        return { text: result.text, metadata: result.steps.map((step) => step.providerMetadata) };
      } catch (error) {
        return { error, metadata: [] };
      }
    }
    const result = streamText({ ...common, onError: () => {} });
    let error: unknown;
    let first = true;
    try {
      for await (const part of result.fullStream) {
        if (part.type === 'error') error ??= part.error;
        if (part.type === 'abort') error ??= new Error('aborted by the client');
        if ((part.type === 'text-delta' || part.type === 'tool-input-start') && first) {
          first = false;
          testCase.onFirstOutput?.(run);
        }
        if (testCase.slowConsumerMs)
          await new Promise((resolve) => setTimeout(resolve, testCase.slowConsumerMs));
      }
    } catch (thrown) {
      error ??= thrown;
    }
    if (error !== undefined) return { error, metadata: [] };
    return { text: await result.text, metadata: (await result.steps).map((step) => step.providerMetadata) };
  };

  let hung = false;
  let outcomes: Awaited<ReturnType<typeof one>>[] = [];
  try {
    const work = Promise.all(Array.from({ length: testCase.parallel ?? 1 }, one));
    const hang = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), HANG_MS).unref());
    const settled = await Promise.race([work, hang]);
    if (settled === 'hang') hung = true;
    else outcomes = settled;
  } finally {
    await provider.close();
    await waitFor(() => emulator.metrics.openConnections === 0, 3_000).catch(() => {});
  }
  const openSockets = emulator.metrics.openConnections;
  const requests = emulator.metrics.requests;
  await emulator.close();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const timersAfter = activeHandles();

  return { hung, outcomes, requests, leaked: openSockets + Math.max(0, timersAfter - timersBefore) };
}

/** Sockets, servers and timers alive in this process, the test runner's own excluded by the baseline. */
function activeHandles(): number {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap' || kind === 'TCPServerWrap').length;
}

/** A request replays an earlier one when it carries the same input after the server accepted that one. */
function countReplays(requests: ResponsesEmulator['metrics']['requests']): number {
  let replays = 0;
  requests.forEach((request, index) => {
    const input = JSON.stringify(request.body.input);
    const earlier = requests.slice(0, index).filter((other) => JSON.stringify(other.body.input) === input);
    if (earlier.some((other) => other.accepted)) replays++;
  });
  return replays;
}

function containsKey(value: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (node: unknown): boolean => {
    if (typeof node === 'string') return node.includes(API_KEY);
    if (typeof node !== 'object' || node === null || seen.has(node)) return false;
    seen.add(node);
    const keys = [...Object.getOwnPropertyNames(node), 'cause'];
    return keys.some((key) => walk((node as Record<string, unknown>)[key]));
  };
  return walk(value) || String(value).includes(API_KEY);
}

describe.each<Api>(['streamText', 'generateText'])('fault matrix under %s', (api) => {
  it.each(cases)('$name', async (testCase) => {
    const { hung, outcomes, requests, leaked } = await runCase(testCase, api);
    const replays = countReplays(requests);
    const keyLeaks = outcomes.filter(
      (outcome) => containsKey(outcome.error) || containsKey(outcome.metadata),
    ).length;
    summary.hangs += hung ? 1 : 0;
    summary.leaks += leaked;
    summary.replays += replays;
    summary.keyLeaks += keyLeaks;

    expect(hung, 'the call ended within its bound').toBe(false);
    expect(leaked, 'no socket or timer outlived the provider').toBe(0);
    expect(replays, 'no response.create was sent twice after the server accepted it').toBe(0);
    expect(keyLeaks, 'the API key appears in no error or metadata').toBe(0);
    const expected =
      api in testCase.expected
        ? (testCase.expected as Record<Api, Outcome>)[api]
        : (testCase.expected as Outcome);
    for (const outcome of outcomes) {
      if ('recovered' in expected) {
        expect(outcome.error, String(outcome.error)).toBeUndefined();
        expect(outcome.text).toMatch(/^answer after/);
      } else {
        expect(outcome.error).toBeDefined();
        const error = outcome.error as Error & { responseBody?: string };
        // Where @ai-sdk/openai puts the server's words in the body (a failed response), so do we.
        expect(`${error.name}: ${error.message} ${error.responseBody ?? ''}`).toMatch(expected.error);
        expect(isTyped(error), `${error.name} is a typed error`).toBe(true);
      }
    }
  });
});

/**
 * An AI SDK error, an AbortError, or — for error frames in the middle of a stream — the error part
 * @ai-sdk/openai itself emits over HTTP (`{ message, code, statusCode, isRetryable }`).
 */
function isTyped(error: Error): boolean {
  if (typeof error.name === 'string') {
    return error.name.startsWith('AI_') || error.name === 'AbortError' || /abort/i.test(error.message);
  }
  const part = error as unknown as { statusCode?: unknown; isRetryable?: unknown };
  return typeof part.statusCode === 'number' && typeof part.isRetryable === 'boolean';
}
