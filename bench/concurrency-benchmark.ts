/**
 * The concurrency benchmark: conversations at once × model latency × tool time, every contender in every
 * cell, contenders alternating within a cell (HTTP, ws, lanes, HTTP, ws, lanes, … when repeated) so that
 * drift on the machine hits them all. Each run has its own emulator and client processes (concurrency-cell.ts).
 */
import { type CellSpec, type ConcurrencyRun, runContender } from './concurrency-cell';
import { CONCURRENCY_CONTENDERS, type ConcurrencyContenderId } from './concurrency-contenders';
import { type ConcurrencyCellResult, summariseCell } from './concurrency-summary';

export interface ConcurrencyPlan {
  readonly sizes: readonly number[];
  readonly modelLatenciesMs: readonly number[];
  readonly toolMs: readonly number[];
  readonly repetitions: number;
  /**
   * Cells with no model latency and no tool time up to this many conversations are over in well under a
   * second, where one repetition is mostly noise: they run `repetitions` times instead.
   */
  readonly instantCells?: { readonly upToConversations: number; readonly repetitions: number };
  /** Cells of the matrix left out (to keep the run short); the report lists them. */
  readonly skip?: readonly CellSpec[];
  /** Steps per conversation: `steps − 1` tool calls, then the answer. */
  readonly steps: number;
  /** A run whose client has not reported after this long counts as timed out (all its conversations failed). */
  readonly timeoutMs: number;
}

export interface ConcurrencyResult {
  readonly plan: ConcurrencyPlan;
  readonly cells: readonly ConcurrencyCellResult[];
  readonly wallSeconds: number;
}

/** Every contender in one cell, alternating, `repetitions` times. */
export async function runCell(
  spec: CellSpec,
  options: {
    steps: number;
    repetitions: number;
    timeoutMs: number;
    contenders?: readonly ConcurrencyContenderId[];
    clientExecArgv?: readonly string[];
    emulatorExecArgv?: readonly string[];
    /** Called after each run (to log it). */
    onRun?: (spec: CellSpec, run: ConcurrencyRun) => void;
  },
): Promise<ConcurrencyCellResult> {
  const runs: ConcurrencyRun[] = [];
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    for (const contender of options.contenders ?? CONCURRENCY_CONTENDERS) {
      const run = await runContender(spec, contender, repetition, options);
      runs.push(run);
      options.onRun?.(spec, run);
    }
  }
  return summariseCell(spec, runs, options.steps);
}

export function isSkipped(plan: ConcurrencyPlan, spec: CellSpec): boolean {
  return (plan.skip ?? []).some(
    (cell) =>
      cell.conversations === spec.conversations &&
      cell.modelLatencyMs === spec.modelLatencyMs &&
      cell.toolMs === spec.toolMs,
  );
}

export function repetitionsFor(plan: ConcurrencyPlan, spec: CellSpec): number {
  const instant = plan.instantCells;
  return instant !== undefined &&
    spec.modelLatencyMs === 0 &&
    spec.toolMs === 0 &&
    spec.conversations <= instant.upToConversations
    ? Math.max(plan.repetitions, instant.repetitions)
    : plan.repetitions;
}

export async function runConcurrencyBenchmark(
  plan: ConcurrencyPlan,
  onRun?: (spec: CellSpec, run: ConcurrencyRun) => void,
): Promise<ConcurrencyResult> {
  const started = performance.now();
  const cells: ConcurrencyCellResult[] = [];
  for (const conversations of plan.sizes) {
    for (const modelLatencyMs of plan.modelLatenciesMs) {
      for (const toolMs of plan.toolMs) {
        const spec = { conversations, modelLatencyMs, toolMs };
        if (isSkipped(plan, spec)) continue;
        cells.push(await runCell(spec, { ...plan, repetitions: repetitionsFor(plan, spec), onRun }));
      }
    }
  }
  return { plan, cells, wallSeconds: Math.round((performance.now() - started) / 1000) };
}
