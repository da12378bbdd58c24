/** Every target's verdict, from one results object, in the order the Targets table lists them. */
import type { BenchResults, Target } from './bench-results';
import { clientCostTargets } from './client-cost-targets';
import { concurrencyTargets } from './concurrency-targets';
import { coreTargets } from './core-targets';

export function evaluateTargets(results: BenchResults): Target[] {
  return [...coreTargets(results), ...clientCostTargets(results), ...concurrencyTargets(results)];
}
