/**
 * How much of the end-to-end gain is the emulator's cost model: `agent-N` run by @ai-sdk/openai over HTTP
 * and by wsOpenAI (incremental) alternately, for every server cost per KiB of uncached input × tool output
 * size. Everything else is the main scenario's (model timing, round trip, the fixed cost per request), so
 * the one cell nearest the default settings can be read against the main table.
 */
import { runConversation } from './agent-run';
import type { ContenderId } from './contenders';
import type { EmulatorTiming, RemoteEmulator } from './emulator-client';
import { median, sum } from './stats';

export const SENSITIVITY_CONTENDERS = ['http', 'ws-incremental'] as const satisfies readonly ContenderId[];

export interface SensitivityCell {
  readonly costPerKiBMs: number;
  readonly toolOutputBytes: number;
  /** Medians over repetitions, ms. */
  readonly httpMs: number;
  readonly wsMs: number;
  /** HTTP time / wsOpenAI time: 1.41 reads as the published demo's 20.2 s → 14.3 s. */
  readonly speedup: number;
  /** 1 − ws / HTTP. */
  readonly timeSaved: number;
  readonly httpBytes: number;
  readonly wsBytes: number;
  readonly runs: { readonly http: number[]; readonly ws: number[] };
}

export interface SensitivityResult {
  readonly steps: number;
  readonly rttMs: number;
  readonly repetitions: number;
  readonly perRequestMs: number;
  readonly cells: readonly SensitivityCell[];
}

export async function runSensitivity(
  emulator: RemoteEmulator,
  options: {
    steps: number;
    rttMs: number;
    repetitions: number;
    costsPerKiBMs: readonly number[];
    toolOutputBytes: readonly number[];
    timing: (costPerKiBMs: number) => EmulatorTiming;
    perRequestMs: number;
    log?: (line: string) => void;
  },
): Promise<SensitivityResult> {
  const cells: SensitivityCell[] = [];
  for (const toolOutputBytes of options.toolOutputBytes) {
    for (const costPerKiBMs of options.costsPerKiBMs) {
      await emulator.setTiming(options.timing(costPerKiBMs));
      const times = { http: [] as number[], 'ws-incremental': [] as number[] };
      const bytes = { http: [] as number[], 'ws-incremental': [] as number[] };
      for (let repetition = 0; repetition < options.repetitions; repetition++) {
        for (const contender of SENSITIVITY_CONTENDERS) {
          await emulator.startRun(options.steps);
          const result = await runConversation(contender, emulator, options.steps, toolOutputBytes);
          const metrics = await emulator.metrics();
          times[contender].push(result.endToEndMs);
          bytes[contender].push(sum(metrics.requests.map((request) => request.bytes)));
        }
      }
      const httpMs = median(times.http);
      const wsMs = median(times['ws-incremental']);
      cells.push({
        costPerKiBMs,
        toolOutputBytes,
        httpMs,
        wsMs,
        speedup: httpMs / wsMs,
        timeSaved: 1 - wsMs / httpMs,
        httpBytes: median(bytes.http),
        wsBytes: median(bytes['ws-incremental']),
        runs: { http: times.http, ws: times['ws-incremental'] },
      });
      options.log?.(
        `  sensitivity ${costPerKiBMs} ms/KiB × ${toolOutputBytes} B: HTTP ${(httpMs / 1000).toFixed(2)} s, ` +
          `ws ${(wsMs / 1000).toFixed(2)} s (${(httpMs / wsMs).toFixed(2)}×)`,
      );
    }
  }
  return {
    steps: options.steps,
    rttMs: options.rttMs,
    repetitions: options.repetitions,
    perRequestMs: options.perRequestMs,
    cells,
  };
}
