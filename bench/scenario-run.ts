/**
 * One scenario (steps × round trip): the four contenders run alternately (ABCD ABCD …) against the one
 * emulator, `repetitions` times, and the figures are summarised per contender.
 */
import { runConversation } from './agent-run';
import { CONTENDER_LABELS, CONTENDERS, type ContenderId } from './contenders';
import type { EmulatorMetrics, EmulatorTiming, RemoteEmulator } from './emulator-client';
import { median, type Spread, spread, sum } from './stats';

export interface RunRecord {
  readonly endToEndMs: number;
  readonly ttfbMs: readonly number[];
  readonly stepMs: readonly number[];
  readonly outputTokens: readonly number[];
  readonly bytes: readonly number[];
  readonly minimalBytes: readonly number[];
  readonly upgrades: number;
  readonly connections: number;
  readonly transports: readonly string[];
  readonly cacheHits: number;
  readonly continuedSteps: number;
}

export interface ContenderSummary {
  readonly contender: ContenderId;
  readonly label: string;
  readonly endToEndMs: Spread;
  readonly ttfbMs: {
    /** Pooled over every step of every repetition. */
    readonly all: { readonly median: number; readonly p90: number };
    /** Steps 2..n only: step 1 carries the connection setup. */
    readonly afterFirst: { readonly median: number; readonly p90: number };
    readonly first: { readonly median: number; readonly p90: number };
  };
  readonly bytes: {
    /** Client → server bytes of the whole conversation, as the emulator received them (median of runs). */
    readonly total: number;
    readonly perStep: number;
    readonly firstRequest: number;
    readonly lastRequest: number;
    readonly overMinimal: number;
  };
  readonly handshakes: { readonly upgrades: number; readonly connections: number };
  readonly requests: { readonly ws: number; readonly http: number };
  readonly cacheHits: number;
  readonly continuedSteps: number;
  readonly vsHttp: number;
  readonly vsShim: number;
  readonly vsIdeal: number;
  readonly runs: readonly RunRecord[];
}

export interface ScenarioResult {
  readonly name: string;
  readonly steps: number;
  readonly rttMs: number;
  readonly repetitions: number;
  readonly timing: EmulatorTiming;
  /** Σ over steps of (time to first token + output tokens / rate): the model's own time. */
  readonly modelMs: number;
  /** modelMs + one round trip per step. */
  readonly idealMs: number;
  /** Σ over requests of the smallest frame that carries them (see emulator-host.ts). */
  readonly minimalBytes: number;
  readonly outputTokensPerStep: number;
  readonly contenders: readonly ContenderSummary[];
  readonly wallSeconds: number;
}

function recordFrom(
  result: Awaited<ReturnType<typeof runConversation>>,
  metrics: EmulatorMetrics,
  steps: number,
  contender: ContenderId,
): RunRecord {
  if (metrics.requests.length !== steps) {
    throw new Error(`${contender}: the emulator saw ${metrics.requests.length} requests for ${steps} steps`);
  }
  const failed = metrics.requests.filter((request) => request.outcome !== 'completed');
  if (failed.length > 0) throw new Error(`${contender}: ${failed.length} requests did not complete`);
  return {
    endToEndMs: result.endToEndMs,
    ttfbMs: result.steps.map((step) => step.ttfbMs),
    stepMs: result.steps.map((step) => step.durationMs),
    outputTokens: result.outputTokens,
    bytes: metrics.requests.map((request) => request.bytes),
    minimalBytes: metrics.requests.map((request) => request.minimalBytes),
    upgrades: metrics.upgrades,
    connections: metrics.connections,
    transports: metrics.requests.map((request) => request.transport),
    cacheHits: metrics.requests.filter((request) => request.cacheHit === true).length,
    continuedSteps: result.stepMetadata.filter((metadata) => metadata?.continued === true).length,
  };
}

export async function runScenario(
  emulator: RemoteEmulator,
  options: {
    name: string;
    steps: number;
    rttMs: number;
    repetitions: number;
    timing: EmulatorTiming;
    log?: (line: string) => void;
  },
): Promise<ScenarioResult> {
  const started = performance.now();
  await emulator.setTiming(options.timing);
  const runs = new Map<ContenderId, RunRecord[]>(CONTENDERS.map((id) => [id, []]));
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    for (const contender of CONTENDERS) {
      await emulator.startRun(options.steps);
      const result = await runConversation(contender, emulator, options.steps);
      const record = recordFrom(result, await emulator.metrics(), options.steps, contender);
      runs.get(contender)!.push(record);
      options.log?.(
        `  ${options.name} rep ${repetition + 1}/${options.repetitions} ${contender.padEnd(14)} ` +
          `${(record.endToEndMs / 1000).toFixed(2)} s  ${(sum(record.bytes) / 1024).toFixed(0)} KiB`,
      );
    }
  }

  const all = [...runs.values()].flat();
  const tokens = all[0]!.outputTokens;
  const ttft = options.timing.timeToFirstTokenMs ?? 0;
  const rate = options.timing.outputTokensPerSecond ?? Number.POSITIVE_INFINITY;
  const modelMs = sum(tokens.map((count) => ttft + (count / rate) * 1000));
  const idealMs = modelMs + options.steps * options.rttMs;
  const minimalBytes = median(all.map((run) => sum(run.minimalBytes)));

  const e2e = (id: ContenderId) => median(runs.get(id)!.map((run) => run.endToEndMs));
  const contenders = CONTENDERS.map((id): ContenderSummary => {
    const list = runs.get(id)!;
    const ttfbAll = list.flatMap((run) => run.ttfbMs);
    const ttfbAfterFirst = list.flatMap((run) => run.ttfbMs.slice(1));
    const ttfbFirst = list.map((run) => run.ttfbMs[0]!);
    const totals = list.map((run) => sum(run.bytes));
    const total = median(totals);
    const endToEndMs = spread(list.map((run) => run.endToEndMs));
    return {
      contender: id,
      label: CONTENDER_LABELS[id],
      endToEndMs,
      ttfbMs: {
        all: { median: median(ttfbAll), p90: spread(ttfbAll).p90 },
        afterFirst: { median: median(ttfbAfterFirst), p90: spread(ttfbAfterFirst).p90 },
        first: { median: median(ttfbFirst), p90: spread(ttfbFirst).p90 },
      },
      bytes: {
        total,
        perStep: total / options.steps,
        firstRequest: median(list.map((run) => run.bytes[0]!)),
        lastRequest: median(list.map((run) => run.bytes.at(-1)!)),
        overMinimal: total / minimalBytes,
      },
      handshakes: {
        upgrades: median(list.map((run) => run.upgrades)),
        connections: median(list.map((run) => run.connections)),
      },
      requests: {
        ws: median(list.map((run) => run.transports.filter((t) => t === 'ws').length)),
        http: median(list.map((run) => run.transports.filter((t) => t === 'http').length)),
      },
      cacheHits: median(list.map((run) => run.cacheHits)),
      continuedSteps: median(list.map((run) => run.continuedSteps)),
      vsHttp: endToEndMs.median / e2e('http'),
      vsShim: endToEndMs.median / e2e('shim'),
      vsIdeal: endToEndMs.median / idealMs,
      runs: list,
    };
  });

  return {
    name: options.name,
    steps: options.steps,
    rttMs: options.rttMs,
    repetitions: options.repetitions,
    timing: options.timing,
    modelMs,
    idealMs,
    minimalBytes,
    outputTokensPerStep: median([...tokens]),
    contenders,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
