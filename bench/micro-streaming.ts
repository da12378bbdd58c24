/**
 * Streaming throughput and client CPU per event, per contender: one response of `tokens` one-token text
 * deltas (`response.output_text.delta`, 4 characters each) from the emulator in its own process, with its
 * timing off so it sends as fast as it can and the client is the bottleneck, read through
 * `streamText(...).textStream` as an application would. Events/s = server events of the response / wall
 * time from `streamText` to the end of `textStream`; CPU per event = `process.cpuUsage()` (user + system)
 * over the same window / events. The contenders run alternately (ABC ABC …), medians over repetitions.
 *
 * The ceiling row feeds `streamText` the same text as pre-built `text-delta` parts from an in-memory
 * model (no network, no SSE, no event parsing), so it is what the AI SDK's own pipeline costs per part.
 * The prototype row is a hand-written frame → part mapping over the same socket (fast-path-prototype.ts):
 * not shipped, measured so that the proposal of such a fast path has a number.
 */
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { streamText } from 'ai';
import { API_KEY, CONTENDER_LABELS, type ContenderId, createContender } from './contenders';
import type { RemoteEmulator } from './emulator-client';
import { fastPathPrototypeModel } from './fast-path-prototype';
import { streamingAnswer } from './scenario';
import { median } from './stats';

/** HTTP and wsOpenAI run back to back in each repetition: their ratio is taken per repetition (pairedRatio). */
export const STREAMING_CONTENDERS = [
  'http',
  'ws-incremental',
  'shim',
] as const satisfies readonly ContenderId[];
export type StreamingContender = (typeof STREAMING_CONTENDERS)[number] | 'prototype' | 'ceiling';

const EXTRA_LABELS = {
  prototype: 'prototype: hand-written frame → part mapping (not shipped)',
  ceiling: 'pre-built parts into streamText (ceiling)',
} as const;

/** Events the emulator sends around the deltas of a one-message response (created … completed). */
const FRAMING_EVENTS = 8;

export interface StreamingRun {
  readonly wallMs: number;
  readonly cpuMicros: number;
}

export interface StreamingSummary {
  readonly contender: StreamingContender;
  readonly label: string;
  readonly tokens: number;
  /** Server events per response: the deltas plus the framing events (none for the ceiling). */
  readonly events: number;
  readonly repetitions: number;
  readonly eventsPerSecond: number;
  readonly cpuMicrosPerEvent: number;
  readonly cpuOverWall: number;
  readonly runs: readonly StreamingRun[];
}

async function readText(model: LanguageModelV3, expected: string, label: string): Promise<StreamingRun> {
  const before = process.cpuUsage();
  const start = performance.now();
  const result = streamText({ model, prompt: 'Write it all out.' });
  let length = 0;
  for await (const text of result.textStream) length += text.length;
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(before);
  if (length !== expected.length)
    throw new Error(`streaming ${label}: read ${length} characters, expected ${expected.length}`);
  return { wallMs, cpuMicros: cpu.user + cpu.system };
}

/**
 * A model whose stream is the answer as pre-built text deltas: the AI SDK's pipeline alone. One part per
 * pull, as a reader asks for them: a stream that queued all 20,000 at once would pay for the long queue,
 * which no real model has, and stop being a ceiling.
 */
function ceilingModel(text: string): LanguageModelV3 {
  const pieces = text.match(/[\s\S]{1,4}/g) ?? [];
  const parts = (): LanguageModelV3StreamPart[] => [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    ...pieces.map((delta) => ({ type: 'text-delta' as const, id: 't', delta })),
    { type: 'text-end', id: 't' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: pieces.length, text: pieces.length, reasoning: 0 },
      },
    },
  ];
  return {
    specificationVersion: 'v3',
    provider: 'bench.ceiling',
    modelId: 'ceiling',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('not used')),
    doStream: async () => {
      const queue = parts();
      let next = 0;
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          pull(controller) {
            if (next < queue.length) controller.enqueue(queue[next++]!);
            else controller.close();
          },
        }),
      };
    },
  };
}

export async function runStreamingBenchmark(
  emulator: RemoteEmulator,
  options: { tokens: number; repetitions: number },
): Promise<StreamingSummary[]> {
  const expected = streamingAnswer(options.tokens);
  await emulator.setTiming({});
  const runs = new Map<StreamingContender, StreamingRun[]>();
  const contenders: StreamingContender[] = [...STREAMING_CONTENDERS, 'prototype', 'ceiling'];
  const once = async (id: StreamingContender) => {
    if (id === 'ceiling') return readText(ceilingModel(expected), expected, id);
    await emulator.startRun(1, { answerTokens: options.tokens });
    if (id === 'prototype') return readText(fastPathPrototypeModel(emulator, API_KEY), expected, id);
    const contender = createContender(id, emulator);
    try {
      return await readText(contender.model, expected, id);
    } finally {
      await contender.close();
    }
  };
  // One discarded response per contender warms the JIT and the module caches.
  for (const id of contenders) await once(id);
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    for (const id of contenders) runs.set(id, [...(runs.get(id) ?? []), await once(id)]);
  }
  return contenders.map((id) => {
    const list = runs.get(id)!;
    const events = options.tokens + (id === 'ceiling' ? 0 : FRAMING_EVENTS);
    const wallMs = median(list.map((run) => run.wallMs));
    const cpuMicros = median(list.map((run) => run.cpuMicros));
    return {
      contender: id,
      label: id === 'ceiling' || id === 'prototype' ? EXTRA_LABELS[id] : CONTENDER_LABELS[id],
      tokens: options.tokens,
      events,
      repetitions: list.length,
      eventsPerSecond: events / (wallMs / 1000),
      cpuMicrosPerEvent: cpuMicros / events,
      cpuOverWall: cpuMicros / 1000 / wallMs,
      runs: list,
    };
  });
}

/**
 * The median over repetitions of `measure(a) / measure(b)` within each repetition, with its range. The
 * contenders of one repetition run back to back, so what drifts on a shared machine over the whole run
 * (other processes, clock speed) moves both sides of each ratio alike; medians of each side taken
 * separately would carry that drift into their ratio.
 */
export function pairedRatio(
  a: StreamingSummary,
  b: StreamingSummary,
  measure: (run: StreamingRun) => number,
): { readonly median: number; readonly min: number; readonly max: number } {
  const ratios = a.runs.map((run, index) => measure(run) / measure(b.runs[index]!));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
