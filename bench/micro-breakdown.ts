/**
 * Where wsOpenAI's per-step client CPU goes as the history grows. Each piece of the send path is timed alone
 * (best of several runs, µs) on the real request body `@ai-sdk/openai` builds for a conversation at a given
 * step (~10 KB tool output per step), as the loop runs it now:
 *
 * - what the inner model does before calling `fetch` (convert the prompt, build the body; it no longer
 *   serialises it: capture-request-body.ts hands the transport the object and the model a stand-in), and,
 *   for reference, the serialisation that spares (it now runs only for an HTTP fallback);
 * - the capture path: the transport takes the body object the model built, with `stream: true` added as
 *   the adapter does. The `JSON.parse` of the posted string it replaced is timed too, for reference only;
 * - the history comparison: the first `canContinue` (the pool's socket choice) compares every item with the
 *   chain; `planRequest` right after it reuses that comparison (memoised per chain). The chain holds the
 *   previous step's built items, as on a socket within `chainAffinityMs` of its last response, so strings
 *   the two bodies share compare by reference. Past that window the socket keeps one digest per item
 *   instead, and the next request digests its history once: timed as well;
 * - serialising the incremental frame.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { onRequestBuilt } from '../src/capture-request-body';
import { type ChainState, compactChain } from '../src/continuation/chain-state';
import { canContinue, planRequest } from '../src/continuation/plan-request';
import type { ResponsesRequestBody } from '../src/continuation/response-item';
import { functionTools, SYSTEM_PROMPT, seededText, TOOL_NAMES, toolArguments, USER_PROMPT } from './scenario';

export interface BreakdownRow {
  readonly step: number;
  readonly historyBytes: number;
  readonly bodyBytes: number;
  readonly inputItems: number;
  /** `@ai-sdk/openai`: from `doStream` to its `fetch` being called (prompt conversion, body built). */
  readonly buildBodyMicros: number;
  /**
   * `JSON.stringify` of the body: what @ai-sdk/openai spent serialising it for `fetch` before the stand-in
   * (capture-request-body.ts); not in the loop now, it runs only for an HTTP fallback.
   */
  readonly serialiseBodyMicros: number;
  /** The capture path: the built body object with `stream: true` added (what `fetchFor` is handed). */
  readonly captureMicros: number;
  /** `JSON.parse` of the posted body: what the loop did before the capture path; not in the loop now. */
  readonly parseBodyMicros: number;
  /** The first `canContinue` on a chain (the pool's socket choice): every history item compared. */
  readonly canContinueMicros: number;
  /**
   * `canContinue` on the same chain once the socket keeps digests (idle past `chainAffinityMs`): the
   * request's items are digested, once per request.
   */
  readonly canContinueDigestsMicros: number;
  /** `planRequest` after it on the same chain and input: the comparison is reused. */
  readonly planRequestMicros: number;
  /** `JSON.stringify` of the incremental frame. */
  readonly stringifyFrameMicros: number;
}

class Captured extends Error {
  constructor(readonly body: string) {
    super('captured');
  }
}

function promptAt(step: number, toolOutputBytes: number): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: [{ type: 'text', text: USER_PROMPT }] },
  ];
  for (let k = 0; k < step - 1; k++) {
    const toolCallId = `call_${String(k).padStart(24, '0')}`;
    const toolName = TOOL_NAMES[k % TOOL_NAMES.length]!;
    prompt.push(
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId, toolName, input: JSON.parse(toolArguments(k)) }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId,
            toolName,
            output: { type: 'text', value: seededText(5000 + k, toolOutputBytes) },
          },
        ],
      },
    );
  }
  return prompt;
}

function bestOf(runs: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best * 1000;
}

export async function runBreakdown(options: { steps: number[]; toolOutputBytes: number; runs: number }) {
  let capturedAt = 0;
  let built: Record<string, unknown> | undefined;
  const openai = createOpenAI({
    baseURL: 'http://capture.invalid/v1',
    apiKey: 'sk-bench',
    fetch: async (_url, init) => {
      capturedAt = performance.now();
      throw new Captured(String(init?.body));
    },
  });
  const model = openai.responses('gpt-bench');
  onRequestBuilt(model, (args) => {
    built = args;
  });
  const tools = functionTools();

  const build = async (prompt: LanguageModelV3Prompt) => {
    const start = performance.now();
    try {
      await model.doStream({
        prompt,
        tools,
        toolChoice: { type: 'auto' },
        providerOptions: { openai: { store: false } },
      });
    } catch (error) {
      const captured = (error as { cause?: unknown }).cause ?? error;
      // Set by the getArgs hook during this call (TypeScript cannot see the assignment in the callback).
      const args = built as Record<string, unknown> | undefined;
      if (captured instanceof Captured && args !== undefined)
        return { body: captured.body, args, micros: (capturedAt - start) * 1000 };
      throw error;
    }
    throw new Error('fetch was not called');
  };

  const rows: BreakdownRow[] = [];
  for (const step of options.steps) {
    const prompt = promptAt(step, options.toolOutputBytes);
    const { args } = await build(prompt);
    // What HTTP posts for it (the model itself now posts a stand-in).
    const body = JSON.stringify({ ...args, stream: true });
    let buildMicros = Number.POSITIVE_INFINITY;
    for (let i = 0; i < options.runs; i++) buildMicros = Math.min(buildMicros, (await build(prompt)).micros);
    const sent = { ...args, stream: true } as unknown as ResponsesRequestBody & {
      input: Array<Record<string, unknown>>;
    };
    const input = sent.input;

    // The socket's chain after the previous step: the items of the body built from the same prompt one step
    // earlier (the same message objects, as in a loop), and the function call the server produced.
    const previous = step === 1 ? undefined : (await build(prompt.slice(0, -2))).args;
    const echoed = input.at(-2);
    const chain: ChainState | undefined =
      previous === undefined || echoed === undefined
        ? undefined
        : {
            responseId: 'resp_'.padEnd(55, '0'),
            input: previous.input as unknown[],
            output: [{ ...echoed, id: 'fc_'.padEnd(53, '0'), status: 'completed' }],
          };
    // A fresh copy per comparison: the memo is per chain object.
    const freshChain = () => (chain === undefined ? undefined : { ...chain });
    const plan = planRequest(freshChain(), sent, { incremental: true });
    if (step > 1 && plan.kind !== 'continue')
      throw new Error(`breakdown step ${step}: expected a continuation`);
    const compared = freshChain();
    const compacted = chain === undefined ? undefined : compactChain(chain);
    if (compacted !== undefined && !canContinue(compacted, sent))
      throw new Error(`breakdown step ${step}: the digests do not continue`);
    canContinue(compared, sent);
    rows.push({
      step,
      historyBytes:
        Buffer.byteLength(body) - Buffer.byteLength(JSON.stringify({ ...args, input: input.slice(0, 2) })),
      bodyBytes: Buffer.byteLength(body),
      inputItems: input.length,
      buildBodyMicros: buildMicros,
      serialiseBodyMicros: bestOf(options.runs, () => JSON.stringify(sent)),
      captureMicros: bestOf(options.runs, () => ({ ...args, stream: true })),
      parseBodyMicros: bestOf(options.runs, () => JSON.parse(body)),
      canContinueMicros: bestOf(options.runs, () => canContinue(freshChain(), sent)),
      canContinueDigestsMicros:
        compacted === undefined
          ? 0
          : bestOf(options.runs, () => {
              // A fresh input array each run: the request's digests are memoised per array.
              canContinue(compacted, { ...sent, input: [...input] });
            }),
      planRequestMicros: bestOf(options.runs, () => planRequest(compared, sent, { incremental: true })),
      stringifyFrameMicros: bestOf(options.runs, () =>
        JSON.stringify({ type: 'response.create', ...plan.frame }),
      ),
    });
  }
  return rows;
}
