/**
 * Targets of the concurrency benchmark, for each wsOpenAI contender: wall time and client CPU at
 * most HTTP's at every size, and the share of follow-up steps continued (≥ 95% with instant tools, ≥ 90%
 * with slow tools). Each states the worst cell and every cell that missed.
 */
import { CONCURRENCY_CONTENDER_LABELS, type ConcurrencyContenderId } from '../concurrency-contenders';
import type { ConcurrencyCellResult, ConcurrencyContenderSummary } from '../concurrency-summary';
import type { BenchResults, Target } from './bench-results';
import { inCell } from './concurrency-cells';
import { cellName, continuedGoal, RATIO_LIMIT, rowVerdict } from './concurrency-verdicts';
import { pct, x } from './format';

interface JudgedCell {
  readonly cell: ConcurrencyCellResult;
  readonly row: ConcurrencyContenderSummary;
}

const errorsNote = (row: ConcurrencyContenderSummary) =>
  row.failures.length > 0
    ? ` (${inCell(row.failures.join('; '))})`
    : row.errors > 0
      ? ` (${row.errors} conversations failed)`
      : '';

function ratioTarget(
  id: ConcurrencyContenderId,
  judged: readonly JudgedCell[],
  what: 'wall' | 'cpu',
): Target {
  const label = CONCURRENCY_CONTENDER_LABELS[id];
  const ratioOf = (row: ConcurrencyContenderSummary) => (what === 'wall' ? row.wallVsHttp : row.cpuVsHttp);
  const noun = what === 'wall' ? 'wall time' : 'client CPU';
  const missed = judged.filter(({ cell, row }) => rowVerdict(row, cell)[what] === false);
  const measuredCells = judged.filter(({ row }) => ratioOf(row) !== null);
  const worst = measuredCells.reduce<JudgedCell | undefined>(
    (a, b) => (a === undefined || ratioOf(b.row)! > ratioOf(a.row)! ? b : a),
    undefined,
  );
  const describe = ({ cell, row }: JudgedCell) =>
    `${cellName(cell)}: ${ratioOf(row) === null ? 'no figure' : x(ratioOf(row)!)}${errorsNote(row)}`;
  return {
    id: `concurrency-${what}-${id}`,
    goal: `${label}: ${noun} ≤ ${x(RATIO_LIMIT)} HTTP's with many conversations at once, in every cell`,
    measured:
      worst === undefined
        ? 'no cell measured'
        : `worst ${describe(worst)}; met in ${judged.length - missed.length} of ${judged.length} cells`,
    met: judged.length > 0 && missed.length === 0,
    margin:
      worst === undefined
        ? '—'
        : `${(Math.abs(RATIO_LIMIT - ratioOf(worst.row)!) * 100).toFixed(0)} points ${ratioOf(worst.row)! <= RATIO_LIMIT ? 'under' : 'over'} the limit at the worst cell`,
    why:
      missed.length === 0
        ? `${noun} / HTTP's in the same run, median over repetitions, every cell at or under the limit.`
        : `Missed in: ${missed
            .map(
              ({ cell, row }) =>
                `${describe({ cell, row })}, ${row.peakWsSockets ?? '?'} sockets open at most (HTTP: ${cell.contenders.find((c) => c.contender === 'http')?.peakHttpSockets ?? 'n/a'})` +
                `${(row.emulatorCpuShare ?? 0) >= 0.5 ? `, emulator busy ${pct(row.emulatorCpuShare!)} of the time` : ''}`,
            )
            .join('; ')}.`,
  };
}

function continuedTarget(
  id: ConcurrencyContenderId,
  judged: readonly JudgedCell[],
  slowTools: boolean,
): Target {
  const label = CONCURRENCY_CONTENDER_LABELS[id];
  const cells = judged.filter(({ cell }) => cell.toolMs > 0 === slowTools);
  const goal = continuedGoal(slowTools ? 1 : 0);
  const missed = cells.filter(({ cell, row }) => rowVerdict(row, cell).continued === false);
  const lowest = cells.reduce<JudgedCell | undefined>(
    (a, b) => (a === undefined || (b.row.continuedShare ?? 0) < (a.row.continuedShare ?? 0) ? b : a),
    undefined,
  );
  const describe = ({ cell, row }: JudgedCell) =>
    `${cellName(cell)}: ${pct(row.continuedShare ?? 0)} (emulator cache hits ${pct(row.cacheHitShare ?? 0)})${errorsNote(row)}`;
  return {
    id: `concurrency-continued-${slowTools ? 'slow' : 'instant'}-tools-${id}`,
    goal: `${label}: ≥ ${pct(goal)} of follow-up steps continued with ${slowTools ? 'slow' : 'instant'} tools, in every cell`,
    measured:
      lowest === undefined
        ? 'no cell measured'
        : `lowest ${describe(lowest)}; met in ${cells.length - missed.length} of ${cells.length} cells`,
    met: cells.length > 0 && missed.length === 0,
    margin:
      lowest === undefined
        ? '—'
        : `${(Math.abs((lowest.row.continuedShare ?? 0) - goal) * 100).toFixed(1)} points ${(lowest.row.continuedShare ?? 0) >= goal ? 'above' : 'below'} the goal at the lowest cell`,
    why:
      'Continued = the step\'s `providerMetadata["openai-ws"].continued`, of every follow-up step expected (conversations × (steps − 1)), so a failed conversation counts as not continued' +
      (missed.length === 0 ? '.' : `; missed in: ${missed.map(describe).join('; ')}.`),
  };
}

export function concurrencyTargets(results: BenchResults): Target[] {
  const concurrency = results.concurrency;
  if (concurrency === undefined) return [];
  const targets: Target[] = [];
  for (const id of ['ws', 'ws-lanes'] as const) {
    const judged = concurrency.cells.flatMap((cell) => {
      const row = cell.contenders.find((c) => c.contender === id);
      return row === undefined ? [] : [{ cell, row }];
    });
    if (judged.length === 0) continue;
    targets.push(ratioTarget(id, judged, 'wall'), ratioTarget(id, judged, 'cpu'));
    for (const slowTools of [false, true]) {
      if (judged.some(({ cell }) => cell.toolMs > 0 === slowTools))
        targets.push(continuedTarget(id, judged, slowTools));
    }
  }
  return targets;
}
