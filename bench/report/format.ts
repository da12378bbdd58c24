/** How the reports write figures: durations, sizes, shares and ratios. */

export const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
export const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
export const kib = (value: number) =>
  value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MiB` : `${(value / 1024).toFixed(1)} KiB`;
export const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
export const x = (value: number) => `${value.toFixed(2)}×`;
export const us = (value: number) => `${Math.round(value).toLocaleString('en-US')} µs`;
export const mib = (value: number) => `${(value / 2 ** 20).toFixed(1)} MiB`;
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export const load = (values: readonly number[] | undefined) =>
  values === undefined ? '—' : values.map((value) => value.toFixed(2)).join(' / ');

/** A GC figure from a run that recorded it (runs before this column have none). */
export const gc = (micros: number | undefined) => (micros === undefined ? '—' : us(micros));

/** "faster by" = 1 − t / t_reference. */
export function fasterBy(t: number, reference: number): number {
  return 1 - t / reference;
}
