/** One cell's runs folded into one row per contender, with ratios against HTTP from the same repetition. */
import type { CellSpec, ConcurrencyRun } from './concurrency-cell';
import {
  CONCURRENCY_CONTENDER_LABELS,
  CONCURRENCY_CONTENDERS,
  type ConcurrencyContenderId,
} from './concurrency-contenders';
import { median, sum } from './stats';

export interface ConcurrencyContenderSummary {
  readonly contender: ConcurrencyContenderId;
  readonly label: string;
  /** Repetitions that reported; the others timed out or crashed (`failures`). */
  readonly runs: number;
  readonly failures: readonly string[];
  /** Medians over the repetitions that reported; `null` when none did. */
  readonly wallMs: number | null;
  readonly cpuMs: number | null;
  /** Median over repetitions of this contender's figure / HTTP's in the same repetition; `null` for HTTP. */
  readonly wallVsHttp: number | null;
  readonly cpuVsHttp: number | null;
  /** Most WebSocket connections open at once at the emulator (max over repetitions). */
  readonly peakWsSockets: number | null;
  /** Most HTTP connections open at once, when the emulator records it; else `null` (n/a). */
  readonly peakHttpSockets: number | null;
  /** Follow-up steps (all but each conversation's first) the client saw continued, of those expected. */
  readonly continuedShare: number | null;
  /** Requests served from a socket's cache at the emulator, of the follow-up steps expected. */
  readonly cacheHitShare: number | null;
  /** wsOpenAI steps that went over HTTP (all repetitions). */
  readonly stepsOverHttp: number | null;
  readonly peakRssBytes: number | null;
  readonly eventLoopDelayP99Ms: number | null;
  /** Conversations that failed, over all repetitions (a timed-out run counts all of its conversations). */
  readonly errors: number;
  readonly errorSamples: readonly string[];
  /** Requests the emulator did not complete (all repetitions). */
  readonly requestsNotCompleted: number;
  /** Emulator CPU / client wall time (median): near 1, the emulator, not the client, set the pace. */
  readonly emulatorCpuShare: number | null;
}

export interface ConcurrencyCellResult extends CellSpec {
  readonly contenders: readonly ConcurrencyContenderSummary[];
  readonly runs: readonly ConcurrencyRun[];
}

const medianOrNull = (values: readonly number[]) => (values.length === 0 ? null : median(values));
const maxOrNull = (values: readonly (number | null)[]) => {
  const present = values.filter(
    (value): value is number => typeof value === 'number' && !Number.isNaN(value),
  );
  return present.length === 0 ? null : Math.max(...present);
};

function pairedRatios(
  runs: readonly ConcurrencyRun[],
  contender: ConcurrencyContenderId,
  figure: (run: ConcurrencyRun) => number | undefined,
): number | null {
  const ratios: number[] = [];
  for (const run of runs) {
    if (run.contender !== contender || run.client === null) continue;
    const http = runs.find((r) => r.contender === 'http' && r.repetition === run.repetition);
    const mine = figure(run);
    const reference = http === undefined ? undefined : figure(http);
    if (mine !== undefined && reference !== undefined && reference > 0) ratios.push(mine / reference);
  }
  return medianOrNull(ratios);
}

export function summariseCell(
  spec: CellSpec,
  runs: readonly ConcurrencyRun[],
  steps: number,
): ConcurrencyCellResult {
  const contenders: ConcurrencyContenderSummary[] = [];
  for (const id of CONCURRENCY_CONTENDERS) {
    const mine = runs.filter((run) => run.contender === id);
    if (mine.length === 0) continue;
    const reported = mine.flatMap((run) => (run.client === null ? [] : [run.client]));
    const expectedFollowUps = mine.length * spec.conversations * (steps - 1);
    const isHttp = id === 'http';
    contenders.push({
      contender: id,
      label: CONCURRENCY_CONTENDER_LABELS[id],
      runs: reported.length,
      failures: mine.flatMap((run) => (run.failure === undefined ? [] : [run.failure])),
      wallMs: medianOrNull(reported.map((c) => c.wallMs)),
      cpuMs: medianOrNull(reported.map((c) => c.cpuMs)),
      wallVsHttp: isHttp ? null : pairedRatios(runs, id, (run) => run.client?.wallMs),
      cpuVsHttp: isHttp ? null : pairedRatios(runs, id, (run) => run.client?.cpuMs),
      peakWsSockets: maxOrNull(mine.map((run) => run.emulator?.peakWsConnections ?? null)),
      peakHttpSockets: maxOrNull(mine.map((run) => run.emulator?.peakHttpConnections ?? null)),
      continuedShare: isHttp ? null : sum(reported.map((c) => c.continuedSteps ?? 0)) / expectedFollowUps,
      cacheHitShare: isHttp ? null : sum(mine.map((run) => run.emulator?.cacheHits ?? 0)) / expectedFollowUps,
      stepsOverHttp: isHttp ? null : sum(reported.map((c) => c.stepsOverHttp ?? 0)),
      peakRssBytes: maxOrNull(reported.map((c) => c.peakRssBytes)),
      eventLoopDelayP99Ms: medianOrNull(reported.map((c) => c.eventLoopDelayMs.p99)),
      errors: sum(mine.map((run) => (run.client === null ? spec.conversations : run.client.errors))),
      errorSamples: [...new Set(reported.flatMap((c) => c.errorSamples))].slice(0, 3),
      requestsNotCompleted: sum(mine.map((run) => run.emulator?.notCompleted ?? 0)),
      emulatorCpuShare: medianOrNull(
        mine.flatMap((run) =>
          run.client === null || run.emulator === null ? [] : [run.emulator.cpuMs / run.client.wallMs],
        ),
      ),
    });
  }
  return { ...spec, contenders, runs };
}
