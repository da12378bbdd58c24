/**
 * `--compare`: the same task over WebSocket and over HTTP, each warmed up first (connection, caches, JIT),
 * then alternated, so neither side pays for starting up and drift over time hits both alike. Fewer bytes
 * save time only where the server charges for them, so it first says which server model the times come
 * from, and what difference that model predicts, or why there is none to predict.
 */
import type { TimingOptions } from '../../src/testing';
import type { StepProbe } from './step-probe';
import { formatTable, type StepRow } from './step-table';
import { chargesServerCost, describeTimingModel } from './timing-model';

const ROUNDS = 5;

interface Run {
  rows: StepRow[];
  totalMs: number;
  /** Server cost the emulator charged for this run's requests (ms), when it is the embedded one. */
  serverCostMs?: number;
}

/** Where the times come from: the embedded emulator, whose model the demo set, or a host it knows nothing of. */
export type TimeSource =
  | {
      kind: 'embedded-emulator';
      timing: TimingOptions;
      /** The server cost the emulator has charged so far, over all requests (ms). */
      serverCostCharged: () => number;
    }
  | { kind: 'host'; name: string };

export async function compareTransports<M>(options: {
  websocket: (probes: StepProbe[]) => M;
  http: (probes: StepProbe[]) => M;
  run: (model: M, probes: StepProbe[]) => Promise<Run>;
  source: TimeSource;
}): Promise<void> {
  const { source } = options;
  const costModel = source.kind === 'embedded-emulator' && chargesServerCost(source.timing);
  console.log(`\nCompare: one warm-up run on each transport, then ${ROUNDS} runs each, alternating.`);
  if (source.kind === 'embedded-emulator') {
    console.log(
      costModel
        ? "The embedded emulator's timing model (the benchmark's, bench/run.ts; not OpenAI's numbers):"
        : 'The embedded emulator, without a server-cost model (--no-server-cost):',
    );
    console.log(describeTimingModel(source.timing).join('\n'));
  }
  const runs: Record<'websocket' | 'http', Run[]> = { websocket: [], http: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const transport of ['websocket', 'http'] as const) {
      const probes: StepProbe[] = [];
      const chargedBefore = source.kind === 'embedded-emulator' ? source.serverCostCharged() : 0;
      const run = await options.run(options[transport](probes), probes);
      if (source.kind === 'embedded-emulator') run.serverCostMs = source.serverCostCharged() - chargedBefore;
      if (round > 0) runs[transport].push(run);
    }
  }
  const summary = (list: Run[]) => {
    const laterFirstBytes = list.flatMap((run) => run.rows.slice(1).map((row) => row.firstByteMs ?? 0));
    return {
      steps: median(list.map((run) => run.rows.length)),
      bytes: median(list.map((run) => run.rows.reduce((total, row) => total + row.bytesSent, 0))),
      serverCost: median(list.map((run) => run.serverCostMs ?? 0)),
      firstStep: median(list.map((run) => run.rows[0]?.firstByteMs ?? 0)),
      laterSteps: median(laterFirstBytes),
      total: median(list.map((run) => run.totalMs)),
    };
  };
  const ws = summary(runs.websocket);
  const http = summary(runs.http);
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;
  const signed = (n: number, unit: (n: number) => string) =>
    Math.round(n) === 0 ? unit(0) : `${n < 0 ? '−' : '+'}${unit(Math.abs(n))}`;
  const row = (label: string, a: number, b: number, unit: (n: number) => string) => [
    label,
    unit(a),
    unit(b),
    // From the rounded figures, so the column is the difference of the two cells beside it.
    signed(Math.round(a) - Math.round(b), unit),
  ];
  const table = formatTable(
    [`median of ${ROUNDS} warm runs`, 'WebSocket', 'HTTP', 'WebSocket − HTTP'],
    [
      row('steps', ws.steps, http.steps, String),
      row('bytes sent', ws.bytes, http.bytes, bytes),
      ...(costModel ? [row('server cost charged', ws.serverCost, http.serverCost, ms)] : []),
      row('first byte, step 1', ws.firstStep, http.firstStep, ms),
      row('first byte, later steps', ws.laterSteps, http.laterSteps, ms),
      row('whole run', ws.total, http.total, ms),
    ],
  );
  console.log(`\n${table}\n`);

  // Each round ran both transports back to back: how far its two runs differ is this machine's noise.
  const differences = runs.http.map((run, index) => run.totalMs - (runs.websocket[index]?.totalMs ?? 0));
  const sooner = (n: number) =>
    Math.round(n) === 0 ? '0 ms apart' : n > 0 ? `${ms(n)} sooner` : `${ms(-n)} later`;
  const measured =
    `Measured: ${sooner(Math.round(http.total) - Math.round(ws.total))} (the whole run above); the ${ROUNDS} ` +
    `alternated pairs ranged from ${sooner(Math.min(...differences))} to ${sooner(Math.max(...differences))}.`;
  if (costModel) {
    console.log(
      [
        'Under this model the WebSocket run should finish ' +
          `${sooner(Math.round(http.serverCost) - Math.round(ws.serverCost))}: ` +
          'the server cost of the history HTTP re-sends.',
        measured,
        'The rest of a run (round trips, the time to first token, the answer) is the same for both under this',
        'model, so the gap is small over a few steps and grows with every step, as the re-sent history does',
        '(30 steps: bench/RESULTS.md).',
      ].join('\n'),
    );
  } else if (source.kind === 'host') {
    console.log(
      [
        `No time difference to expect from this comparison: ${source.name} is not the embedded emulator,`,
        'so what it charges per request and per uncached KiB, and its round trip, are unknown here.',
        'The bytes saved are shown above; what they save in time depends on the host.',
        measured,
      ].join('\n'),
    );
  } else {
    console.log(
      [
        'No time difference to expect from the bytes saved: this emulator charges no server cost, so the',
        'history HTTP re-sends costs it no time, and both transports pay the same round trips and model time;',
        "a difference in the table is each transport's own work per step, and this machine's noise. The bytes",
        'saved are shown above; what they save in time depends on the host.',
        measured,
      ].join('\n'),
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
