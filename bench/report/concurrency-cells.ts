/** How a concurrency row's figures are written, the same in RESULTS.md and on the console. */
import type { ConcurrencyContenderSummary } from '../concurrency-summary';
import { mib, pct, s, x } from './format';

export const orDash = <T>(value: T | null, write: (value: T) => string) =>
  value === null ? '—' : write(value);

/** WebSocket peak for wsOpenAI (plus HTTP connections when it used some), HTTP connections for HTTP. */
export function socketsCell(row: ConcurrencyContenderSummary): string {
  const http = row.peakHttpSockets === null ? 'n/a' : String(row.peakHttpSockets);
  if (row.contender === 'http') return http;
  const ws = row.peakWsSockets === null ? '?' : String(row.peakWsSockets);
  return row.peakHttpSockets !== null && row.peakHttpSockets > 0 ? `${ws} + ${http} HTTP` : ws;
}

export function continuedCell(row: ConcurrencyContenderSummary): string {
  if (row.continuedShare === null) return '—';
  const overHttp = row.stepsOverHttp ? `; ${row.stepsOverHttp} steps over HTTP` : '';
  return `${pct(row.continuedShare)} (${pct(row.cacheHitShare ?? 0)}${overHttp})`;
}

/** Error text as one table cell: no line breaks, no column separators. */
export const inCell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

export function errorsCell(row: ConcurrencyContenderSummary): string {
  if (row.errors === 0 && row.failures.length === 0) return '0';
  const detail = inCell([...row.failures, ...row.errorSamples].slice(0, 2).join('; '));
  return `**${row.errors}**${detail === '' ? '' : ` (${detail})`}`;
}

export const wallCell = (row: ConcurrencyContenderSummary) => orDash(row.wallMs, s);
export const cpuCell = (row: ConcurrencyContenderSummary) => orDash(row.cpuMs, s);
export const ratioCell = (value: number | null) => orDash(value, x);
export const rssCell = (row: ConcurrencyContenderSummary) => orDash(row.peakRssBytes, mib);
export const delayCell = (row: ConcurrencyContenderSummary) =>
  orDash(row.eventLoopDelayP99Ms, (ms) => `${ms.toFixed(1)} ms`);
export const emulatorShareCell = (row: ConcurrencyContenderSummary) => orDash(row.emulatorCpuShare, pct);
