/**
 * One contender's client for one cell of the concurrency benchmark, in a fresh process of its own (started
 * by concurrency-cell.ts), so that the CPU, peak RSS and event-loop delay it reports are the client's alone.
 *
 * Over IPC: the parent sends a `ClientOrder`; the client warms up (one conversation on a provider of its
 * own, closed after, so the JIT and module loading are not measured) and answers `warmed`; the parent resets
 * the emulator and sets the cell's timing, then sends `go`; the client starts every conversation at once on
 * one shared provider, as a server would, and answers with its `ClientMeasurement`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { stepCountIs, streamText } from 'ai';
import { type ConcurrencyContenderId, createConcurrencyProvider } from './concurrency-contenders';
import { agentTools, finalAnswer, SYSTEM_PROMPT, TOOL_OUTPUT_BYTES, USER_PROMPT } from './scenario';

export interface ClientOrder {
  readonly contender: ConcurrencyContenderId;
  readonly baseURL: string;
  readonly conversations: number;
  readonly steps: number;
  readonly toolMs: number;
}

export interface ClientMeasurement {
  /** From starting the conversations to the last one settled. */
  readonly wallMs: number;
  /** `process.cpuUsage()` (user + system) over the same window. */
  readonly cpuMs: number;
  /** `process.resourceUsage().maxRSS`: the process's peak resident set, warm-up included. */
  readonly peakRssBytes: number;
  /** p99 and max of `monitorEventLoopDelay`, minus its sampling interval: how late a timer fired. */
  readonly eventLoopDelayMs: { readonly p99: number; readonly max: number };
  /** Conversations that ended with every step and the right answer. */
  readonly completed: number;
  readonly errors: number;
  /** A few distinct error messages, for the report. */
  readonly errorSamples: readonly string[];
  /** Steps after the first, of completed conversations. */
  readonly followUpSteps: number;
  /** Of those, `providerMetadata['openai-ws'].continued` (wsOpenAI only; `null` for HTTP). */
  readonly continuedSteps: number | null;
  /** wsOpenAI steps that went over HTTP (`transport: 'http'` in the step metadata); `null` for HTTP. */
  readonly stepsOverHttp: number | null;
}

/** `monitorEventLoopDelay`'s sampling interval (its default). */
const EVENT_LOOP_RESOLUTION_MS = 10;

interface ConversationFacts {
  readonly followUpSteps: number;
  readonly continued: number;
  readonly overHttp: number;
}

async function runConversation(
  model: LanguageModelV3,
  steps: number,
  toolMs: number,
): Promise<ConversationFacts> {
  let streamError: unknown;
  const result = streamText({
    model,
    system: SYSTEM_PROMPT,
    prompt: USER_PROMPT,
    tools: agentTools(TOOL_OUTPUT_BYTES, { delayMs: toolMs }),
    stopWhen: stepCountIs(steps),
    // The same request bodies for every contender, as in the rest of the bench (wsOpenAI's default).
    providerOptions: { openai: { store: false } },
    // Counted and sampled in the measurement, instead of streamText's default: one log line per failure.
    onError: ({ error }) => {
      streamError ??= error;
    },
  });
  await result.consumeStream({ onError: (error) => (streamError ??= error) });
  if (streamError !== undefined) throw streamError;
  const text = await result.text;
  const allSteps = await result.steps;
  if (allSteps.length !== steps || text !== finalAnswer(steps - 1))
    throw new Error(`expected ${steps} steps ending with the final answer, got ${allSteps.length} steps`);
  const metadata = allSteps
    .slice(1)
    .map(
      (step) =>
        step.providerMetadata?.['openai-ws'] as { continued?: boolean; transport?: string } | undefined,
    );
  return {
    followUpSteps: steps - 1,
    continued: metadata.filter((m) => m?.continued === true).length,
    overHttp: allSteps.filter((step) => step.providerMetadata?.['openai-ws']?.transport === 'http').length,
  };
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${String(e?.message ?? error).slice(0, 240)}`;
}

async function measure(order: ClientOrder): Promise<ClientMeasurement> {
  const provider = createConcurrencyProvider(order.contender, order.baseURL);
  const delay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  delay.enable();
  const outcomes = await Promise.allSettled(
    Array.from({ length: order.conversations }, () =>
      runConversation(provider.model, order.steps, order.toolMs),
    ),
  );
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuAtStart);
  delay.disable();
  await provider.close();

  const facts = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const samples = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected' && samples.size < 3) samples.add(describe(outcome.reason));
  }
  const withMetadata = order.contender !== 'http';
  const late = (nanos: number) => Math.max(0, nanos / 1e6 - EVENT_LOOP_RESOLUTION_MS);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    eventLoopDelayMs: { p99: late(delay.percentile(99)), max: late(delay.max) },
    completed: facts.length,
    errors: outcomes.length - facts.length,
    errorSamples: [...samples],
    followUpSteps: facts.reduce((total, f) => total + f.followUpSteps, 0),
    continuedSteps: withMetadata ? facts.reduce((total, f) => total + f.continued, 0) : null,
    stepsOverHttp: withMetadata ? facts.reduce((total, f) => total + f.overHttp, 0) : null,
  };
}

async function warmUp(order: ClientOrder): Promise<void> {
  const provider = createConcurrencyProvider(order.contender, order.baseURL);
  try {
    await runConversation(provider.model, order.steps, 0);
  } finally {
    await provider.close();
  }
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

process.once('message', async (order: ClientOrder) => {
  try {
    await warmUp(order);
    const go = new Promise((resolve) => process.once('message', resolve));
    await send({ type: 'warmed' });
    await go;
    await send({ type: 'result', result: await measure(order) });
    process.exit(0);
  } catch (error) {
    await send({ type: 'error', error: String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
});
process.on('disconnect', () => process.exit(0));
