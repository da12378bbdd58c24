/**
 * The emulator's timing for the benchmark and the demo's `--compare`: a model of a server, stated in
 * bench/RESULTS.md, not measurements of OpenAI. No side effects, so the demo imports it too.
 */
import type { EmulatorTiming } from './emulator-client';

/** The model: 1,000 output tokens/s after a fixed time to first token. */
export const MODEL_TIMING = { outputTokensPerSecond: 1000, timeToFirstTokenMs: 100 } as const;
/** The emulator's server cost model: fixed per request plus per byte of input the server has not cached. */
export const SERVER_COST = { perRequestMs: 5, perUncachedInputByteMs: 0.0005 } as const;

/**
 * A round trip of `rttMs` as the emulator can inject it: every server → client frame is delayed by the whole
 * round trip (`perFrameMs`; client → server is not delayed), so a request's first event arrives one round
 * trip after it was sent and the stream behind it is shifted, not slowed. A new connection (WebSocket upgrade)
 * costs one more round trip (`handshakeMs`), as a TCP handshake would; TLS is not modelled.
 */
export function latencyFor(rttMs: number): NonNullable<EmulatorTiming['latency']> {
  return { perFrameMs: rttMs, handshakeMs: rttMs };
}

export function timingFor(
  rttMs: number,
  serverCost: EmulatorTiming['serverCost'] = SERVER_COST,
): EmulatorTiming {
  return { ...MODEL_TIMING, serverCost: { ...serverCost }, latency: latencyFor(rttMs) };
}
