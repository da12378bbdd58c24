/**
 * The concurrency targets cell by cell: a wsOpenAI row against HTTP in the same cell. Shared by
 * the concurrency table's verdict column and the Targets table.
 */
import type { CellSpec } from '../concurrency-cell';
import type { ConcurrencyCellResult, ConcurrencyContenderSummary } from '../concurrency-summary';

/** Wall time and client CPU at most this many times HTTP's, at every size. */
export const RATIO_LIMIT = 1.0;

/** Share of follow-up steps that must continue: with instant tools, and with tools that take a while. */
export function continuedGoal(toolMs: number): number {
  return toolMs === 0 ? 0.95 : 0.9;
}

export interface RowVerdict {
  /** `null` when there is nothing to judge (the run or HTTP's did not report). */
  readonly wall: boolean | null;
  readonly cpu: boolean | null;
  readonly continued: boolean | null;
}

/**
 * Ratios are judged as the table shows them, to two decimals (a latency-bound cell is 1.00× up to noise). A
 * row with errors meets no ratio target: its figures are not the same work as HTTP's.
 */
export function rowVerdict(row: ConcurrencyContenderSummary, cell: ConcurrencyCellResult): RowVerdict {
  const clean = row.errors === 0 && row.failures.length === 0;
  const ratio = (value: number | null) =>
    value === null ? null : clean && Math.round(value * 100) / 100 <= RATIO_LIMIT;
  return {
    wall: row.runs === 0 ? false : ratio(row.wallVsHttp),
    cpu: row.runs === 0 ? false : ratio(row.cpuVsHttp),
    continued: row.continuedShare === null ? null : row.continuedShare >= continuedGoal(cell.toolMs),
  };
}

/** "64 × model 1 s × tools 1.5 s": a cell, short. */
export function cellName(cell: CellSpec): string {
  const time = (ms: number) => (ms === 0 ? '0' : `${ms / 1000} s`);
  return `${cell.conversations.toLocaleString('en-US')} × model ${time(cell.modelLatencyMs)} × tools ${time(cell.toolMs)}`;
}
