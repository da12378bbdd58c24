/**
 * Provider CPU per step against history length. A conversation of `steps` steps is driven by calling the
 * model's `doStream` directly (no `streamText`, so only the provider runs), each tool output ~10 KB, so the
 * history reaches ~1 MB at step 100. The emulator runs in its own process with its timing off, so the
 * client process is idle while the server works: `process.cpuUsage()` (user + system) taken just before
 * `doStream` and after the step's stream is fully read is the CPU the client spent on that step —
 * converting the prompt, serialising the body, the transport's planning and sending, receiving and mapping
 * the events, and any garbage collection that falls inside the step. Building the next prompt (appending two
 * messages) happens outside the measured window.
 */
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { CONTENDER_LABELS, createContender } from './contenders';
import type { RemoteEmulator } from './emulator-client';
import { appendToolStep } from './prompt-steps';
import { functionTools, SYSTEM_PROMPT, seededText, USER_PROMPT } from './scenario';
import { median } from './stats';

/**
 * `ws-digests` is wsOpenAI with every step coming later than `chainAffinityMs` after the previous response
 * (as after a tool that runs longer than that, 1 s by default): the socket then keeps one digest per item,
 * and each step digests its own history to compare. Set here with `chainAffinityMs: 0` (digests at once),
 * so the benchmark need not wait.
 */
export const CPU_CONTENDERS = ['http', 'ws-incremental', 'ws-digests'] as const;
export type CpuContenderId = (typeof CPU_CONTENDERS)[number];

export const CPU_CONTENDER_LABELS: Record<CpuContenderId, string> = {
  http: CONTENDER_LABELS.http,
  'ws-incremental': `${CONTENDER_LABELS['ws-incremental']}, steps within chainAffinityMs`,
  'ws-digests': `${CONTENDER_LABELS['ws-incremental']}, steps after chainAffinityMs (digests)`,
};

export interface CpuRun {
  readonly contender: CpuContenderId;
  /** CPU µs per step, index 0 = step 1. */
  readonly cpuMicros: number[];
  /** Garbage-collection pauses within each step's window, µs (V8's `gc` performance entries). */
  readonly gcMicros: number[];
  /** Bytes of the history (tool outputs and calls) in the prompt at each step. */
  readonly historyBytes: number[];
}

export async function runCpuConversation(
  emulator: RemoteEmulator,
  contenderId: CpuContenderId,
  steps: number,
  toolOutputBytes: number,
): Promise<CpuRun> {
  // One more than measured, so every measured step is a tool-calling step (the answer step never comes).
  await emulator.startRun(steps + 1);
  const contender =
    contenderId === 'ws-digests'
      ? createContender('ws-incremental', emulator, { chainAffinityMs: 0 })
      : createContender(contenderId, emulator);
  const tools = functionTools();
  const prompt: LanguageModelV3Prompt = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: [{ type: 'text', text: USER_PROMPT }] },
  ];
  const cpuMicros: number[] = [];
  const historyBytes: number[] = [];
  const stepWindows: Array<[number, number]> = [];
  const pauses: Array<{ startTime: number; duration: number }> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push({ startTime: entry.startTime, duration: entry.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let history = 0;
  try {
    for (let step = 1; step <= steps; step++) {
      historyBytes.push(history);
      const calls: Array<{ toolCallId: string; toolName: string; input: string }> = [];
      const startedAt = performance.now();
      const before = process.cpuUsage();
      const { stream } = await contender.model.doStream({
        prompt,
        tools,
        toolChoice: { type: 'auto' },
        providerOptions: { openai: { store: false } },
      });
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.type === 'error')
          throw new Error(`${contenderId} step ${step}: ${JSON.stringify(value.error)}`);
        if (value.type === 'tool-call') calls.push(value);
      }
      const used = process.cpuUsage(before);
      cpuMicros.push(used.user + used.system);
      stepWindows.push([startedAt, performance.now()]);

      if (calls.length !== 1)
        throw new Error(`${contenderId} step ${step}: expected one tool call, got ${calls.length}`);
      if (step === steps) break;
      const call = calls[0]!;
      const output = seededText(5000 + step, toolOutputBytes);
      history += call.input.length + output.length;
      appendToolStep(prompt, call, output);
    }
  } finally {
    await contender.close();
    // GC entries are delivered in a later task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gcObserver.disconnect();
  }
  const gcMicros = stepWindows.map(([from, to]) =>
    Math.round(
      pauses
        .filter((pause) => pause.startTime >= from && pause.startTime < to)
        .reduce((sum, pause) => sum + pause.duration * 1000, 0),
    ),
  );
  return { contender: contenderId, cpuMicros, gcMicros, historyBytes };
}

export interface CpuSummary {
  readonly contender: CpuContenderId;
  readonly steps: number;
  readonly repetitions: number;
  readonly toolOutputBytes: number;
  readonly historyBytesAtLastStep: number;
  /** Median over repetitions of each step's CPU, µs. */
  readonly medianCpuMicrosPerStep: number[];
  readonly step1Micros: number;
  readonly lastStepMicros: number;
  /** Median of steps 1–5 and of the last five steps: less noisy than single steps. */
  readonly firstWindowMicros: number;
  readonly lastWindowMicros: number;
  readonly lastOverFirst: number;
  /** Five-step windows ending at a quarter, half and all of the steps (and steps 1–5): CPU vs history. */
  readonly windows: readonly CpuWindow[];
}

export interface CpuWindow {
  readonly fromStep: number;
  readonly toStep: number;
  /** History in the prompt at the window's last step. */
  readonly historyBytes: number;
  /** Median CPU per step over the window, µs. */
  readonly micros: number;
  /** Mean garbage-collection pause time per step over the window (and repetitions), µs: GC lands in few steps. */
  readonly gcMicros: number;
}

export function summariseCpu(runs: readonly CpuRun[], toolOutputBytes: number): CpuSummary[] {
  const byContender = new Map<CpuContenderId, CpuRun[]>();
  for (const run of runs) byContender.set(run.contender, [...(byContender.get(run.contender) ?? []), run]);
  return [...byContender].map(([contender, list]) => {
    const steps = list[0]!.cpuMicros.length;
    const perStep = Array.from({ length: steps }, (_, i) => median(list.map((run) => run.cpuMicros[i]!)));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const gcPerStep = Array.from({ length: steps }, (_, i) => mean(list.map((run) => run.gcMicros[i]!)));
    const window = 5;
    const firstWindowMicros = median(perStep.slice(0, window));
    const lastWindowMicros = median(perStep.slice(-window));
    const ends = [...new Set([window, Math.round(steps / 4), Math.round(steps / 2), steps])]
      .filter((end) => end >= window && end <= steps)
      .sort((a, b) => a - b);
    const windows = ends.map((end) => ({
      fromStep: end - window + 1,
      toStep: end,
      historyBytes: list[0]!.historyBytes[end - 1]!,
      micros: median(perStep.slice(end - window, end)),
      gcMicros: mean(gcPerStep.slice(end - window, end)),
    }));
    return {
      contender,
      steps,
      repetitions: list.length,
      toolOutputBytes,
      historyBytesAtLastStep: list[0]!.historyBytes.at(-1)!,
      medianCpuMicrosPerStep: perStep.map(Math.round),
      step1Micros: perStep[0]!,
      lastStepMicros: perStep.at(-1)!,
      firstWindowMicros,
      lastWindowMicros,
      lastOverFirst: lastWindowMicros / firstWindowMicros,
      windows,
    };
  });
}
