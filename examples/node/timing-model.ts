/**
 * The embedded emulator's timing for the demo, and how `--compare` states it. It is the benchmark's model
 * (bench/timing-model.ts) at its main round trip, so the demo and bench/RESULTS.md describe the same
 * server: a model, not OpenAI's numbers.
 */
import { timingFor } from '../../bench/timing-model';
import type { TimingOptions } from '../../src/testing';

export const DEMO_TIMING = timingFor(40) satisfies TimingOptions;

/** The same server with nothing charged for input (`--no-server-cost`): what re-sent bytes cost when they are free. */
export const DEMO_TIMING_WITHOUT_SERVER_COST = {
  ...DEMO_TIMING,
  serverCost: undefined,
} satisfies TimingOptions;

/** Whether the model charges anything for a request or its input, so fewer bytes can mean less time. */
export function chargesServerCost(timing: TimingOptions): boolean {
  const cost = timing.serverCost;
  return (cost?.perRequestMs ?? 0) > 0 || (cost?.perUncachedInputByteMs ?? 0) > 0;
}

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** The model in two plain lines: what the server charges, then what both transports pay alike. */
export function describeTimingModel(timing: TimingOptions): string[] {
  const cost = timing.serverCost;
  const charged = chargesServerCost(timing)
    ? `each request costs the server ${number(cost?.perRequestMs ?? 0)} ms, plus ` +
      `${number((cost?.perUncachedInputByteMs ?? 0) * 1024)} ms per KiB of input it has not cached`
    : 'the server charges nothing per request or per KiB of input';
  const roundTrip = timing.latency?.perFrameMs ?? 0;
  const model = [
    `a ${number(roundTrip)} ms round trip`,
    timing.timeToFirstTokenMs === undefined
      ? ''
      : `${number(timing.timeToFirstTokenMs)} ms to the first token`,
    timing.outputTokensPerSecond === undefined ? '' : `${number(timing.outputTokensPerSecond)} tokens/s`,
  ].filter((part) => part !== '');
  return [`  ${charged};`, `  then ${model.join(', ')}, alike for both transports.`];
}
