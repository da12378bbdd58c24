/** The results object every report is made from (bench/results/latest.json), and lookups into it. */
import type { ConcurrencyResult } from '../concurrency-benchmark';
import type { ContenderId } from '../contenders';
import type { BreakdownRow } from '../micro-breakdown';
import type { CpuSummary } from '../micro-cpu';
import type { MappingResult } from '../micro-mapping';
import type { MemorySummary } from '../micro-memory';
import type { StreamingSummary } from '../micro-streaming';
import type { ContenderSummary, ScenarioResult } from '../scenario-run';
import type { SensitivityResult } from '../sensitivity';

/** One target's verdict, as the Targets table and the console show it. */
export interface Target {
  readonly id: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** Margin to the goal, in the goal's own unit ("+12 points", "0.4× short", …). */
  readonly margin: string;
  readonly why: string;
}

export interface BenchResults {
  meta: {
    mode: 'quick' | 'full';
    date: string;
    machine: { nproc: number; cpuModel: string; node: string; platform: string; totalMemoryGiB: number };
    durationSeconds: number;
    /** `os.loadavg()` (1, 5, 15 min) when the run started and ended: other work on the machine. */
    loadAverage?: { start: number[]; end: number[] };
    settings: Record<string, unknown>;
  };
  main: ScenarioResult;
  stepsSweep: ScenarioResult[];
  rttSweep: ScenarioResult[];
  cpu: CpuSummary[];
  breakdown: BreakdownRow[];
  mapping: MappingResult[];
  streaming: StreamingSummary[];
  memory: MemorySummary[];
  sensitivity: SensitivityResult;
  /** Many conversations at once (absent from runs before this benchmark). */
  concurrency?: ConcurrencyResult;
  targets: Target[];
}

export function contender(scenario: ScenarioResult, id: ContenderId): ContenderSummary {
  return scenario.contenders.find((c) => c.contender === id)!;
}
