/**
 * Where wsOpenAI's per-step client CPU goes as the history grows. Each piece of the send path is timed alone
 * (best of several runs, µs) on the real request body `@ai-sdk/openai` builds for a conversation at a given
 * step (~10 KB tool output per step): what the inner model does before calling `fetch` (convert the prompt,
 * build and serialise the body), what the transport then does (`JSON.parse` of that body, the continuation
 * check run once to pick a socket and once more to plan, serialising the frame).
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { ChainState } from '../src/continuation/chain-state';
import { canContinue, planRequest } from '../src/continuation/plan-request';
import { functionTools, SYSTEM_PROMPT, seededText, TOOL_NAMES, toolArguments, USER_PROMPT } from './scenario';

export interface BreakdownRow {
  readonly step: number;
  readonly historyBytes: number;
  readonly bodyBytes: number;
  readonly inputItems: number;
  /** `@ai-sdk/openai`: from `doStream` to its `fetch` being called (prompt conversion, body JSON). */
  readonly buildBodyMicros: number;
  /** The transport's `JSON.parse` of the body it is handed (`fetchFor`). */
  readonly parseBodyMicros: number;
  /** One `canContinue` (the pool's socket choice) — a deep comparison of every history item. */
  readonly canContinueMicros: number;
  /** One `planRequest` (the same comparison again, plus the tail). */
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
  const openai = createOpenAI({
    baseURL: 'http://capture.invalid/v1',
    apiKey: 'sk-bench',
    fetch: async (_url, init) => {
      capturedAt = performance.now();
      throw new Captured(String(init?.body));
    },
  });
  const model = openai.responses('gpt-bench');
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
      if (captured instanceof Captured) return { body: captured.body, micros: (capturedAt - start) * 1000 };
      throw error;
    }
    throw new Error('fetch was not called');
  };

  const rows: BreakdownRow[] = [];
  for (const step of options.steps) {
    const prompt = promptAt(step, options.toolOutputBytes);
    const { body } = await build(prompt);
    let buildMicros = Number.POSITIVE_INFINITY;
    for (let i = 0; i < options.runs; i++) buildMicros = Math.min(buildMicros, (await build(prompt)).micros);
    const parsed = JSON.parse(body) as { input: Array<Record<string, unknown>>; tools: unknown };

    // The socket's chain after the previous step: its full input (from a separate parse, as the transport
    // holds the previous step's objects, not this step's), and the function call it produced.
    const input = parsed.input;
    const previousInput = (JSON.parse(body) as { input: unknown[] }).input.slice(0, -2);
    const echoed = input.at(-2);
    const chain: ChainState | undefined =
      step === 1 || echoed === undefined
        ? undefined
        : {
            responseId: 'resp_'.padEnd(55, '0'),
            input: previousInput,
            output: [{ ...echoed, id: 'fc_'.padEnd(53, '0'), status: 'completed' }],
            toolsFingerprint: JSON.stringify(parsed.tools ?? null),
          };
    const plan = planRequest(chain, parsed, { incremental: true });
    if (step > 1 && plan.kind !== 'continue')
      throw new Error(`breakdown step ${step}: expected a continuation`);
    rows.push({
      step,
      historyBytes:
        Buffer.byteLength(body) - Buffer.byteLength(JSON.stringify({ ...parsed, input: input.slice(0, 2) })),
      bodyBytes: Buffer.byteLength(body),
      inputItems: input.length,
      buildBodyMicros: buildMicros,
      parseBodyMicros: bestOf(options.runs, () => JSON.parse(body)),
      canContinueMicros: bestOf(options.runs, () => canContinue(chain, parsed)),
      planRequestMicros: bestOf(options.runs, () => planRequest(chain, parsed, { incremental: true })),
      stringifyFrameMicros: bestOf(options.runs, () =>
        JSON.stringify({ type: 'response.create', ...plan.frame }),
      ),
    });
  }
  return rows;
}
