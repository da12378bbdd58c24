/** Console lines of the concurrency benchmark: one per run as it ends, one per contender of a cell. */
import type { CellSpec, ConcurrencyRun } from '../concurrency-cell';
import type { ConcurrencyCellResult } from '../concurrency-summary';
import {
  continuedCell,
  cpuCell,
  delayCell,
  emulatorShareCell,
  errorsCell,
  ratioCell,
  rssCell,
  socketsCell,
  wallCell,
} from './concurrency-cells';
import { cellName } from './concurrency-verdicts';
import { s } from './format';

export function concurrencyRowLines(cell: ConcurrencyCellResult): string[] {
  return cell.contenders.map(
    (row) =>
      `  concurrency ${cellName(cell).padEnd(30)} ${row.contender.padEnd(8)} wall ${wallCell(row)} (${ratioCell(row.wallVsHttp)})  ` +
      `cpu ${cpuCell(row)} (${ratioCell(row.cpuVsHttp)})  sockets ${socketsCell(row)}  continued ${continuedCell(row)}  ` +
      `rss ${rssCell(row)}  eld p99 ${delayCell(row)}  emulator cpu/wall ${emulatorShareCell(row)}  errors ${errorsCell(row)}`,
  );
}

/** One line per run, as it ends: for the log and the single-cell command. */
export function runLine(spec: CellSpec, run: ConcurrencyRun): string {
  const cell = `${String(spec.conversations).padStart(4)} conv, model ${spec.modelLatencyMs} ms, tools ${spec.toolMs} ms`;
  const head = `  ${cell}  ${run.contender.padEnd(8)}`;
  const e = run.emulator;
  const sockets = `sockets ws ${e?.peakWsConnections ?? '?'} / http ${e?.peakHttpConnections ?? 'n/a'}`;
  if (run.client === null)
    return `${head} FAILED: ${run.failure} (${sockets}, requests ${e?.requests ?? '?'})`;
  const c = run.client;
  const followUps = c.followUpSteps === 0 ? '' : ` continued ${c.continuedSteps ?? '—'}/${c.followUpSteps}`;
  return (
    `${head} wall ${s(c.wallMs)}  cpu ${s(c.cpuMs)}  ${sockets} ${followUps}  cache hits ${e?.cacheHits ?? '?'}` +
    `  rss ${(c.peakRssBytes / 2 ** 20).toFixed(0)} MiB  eld p99 ${c.eventLoopDelayMs.p99.toFixed(1)} ms` +
    `  emulator cpu ${e === null ? '?' : s(e.cpuMs)}  errors ${c.errors}` +
    `${c.stepsOverHttp ? `  steps over HTTP ${c.stepsOverHttp}` : ''}${c.errorSamples.length > 0 ? `\n      ${c.errorSamples.join('\n      ')}` : ''}`
  );
}
