/**
 * `--compare`: the same task over WebSocket and over HTTP, each warmed up first (connection, caches, JIT),
 * then alternated, so neither side pays for starting up and drift over time hits both alike.
 */
import type { StepProbe } from './step-probe';
import { formatTable, type StepRow } from './step-table';

const ROUNDS = 5;

interface Run {
  rows: StepRow[];
  totalMs: number;
}

export async function compareTransports<M>(options: {
  websocket: (probes: StepProbe[]) => M;
  http: (probes: StepProbe[]) => M;
  run: (model: M, probes: StepProbe[]) => Promise<Run>;
}): Promise<void> {
  console.log(`\nCompare: one warm-up run on each transport, then ${ROUNDS} runs each, alternating …`);
  const runs: Record<'websocket' | 'http', Run[]> = { websocket: [], http: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const transport of ['websocket', 'http'] as const) {
      const probes: StepProbe[] = [];
      const run = await options.run(options[transport](probes), probes);
      if (round > 0) runs[transport].push(run);
    }
  }
  const summary = (list: Run[]) => {
    const laterFirstBytes = list.flatMap((run) => run.rows.slice(1).map((row) => row.firstByteMs ?? 0));
    return {
      steps: median(list.map((run) => run.rows.length)),
      bytes: median(list.map((run) => run.rows.reduce((total, row) => total + row.bytesSent, 0))),
      firstStep: median(list.map((run) => run.rows[0]?.firstByteMs ?? 0)),
      laterSteps: median(laterFirstBytes),
      total: median(list.map((run) => run.totalMs)),
    };
  };
  const ws = summary(runs.websocket);
  const http = summary(runs.http);
  const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
  const table = formatTable(
    [`median of ${ROUNDS} warm runs`, 'WebSocket', 'HTTP'],
    [
      ['steps', String(ws.steps), String(http.steps)],
      ['bytes sent', `${ws.bytes.toLocaleString('en-US')} B`, `${http.bytes.toLocaleString('en-US')} B`],
      ['first byte, step 1', ms(ws.firstStep), ms(http.firstStep)],
      ['first byte, later steps', ms(ws.laterSteps), ms(http.laterSteps)],
      ['whole run', ms(ws.total), ms(http.total)],
    ],
  );
  console.log(`\n${table}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
